"""``scaffold detect --json`` on the Python reference apps, field by field, with the file and line of each.

Each app under tests/apps/py-* is laid out as its framework's starter or a widely used template lays it
out (django-admin startproject, cookiecutter-flask, the full-stack FastAPI template, uv init, Falcon's
tutorial, the Flask Mega-Tutorial...), with lock files written by the real tools. The expectations below
are what a Python developer deploying that app expects scaffold to read from it: the command the app is
served with, the packages the image must add, the Django settings it reads from the environment, and so
on, each with the file (and, where a line says it, the line) it comes from.

An expectation is one of:

- :class:`Found`: detection proposes this value, and its source starts with one of the given
  ``file:line`` (or ``file``, any line) locations. Lines are looked up by the text on them
  (:func:`line`), so the table says what each line holds.
- :class:`Default`: detection proposes this value or nothing, the question's default being this value.
- :class:`NotProposed`: the answer does not apply to this app, so ``scaffold detect`` must not show it.
- :class:`LeftOpen`: the repository contradicts itself; nothing is proposed and a note says why, naming
  the flag (``scaffold new --defaults`` then stops, interactive runs ask).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

import pytest
from typer.testing import CliRunner

from generator.cli import app as cli
from generator.languages.python import DEFAULT_VERSION

from .conftest import APPS

#: The answers each app is checked on, whatever it is.
FIELDS = (
    "language",
    "package_manager",
    "requirements_files",
    "python_version",
    "app_kind",
    "entrypoint",
    "server",
    "server_install",
    "install_project",
    "port",
    "health_path",
    "django_settings",
    "secret_key_env",
    "allowed_hosts_env",
    "debug_env",
    "static_root",
    "build_packages",
    "runtime_packages",
    "heartbeat_file",
)
#: What detection appends to a note about an answer it leaves open.
_OPEN = "(without it, scaffold new asks, or with --defaults stops)"


@dataclass(frozen=True)
class Found:
    """Proposed with this value, from one of ``sources`` (``file:line``, or ``file`` for any line)."""

    value: Any
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Default:
    """Proposed with this value, or not proposed: the question's default is this value."""

    value: Any


@dataclass(frozen=True)
class NotProposed:
    """Not proposed: the answer does not apply to this app (``why`` says which rule rules it out)."""

    why: str


@dataclass(frozen=True)
class LeftOpen:
    """Not proposed, and a note naming the flag and each of ``mentions`` (the sources that disagree)."""

    mentions: tuple[str, ...]


Expectation = Found | Default | NotProposed | LeftOpen


def line(app: str, file: str, text: str) -> str:
    """Return ``file:N``, N being the one line of ``tests/apps/<app>/<file>`` that contains ``text``."""
    lines = (APPS / app / file).read_text(encoding="utf-8").splitlines()
    numbers = [number for number, content in enumerate(lines, start=1) if text in content]
    assert len(numbers) == 1, f"{app}/{file}: {text!r} is on lines {numbers}, not on exactly one"
    return f"{file}:{numbers[0]}"


def _comes_from(source: str, allowed: tuple[str, ...]) -> bool:
    # "app.py:5" allows "app.py:5" and "app.py:5: Flask app", never "app.py:50"; "app.py" allows any line.
    return any(source == place or source.startswith((f"{place}:", f"{place} ")) for place in allowed)


# Answers that depend on the package manager or the kind of app, worded once.
PIP_ONLY = NotProposed("requirements_files only applies to pip")
NOT_AN_APP_SPEC = NotProposed("the entrypoint is a console script, not module:attr: no server runs it")
WORKER = NotProposed("a worker listens on no port")
NOT_DJANGO = Default("")
NO_PACKAGES = Default("")
NOT_A_WORKER = Default("")


