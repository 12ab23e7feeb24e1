"""The CLI end to end through Typer's runner: what it writes, what it refuses, and its exit codes."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from generator import __version__
from generator.answers.prompts import SETTINGS_ONLY
from generator.answers.questions import load_questions
from generator.commands.answer_flags import ANSWER_FLAGS
from generator.templating.git import IDENTITY

from .conftest import Invoke

# Every test but the first renders from a plain template copy; the first uses the real default.
FAST = pytest.mark.usefixtures("fast_template")

GENERATED = {".copier-answers.yml", ".dockerignore", "Dockerfile", "README.Docker.md", "compose.yaml"}


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def test_defaults_write_every_file_for_a_flask_app(
    cli_invoke: Invoke, copy_app: Callable[[str], Path]
) -> None:
    app = copy_app("flask-pip")
    result = cli_invoke(["new", str(app), "--defaults"])
    assert set(_files(app)) >= GENERATED
    assert "created" in result.stdout
    dockerfile = (app / "Dockerfile").read_text()
    assert 'CMD ["gunicorn", "--bind", "0.0.0.0:8000", "--access-logfile", "-", "app:app"]' in dockerfile
    assert "http://127.0.0.1:8000/health" in dockerfile
    compose = yaml.safe_load((app / "compose.yaml").read_text())
    assert list(compose["services"]) == ["flask-pip"]
    answers = yaml.safe_load((app / ".copier-answers.yml").read_text())
    assert answers["entrypoint"] == "app:app"
    assert answers["_src_path"].endswith("template")  # the versioned cache repository
    assert str(answers["_commit"]).startswith("v")  # a version tag that `copier update` can diff against


@FAST
def test_flags_win_over_detection(cli_invoke: Invoke, copy_app: Callable[[str], Path]) -> None:
    app = copy_app("flask-pip")
    cli_invoke(
        [
            "new",
            str(app),
            "-y",
            "--port",
            "9000",
            "--memory",
            "1g",
            "--cpus",
            "2",
            "--pids",
            "64",
            "--uid",
            "20000",
            "--app-name",
            "shop",
        ]
    )
    dockerfile = (app / "Dockerfile").read_text()
    assert "EXPOSE 9000" in dockerfile and "USER 20000:20000" in dockerfile
    service = yaml.safe_load((app / "compose.yaml").read_text())["services"]["shop"]
    assert service["deploy"]["resources"]["limits"] == {"cpus": "2", "memory": "1g", "pids": 64}
    assert service["ports"] == ["127.0.0.1:9000:9000"]


@FAST
def test_dry_run_prints_and_writes_nothing(cli_invoke: Invoke, copy_app: Callable[[str], Path]) -> None:
    app = copy_app("flask-pip")
    before = _files(app)
    result = cli_invoke(["new", str(app), "-y", "--dry-run"])
    assert _files(app) == before
    assert "=== Dockerfile (would create)" in result.stdout
    assert "FROM python:${PYTHON_VERSION}-slim AS runtime" in result.stdout
    assert "nothing was written" in result.stdout


@FAST
def test_existing_files_are_not_overwritten_without_force(
    cli_invoke: Invoke, copy_app: Callable[[str], Path]
) -> None:
    app = copy_app("flask-pip")
    (app / "Dockerfile").write_text("FROM scratch\n")
    before = _files(app)
    result = cli_invoke(["new", str(app), "-y"], expect=1)
    assert _files(app) == before  # not even the files that did not exist were written
    assert "Dockerfile already exists" in result.stderr
    assert "--force" in result.stderr
    dry = cli_invoke(["new", str(app), "-y", "--dry-run"])
    assert "-FROM scratch" in dry.stdout
    cli_invoke(["new", str(app), "-y", "--force"])
    assert "FROM scratch" not in (app / "Dockerfile").read_text()


@FAST
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--memory", "lots"], "--memory: must be a whole number with a unit k, m or g"),
        (["--cpus", "0"], "--cpus: must be a positive number"),
        (["--port", "80"], "--port: must be a whole number from 1024 to 65535"),
        (["--port", "017720"], "--port: must be a whole number from 1024 to 65535"),
        (["--app-name", "Bad Name"], "--app-name: must be 1-63 lowercase letters"),
        (
            ["--entrypoint", 'app:app"]\nRUN curl evil | sh'],
            "--entrypoint: must not contain control characters",
        ),
        (["--package-manager", "conda"], "--package-manager: must be one of pip, poetry, uv"),
        (["--runtime-base", "distroless", "--python-version", "3.12"], "--python-version: must be 3.11"),
        (["--ci", "gitlab"], "--ci: must be one of none, github"),
    ],
)
def test_bad_input_exits_2_with_one_line_and_writes_nothing(
    cli_invoke: Invoke, copy_app: Callable[[str], Path], args: list[str], message: str
) -> None:
    app = copy_app("flask-pip")
    before = _files(app)
    result = cli_invoke(["new", str(app), "-y", *args], expect=2)
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert _files(app) == before


@FAST
def test_destination_that_is_a_file_is_refused(cli_invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("x")
    result = cli_invoke(["new", str(target), "-y"], expect=2)
    assert "is not a folder" in result.stderr


@FAST
def test_missing_destination_is_created(cli_invoke: Invoke, tmp_path: Path) -> None:
    dest = tmp_path / "new" / "service"
    cli_invoke(["new", str(dest), "-y", "--app-kind", "worker"])
    assert set(_files(dest)) >= GENERATED


@FAST
def test_entrypoint_is_rendered_as_a_json_array(cli_invoke: Invoke, tmp_path: Path) -> None:
    cli_invoke(["new", str(tmp_path), "-y", "--entrypoint", "pkg.web:create_app()", "--server", "uvicorn"])
    cmd = next(line for line in (tmp_path / "Dockerfile").read_text().splitlines() if line.startswith("CMD "))
    assert json.loads(cmd[4:]) == [
        "uvicorn",
        "pkg.web:create_app",
        "--factory",
        "--host",
        "0.0.0.0",
        "--port",
        "8000",
    ]


@FAST
def test_help_and_version(cli_invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # one option per line, so each help text can be found whole
    for command in ("new", "update"):
        shown = cli_invoke([command, "--help"]).stdout
        for flag in ANSWER_FLAGS:
            assert flag.flag in shown, f"{command} --help lacks {flag.flag}"
        # Accepted values are filled in from the spec when help is shown.
        assert "Language (python, node, go, rust, java)." in shown
        assert "Server for a module:attr entrypoint (gunicorn, uvicorn, uvicorn-worker)." in shown
        assert "{choices}" not in shown
    assert "--no-private-index" in shown
    assert "every other answer keeps its recorded value" in shown
    assert "this language (python, node, go, rust, java)" in cli_invoke(["detect", "--help"]).stdout
    assert "sarif" in cli_invoke(["check", "--help"]).stdout
    overview = cli_invoke(["--help"]).stdout
    assert all(command in overview for command in ("new", "update", "detect", "check"))
    assert cli_invoke(["--version"]).stdout == f"scaffold {__version__}\n"


def test_every_question_but_the_organisation_settings_has_a_flag_of_its_kind() -> None:
    questions = {question.name: question.kind for question in load_questions()}
    flags = {flag.name: flag.kind.__name__ for flag in ANSWER_FLAGS}
    assert {name: questions.get(name) for name in flags} == flags
    # The organisation's settings file sets these (docs/usage.md), never a flag.
    assert set(questions) - set(flags) == SETTINGS_ONLY


def test_update_takes_the_answer_flags_of_new(cli_invoke: Invoke, copy_app: Callable[[str], Path]) -> None:
    app = copy_app("flask-pip")
    cli_invoke(["new", str(app), "-y"])  # from the versioned template cache, as `update` needs
    for args in (["init", "--quiet"], ["add", "--all"], ["commit", "--quiet", "-m", "container files"]):
        subprocess.run(["git", *IDENTITY, *args], cwd=app, check=True, capture_output=True)
    refused = cli_invoke(["update", str(app), "-y", "--memory", "lots"], expect=2)
    assert refused.stderr.startswith("scaffold: error: --memory: must be a whole number")
    assert len(refused.stderr.strip().splitlines()) == 1
    # A flag wins over --data, as with `new`.
    result = cli_invoke(["update", str(app), "-y", "-d", "memory=2g", "--memory", "1g", "--port", "9000"])
    assert "   updated  compose.yaml" in result.stdout
    assert "(same version)" in result.stdout
    service = yaml.safe_load((app / "compose.yaml").read_text())["services"]["flask-pip"]
    assert service["deploy"]["resources"]["limits"]["memory"] == "1g"
    assert service["ports"] == ["127.0.0.1:9000:9000"]
    assert "EXPOSE 9000" in (app / "Dockerfile").read_text()
    answers = yaml.safe_load((app / ".copier-answers.yml").read_text())
    assert (answers["memory"], answers["port"]) == ("1g", "9000")


@FAST
def test_notes_reach_stderr(cli_invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text("from fastapi import FastAPI\napp = FastAPI()\n")
    (tmp_path / "requirements.txt").write_text("fastapi\n")
    result = cli_invoke(["new", str(tmp_path), "-y"])
    assert "note: uvicorn is not among the dependencies" in result.stderr


@FAST
def test_ctrl_c_exits_130_and_writes_nothing(
    cli_invoke: Invoke, copy_app: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.answers.gather

    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    # The command imports gather when it runs, so the module's attribute is the one it calls.
    monkeypatch.setattr(generator.answers.gather, "gather", interrupted)
    app = copy_app("flask-pip")
    before = _files(app)
    result = cli_invoke(["new", str(app), "-y"], expect=130)
    assert result.stderr.strip() == "scaffold: interrupted"
    assert _files(app) == before


def test_template_env_must_point_at_a_template(
    cli_invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SCAFFOLD_TEMPLATE", str(tmp_path / "nowhere"))
    result = cli_invoke(["new", str(tmp_path), "-y"], expect=2)
    assert "SCAFFOLD_TEMPLATE:" in result.stderr and "has no copier.yml" in result.stderr
