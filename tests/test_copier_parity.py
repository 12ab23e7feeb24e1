"""copier.yml is generated from the question table, and Copier refuses what the Spec refuses.

`copier copy <this repository>` must be as safe as `scaffold new`. The questions are defined once, in
generator/spec/questions.py; copier.yml is written from it. Here: the committed file is what the table
writes, and the Spec's refusals go through Copier's own questionnaire too. test_copier_properties.py
draws many more answers.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import copier
import pytest
import yaml

from generator.answers.questions import load_questions
from generator.languages import LANGUAGES
from generator.spec.copier_yml import copier_config, render
from generator.spec.model import Spec
from generator.templating.location import template_root

from .copier_questions import CopierQuestions, agree, spec_outcome
from .test_django_worker import CONFLICTS as DJANGO_CONFLICTS
from .test_django_worker import CONTEXT as DJANGO_CONTEXT
from .test_django_worker import REFUSED as DJANGO_REFUSED
from .test_spec import BASE, CONFLICTS, CONTEXT, REFUSED
from .variant_sets.python_build import VARIANTS as PYTHON_BUILD
from .variants import MATRIX


@pytest.fixture(scope="module")
def copier_questions(plain_template: Path) -> CopierQuestions:
    return CopierQuestions(plain_template)


def test_copier_yml_is_generated_from_the_question_table() -> None:
    committed = (template_root() / "copier.yml").read_text(encoding="utf-8")
    assert committed == render(), "copier.yml is stale: run `python -m generator.spec.copier_yml --write`"


def test_the_generated_yaml_reads_back_as_written() -> None:
    """Quoting and block scalars lose nothing: Copier reads exactly the generated values."""
    loaded = yaml.safe_load(render())
    questions = {name: body for name, body in loaded.items() if not name.startswith("_")}
    assert questions == copier_config()


def test_questions_are_the_spec_fields_in_order() -> None:
    assert [question.name for question in load_questions()] == list(Spec.model_fields)


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_scaffolds_reader_sees_each_languages_choices(language: str) -> None:
    """scaffold's prompts read copier.yml: they offer exactly the table's choices for each language."""
    questions = {question.name: question for question in load_questions()}
    rules = LANGUAGES[language]
    context = {"language": language}
    assert (
        tuple(v for _, v in questions["package_manager"].choices_for(context)) == rules.package_manager_names
    )
    assert tuple(v for _, v in questions["runtime_base"].choices_for(context)) == tuple(rules.runtime_bases)


@pytest.mark.parametrize(("field", "value", "words"), REFUSED)
def test_copier_refuses_what_the_spec_refuses(
    field: str, value: Any, words: str, copier_questions: CopierQuestions
) -> None:
    answers = {**BASE, **CONTEXT.get(field, {}), field: value}
    spec_side, _ = spec_outcome(answers)
    copier_side = copier_questions.outcome(answers)
    assert spec_side.field == field
    assert agree(copier_side, spec_side), (copier_side, spec_side)
    if copier_side.field is None:
        # Copier reads any text as a yes-or-no answer (private_index=maybe is yes); scaffold refuses it.
        assert words == "true or false"


@pytest.mark.parametrize(("answers", "field", "words"), CONFLICTS)
def test_copier_refuses_contradictions(
    answers: dict[str, Any], field: str, words: str, copier_questions: CopierQuestions
) -> None:
    if field == "bogus":
        pytest.skip("Copier hands an unknown answer to the templates; scaffold refuses it")
    spec_side, _ = spec_outcome({**BASE, **answers})
    copier_side = copier_questions.outcome({**BASE, **answers})
    assert copier_side.field == spec_side.field == field
    assert agree(copier_side, spec_side), (copier_side, spec_side)


def _copier(answers: dict[str, Any], template: Path, dest: Path) -> None:
    copier.run_copy(str(template), dest, data=answers, defaults=True, quiet=True, unsafe=False)


def test_plain_copier_copy_refuses_a_control_character(plain_template: Path, tmp_path: Path) -> None:
    """A DEL in the description once reached the Dockerfile's LABEL through a plain copier copy."""
    with pytest.raises(ValueError, match="description must not contain control characters"):
        _copier({**BASE, "description": "say\x7fhi"}, plain_template, tmp_path / "out")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_plain_copier_copy_matches_scaffold_render(plain_template: Path, tmp_path: Path) -> None:
    from generator.templating.render import render_files

    spec = Spec.from_answers({**BASE, "health_path": "/health"})
    _copier(spec.answers(), plain_template, tmp_path)
    rendered = render_files(spec, template=plain_template)
    for name, content in rendered.items():
        assert (tmp_path / name).read_text(encoding="utf-8") == content, name


# In a working copy with uncommitted edits Copier copies them too, as it should here (the test is about the
# template being worked on), and warns that it did; a clean checkout, as CI's, gives no warning to ignore.
@pytest.mark.filterwarnings("ignore::copier.errors.DirtyLocalWarning")
def test_the_repository_root_is_a_copier_template(tmp_path: Path) -> None:
    """`copier copy <this repository> DEST` works on its own, from HEAD and any edits to the template."""
    from .conftest import REPO

    if not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    copier.run_copy(
        str(REPO),
        tmp_path,
        data={"app_name": "plain"},
        vcs_ref="HEAD",
        defaults=True,
        quiet=True,
        unsafe=False,
    )
    assert {"Dockerfile", "compose.yaml", ".dockerignore", "README.Docker.md", ".copier-answers.yml"} <= {
        path.name for path in tmp_path.iterdir()
    }
    assert "USER 10001:10001" in (tmp_path / "Dockerfile").read_text()
    # Computed values reach the templates but never the answers file.
    assert "memory_limit_bytes" not in (tmp_path / ".copier-answers.yml").read_text()


