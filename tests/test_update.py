"""Updates keep every user edit: v1 -> v2 of a real tagged template repository, conflicts, data changes."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import copier
import pytest
import yaml

from generator.commands.new import new
from generator.commands.update import CONFLICT_MARKERS, UpdateError, update
from generator.errors import InvalidAnswerError
from generator.spec.model import Spec

from . import shared_run
from .conftest import APPS, Invoke

SPEC = Spec.from_answers({"app_name": "shop", "health_path": "/health"})


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=test", "-c", "user.email=test@localhost", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def release(template: Path, tag: str) -> None:
    git(template, "add", "--all")
    git(template, "commit", "--quiet", "--allow-empty", "-m", f"release {tag}")
    git(template, "tag", tag)


def edit(path: Path, old: str, new_text: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new_text, 1))


def lengthen_start_period(template: Path) -> None:
    """A template change: every variant's health check gets a 45 s start period."""
    edit(template / "includes" / "common.jinja", "--start-period={{ start_period }}s", "--start-period=45s")


class _Released(NamedTuple):
    """The template released as v1.0.0, and committed projects ``new`` made from it."""

    template: Path
    #: Each project's folder (named after its app, flask-pip), by the kind of project: plain, ci.
    projects: dict[str, Path]


#: Each kind of project made from the released template.
_PROJECT_SPECS = {
    "plain": SPEC,
    "ci": Spec.from_answers({"app_name": "shop", "health_path": "/health", "ci": "github"}),
}


@pytest.fixture(scope="session")
def _released_v1(plain_template: Path, tmp_path_factory: pytest.TempPathFactory) -> _Released:
    """The template released as v1.0.0 and a committed project of each kind made from it, once per run.

    Every process of the run shares them (tests/shared_run.py); tests get copies (``template_v1``,
    ``project``, ``ci_project``) and change only those, so these originals stay as made.
    """
    shared = shared_run.run_folder(tmp_path_factory)

    def make_template(dest: Path) -> None:
        template = dest / "template"
        shutil.copytree(plain_template, template)
        git(template, "init", "--quiet", "--initial-branch=main")
        release(template, "v1.0.0")

    template = shared_run.made_once(shared / "released-v1", make_template) / "template"

    def make_projects(dest: Path) -> None:
        for kind, spec in _PROJECT_SPECS.items():
            app = dest / kind / "flask-pip"
            shutil.copytree(APPS / "flask-pip", app)
            new(app, spec, template=template)
            git(app, "init", "--quiet", "--initial-branch=main")
            git(app, "add", "--all")
            git(app, "commit", "--quiet", "-m", "app with scaffold v1")
            assert yaml.safe_load((app / ".copier-answers.yml").read_text())["_commit"] == "v1.0.0"

    projects = shared_run.made_once(shared / "released-v1-projects", make_projects)
    return _Released(template, {kind: projects / kind / "flask-pip" for kind in _PROJECT_SPECS})


@pytest.fixture
def template_v1(_released_v1: _Released, tmp_path: Path) -> Path:
    """A template repository of this test's own, with v1.0.0 tagged."""
    template = tmp_path / "template"
    shutil.copytree(_released_v1.template, template, symlinks=True)
    return template


def _project_copy(released: _Released, kind: str, template: Path, dest: Path) -> Path:
    """Copy the released project of ``kind`` into ``dest``, its answers naming ``template`` instead.

    The only place a project names its template is the answers file's ``_src_path``, which is pointed at
    ``template`` in the same commit.
    """
    original = released.projects[kind]
    app = dest / original.name
    shutil.copytree(original, app, symlinks=True)
    answers = app / ".copier-answers.yml"
    text = answers.read_text()
    recorded = f"_src_path: {released.template}\n"
    assert text.count(recorded) == 1, text
    assert not any(
        str(released.template) in path.read_text(errors="replace")
        for path in app.rglob("*")
        if path.is_file() and path != answers and ".git" not in path.relative_to(app).parts
    )
    answers.write_text(text.replace(recorded, f"_src_path: {template}\n"))
    git(app, "commit", "--quiet", "--all", "--amend", "--no-edit")
    assert yaml.safe_load(answers.read_text())["_src_path"] == str(template)
    return app


@pytest.fixture
def project(_released_v1: _Released, template_v1: Path, tmp_path: Path) -> Path:
    """A committed project made by ``new`` from ``template_v1`` at v1.0.0 (a copy of the released one)."""
    return _project_copy(_released_v1, "plain", template_v1, tmp_path)


