"""Detection proposes the right defaults, says where each came from, and wins over nothing explicit."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from generator.detect import detect, normalise_name
from generator.questions import applicable_answers

from .conftest import Invoke


def test_flask_with_requirements(copy_app: Callable[[str], Path]) -> None:
    found = detect(copy_app("flask-pip"))
    assert found.answers() == {
        "app_name": "flask-pip",
        "language": "python",
        "package_manager": "pip",
        "app_kind": "web",
        "entrypoint": "app:app",
        "server": "gunicorn",
        "health_path": "/health",
    }
    assert found.findings["entrypoint"].source == "app.py:5: Flask app"
    assert found.findings["health_path"].source.startswith("app.py:13")
    assert found.notes == []


def test_fastapi_with_uv(copy_app: Callable[[str], Path]) -> None:
    found = detect(copy_app("fastapi-uv"))
    answers = found.answers()
    assert answers["app_name"] == "fastapi-uv"
    assert answers["description"] == "A small FastAPI app for the uv + uvicorn variant"
    assert answers["package_manager"] == "uv"
    assert answers["python_version"] == "3.12"
    assert found.findings["python_version"].source == "pyproject.toml: requires-python '>=3.11'"
    assert (answers["entrypoint"], answers["server"], answers["health_path"]) == (
        "main:app",
        "uvicorn",
        "/healthz",
    )


def test_poetry_factory_and_python_version_file(copy_app: Callable[[str], Path]) -> None:
    found = detect(copy_app("poetry-web"))
    answers = found.answers()
    assert answers["package_manager"] == "poetry"
    assert answers["python_version"] == "3.11"
    assert found.findings["python_version"].source == ".python-version"
    assert (answers["entrypoint"], answers["server"]) == ("wsgi:create_app()", "gunicorn")
    assert "health_path" not in answers


def test_worker_without_web_framework(copy_app: Callable[[str], Path]) -> None:
    answers = detect(copy_app("worker-pip")).answers()
    assert (answers["app_kind"], answers["entrypoint"]) == ("worker", "main.py")
    assert "port" not in answers


def test_empty_folder_proposes_only_a_name(tmp_path: Path) -> None:
    folder = tmp_path / "My Service!"
    folder.mkdir()
    assert detect(folder).answers() == {"app_name": "my-service"}


def test_lock_files_win_and_a_missing_server_is_noted(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname="x"\n\n[tool.uv]\ndev-dependencies=[]\n')
    (tmp_path / "app.py").write_text("from fastapi import FastAPI\napp = FastAPI()\n")
    (tmp_path / "requirements.txt").write_text("fastapi\n")
    found = detect(tmp_path)
    assert found.answers()["package_manager"] == "pip"  # requirements.txt is the stronger signal
    assert any("uvicorn is not among the dependencies" in note for note in found.notes)
    (tmp_path / "requirements.txt").unlink()
    found = detect(tmp_path)
    assert found.answers()["package_manager"] == "uv"


def test_requires_python_picks_a_version_inside_the_range(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname="x"\nrequires-python=">=3.9,<3.12"\n')
    assert detect(tmp_path).answers()["python_version"] == "3.11"


def test_unparsable_files_are_ignored(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("this is [not toml")
    (tmp_path / "app.py").write_text("def broken(:\n")
    assert set(detect(tmp_path).answers()) == {"app_name", "language"}


def test_explicit_answers_win_and_stale_proposals_are_dropped(copy_app: Callable[[str], Path]) -> None:
    proposed = detect(copy_app("flask-pip")).answers()
    merged = applicable_answers({"entrypoint": "-m flask_pip", "app_kind": "web"}, proposed)
    assert merged["entrypoint"] == "-m flask_pip"
    assert "server" not in merged  # only applies to module:attr entrypoints
    worker = applicable_answers({"app_kind": "worker", "entrypoint": "main.py"}, proposed)
    assert "health_path" not in worker


def test_normalise_name() -> None:
    assert normalise_name("My_Project.API") == "my_project-api"
    assert normalise_name("---") == "app"


def test_detect_command_shows_values_and_sources(cli_invoke: Invoke, copy_app: Callable[[str], Path]) -> None:
    app = copy_app("fastapi-uv")
    text = cli_invoke(["detect", str(app)]).stdout
    assert "health_path" in text and "/healthz" in text and "(main.py:13: route /healthz)" in text
    parsed = json.loads(cli_invoke(["detect", "--json", str(app)]).stdout)
    assert parsed["answers"]["server"] == {"value": "uvicorn", "source": "main.py:5: FastAPI app"}
    assert parsed["notes"] == []


def test_detect_command_refuses_a_missing_folder(cli_invoke: Invoke, tmp_path: Path) -> None:
    result = cli_invoke(["detect", str(tmp_path / "missing")], expect=2)
    assert result.stderr.strip() == f"scaffold: error: PATH: {tmp_path / 'missing'} is not an existing folder"
