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
# A secret-looking name with one of these words turns a behaviour on or off (MYSQL_RANDOM_ROOT_PASSWORD=1
# makes up a root password, MYSQL_ALLOW_EMPTY_PASSWORD=yes allows none): with a yes/no value it is a switch.
_SWITCH_WORDS = frozenset({"RANDOM", "ALLOW", "EMPTY", "ONETIME", "GENERATE", "SKIP", "DISABLE", "REQUIRE"})
_SWITCH_VALUES = frozenset({"1", "0", "yes", "no", "true", "false", "on", "off", "y", "n"})
#: What :func:`secret_name` counts, for the rules' docs (Markdown, one sentence).
SECRET_NAMES = (
    "a name with `PASSWORD`, `PASSWD`, `PASSPHRASE`, `SECRET`, `TOKEN`, `APIKEY` or `PGPASSWORD` as a "
    "word, `API_KEY`, `PRIVATE_KEY`, `ACCESS_KEY`, `SECRET_KEY` or `MYSQL_PWD` in it, or ending in `_KEY` "
    "(not `GPG_KEY`, `PUBLIC_KEY`, `CACHE_KEY` and other keys that are no secret); a name ending in "
    "`_FILE`, `_PATH`, `_DIR`, `_URL`, `_ENDPOINT` or `_NAME` points at a secret rather than holds one, "
    "and one ending in `_ENABLED`, `_TTL`, `_EXPIRY`, `_LENGTH`, `_TIMEOUT`, `_ALGORITHM` and the like "
    "configures it"
)
# `scheme://user:password@host`, read from each `://`: the scheme before it (a short word: at most 32
# characters are looked at), and the user information after it, which ends at the first `@` and holds no
# `/`. Each part of the text is read about once, however long it is.
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*$")
_USER_INFO = re.compile(r"(?P<user>[^\s/@:]*):(?P<password>[^\s/@]*)@")


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
    found: list[str] = []
    at = text.find("://")
    while at >= 0:
        scheme = _SCHEME.search(text, max(0, at - 32), at)
        user_info = _USER_INFO.match(text, at + 3)
        if scheme is not None and user_info is not None and literal(user_info["password"]):
            found.append(f"{scheme.group()}://{user_info['user']}:***@")
        at = text.find("://", at + 3)
    return found


def switch(name: str, value: str) -> bool:
    """Tell whether a secret-looking variable is a switch, not a secret: ``MYSQL_RANDOM_ROOT_PASSWORD=1``.

    Args:
        name: The variable's name.
        value: Its value as written.

    Returns:
        True when the name has a word that turns something on or off (``RANDOM``, ``ALLOW``, ``EMPTY``,
        ``ONETIME``, ``GENERATE``, ``SKIP``, ``DISABLE``, ``REQUIRE``) and the value is a yes or a no
        (``1``, ``0``, ``yes``, ``no``, ``true``, ``false``, ``on``, ``off``, any case).

    """
    words = {part for part in re.split(r"[_.-]", name.upper()) if part}
    return bool(words & _SWITCH_WORDS) and value.strip().lower() in _SWITCH_VALUES