def _web_defaults() -> dict[str, Expectation]:
    """What every app that is not a Django project and needs no system package expects."""
    return {
        "django_settings": NOT_DJANGO,
        "secret_key_env": NOT_DJANGO,
        "allowed_hosts_env": NOT_DJANGO,
        "debug_env": NOT_DJANGO,
        "static_root": NOT_DJANGO,
        "build_packages": NO_PACKAGES,
        "runtime_packages": NO_PACKAGES,
        "heartbeat_file": NOT_A_WORKER,
    }


def _django_startproject() -> dict[str, Expectation]:
    app = "py-django-startproject"
    settings = "mysite/settings.py"
    served = (line(app, settings, "WSGI_APPLICATION ="), line(app, "mysite/wsgi.py", "application ="))
    return {
        **_web_defaults(),
        "language": Found("python", ("requirements.txt",)),
        "package_manager": Found("pip", ("requirements.txt",)),
        "requirements_files": Default("requirements.txt"),
        "python_version": Default(DEFAULT_VERSION),
        "app_kind": Found("web", ("manage.py", settings, "mysite/wsgi.py")),
        "entrypoint": Found("mysite.wsgi:application", served),
        "server": Found("gunicorn", served),
        # pip freeze wrote Django and what it needs; gunicorn is not among them.
        "server_install": Default("gunicorn"),
        "install_project": Default(False),
        "port": Default(8000),
        "health_path": Found("/health/", (line(app, "mysite/urls.py", 'path("health/"'),)),
        "django_settings": Found(
            "mysite.settings",
            (
                line(app, "manage.py", "DJANGO_SETTINGS_MODULE"),
                line(app, "mysite/wsgi.py", "DJANGO_SETTINGS"),
            ),
        ),
        "secret_key_env": Found("DJANGO_SECRET_KEY", (line(app, settings, "SECRET_KEY ="),)),
        "allowed_hosts_env": Found("DJANGO_ALLOWED_HOSTS", (line(app, settings, "ALLOWED_HOSTS ="),)),
        "debug_env": Found("DJANGO_DEBUG", (line(app, settings, "DEBUG ="),)),
        "static_root": Found("staticfiles", (line(app, settings, "STATIC_ROOT ="),)),
    }


def _django_asgi() -> dict[str, Expectation]:
    app = "py-django-asgi"
    settings = "config/settings.py"
    served = (line(app, settings, "ASGI_APPLICATION ="), line(app, "config/asgi.py", "application ="))
    return {
        **_web_defaults(),
        "language": Found("python", ("pyproject.toml",)),
        "package_manager": Found("uv", ("uv.lock",)),
        "requirements_files": PIP_ONLY,
        "python_version": Found(
            "3.11", (".python-version:1", line(app, "pyproject.toml", "requires-python"))
        ),
        "app_kind": Found("web", ("manage.py", settings, "config/asgi.py")),
        "entrypoint": Found("config.asgi:application", served),
        "server": Found("uvicorn", (*served, line(app, "pyproject.toml", '"uvicorn'), "uv.lock")),
        # uvicorn is in uv.lock: the locked install brings it.
        "server_install": Found("", (line(app, "pyproject.toml", '"uvicorn'), "uv.lock")),
        "install_project": Default(False),
        "port": Default(8000),
        "health_path": Found("/healthz", (line(app, "stories/urls.py", 'path("healthz"'),)),
        "django_settings": Found(
            "config.settings",
            (
                line(app, "manage.py", "DJANGO_SETTINGS_MODULE"),
                line(app, "config/asgi.py", "DJANGO_SETTINGS"),
            ),
        ),
        # Read through django-environ: env("DJANGO_SECRET_KEY").
        "secret_key_env": Found("DJANGO_SECRET_KEY", (line(app, settings, "SECRET_KEY ="),)),
        # Left as startproject writes them (DEBUG = True, ALLOWED_HOSTS = []): README.Docker.md says so.
        "allowed_hosts_env": Default(""),
        "debug_env": Default(""),
        "static_root": Default(""),
    }