def commit(repo: Path, message: str) -> None:
    git(repo, "commit", "--quiet", "--all", "-m", message)


def test_user_edits_and_template_changes_both_land(template_v1: Path, project: Path) -> None:
    # The user adds an environment variable and lengthens the stop grace period.
    edit(project / "Dockerfile", "USER 10001:10001\n", "USER 10001:10001\nENV APP_GREETING=hello\n")
    edit(project / "compose.yaml", "stop_grace_period: 10s", "stop_grace_period: 20s")
    commit(project, "local edits")
    # v2 changes other lines: the health check's start period and one more .dockerignore entry.
    lengthen_start_period(template_v1)
    edit(template_v1 / "templates" / ".dockerignore.jinja", ".DS_Store\n", ".DS_Store\nThumbs.db\n")
    release(template_v1, "v2.0.0")

    result = update(project, template=template_v1)

    assert (result.from_version, result.to_version) == ("v1.0.0", "v2.0.0")
    assert result.conflicts == ()
    dockerfile = (project / "Dockerfile").read_text()
    assert "ENV APP_GREETING=hello" in dockerfile and "--start-period=45s" in dockerfile
    assert "stop_grace_period: 20s" in (project / "compose.yaml").read_text()
    assert "Thumbs.db" in (project / ".dockerignore").read_text()
    assert set(result.changed) == {"Dockerfile", ".dockerignore", ".copier-answers.yml"}
    assert yaml.safe_load((project / ".copier-answers.yml").read_text())["_commit"] == "v2.0.0"


def test_conflicting_edit_gets_inline_markers(template_v1: Path, project: Path) -> None:
    edit(project / "Dockerfile", "--start-period=30s", "--start-period=60s")
    commit(project, "slow starter")
    lengthen_start_period(template_v1)
    release(template_v1, "v2.0.0")

    result = update(project, template=template_v1)

    assert result.conflicts == ("Dockerfile",)
    dockerfile = (project / "Dockerfile").read_text()
    assert all(marker in dockerfile for marker in CONFLICT_MARKERS)
    assert "--start-period=60s" in dockerfile and "--start-period=45s" in dockerfile


def test_changed_answer_rerenders_and_keeps_edits(template_v1: Path, project: Path) -> None:
    edit(project / "compose.yaml", "stop_grace_period: 10s", "stop_grace_period: 20s")
    commit(project, "local edit")

    result = update(project, template=template_v1, data={"memory": "1g"})

    compose = yaml.safe_load((project / "compose.yaml").read_text())["services"]["shop"]
    assert compose["deploy"]["resources"]["limits"]["memory"] == "1g"
    assert compose["stop_grace_period"] == "20s"
    assert "--memory 1g" in (project / "README.Docker.md").read_text()
    assert yaml.safe_load((project / ".copier-answers.yml").read_text())["memory"] == "1g"
    assert result.conflicts == ()


def test_dry_run_shows_the_diff_and_touches_nothing(template_v1: Path, project: Path) -> None:
    lengthen_start_period(template_v1)
    release(template_v1, "v2.0.0")
    before = {p.name: p.read_bytes() for p in project.iterdir() if p.is_file()}

    result = update(project, template=template_v1, dry_run=True)

    assert "-HEALTHCHECK --interval=3s --timeout=5s --start-period=30s" in result.diff
    assert "+HEALTHCHECK --interval=3s --timeout=5s --start-period=45s" in result.diff
    assert {p.name: p.read_bytes() for p in project.iterdir() if p.is_file()} == before
    assert git(project, "status", "--porcelain") == ""


def test_uncommitted_changes_are_refused(project: Path) -> None:
    (project / "Dockerfile").write_text("FROM scratch\n")
    with pytest.raises(UpdateError, match="uncommitted changes"):
        update(project)
    assert (project / "Dockerfile").read_text() == "FROM scratch\n"


def test_project_without_answers_or_git_is_refused(tmp_path: Path, plain_template: Path) -> None:
    with pytest.raises(UpdateError, match=r"no \.copier-answers\.yml"):
        update(tmp_path)
    new(tmp_path, SPEC, template=plain_template)
    with pytest.raises(UpdateError, match="not in a git repository"):
        update(tmp_path)


