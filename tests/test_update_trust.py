"""Which template ``scaffold update`` runs, and whose code may run: a cloned repository decides nothing.

A repository can commit a template of its own (here a git bundle) and point its answers file at it. An
update must not run that template's tasks or migrations unless the user passes ``--trust``, dry run or
not; an answers file that names scaffold's own template gets the template shipped with scaffold, not
whatever the recorded path holds.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import copier
import pytest
import yaml

from generator.commands.new import new
from generator.commands.update import update
from generator.spec.model import Spec
from generator.templating.source import OWN_SOURCE, is_own_source

from .conftest import Invoke

IDENTITY = ("-c", "user.name=test", "-c", "user.email=test@localhost")


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *IDENTITY, *args], cwd=repo, capture_output=True, text=True, check=True)
    return done.stdout


def hostile_bundle(tmp_path: Path, marker: Path) -> Path:
    """A template whose v0.0.1 is harmless and whose v0.1.0 runs commands as a task and a migration."""
    template = tmp_path / "hostile-template"
    template.mkdir()
    (template / "copier.yml").write_text("_answers_file: .copier-answers.yml\napp_name:\n  default: x\n")
    (template / "{{ _copier_conf.answers_file }}.jinja").write_text("{{ _copier_answers|to_nice_yaml }}")
    (template / "notes.txt.jinja").write_text("{{ app_name }} v1\n")
    git(template, "init", "--quiet", "--initial-branch=main")
    git(template, "add", "--all")
    git(template, "commit", "--quiet", "-m", "v0.0.1")
    git(template, "tag", "v0.0.1")
    touch = f"touch {marker}"
    (template / "copier.yml").write_text(
        "_answers_file: .copier-answers.yml\n"
        f"_tasks:\n  - {touch!r}\n"
        f"_migrations:\n  - version: v0.1.0\n    command: {touch!r}\n"
        "app_name:\n  default: x\n"
    )
    (template / "notes.txt.jinja").write_text("{{ app_name }} v2\n")
    git(template, "commit", "--quiet", "--all", "-m", "v0.1.0")
    git(template, "tag", "v0.1.0")
    bundle = tmp_path / "tpl.bundle"
    git(template, "bundle", "create", str(bundle), "--all")
    return bundle


@pytest.fixture
def cloned_repository(tmp_path: Path) -> tuple[Path, Path]:
    """A repository as an attacker commits it: its own template bundle, answers pointing at it."""
    marker = tmp_path / "template-code-ran"
    bundle = hostile_bundle(tmp_path, marker)
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy2(bundle, project / "tpl.bundle")
    copier.run_copy(str(bundle), project, vcs_ref="v0.0.1", defaults=True, quiet=True, unsafe=False)
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    answers["_src_path"] = "./tpl.bundle"
    (project / ".copier-answers.yml").write_text(yaml.safe_dump(answers))
    git(project, "init", "--quiet", "--initial-branch=main")
    git(project, "add", "--all")
    git(project, "commit", "--quiet", "-m", "cloned")
    assert not marker.exists()
    return project, marker


@pytest.mark.parametrize("dry_run", [True, False], ids=["dry-run", "write"])
def test_a_recorded_third_party_template_runs_no_code_without_trust(
    cli_invoke: Invoke, cloned_repository: tuple[Path, Path], dry_run: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    project, marker = cloned_repository
    # As whoever cloned the repository runs it: from inside, where its relative source path resolves.
    monkeypatch.chdir(project)
    args = ["update", str(project), *(["--dry-run"] if dry_run else [])]
    result = cli_invoke(args, expect=1)

    assert not marker.exists()
    assert "--trust" in result.stderr
    assert "tpl.bundle" in result.stderr
    assert git(project, "status", "--porcelain") == ""
    assert (project / "notes.txt").read_text() == "x v1\n"


def test_trust_lets_the_recorded_template_run(
    cloned_repository: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    project, marker = cloned_repository
    monkeypatch.chdir(project)

    result = update(project, trust=True)

    assert marker.exists()
    assert result.to_version == "v0.1.0"
    assert (project / "notes.txt").read_text() == "x v2\n"


def test_answers_naming_scaffolds_template_get_the_packaged_one(
    tmp_path: Path, copy_app: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Generated with one cache folder; that cache is gone and another one is empty on this machine.
    first = tmp_path / "first-cache"
    monkeypatch.setenv("SCAFFOLD_CACHE_DIR", str(first))
    app = copy_app("flask-pip")
    new(app, Spec.from_answers({"app_name": "shop", "health_path": "/health"}))
    recorded = yaml.safe_load((app / ".copier-answers.yml").read_text())
    assert is_own_source(recorded["_src_path"])
    git(app, "init", "--quiet", "--initial-branch=main")
    git(app, "add", "--all")
    git(app, "commit", "--quiet", "-m", "app")
    shutil.rmtree(first)
    monkeypatch.setenv("SCAFFOLD_CACHE_DIR", str(tmp_path / "second-cache"))

    result = update(app, data={"memory": "1g"})

    assert result.changed
    assert "memory: 1g" in (app / "compose.yaml").read_text()
    assert yaml.safe_load((app / ".copier-answers.yml").read_text())["_src_path"] == recorded["_src_path"]


def test_only_the_names_scaffold_records_are_its_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCAFFOLD_CACHE_DIR", str(tmp_path / "cache"))
    assert is_own_source(OWN_SOURCE)
    assert is_own_source(str(tmp_path / "cache" / "template"))
    assert not is_own_source("./tpl.bundle")
    assert not is_own_source("~/.cache/scaffold/template/../evil")
    assert not is_own_source(str(tmp_path / "cache"))


def test_plain_copier_update_works_where_scaffold_keeps_its_template(
    tmp_path: Path, copy_app: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The default cache folder, under a home of its own: what a teammate with scaffold installed has.
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("SCAFFOLD_CACHE_DIR", raising=False)
    monkeypatch.delenv("SCAFFOLD_TEMPLATE", raising=False)
    app = copy_app("flask-pip")
    new(app, Spec.from_answers({"app_name": "shop", "health_path": "/health"}))
    assert yaml.safe_load((app / ".copier-answers.yml").read_text())["_src_path"] == OWN_SOURCE
    git(app, "init", "--quiet", "--initial-branch=main")
    git(app, "add", "--all")
    git(app, "commit", "--quiet", "-m", "app")

    copier.run_update(app, data={"memory": "1g"}, defaults=True, overwrite=True, quiet=True, unsafe=False)

    assert "memory: 1g" in (app / "compose.yaml").read_text()
    assert yaml.safe_load((app / ".copier-answers.yml").read_text())["_src_path"] == OWN_SOURCE
