"""Python detection through ``scaffold detect`` and ``scaffold new``: the answers the template has questions
for today, with their sources, and the runs that stop on an entrypoint left open."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from generator.languages.python.django import FROM_ENVIRONMENT
from generator.spec.questions import QUESTION_BY_NAME

from .conftest import REPO, Invoke
from .python_repo import write

_DJANGO = {
    "manage.py": 'import os\n\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")\n',
    "mysite/__init__.py": "",
    "mysite/settings.py": 'import os\n\nSECRET_KEY = os.environ["DJANGO_SECRET_KEY"]\n'
    'WSGI_APPLICATION = "mysite.wsgi.application"\n',
    "mysite/wsgi.py": "from django.core.wsgi import get_wsgi_application\n\n"
    "application = get_wsgi_application()\n",
    "mysite/urls.py": "from django.urls import path\n\n"
    'urlpatterns = [path("health/", lambda request: None)]\n',
    "requirements.txt": "Django==5.2.8\ngunicorn==23.0.0\n",
    ".python-version": "3.13\n",
    "Procfile": "release: python manage.py migrate\nweb: gunicorn mysite.wsgi --bind 0.0.0.0:${PORT:-8000}\n",
}


def test_detect_shows_a_django_projects_answers_with_their_sources(
    cli_invoke: Invoke, tmp_path: Path
) -> None:
    repo = write(tmp_path / "polls", _DJANGO)
    parsed = json.loads(cli_invoke(["detect", "--json", str(repo)]).stdout)
    web = "Procfile:2: web: gunicorn mysite.wsgi --bind 0.0.0.0:${PORT:-8000}"
    answers = {name: (item["value"], item["source"]) for name, item in parsed["answers"].items()}
    expected = {
        "language": ("python", "requirements.txt"),
        "package_manager": ("pip", "requirements.txt"),
        "python_version": ("3.13", ".python-version:1: 3.13"),
        "app_kind": ("web", web),
        "entrypoint": ("mysite.wsgi:application", web),
        "server": ("gunicorn", web),
        "port": (8000, "Procfile:2: --bind 0.0.0.0:${PORT:-8000}"),
        "health_path": ("/health/", "mysite/urls.py:3: route /health/"),
    }
    assert {name: answers[name] for name in expected} == expected
    assert parsed["notes"] == []


@pytest.mark.usefixtures("fast_template")
def test_new_stops_on_a_procfile_module_that_is_not_there(cli_invoke: Invoke, tmp_path: Path) -> None:
    repo = write(
        tmp_path / "shop",
        {"requirements.txt": "flask\ngunicorn\n", "Procfile": "web: gunicorn autoapp:app\n"},
    )
    result = cli_invoke(["new", str(repo), "--defaults"], expect=2)
    assert result.stderr == (
        "scaffold: error: --entrypoint: must be chosen: Procfile:1: web: gunicorn autoapp:app names the "
        "module autoapp, which is not in the repository; flask is among the dependencies "
        "(requirements.txt:1: flask), but no Flask app was found in a module the image can import; no other "
        "candidate found\n"
    )
    assert not (repo / "Dockerfile").exists()


@pytest.mark.usefixtures("fast_template")
def test_new_stops_on_two_web_apps_and_runs_the_one_chosen(cli_invoke: Invoke, tmp_path: Path) -> None:
    repo = write(
        tmp_path / "shop",
        {
            "requirements.txt": "flask\nfastapi\ngunicorn\nuvicorn\n",
            "admin/app.py": "from flask import Flask\n\napp = Flask(__name__)\n",
            "api/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
        },
    )
    result = cli_invoke(["new", str(repo), "--defaults"], expect=2)
    assert result.stderr == (
        "scaffold: error: --entrypoint: must be chosen: this project has 2 different web apps: admin.app:app "
        "(admin/app.py:3: Flask app); api.main:app (api/main.py:3: FastAPI app)\n"
    )
    cli_invoke(["new", str(repo), "--defaults", "--entrypoint", "api.main:app", "--server", "uvicorn"])
    assert "api.main:app" in (repo / "Dockerfile").read_text()


def test_new_uses_the_detected_python_version_and_entrypoint(cli_invoke: Invoke, tmp_path: Path) -> None:
    repo = write(tmp_path / "polls", _DJANGO)
    result = cli_invoke(["new", str(repo), "--defaults", "--dry-run"])
    assert "mysite.wsgi:application" in result.stdout
    assert "3.13" in result.stdout


# The answers named in the shared Python contract; detection proposes these and no other.
_CONTRACT = {
    "package_manager",
    "requirements_files",
    "server",
    "server_install",
    "install_project",
    "entrypoint",
    "build_packages",
    "runtime_packages",
    "django_settings",
    "secret_key_env",
    "allowed_hosts_env",
    "debug_env",
    "static_root",
    "heartbeat_file",
    "python_version",
    "port",
}


def test_every_answer_the_python_detector_names_is_a_question_or_in_the_contract() -> None:
    # Answers without a question yet are dropped quietly by generator.detect, so a misspelt name would
    # never show: every name the detector's modules pass to propose() or leave_open() is checked here.
    folder = REPO / "generator" / "languages" / "python"
    named: set[str] = set()
    for path in folder.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in {"propose", "leave_open"}
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                named.add(str(node.args[0].value))
    named |= {answer for _, answer in FROM_ENVIRONMENT}  # proposed by name from this table
    assert "entrypoint" in named and "static_root" in named
    assert named <= _CONTRACT | set(QUESTION_BY_NAME)