def test_bad_changed_answer_is_refused_before_anything_runs(project: Path) -> None:
    with pytest.raises(InvalidAnswerError, match="memory"):
        update(project, data={"memory": "lots"})


def test_project_inside_a_larger_repository(
    template_v1: Path, tmp_path: Path, copy_app: Callable[[str], Path]
) -> None:
    monorepo = tmp_path / "mono"
    service = monorepo / "services" / "api"
    service.parent.mkdir(parents=True)
    shutil.move(copy_app("flask-pip"), service)
    (monorepo / "README.md").write_text("mono\n")
    new(service, SPEC, template=template_v1)
    git(monorepo, "init", "--quiet", "--initial-branch=main")
    git(monorepo, "add", "--all")
    git(monorepo, "commit", "--quiet", "-m", "monorepo")
    lengthen_start_period(template_v1)
    release(template_v1, "v2.0.0")

    result = update(service, template=template_v1)

    assert "Dockerfile" in result.changed
    assert "--start-period=45s" in (service / "Dockerfile").read_text()
    assert (monorepo / "README.md").read_text() == "mono\n"


def test_cli_update_reports_versions_and_exits_1_on_conflict(
    cli_invoke: Invoke, template_v1: Path, project: Path
) -> None:
    edit(project / "Dockerfile", "--start-period=30s", "--start-period=60s")
    commit(project, "slow starter")
    lengthen_start_period(template_v1)
    release(template_v1, "v2.0.0")
    dry = cli_invoke(["update", str(project), "--template", str(template_v1), "--dry-run"], expect=1)
    assert "dry run: template v1.0.0 -> v2.0.0" in dry.stdout
    assert "the update would leave conflicts in Dockerfile" in dry.stderr
    assert git(project, "status", "--porcelain") == ""
    result = cli_invoke(["update", str(project), "--template", str(template_v1)], expect=1)
    assert "  conflict  Dockerfile" in result.stdout
    assert "scaffold: error: conflicts in Dockerfile" in result.stderr


def test_cli_update_data_and_refusals(cli_invoke: Invoke, template_v1: Path, project: Path) -> None:
    cli_invoke(["update", str(project), "--template", str(template_v1), "-d", "memory=1g", "-d", "pids=64"])
    limits = yaml.safe_load((project / "compose.yaml").read_text())["services"]["shop"]["deploy"]["resources"]
    assert limits["limits"]["memory"] == "1g" and limits["limits"]["pids"] == 64
    bad = cli_invoke(["update", str(project), "-d", "memory"], expect=2)
    assert "--data: must be key=value" in bad.stderr
    (project / "Dockerfile").write_text("FROM scratch\n")
    dirty = cli_invoke(["update", str(project)], expect=1)
    assert "uncommitted changes" in dirty.stderr


def test_renamed_question_is_migrated(
    plain_template: Path, tmp_path: Path, copy_app: Callable[[str], Path]
) -> None:
    # v1 called the process limit `pids_limit`; v2 renames it `pids` and migrates old answers files.
    template = tmp_path / "template"
    shutil.copytree(plain_template, template)
    for path in [template / "copier.yml", *template.rglob("*.jinja")]:
        path.write_text(re.sub(r"\bpids\b", "pids_limit", path.read_text()))
    git(template, "init", "--quiet", "--initial-branch=main")
    release(template, "v1.0.0")
    app = copy_app("flask-pip")
    copier.run_copy(
        str(template), app, data={"app_name": "shop", "pids_limit": 64}, defaults=True, quiet=True
    )
    git(app, "init", "--quiet", "--initial-branch=main")
    git(app, "add", "--all")
    git(app, "commit", "--quiet", "-m", "v1")
    # A number question takes text (copier.yml checks it as typed), so the answers file holds '64'.
    assert "pids_limit: '64'" in (app / ".copier-answers.yml").read_text()

    shutil.rmtree(template / "templates")
    shutil.rmtree(template / "includes")
    shutil.copytree(plain_template / "templates", template / "templates")
    shutil.copytree(plain_template / "includes", template / "includes")
    migration = """
_migrations:
  - version: v2.0.0
    when: "{{ _stage == 'before' }}"
    command: "sed -i 's/^pids_limit:/pids:/' {{ _copier_conf.answers_file }}"
"""
    (template / "copier.yml").write_text((plain_template / "copier.yml").read_text() + migration)
    release(template, "v2.0.0")

    result = update(app, template=template, trust=True)

    answers = yaml.safe_load((app / ".copier-answers.yml").read_text())
    assert answers["pids"] == "64" and "pids_limit" not in answers
    limits = yaml.safe_load((app / "compose.yaml").read_text())["services"]["shop"]["deploy"]["resources"][
        "limits"
    ]
    assert limits["pids"] == 64
    assert result.conflicts == ()


