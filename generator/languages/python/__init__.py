"""Python: pip, Poetry, uv or Pipenv; a venv built in the builder, run on python slim or distroless."""

from __future__ import annotations

import re

from generator.languages.model import Language, PackageManager, Secret
from generator.spec.expr import Const, If, Var, eq
from generator.spec.rules import whole

#: The Python version used when neither the repository nor the user names one.
DEFAULT_VERSION = "3.12"
#: The Python that the distroless runtime ships (Debian 12's); the venv must be built with the same one.
DISTROLESS_VERSION = "3.11"
#: Top-level files that hold an app when there is no manifest.
APP_FILES = ("app.py", "main.py", "wsgi.py", "asgi.py", "server.py", "api.py")

_IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
_DOTTED = rf"{_IDENT}(\.{_IDENT})*"
APP_SPEC = re.compile(rf"{_DOTTED}:{_IDENT}(\(\))?")
SCRIPT = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_./-]*\.py")
MODULE = re.compile(rf"-m {_DOTTED}")
#: A console script the installed project provides (``[project.scripts]``), run from the venv's bin.
#: Not a script path (no ``.py``, no ``/``), not an app spec (no ``:``), not an option (no leading ``-``).
CONSOLE_SCRIPT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
#: One requirements file: a relative path of letters, digits and ``._/-`` that starts like a file name (no
#: ``/``, no option's ``-``) and ends like one (never in ``/`` or ``.``, so never ``.`` or ``..`` itself).
_REQUIREMENTS_FILE = r"[A-Za-z0-9_]|[A-Za-z0-9._][A-Za-z0-9._/-]*[A-Za-z0-9_-]"
#: ``requirements_files``: one or more of them, separated by single spaces.
REQUIREMENTS_FILES = whole(f"(?:{_REQUIREMENTS_FILE})(?: (?:{_REQUIREMENTS_FILE}))*")
#: ``build_packages`` and ``runtime_packages``: Debian package names separated by single spaces.
DEBIAN_PACKAGES = whole(r"[a-z0-9][a-z0-9+.-]+(?: [a-z0-9][a-z0-9+.-]+)*")
#: The packages each server runs with; ``server_install`` installs those the lock does not hold.
SERVER_PACKAGES = {"gunicorn": "gunicorn", "uvicorn": "uvicorn", "uvicorn-worker": "gunicorn uvicorn"}
#: ``server_install``: gunicorn, uvicorn or both, once each.
SERVER_INSTALL = whole(r"gunicorn|uvicorn|gunicorn uvicorn|uvicorn gunicorn")
#: pip and Poetry's export read the index from pip.conf; uv from uv.toml.
_PIP_CONF = Secret("pip_conf", "pip.conf", "/etc/pip.conf")


LANGUAGE = Language(
    name="python",
    label="python",
    manifests=(
        "pyproject.toml",
        "requirements.txt",
        "uv.lock",
        "poetry.lock",
        "Pipfile",
        "Pipfile.lock",
        "setup.py",
    ),
    package_managers=(
        PackageManager(
            "pip",
            {"requirements.txt": "list the dependencies there (pip freeze > requirements.txt)"},
            secret=_PIP_CONF,
        ),
        PackageManager(
            "poetry",
            {"pyproject.toml": "the Poetry project file", "poetry.lock": "run `poetry lock`"},
            locks=("poetry.lock",),
            secret=_PIP_CONF,
        ),
        PackageManager(
            "uv",
            {"pyproject.toml": "the uv project file", "uv.lock": "run `uv lock`"},
            locks=("uv.lock",),
            secret=Secret("uv_conf", "uv.toml", "/etc/uv/uv.toml"),
        ),
        PackageManager(
            "pipenv",
            {"Pipfile": "the Pipenv project file", "Pipfile.lock": "run `pipenv lock`"},
            locks=("Pipfile.lock",),
            secret=_PIP_CONF,
        ),
    ),
    runtime_bases={
        "slim": "slim (python:<version>-slim, has a shell)",
        "distroless": "distroless (no shell, no package manager; Python {versions})",
    },
    version_field="python_version",
    version_help="Python version (major.minor)",
    default_version=DEFAULT_VERSION,
    version_pattern=re.compile(r"3\.(9|1[0-9])"),
    version_form="must be major.minor, from 3.9 to 3.19, such as 3.12",
    default_port=8000,
    entrypoint_pattern=re.compile(
        f"{APP_SPEC.pattern}|{SCRIPT.pattern}|{MODULE.pattern}|{CONSOLE_SCRIPT.pattern}"
    ),
    entrypoint_form=(
        "must be module:attr (app:app, app:create_app()), a relative script path ending in .py, -m module, "
        "or a console script name (mytool)"
    ),
    entrypoint_help=(
        "Entrypoint: an app spec for the server (app:app, app:create_app()), a script (main.py), a module "
        "(-m pkg) or a console script of the installed project (mytool)"
    ),
    default_entrypoint=If(eq(Var("app_kind"), "web"), Const("app:app"), Const("main.py")),
    distroless_versions=(DISTROLESS_VERSION,),
    distroless_why=" (it ships Debian 12's Python)",
    # The Pipenv the image installs needs Python 3.10 or later; its last release for 3.9 (2025.0.4) has no
    # `requirements --exclude-index`, which a private index needs.
    package_manager_versions={"pipenv": (("3.9",), "must be 3.10 or later with pipenv (Pipenv needs it)")},
    own_answers=(
        "server",
        # Django and the worker heartbeat.
        "django_settings",
        "secret_key_env",
        "allowed_hosts_env",
        "debug_env",
        "static_root",
        "heartbeat_file",
        "heartbeat_max_age",
        # The builder's answers.
        "requirements_files",
        "install_project",
        "build_packages",
        "runtime_packages",
        "server_install",
    ),
)
