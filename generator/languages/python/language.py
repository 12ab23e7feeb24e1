"""Python's facts for the registry: its package managers, versions, defaults and entrypoint form.

Kept apart from the package's constants so that ``scaffold check``, which reads only ``check.py``, never
loads the answer expressions these facts are built from.
"""

from __future__ import annotations

import re

from generator.languages.model import Language, PackageManager, Secret
from generator.languages.python import (
    APP_SPEC,
    CONSOLE_SCRIPT,
    DEFAULT_VERSION,
    DISTROLESS_VERSION,
    MODULE,
    SCRIPT,
)
from generator.spec.expr import Const, If, Var, eq

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
