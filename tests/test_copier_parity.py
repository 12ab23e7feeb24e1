"""copier.yml and the Spec agree: same questions, choices and defaults, and they refuse the same input.

`copier copy <this repository>` must be as safe as `scaffold new`, so every value the Spec refuses is
also pushed through Copier's own validators here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import copier
import pytest

from generator.answers.questions import load_questions
from generator.languages import LANGUAGES
from generator.spec.model import Spec, choices

from .test_spec import BASE, CONFLICTS, REFUSED


def test_questions_are_the_spec_fields_in_order() -> None:
    assert [question.name for question in load_questions()] == list(Spec.model_fields)


def test_choices_match() -> None:
    for question in load_questions():
        values = tuple(value for _, value in question.choices_for({"language": "python"}))
        if question.name not in {"package_manager", "runtime_base"} and values:
            assert values == choices(question.name), question.name


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_language_dependent_choices_match(language: str) -> None:
    """The package managers and runtime bases copier.yml offers are exactly the ones the Spec accepts."""
    questions = {question.name: question for question in load_questions()}
    rules = LANGUAGES[language]
    context = {"language": language}
    assert (
        tuple(v for _, v in questions["package_manager"].choices_for(context)) == rules.package_manager_names
    )
    assert tuple(v for _, v in questions["runtime_base"].choices_for(context)) == rules.runtime_bases


@pytest.mark.parametrize(
    "answers",
    [{}, {"language": "node"}, {"language": "go"}, {"language": "rust"}, {"language": "java"},
     {"language": "java", "package_manager": "gradle"}, {"app_kind": "worker"}],
)  # fmt: skip
def test_defaults_match(answers: dict[str, Any]) -> None:
    spec = Spec.from_answers({**BASE, **answers})
    context = {**BASE, **answers}
    for question in load_questions():
        if not question.applies(context):
            assert getattr(spec, question.name) in (None, False, ""), question.name
            context.setdefault(question.name, question.default_for(context))
            continue
        if question.name in context:
            continue
        default = question.default_for(context)
        context[question.name] = default
        assert default == getattr(spec, question.name), question.name


def _copier(answers: dict[str, Any], template: Path, dest: Path) -> None:
    copier.run_copy(str(template), dest, data=answers, defaults=True, quiet=True, unsafe=False)


# Copier casts a bool answer itself (any non-false word is true); scaffold insists on true or false.
_COPIER_CASTS = {("private_index", "maybe"), ("node_build", "perhaps")}


@pytest.mark.parametrize(("field", "value", "words"), [r for r in REFUSED if r[:2] not in _COPIER_CASTS])
def test_copier_refuses_what_the_spec_refuses(
    field: str, value: Any, words: str, plain_template: Path, tmp_path: Path
) -> None:
    with pytest.raises(ValueError) as caught:
        _copier({**BASE, field: value}, plain_template, tmp_path / "out")
    # Copier casts typed answers before validating them; a failed cast names no question.
    if words not in {"whole number", "true or false"}:
        assert field in str(caught.value)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


# Copier ignores an answer whose question does not apply (`when` is false): a worker's port, a script's
# server, another language's version. scaffold refuses those when given explicitly, since they are almost
# always a mistake.
_IGNORED_BY_COPIER = {"port", "server", "bogus"}


@pytest.mark.parametrize(
    ("answers", "field", "words"),
    [c for c in CONFLICTS if c[1] not in _IGNORED_BY_COPIER and "only applies to" not in c[2]],
)
def test_copier_refuses_contradictions(
    answers: dict[str, Any], field: str, words: str, plain_template: Path, tmp_path: Path
) -> None:
    with pytest.raises(ValueError, match=field):
        _copier({**BASE, **answers}, plain_template, tmp_path / "out")


def test_plain_copier_copy_matches_scaffold_render(plain_template: Path, tmp_path: Path) -> None:
    from generator.templating.render import render_files

    spec = Spec.from_answers({**BASE, "health_path": "/health"})
    _copier(spec.answers(), plain_template, tmp_path)
    rendered = render_files(spec, template=plain_template)
    for name, content in rendered.items():
        assert (tmp_path / name).read_text(encoding="utf-8") == content, name


def test_the_repository_root_is_a_copier_template(tmp_path: Path) -> None:
    """`copier copy <this repository> DEST` works on its own, from the committed template."""
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