def test_organisation_registry_follows_the_project_on_update(template_v1: Path, project: Path) -> None:
    (project.parent / "scaffold.toml").write_text('registry = "registry.example.com/mirror/"\n')
    result = update(project, template=template_v1)
    assert (
        "FROM registry.example.com/mirror/python:${PYTHON_VERSION}-slim AS runtime"
        in (project / "Dockerfile").read_text()
    )
    assert yaml.safe_load((project / ".copier-answers.yml").read_text())["base_registry"] == (
        "registry.example.com/mirror/"
    )
    assert result.conflicts == ()


def test_update_reports_hardening_regressions(cli_invoke: Invoke, template_v1: Path, project: Path) -> None:
    # A careless v2 of the template drops `cap_drop: [ALL]` from compose.yaml.
    edit(template_v1 / "templates" / "compose.yaml.jinja", "    cap_drop:\n      - ALL\n", "")
    release(template_v1, "v2.0.0")
    assert update(project, template=template_v1, dry_run=True).regressions[0].rule.id == "CF004"
    result = cli_invoke(["update", str(project), "--template", str(template_v1)], expect=1)
    assert "now break these hardening rules" in result.stderr
    assert "CF004" in result.stderr
    assert "cap_drop" not in (project / "compose.yaml").read_text()  # written; the user decides


def test_a_regression_the_project_suppresses_is_not_reported(template_v1: Path, project: Path) -> None:
    # The project accepts its capabilities: a comment above the service says so, and the merge keeps it.
    edit(project / "compose.yaml", "  shop:\n", "  # scaffold: ignore=CF004 binds a raw socket\n  shop:\n")
    commit(project, "accept the capabilities")
    edit(template_v1 / "templates" / "compose.yaml.jinja", "    cap_drop:\n      - ALL\n", "")
    release(template_v1, "v2.0.0")
    result = update(project, template=template_v1, dry_run=True)
    assert result.regressions == ()
    assert result.conflicts == ()


def test_questions_a_newer_template_adds_are_asked(template_v1: Path, project: Path) -> None:
    from generator.answers.prompts import ask_new_questions

    from .test_prompts import CLEAR, ENTER, keys

    (template_v1 / "copier.yml").write_text(
        (template_v1 / "copier.yml").read_text()
        + "\nteam:\n  type: str\n  help: Owning team\n  default: platform\n"
    )
    readme = template_v1 / "templates" / "README.Docker.md.jinja"
    readme.write_text(readme.read_text() + "\nOwned by {{ team }}.\n")
    release(template_v1, "v2.0.0")

    with keys(CLEAR + "payments" + ENTER):  # only the new question is asked; EOF would fail any other
        result = update(project, template=template_v1, ask_new=ask_new_questions)

    assert "Owned by payments." in (project / "README.Docker.md").read_text()
    assert yaml.safe_load((project / ".copier-answers.yml").read_text())["team"] == "payments"
    assert result.to_version == "v2.0.0"


@pytest.fixture
def ci_project(_released_v1: _Released, template_v1: Path, tmp_path: Path) -> Path:
    """A committed project with CI files made by ``new`` from ``template_v1`` (a copy of the released one)."""
    return _project_copy(_released_v1, "ci", template_v1, tmp_path)


CI_FILES = (".github/dependabot.yml", ".github/workflows/container.yml")


def test_files_no_longer_written_go_with_their_empty_folders(template_v1: Path, ci_project: Path) -> None:
    result = update(ci_project, template=template_v1, data={"ci": "none"})
    assert sorted(result.removed) == sorted(CI_FILES)
    assert not (ci_project / ".github").exists()


def test_files_you_edited_are_only_deleted_with_force(
    cli_invoke: Invoke, template_v1: Path, ci_project: Path
) -> None:
    workflow = ci_project / ".github" / "workflows" / "container.yml"
    workflow.write_text(workflow.read_text() + "# our own step\n")
    commit(ci_project, "edit the workflow")
    refused = cli_invoke(
        ["update", str(ci_project), "--template", str(template_v1), "-d", "ci=none"], expect=1
    )
    (line,) = refused.stderr.strip().splitlines()
    assert "would delete files you edited" in line and ".github/workflows/container.yml" in line
    assert "dependabot.yml" not in line  # unedited: it could go
    assert git(ci_project, "status", "--porcelain") == ""
    cli_invoke(["update", str(ci_project), "--template", str(template_v1), "-d", "ci=none", "--force"])
    assert not (ci_project / ".github").exists()


