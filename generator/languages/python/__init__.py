"""Python: pip, Poetry or uv; a venv built in the builder, run on python slim or distroless."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from generator.languages.model import Language, PackageManager

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


def _default_entrypoint(answers: Mapping[str, Any]) -> str:
    return "app:app" if answers.get("app_kind", "web") == "web" else "main.py"


LANGUAGE = Language(
    name="python",
    manifests=("pyproject.toml", "requirements.txt", "uv.lock", "poetry.lock", "setup.py"),
    package_managers=(
        PackageManager(
            "pip", {"requirements.txt": "list the dependencies there (pip freeze > requirements.txt)"}
        ),
        PackageManager(
            "poetry",
            {"pyproject.toml": "the Poetry project file", "poetry.lock": "run `poetry lock`"},
            locks=("poetry.lock",),
        ),
        PackageManager(
            "uv", {"pyproject.toml": "the uv project file", "uv.lock": "run `uv lock`"}, locks=("uv.lock",)
        ),
    ),
    runtime_bases=("slim", "distroless"),
    version_field="python_version",
    default_version=DEFAULT_VERSION,
    version_pattern=re.compile(r"3\.(9|1[0-9])"),
    version_form="must be major.minor, from 3.9 to 3.19, such as 3.12",
    default_port=8000,
    entrypoint_pattern=re.compile(f"{APP_SPEC.pattern}|{SCRIPT.pattern}|{MODULE.pattern}"),
    entrypoint_form=(
        "must be module:attr (app:app, app:create_app()), a relative script path ending in .py, or -m module"
    ),
    default_entrypoint=_default_entrypoint,
    distroless_versions=(DISTROLESS_VERSION,),
    private_index=True,
    own_answers=("server",),
)