def _flask_factory() -> dict[str, Expectation]:
    app = "py-flask-factory"
    procfile = line(app, "Procfile", "web: gunicorn autoapp:app")
    return {
        **_web_defaults(),
        "language": Found("python", ("requirements.txt",)),
        "package_manager": Found("pip", ("requirements.txt",)),
        # requirements.txt reads requirements/prod.txt, which reads its pins from constraints.txt
        # (relative to itself); dev.txt is not read.
        "requirements_files": Found(
            "requirements.txt requirements/prod.txt requirements/constraints.txt",
            # The top file stands for the chain it starts.
            (line(app, "requirements.txt", "-r requirements/prod.txt"), "requirements.txt"),
        ),
        "python_version": Default(DEFAULT_VERSION),
        "app_kind": Found("web", ("Procfile", "autoapp.py")),
        "entrypoint": Found("autoapp:app", (procfile,)),
        "server": Found("gunicorn", (procfile,)),
        "server_install": Found(
            "",
            (
                line(app, "requirements/prod.txt", "gunicorn"),
                line(app, "requirements/constraints.txt", "gunicorn=="),
            ),
        ),
        "install_project": Default(False),
        # -b 0.0.0.0:$PORT names no port: scaffold's own default, which the image sets PORT to.
        "port": Default(8000),
        "health_path": Default(""),
    }


def _fastapi_poetry() -> dict[str, Expectation]:
    app = "py-fastapi-poetry"
    main = line(app, "app/main.py", "app = FastAPI(")
    return {
        **_web_defaults(),
        "language": Found("python", ("pyproject.toml",)),
        "package_manager": Found("poetry", ("poetry.lock",)),
        "requirements_files": PIP_ONLY,
        # python = "^3.9": the newest Python scaffold knows inside it.
        "python_version": Found("3.14", (line(app, "pyproject.toml", 'python = "^3.9"'),)),
        "app_kind": Found("web", ("app/main.py",)),
        "entrypoint": Found("app.main:app", (main,)),
        # An ASGI app with gunicorn and uvicorn both locked: gunicorn with uvicorn's worker class.
        "server": Found("uvicorn-worker", (main, line(app, "pyproject.toml", "gunicorn ="), "poetry.lock")),
        "server_install": Found("", (line(app, "pyproject.toml", "gunicorn ="), "poetry.lock")),
        # A [build-system] and the app/ package: the project installs itself into the venv.
        "install_project": Found(True, ("pyproject.toml",)),
        "port": Default(8000),
        # The route sits under two routers' prefixes, one of them settings.API_V1_STR: the prefixes are
        # not followed, so the probe checks the port instead (it still starts and is healthy).
        "health_path": Default(""),
    }


def _fastapi_src_uv() -> dict[str, Expectation]:
    app = "py-fastapi-src-uv"
    return {
        **_web_defaults(),
        "language": Found("python", ("pyproject.toml",)),
        "package_manager": Found("uv", ("uv.lock",)),
        "requirements_files": PIP_ONLY,
        "python_version": Found(
            "3.11", (".python-version:1", line(app, "pyproject.toml", "requires-python"))
        ),
        "app_kind": Found("web", ("src/shop/main.py", "pyproject.toml")),
        # The FastAPI object, served by uvicorn with the image's host and port; [project.scripts] shop
        # (uvicorn.run inside) is a console script for developers, beaten by the app object.
        "entrypoint": Found("shop.main:app", ("src/shop/main.py",)),
        "server": Found("uvicorn", ("src/shop/main.py",)),
        "server_install": Found("", (line(app, "pyproject.toml", "uvicorn"),)),
        # A src layout and a console script: the project itself is installed into the venv.
        "install_project": Found(True, ("pyproject.toml", "src/shop/main.py")),
        "port": Found(8080, (line(app, "src/shop/main.py", '"PORT"'),)),
        "health_path": Found("/healthz", (line(app, "src/shop/main.py", '"/healthz"'),)),
    }


