r"""The accepted forms of the Django and worker-heartbeat answers (Python only).

Each pattern is compiled for a whole match, like those of :mod:`generator.spec.rules`, and
``copier.yml``'s validators are generated from the same pattern text.
"""

from __future__ import annotations

from generator.spec.rules import whole

_IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
#: One path part: letters, digits, ``.``, ``_`` and ``-``, not starting with ``.`` (so never ``.``
#: or ``..``, and no hidden folder the .dockerignore or a reader would miss).
_PART = r"[A-Za-z0-9_-][A-Za-z0-9._-]*"

#: ``django_settings``: a dotted module, as ``DJANGO_SETTINGS_MODULE`` names it (``mysite.settings``).
SETTINGS_MODULE = whole(rf"{_IDENT}(\.{_IDENT})*")
#: An environment variable name the settings read (``DJANGO_SECRET_KEY``).
ENV_NAME = whole(r"[A-Z_][A-Z0-9_]*")
#: ``static_root``: a folder relative to the project (``staticfiles``, ``var/static``).
RELATIVE_FOLDER = whole(rf"{_PART}(/{_PART})*")
#: ``heartbeat_file``: a file under /tmp, the only place a read-only container can write to (compose
#: mounts a tmpfs there, and README.Docker.md's ``docker run`` passes ``--tmpfs /tmp``).
HEARTBEAT_FILE = whole(rf"/tmp(/{_PART})+")

#: Variables the image or compose.yaml already sets: a settings variable of the same name would take
#: their place (a secret key named ``PATH`` would break every command in the container).
RESERVED_ENV_NAMES = (
    "DJANGO_SETTINGS_MODULE",
    "HOME",
    "HOST",
    "PATH",
    "PORT",
    "PYTHONDONTWRITEBYTECODE",
    "PYTHONUNBUFFERED",
    "VIRTUAL_ENV",
)

#: The longest heartbeat age scaffold accepts, in seconds (a day).
HEARTBEAT_MAX_AGE_LIMIT = 86400
#: The heartbeat age the probe allows when none is given, in seconds.
HEARTBEAT_MAX_AGE_DEFAULT = 60
