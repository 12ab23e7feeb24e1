r"""Make text taken from checked files safe to print: control characters escaped, long snippets cut.

A file name or a line of a checked file ends up in the report and in error messages. Printed raw, a
newline in it could fake a line of the report, or start a GitHub Actions workflow command (``::error``)
in a CI log; a carriage return or an ANSI escape could rewrite what a terminal shows. Every C0 and C1
control character, DEL, and the Unicode line and paragraph separators are therefore written as escapes
(``\n``, ``\x1b``, ``\u2028``) wherever such text is printed, and so are lone surrogates (``\udcff``, a
byte of a file name that is not UTF-8), which cannot be printed at all.
"""

from __future__ import annotations

import re

# C0 controls (tab and newline included), DEL, C1 controls, the Unicode line and paragraph separators, and
# lone surrogates: a file name that is not UTF-8 holds them (os.fsdecode), and they cannot be printed.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}

#: How many characters of a file's text an error message quotes at most.
SNIPPET_CHARS = 60


def escape(text: str) -> str:
    r"""Write control characters and line separators in ``text`` as backslash escapes.

    Args:
        text: Text from a checked file or its name.

    Returns:
        The text with ``\t``, ``\n`` and ``\r`` named, other C0 and C1 controls and DEL as ``\xNN``,
        and U+2028, U+2029 and lone surrogates as ``\uNNNN``; everything else unchanged.

    """
    return _UNSAFE.sub(_escaped, text)


def snippet(text: str, *, limit: int = SNIPPET_CHARS) -> str:
    """Quote a piece of a checked file for an error message: escaped, in quotes, cut to ``limit`` chars.

    Args:
        text: The piece of the file.
        limit: The most characters of it to keep; a longer piece ends in ``...``.

    Returns:
        The quoted snippet.

    """
    cut = text if len(text) <= limit else text[:limit] + "..."
    return f"'{escape(cut)}'"


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"