# --------------------------------------------------------------------------- Django and worker heartbeat


@pytest.mark.parametrize(("field", "value", "words"), DJANGO_REFUSED)
def test_copier_refuses_the_django_and_heartbeat_answers_the_spec_refuses(
    field: str, value: Any, words: str, copier_questions: CopierQuestions
) -> None:
    answers = {**BASE, **DJANGO_CONTEXT.get(field, {}), field: value}
    spec_side, _ = spec_outcome(answers)
    copier_side = copier_questions.outcome(answers)
    assert spec_side.field == copier_side.field == field
    assert spec_side.words is not None and words in spec_side.words
    assert agree(copier_side, spec_side), (copier_side, spec_side)


@pytest.mark.parametrize(("answers", "field", "words"), DJANGO_CONFLICTS)
def test_copier_refuses_the_same_django_and_heartbeat_contradictions(
    answers: dict[str, Any], field: str, words: str, copier_questions: CopierQuestions
) -> None:
    spec_side, _ = spec_outcome({**BASE, **answers})
    copier_side = copier_questions.outcome({**BASE, **answers})
    assert copier_side.field == spec_side.field == field
    assert agree(copier_side, spec_side), (copier_side, spec_side)


@pytest.mark.parametrize(
    "answers",
    [
        {"django_settings": "mysite.settings"},
        {"django_settings": "a.b", "secret_key_env": "K", "allowed_hosts_env": "H", "debug_env": "D"},
        {"django_settings": "a.b", "static_root": "x/y", "app_kind": "worker", "entrypoint": "-m w"},
        {"app_kind": "worker", "heartbeat_file": "/tmp/hb"},
        {"app_kind": "worker", "heartbeat_file": "/tmp/a/b", "heartbeat_max_age": "31"},
        {"app_kind": "worker", "heartbeat_file": "/tmp/hb", "heartbeat_max_age": 86400},
        {"app_kind": "worker", "heartbeat_file": ""},
        {"language": "node", "app_kind": "worker"},
        {"language": "go"},
    ],
    ids=lambda answers: "-".join(str(value) for value in answers.values()),
)
def test_copier_computes_the_same_django_and_heartbeat_answers(
    answers: dict[str, Any], copier_questions: CopierQuestions
) -> None:
    """Accepted alike, with the same defaults and start period (the Dockerfile and compose.yaml read it)."""
    spec_side, spec = spec_outcome({**BASE, **answers})
    copier_side = copier_questions.outcome({**BASE, **answers})
    assert spec is not None and copier_side.answers is not None
    assert copier_side.answers["health_start_period"] == spec.computed()["health_start_period"]
    assert agree(copier_side, spec_side), (copier_side, spec_side)


@pytest.mark.parametrize("variant", ["django-web-slim", "heartbeat-worker-distroless"])
def test_plain_copier_copy_renders_django_and_heartbeats_as_scaffold_does(
    variant: str, plain_template: Path, tmp_path: Path, render_variant: Callable[[str], dict[str, str]]
) -> None:
    _copier(MATRIX[variant].answers(), plain_template, tmp_path)
    for name, content in render_variant(variant).items():
        if name != ".copier-answers.yml":
            assert (tmp_path / name).read_text(encoding="utf-8") == content, name


# The Python builder's answers: defaults that follow other answers (server_install from server, the
# console kind of an entrypoint), and every new variant, computed alike by Copier's questionnaire.
_BUILDER_ANSWERS = [
    {"server": "uvicorn-worker"},
    {"server": "uvicorn", "entrypoint": "main:create_app()"},
    {"entrypoint": "tool", "install_project": True},
    {"package_manager": "pipenv", "runtime_base": "distroless"},
    {"requirements_files": "requirements/prod.txt requirements/base.txt", "build_packages": "gcc"},
    *(spec.answers() for spec in PYTHON_BUILD.values()),
]


@pytest.mark.parametrize("answers", _BUILDER_ANSWERS)
def test_copier_computes_the_python_builder_answers_alike(
    answers: dict[str, Any], copier_questions: CopierQuestions
) -> None:
    given = {**BASE, **answers}
    spec_side, _ = spec_outcome(given)
    copier_side = copier_questions.outcome(given)
    assert spec_side.field is None
    assert agree(copier_side, spec_side), (copier_side, spec_side)


@pytest.mark.parametrize("variant", ["pip-web-slim-packages", "uv-worker-distroless-console"])
def test_plain_copier_copy_renders_the_python_builder_alike(
    variant: str, plain_template: Path, tmp_path: Path
) -> None:
    from generator.templating.render import render_files

    spec = PYTHON_BUILD[variant]
    _copier(spec.answers(), plain_template, tmp_path)
    for name, content in render_files(spec, template=plain_template).items():
        assert (tmp_path / name).read_text(encoding="utf-8") == content, name