def _litestar() -> dict[str, Expectation]:
    app = "py-litestar"
    main = line(app, "app.py", "app = Litestar(")
    return {
        **_web_defaults(),
        "language": Found("python", ("requirements.txt",)),
        "package_manager": Found("pip", ("requirements.txt",)),
        "requirements_files": Default("requirements.txt"),
        "python_version": Default(DEFAULT_VERSION),
        "app_kind": Found("web", (main,)),
        "entrypoint": Found("app:app", (main,)),
        "server": Found("uvicorn", (main, line(app, "requirements.txt", "uvicorn=="))),
        "server_install": Found("", (line(app, "requirements.txt", "uvicorn=="),)),
        "install_project": Default(False),
        "port": Default(8000),
        "health_path": Found("/health", (line(app, "app.py", '@get("/health")'),)),
    }


def _pipenv() -> dict[str, Expectation]:
    app = "py-pipenv"
    main = line(app, "look/app.py", "falcon.App()")
    return {
        **_web_defaults(),
        "language": Found("python", ("Pipfile",)),
        "package_manager": Found("pipenv", ("Pipfile.lock",)),
        "requirements_files": PIP_ONLY,
        "python_version": Found("3.11", (line(app, "Pipfile", "python_version"),)),
        "app_kind": Found("web", (main,)),
        "entrypoint": Found("look.app:app", (main,)),
        "server": Found("gunicorn", (main,)),
        "server_install": Found("", (line(app, "Pipfile", "gunicorn ="), "Pipfile.lock")),
        "install_project": Default(False),
        "port": Default(8000),
        "health_path": Found("/health", (line(app, "look/app.py", '"/health"'),)),
    }


def _psycopg2() -> dict[str, Expectation]:
    app = "py-psycopg2"
    main = line(app, "app.py", "app = Flask(")
    psycopg2 = line(app, "requirements.txt", "psycopg2==")
    return {
        **_web_defaults(),
        "language": Found("python", ("requirements.txt",)),
        "package_manager": Found("pip", ("requirements.txt",)),
        "requirements_files": Default("requirements.txt"),
        "python_version": Default(DEFAULT_VERSION),
        "app_kind": Found("web", (main,)),
        "entrypoint": Found("app:app", (main,)),
        "server": Found("gunicorn", (main,)),
        "server_install": Found("", (line(app, "requirements.txt", "gunicorn=="),)),
        "install_project": Default(False),
        "port": Default(8000),
        "health_path": Found("/health", (line(app, "app.py", '"/health"'),)),
        # psycopg2 (not -binary) has no wheel: it compiles against libpq and links to it at run time.
        "build_packages": Found("gcc libc6-dev libpq-dev", (psycopg2,)),
        "runtime_packages": Found("libpq5", (psycopg2,)),
    }


def _procfile() -> dict[str, Expectation]:
    app = "py-procfile"
    procfile = line(app, "Procfile", "web: gunicorn")
    return {
        **_web_defaults(),
        "language": Found("python", ("requirements.txt",)),
        "package_manager": Found("pip", ("requirements.txt",)),
        "requirements_files": Default("requirements.txt"),
        "python_version": Found("3.11", (".python-version:1",)),
        "app_kind": Found("web", (procfile,)),
        "entrypoint": Found("quotes:app", (procfile,)),
        "server": Found("gunicorn", (procfile,)),
        "server_install": Found("", (line(app, "requirements.txt", "gunicorn=="),)),
        "install_project": Default(False),
        # --bind 0.0.0.0:${PORT:-5000}
        "port": Found(5000, (procfile,)),
        "health_path": Default(""),
    }


