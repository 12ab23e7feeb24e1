"""Variable substitution as Dockerfiles and compose files do it: ``$VAR``, ``${VAR}``, ``${VAR:-default}``.

A check never sees the build arguments or the environment a file is used with, so it substitutes only
what the file itself says (ARG defaults, ``:-`` defaults) and reports anything else as unknown.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_REFERENCE = re.compile(
    r"\$(?:\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-+?])(?P<word>[^}]*))?\}"
    r"|(?P<bare>[A-Za-z_][A-Za-z0-9_]*))"
)


class _Unknown(Exception):
    """A variable with no value and no default."""


def expand(text: str, values: Mapping[str, str], *, unset: str | None = None) -> str | None:
    """Substitute variable references in ``text``.

    Args:
        text: The text holding ``$VAR`` or ``${VAR...}`` references.
        values: The variables that have a value.
        unset: What a variable with no value and no default becomes; None makes the whole result
            unknown (None), as for a build argument only the build command would give.

    Returns:
        The substituted text, or None when it depends on a value the file does not give.

    """

    def substitute(match: re.Match[str]) -> str:
        name = match.group("braced") or match.group("bare")
        op, word = match.group("op"), match.group("word") or ""
        value = values.get(name)
        if op in {":-", "-"}:
            missing = value is None or (op == ":-" and value == "")
            return word if missing else str(value)
        if op in {":+", "+"}:
            present = value is not None and (op == "+" or value != "")
            return word if present else ""
        if value is not None:
            return value
        if unset is None:
            raise _Unknown
        return unset

    try:
        return _REFERENCE.sub(substitute, text)
    except _Unknown:
        return None
