"""Variable substitution as Dockerfiles and compose files do it: ``$VAR``, ``${VAR}``, ``${VAR:-default}``.

BuildKit also takes the shell's ``${VAR#pattern}``, ``${VAR%pattern}`` (and ``##``, ``%%``) and
``${VAR/pattern/replacement}`` (and ``//``); they are read as one reference too.

A check never sees the build arguments or the environment a file is used with, so it substitutes only
what the file itself says (ARG defaults, ``:-`` defaults) and reports anything else as unknown.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from fnmatch import fnmatchcase

_REFERENCE = re.compile(
    r"\$(?:\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-+?]|\#\#?|%%?|//?)(?P<word>[^}]*))?\}"
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
            return _edit(value, op, word) if op else value
        if unset is None:
            raise _Unknown
        return unset

    try:
        return _REFERENCE.sub(substitute, text)
    except _Unknown:
        return None


def _edit(value: str, op: str, word: str) -> str:
    """Apply a pattern operator (``#``, ``##``, ``%``, ``%%``, ``/``, ``//``) to a known value."""
    if op in {"#", "##"}:
        cuts = range(len(value) + 1) if op == "#" else range(len(value), -1, -1)
        return next((value[cut:] for cut in cuts if fnmatchcase(value[:cut], word)), value)
    if op in {"%", "%%"}:
        cuts = range(len(value), -1, -1) if op == "%" else range(len(value) + 1)
        return next((value[:cut] for cut in cuts if fnmatchcase(value[cut:], word)), value)
    if op in {"/", "//"}:
        # The first `/` not escaped ends the pattern (`${PLATFORM//\//-}` replaces each `/`).
        parts = re.split(r"(?<!\\)/", word, maxsplit=1)
        pattern, replacement = parts[0], parts[1] if len(parts) > 1 else ""
        return _replace(value, pattern.replace("\\/", "/"), replacement, every=op == "//")
    return value


def _replace(value: str, pattern: str, replacement: str, *, every: bool) -> str:
    """Replace the longest match of a glob pattern, the first one or (``every``) each one."""
    if not pattern:
        return value
    out: list[str] = []
    start = 0
    while start <= len(value):
        end = next(
            (end for end in range(len(value), start, -1) if fnmatchcase(value[start:end], pattern)), None
        )
        if end is None:
            if start < len(value):
                out.append(value[start])
            start += 1
            continue
        out.append(replacement)
        start = end
        if not every:
            out.append(value[start:])
            return "".join(out)
    return "".join(out)