def _poetry_worker() -> dict[str, Expectation]:
    app = "py-poetry-worker"
    return {
        **_web_defaults(),
        "language": Found("python", ("pyproject.toml",)),
        "package_manager": Found("poetry", ("poetry.lock",)),
        "requirements_files": PIP_ONLY,
        "python_version": Found("3.14", (line(app, "pyproject.toml", 'python = "^3.11"'),)),
        "app_kind": Found("worker", ("pyproject.toml", "jobs/__main__.py")),
        # The package's __main__ runs as -m jobs (the console script jobs would run the same main()).
        "entrypoint": Found("-m jobs", ("jobs/__main__.py",)),
        "server": NOT_AN_APP_SPEC,
        "server_install": NOT_AN_APP_SPEC,
        "install_project": Found(True, ("pyproject.toml",)),
        "port": WORKER,
        "health_path": WORKER,
        "heartbeat_file": Found("/tmp/heartbeat", ("jobs/__main__.py",)),
    }


def _quart() -> dict[str, Expectation]:
    app = "py-quart"
    main = line(app, "app.py", "app = Quart(")
    return {
        **_web_defaults(),
        "language": Found("python", ("requirements.txt",)),
        "package_manager": Found("pip", ("requirements.txt",)),
        "requirements_files": Default("requirements.txt"),
        "python_version": Default(DEFAULT_VERSION),
        "app_kind": Found("web", (main,)),
        "entrypoint": Found("app:app", (main,)),
        "server": Found("uvicorn", (main,)),
        # Quart brings Hypercorn, not uvicorn: the image adds uvicorn.
        "server_install": Default("uvicorn"),
        "install_project": Default(False),
        # app.run(..., port=int(os.environ.get("PORT", 5000)))
        "port": Found(5000, (line(app, "app.py", '"PORT"'),)),
        "health_path": Found("/healthz", (line(app, "app.py", '"/healthz"'),)),
    }


def _flask_microblog() -> dict[str, Expectation]:
    app = "py-flask-microblog"
    boot = line(app, "boot.sh", "exec gunicorn")
    starts = (boot, ".flaskenv:1", line(app, "microblog.py", "app = create_app()"))
    return {
        **_web_defaults(),
        "language": Found("python", ("requirements.txt",)),
        "package_manager": Found("pip", ("requirements.txt",)),
        "requirements_files": Default("requirements.txt"),
        "python_version": Default(DEFAULT_VERSION),
        "app_kind": Found("web", (*starts, "microblog.py")),
        "entrypoint": Found("microblog:app", starts),
        "server": Found("gunicorn", (*starts, "microblog.py")),
        "server_install": Found("", (line(app, "requirements.txt", "gunicorn=="),)),
        "install_project": Default(False),
        # gunicorn -b :5000
        "port": Found(5000, (boot,)),
        "health_path": Default(""),
    }


def _module_worker() -> dict[str, Expectation]:
    return {
        **_web_defaults(),
        "language": Found("python", ("pyproject.toml",)),
        "package_manager": Found("pip", ("requirements.txt",)),
        "requirements_files": Default("requirements.txt"),
        # .python-version says 3.12, requires-python says >=3.10,<3.12: no version satisfies both.
        "python_version": LeftOpen((".python-version", "requires-python")),
        "app_kind": Found("worker", ("consumer/__main__.py",)),
        "entrypoint": Found("-m consumer", ("consumer/__main__.py",)),
        "server": NOT_AN_APP_SPEC,
        "server_install": NOT_AN_APP_SPEC,
        "install_project": Default(False),
        "port": WORKER,
        "health_path": WORKER,
        "heartbeat_file": Default(""),
    }


EXPECTED: dict[str, dict[str, Expectation]] = {
    "py-django-startproject": _django_startproject(),
    "py-django-asgi": _django_asgi(),
    "py-flask-factory": _flask_factory(),
    "py-fastapi-poetry": _fastapi_poetry(),
    "py-fastapi-src-uv": _fastapi_src_uv(),
    "py-litestar": _litestar(),
    "py-pipenv": _pipenv(),
    "py-psycopg2": _psycopg2(),
    "py-procfile": _procfile(),
    "py-poetry-worker": _poetry_worker(),
    "py-quart": _quart(),
    "py-flask-microblog": _flask_microblog(),
    "py-module-worker": _module_worker(),
}


