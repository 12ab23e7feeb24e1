"""Python: pip, Poetry, uv or Pipenv; a venv built in the builder, run on python slim or distroless."""

from __future__ import annotations

import re

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
