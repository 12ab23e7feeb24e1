"""The Procfile's web process: the strongest source of the entrypoint, its server and port, and what
happens when it names something the image cannot run."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.languages.python.commands import parse_command

from .python_repo import detect_python, found_values, opened, write

_FLASK = "from flask import Flask\n\napp = Flask(__name__)\n"
_FLASK_FACTORY = "from flask import Flask\n\n\ndef create_app():\n    return Flask(__name__)\n"
_FASTAPI = "from fastapi import FastAPI\n\napp = FastAPI()\n"


@pytest.mark.parametrize(
    ("command", "program", "server", "app", "port"),
    [
        ("gunicorn autoapp:app -b 0.0.0.0:$PORT -w 3", "gunicorn", "gunicorn", "autoapp:app", None),
        (
            "uvicorn app.main:app --host 0.0.0.0 --port ${PORT:-5000}",
            "uvicorn",
            "uvicorn",
            "app.main:app",
            5000,
        ),
        ("python -m uvicorn main:app --port=8080", "uvicorn", "uvicorn", "main:app", 8080),
        (
            "gunicorn -k uvicorn.workers.UvicornWorker main:app -b0.0.0.0:8000",
            "gunicorn",
            "uvicorn-worker",
            "main:app",
            8000,
        ),
        (
            "newrelic-admin run-program gunicorn 'app:create_app()'",
            "gunicorn",
            "gunicorn",
            "app:create_app()",
            None,
        ),
        (
            "daphne -b 0.0.0.0 -p 8001 mysite.asgi:application",
            "daphne",
            "uvicorn",
            "mysite.asgi:application",
            8001,
        ),
        ("hypercorn app:app --bind 0.0.0.0:${PORT:-7000}", "hypercorn", "uvicorn", "app:app", 7000),
        ("waitress-serve --listen=*:8080 app:app", "waitress-serve", "gunicorn", "app:app", 8080),
        ("python manage.py runserver 0.0.0.0:${PORT:-8000}", "runserver", None, None, 8000),
        ("FLASK_APP=app flask run --port 5001", "flask", None, None, 5001),
        ("python app.py", "script", None, None, None),
        ("python -m worker", "module", None, None, None),
    ],
)
def test_what_a_command_runs(
    command: str, program: str, server: str | None, app: str | None, port: int | None
) -> None:
    parsed = parse_command(command)
    assert parsed is not None
    assert (parsed.program, parsed.server, parsed.app, parsed.port) == (program, server, app, port)


def test_commands_that_start_no_python_app() -> None:
    assert parse_command("bin/start-nginx bin/start-pgbouncer") is None
    assert parse_command("npm start") is None
    assert parse_command("unterminated 'quote") is None


def test_cookiecutter_flask_procfile(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "Procfile": "release: flask db upgrade\nweb: gunicorn autoapp:app -b 0.0.0.0:$PORT -w 3\n",
            "requirements.txt": "Flask==3.1.0\ngunicorn==23.0.0\n",
            "autoapp.py": "from my_flask_app.app import create_app\n\napp = create_app()\n",
            "my_flask_app/app.py": _FLASK_FACTORY,
            "other/app.py": _FLASK,  # a second app: the Procfile settles which one runs
        },
    )
    found = detect_python(tmp_path)
    source = "Procfile:2: web: gunicorn autoapp:app -b 0.0.0.0:$PORT -w 3"
    values = found_values(found)
    assert values["app_kind"] == ("web", source)
    assert values["entrypoint"] == ("autoapp:app", source)
    assert values["server"] == ("gunicorn", source)
    assert values["server_install"] == ("", "requirements.txt:2: gunicorn==23.0.0")
    assert "port" not in values  # $PORT alone has no default
    assert not found.unsettled
    assert found.notes == []


def test_uvicorn_with_a_port_default(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "Procfile": "web: uvicorn app.main:app --host 0.0.0.0 --port ${PORT:-5000}\n",
            "app/main.py": _FASTAPI,
        },
    )
    values = found_values(detect_python(tmp_path))
    assert values["entrypoint"][0] == "app.main:app"
    assert values["server"][0] == "uvicorn"
    assert values["port"] == (5000, "Procfile:1: --port ${PORT:-5000}")


def test_the_apps_framework_picks_the_server_over_the_procfiles(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "Procfile": "web: gunicorn main:app\n",
            "requirements.txt": "fastapi\ngunicorn\nuvicorn\n",
            "main.py": _FASTAPI,
        },
    )
    found = detect_python(tmp_path)
    assert found.findings["server"].value == "uvicorn-worker"
    assert found.notes == [
        "Procfile:1: web: gunicorn main:app runs this ASGI app with gunicorn: the image runs it with "
        "uvicorn-worker"
    ]


@pytest.mark.parametrize(
    ("procfile", "entrypoint"),
    [
        ("web: gunicorn mysite.wsgi --log-file -", "mysite.wsgi:application"),
        ("web: uvicorn --factory app:create_app", "app:create_app()"),
        ("web: python app.py", "app.py"),
        ("web: python -m mysite", "-m mysite"),
        ("web: fastapi run --workers 4 api/main.py", "api.main:app"),
    ],
)
def test_procfile_forms(tmp_path: Path, procfile: str, entrypoint: str) -> None:
    write(
        tmp_path,
        {
            "Procfile": f"{procfile}\n",
            "mysite/__init__.py": "",
            "mysite/__main__.py": "print('serving')\n",
            "mysite/wsgi.py": "from django.core.wsgi import get_wsgi_application\n\n"
            "application = get_wsgi_application()\n",
            "app.py": _FLASK_FACTORY,
            "api/main.py": _FASTAPI,
        },
    )
    found = detect_python(tmp_path)
    assert found.findings["entrypoint"] == type(found.findings["entrypoint"])(
        entrypoint, f"Procfile:1: {procfile}"
    )


def test_a_procfile_module_not_in_the_repository_is_left_open(tmp_path: Path) -> None:
    write(
        tmp_path,
        {"Procfile": "web: gunicorn autoapp:app -b 0.0.0.0:$PORT\n", "requirements.txt": "gunicorn\n"},
    )
    found = detect_python(tmp_path)
    assert {"entrypoint", "app_kind", "server"}.isdisjoint(found.findings)
    assert opened(found, "entrypoint") == (
        "Procfile:1: web: gunicorn autoapp:app -b 0.0.0.0:$PORT names the module autoapp, which is not in "
        "the repository; no other candidate found"
    )


def test_a_procfile_that_cannot_run_gives_way_to_an_app_that_can(tmp_path: Path) -> None:
    write(tmp_path, {"Procfile": "web: gunicorn wsgi:app\n", "app.py": _FLASK})
    found = detect_python(tmp_path)
    assert found.findings["entrypoint"].value == "app:app"
    assert (
        "Procfile:1: web: gunicorn wsgi:app names the module wsgi, which is not in the repository: the image "
        "runs app:app instead (app.py:3: Flask app)"
    ) in found.notes


@pytest.mark.parametrize(
    ("procfile", "why"),
    [
        (
            "web: gunicorn app:application",
            "Procfile:1: web: gunicorn app:application names app:application, and app.py defines no "
            "application",
        ),
        ("web: flask run --port $PORT", "Procfile:1: web: flask run --port $PORT runs a development server"),
        (
            "web: bin/start-nginx gunicorn",
            "Procfile:1: web: bin/start-nginx gunicorn does not start a Python server scaffold writes a CMD "
            "for",
        ),
        (
            "web: gunicorn --chdir backend app:app",
            "Procfile:1: web: gunicorn --chdir backend app:app imports the app from backend/, and the image "
            "runs it from the project's folder",
        ),
        (
            "web: uvicorn app",
            "Procfile:1: web: uvicorn app names the module app but no app in it (module:app)",
        ),
        (
            "web: python serve.py",
            "Procfile:1: web: python serve.py runs serve.py, which is not a Python file in the repository",
        ),
        (
            "web: python -m missing",
            "Procfile:1: web: python -m missing runs the module missing, which is not in the repository",
        ),
    ],
    ids=["attribute", "dev-server", "not-python", "chdir", "no-attribute", "script", "module"],
)
def test_procfile_problems_are_noted_when_another_source_works(
    tmp_path: Path, procfile: str, why: str
) -> None:
    write(tmp_path, {"Procfile": f"{procfile}\n", "app.py": _FLASK})
    found = detect_python(tmp_path)
    assert found.findings["entrypoint"].value == "app:app"
    assert f"{why}: the image runs app:app instead (app.py:3: Flask app)" in found.notes


def test_a_src_layout_module_through_cd_src(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "Procfile": "web: cd src && gunicorn shop.wsgi:app\n",
            "pyproject.toml": '[project]\nname = "shop"\n\n[build-system]\nrequires = ["setuptools"]\n'
            'build-backend = "setuptools.build_meta"\n',
            "src/shop/__init__.py": "",
            "src/shop/wsgi.py": _FLASK,
        },
    )
    values = found_values(detect_python(tmp_path))
    assert values["entrypoint"] == ("shop.wsgi:app", "Procfile:1: web: cd src && gunicorn shop.wsgi:app")
    assert values["install_project"] == (
        True,
        "src/shop/wsgi.py (src layout; pyproject.toml:4: [build-system])",
    )