@cache
def detected(app: str) -> dict[str, Any]:
    """Run ``scaffold detect --json`` on the app, once per app and run: ``{"answers": ..., "notes": ...}``."""
    result = CliRunner().invoke(cli, ["detect", "--json", str(APPS / app)])
    assert result.exit_code == 0, f"scaffold detect {app}: exit {result.exit_code}\n{result.output}"
    parsed: dict[str, Any] = json.loads(result.stdout)
    return parsed


def _left_open(field: str, notes: list[str]) -> list[str]:
    """Return the notes saying ``field`` is left open: ``<why>: pass --<flag> (without it, ...)``."""
    flag = "--" + field.replace("_", "-")
    return [note for note in notes if note.endswith(f": pass {flag} {_OPEN}")]


CASES = [(app, field) for app in EXPECTED for field in FIELDS]


@pytest.mark.parametrize(("app", "field"), CASES, ids=[f"{app}-{field}" for app, field in CASES])
def test_detected_field(app: str, field: str) -> None:
    found = detected(app)
    proposal = found["answers"].get(field)
    expected = EXPECTED[app][field]
    shown = f"{app}: {field} = {proposal!r}; notes: {found['notes']}"
    if isinstance(expected, Found):
        assert proposal is not None, shown
        assert proposal["value"] == expected.value, shown
        assert _comes_from(proposal["source"], expected.sources), (
            f"{shown}; sources allowed: {expected.sources}"
        )
    elif isinstance(expected, Default):
        assert proposal is None or proposal["value"] == expected.value, shown
    elif isinstance(expected, NotProposed):
        assert proposal is None, f"{shown} ({expected.why})"
    else:
        assert proposal is None, shown
        said = _left_open(field, found["notes"])
        assert len(said) == 1, shown
        assert all(mention in said[0] for mention in expected.mentions), shown


@pytest.mark.parametrize("app", sorted(EXPECTED))
def test_only_the_expected_answers_are_left_open(app: str) -> None:
    """``scaffold new --defaults`` stops on no answer but those the table leaves open."""
    notes = detected(app)["notes"]
    opened = {field for field in FIELDS if _left_open(field, notes)}
    left_open = {field for field, expected in EXPECTED[app].items() if isinstance(expected, LeftOpen)}
    assert opened == left_open, notes


def test_every_python_app_has_expectations_for_every_field() -> None:
    assert sorted(path.name for path in APPS.glob("py-*")) == sorted(EXPECTED)
    assert all(set(fields) == set(FIELDS) for fields in EXPECTED.values())


def test_the_line_helper_needs_exactly_one_line() -> None:
    assert line("py-procfile", "Procfile", "quotes:app") == "Procfile:1"
    with pytest.raises(AssertionError, match="not on exactly one"):
        line("py-django-startproject", "mysite/settings.py", "django.contrib")


@pytest.mark.parametrize(
    ("source", "allowed", "comes"),
    [
        ("app.py:5: Flask app", ("app.py:5",), True),
        ("app.py:5", ("app.py:5",), True),
        ("app.py:50: Flask app", ("app.py:5",), False),
        ("app.py:50: Flask app", ("app.py",), True),
        ("uv.lock", ("uv.lock",), True),
        ("uv.lock.bak", ("uv.lock",), False),
        ("pyproject.toml: requires-python '>=3.11'", ("pyproject.toml:6",), False),
    ],
)
def test_sources_are_matched_on_file_and_line(source: str, allowed: tuple[str, ...], comes: bool) -> None:
    assert _comes_from(source, allowed) is comes