def test_answers_of_your_own_survive_an_update(template_v1: Path, project: Path) -> None:
    answers = project / ".copier-answers.yml"
    answers.write_text(answers.read_text() + "team: payments\nowners:\n  - alice\n")
    commit(project, "our own bookkeeping")
    update(project, template=template_v1, data={"memory": "1g"})
    kept = yaml.safe_load(answers.read_text())
    assert (kept["team"], kept["owners"], kept["memory"]) == ("payments", ["alice"], "1g")


def test_a_symlinked_generated_file_is_never_shown_or_replaced(
    cli_invoke: Invoke, template_v1: Path, project: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "shadow"
    secret.write_text("root:secret-hash:19000:0:99999:7:::\n")
    (project / "Dockerfile").unlink()
    (project / "Dockerfile").symlink_to(secret)
    commit(project, "Dockerfile elsewhere")
    before = secret.read_bytes()
    for extra in (["--dry-run"], []):
        result = cli_invoke(
            ["update", str(project), "--template", str(template_v1), "-d", "port=9000", *extra]
        )
        assert "secret-hash" not in result.stdout + result.stderr
    # Copier's merge keeps the user's own choice of a symlink; nothing is written through it.
    assert secret.read_bytes() == before and (project / "Dockerfile").is_symlink()
    assert "9000" in (project / "compose.yaml").read_text()


def test_update_never_writes_through_a_symlinked_folder(
    cli_invoke: Invoke, template_v1: Path, project: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (project / ".github").symlink_to(elsewhere)
    git(project, "add", ".github")
    commit(project, "CI files live elsewhere")
    result = cli_invoke(["update", str(project), "--template", str(template_v1), "-d", "ci=github"], expect=2)
    (line,) = result.stderr.strip().splitlines()
    assert ".github, a symlink" in line
    assert list(elsewhere.iterdir()) == []
    assert git(project, "status", "--porcelain") == ""


@pytest.mark.parametrize(
    ("answers", "args", "expected"),
    [
        (None, ["--vcs-ref", "v9.9.9"], "--vcs-ref: the template has no version 'v9.9.9'"),
        ("_commit: v9.9.9\n", [], ".copier-answers.yml _commit: the template has no version 'v9.9.9'"),
        (b"app_name: \xff\n", [], "is not UTF-8 text"),
        ("app_name: !!timestamp 2020-01-01\n", [], "holds a date"),
        ("app_name: !!int x\n", [], "holds a value YAML cannot build"),
        ("a: " + "[" * 500 + "]" * 500 + "\n", [], "is nested too deeply"),
    ],
)
def test_update_inputs_that_cannot_be_used_are_one_line(
    cli_invoke: Invoke,
    template_v1: Path,
    project: Path,
    answers: str | bytes | None,
    args: list[str],
    expected: str,
) -> None:
    path = project / ".copier-answers.yml"
    if isinstance(answers, bytes):
        path.write_bytes(path.read_bytes() + answers)
    elif answers is not None:
        text = (
            re.sub(r"(?m)^_commit: .*\n", "", path.read_text()) if "_commit" in answers else path.read_text()
        )
        path.write_text(text + answers)
    if answers is not None:
        commit(project, "odd answers")
    result = cli_invoke(["update", str(project), "--template", str(template_v1), *args], expect=2)
    (line,) = result.stderr.strip().splitlines()
    assert expected in line
    assert git(project, "status", "--porcelain") == ""


@pytest.mark.parametrize("kind", ["missing", "a file"])
def test_a_template_option_that_is_not_a_template_is_one_line(
    cli_invoke: Invoke, project: Path, tmp_path: Path, kind: str
) -> None:
    given = tmp_path / "nowhere"
    if kind == "a file":
        given.write_text("x")
    result = cli_invoke(["update", str(project), "--template", str(given)], expect=2)
    (line,) = result.stderr.strip().splitlines()
    assert (
        line
        == f"scaffold: error: --template: {given} has no copier.yml (it must point at a Copier template root)"
    )
