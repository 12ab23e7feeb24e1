"""What a secret looks like: variable names that hold one, and passwords written inside URLs.

Several rules ask the same two questions of different places (``ENV`` and ``ARG``, a ``HEALTHCHECK``
command, a compose service's ``environment``), so the answers are kept here, once.
"""

from __future__ import annotations

import re
from itertools import pairwise

_SECRET_WORDS = frozenset({"PASSWORD", "PASSWD", "PASSPHRASE", "SECRET", "TOKEN", "APIKEY", "PGPASSWORD"})
_SECRET_PAIRS = frozenset(
    {("API", "KEY"), ("PRIVATE", "KEY"), ("ACCESS", "KEY"), ("SECRET", "KEY"), ("MYSQL", "PWD")}
)
# A variable that names where a secret is (DB_PASSWORD_FILE=/run/secrets/db) holds no secret itself,
# nor does one that sets how a secret is handled (TOKEN_TTL=3600, PASSWORD_MIN_LENGTH=12).
_NOT_THE_SECRET = frozenset(
    {
        "FILE",
        "PATH",
        "DIR",
        "URL",
        "ENDPOINT",
        "NAME",
        "ENABLED",
        "TTL",
        "EXPIRY",
        "EXPIRES",
        "EXPIRATION",
        "LENGTH",
        "TIMEOUT",
        "LIFETIME",
        "ALGORITHM",
        "HEADER",
        "PREFIX",
    }
)
# `*_KEY` holds a secret (APP_KEY, ENCRYPTION_KEY, STRIPE_KEY) unless the key is public or not
# cryptographic: GPG_KEY is the fingerprint official images verify their downloads with.
_PUBLIC_KEYS = frozenset(
    {"GPG", "PGP", "PUBLIC", "PUB", "CACHE", "SORT", "PARTITION", "PRIMARY", "FOREIGN", "ROUTING", "OBJECT"}
)
# `scheme://user:password@host`: the user information ends at the first `@`, and holds no `/`.
#: What :func:`secret_name` counts, for the rules' docs (Markdown, one sentence).
SECRET_NAMES = (
    "a name with `PASSWORD`, `PASSWD`, `PASSPHRASE`, `SECRET`, `TOKEN`, `APIKEY` or `PGPASSWORD` as a "
    "word, `API_KEY`, `PRIVATE_KEY`, `ACCESS_KEY`, `SECRET_KEY` or `MYSQL_PWD` in it, or ending in `_KEY` "
    "(not `GPG_KEY`, `PUBLIC_KEY`, `CACHE_KEY` and other keys that are no secret); a name ending in "
    "`_FILE`, `_PATH`, `_DIR`, `_URL`, `_ENDPOINT` or `_NAME` points at a secret rather than holds one, "
    "and one ending in `_ENABLED`, `_TTL`, `_EXPIRY`, `_LENGTH`, `_TIMEOUT`, `_ALGORITHM` and the like "
    "configures it"
)
_URL_PASSWORD = re.compile(
    r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?P<user>[^\s/@:]*):(?P<password>[^\s/@]*)@"
)


def secret_name(name: str) -> bool:
    """Tell whether a variable's name says it holds a secret.

    Args:
        name: A variable name (``DB_PASSWORD``, ``api-key``, ``STRIPE_KEY``).

    Returns:
        True for a name with ``PASSWORD``, ``PASSWD``, ``PASSPHRASE``, ``SECRET``, ``TOKEN``, ``APIKEY``
        or ``PGPASSWORD`` as a word, ``API_KEY``, ``PRIVATE_KEY``, ``ACCESS_KEY``, ``SECRET_KEY`` or
        ``MYSQL_PWD`` in it, or a last word ``KEY`` after a word that is not a public or database key
        (``GPG_KEY``, ``PUBLIC_KEY``, ``CACHE_KEY``); False when the last word says the variable points
        at a secret or configures it (``_FILE``, ``_PATH``, ``_URL``, ``_NAME``, ``_TTL``, ...).

    """
    parts = [part for part in re.split(r"[_.-]", name.upper()) if part]
    if not parts or parts[-1] in _NOT_THE_SECRET:
        return False
    if len(parts) >= 2 and parts[-1] == "KEY" and parts[-2] not in _PUBLIC_KEYS:
        return True
    return bool(_SECRET_WORDS.intersection(parts)) or any(pair in _SECRET_PAIRS for pair in pairwise(parts))


def literal(value: str) -> bool:
    """Tell whether a value is written out, not taken from a variable (``$VAR``, ``${VAR...}``) or empty.

    Args:
        value: The value as written.

    Returns:
        True when it is non-empty and does not start with ``$``.

    """
    stripped = value.strip()
    return bool(stripped) and not stripped.startswith("$")


def url_passwords(text: str) -> list[str]:
    """Return the URLs in ``text`` that carry a written-out password, shown without it.

    Args:
        text: Any value (``postgres://app:hunter2@db/app``).

    Returns:
        Each such URL's start with the password masked (``postgres://app:***@``), in order. A password
        taken from a variable (``postgres://app:${DB_PASSWORD}@db``) or left empty is not listed.

    """
    return [
        f"{match['scheme']}://{match['user']}:***@"
        for match in _URL_PASSWORD.finditer(text)
        if literal(match["password"])
    ]
