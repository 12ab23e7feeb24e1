r"""Read .dockerignore files and run the .dockerignore rules (``generator/check/rules/dockerignore/``).

The file is read the way Docker's builder reads it: lines end at ``\n`` only, a line starting with
``#`` is a comment, and each pattern is cleaned like a path. Patterns match as Docker's do: ``*`` and
``?`` stay within one path segment, ``**`` spans any number of them, ``[...]`` is a character class
(``[^...]`` negates it; ``!`` inside is a plain character, as in Go), a pattern that matches a folder
excludes everything in it, and the last pattern that matches wins, so ``!`` lines can let a path back in.
A pattern Docker refuses (``[]``, ``[z-a]``, an unclosed ``[``, a lone ``!``) makes Docker refuse the
whole build, so it is a :class:`~generator.check.source.ParseError` here too.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from generator.check.context import Context, ignore_file_in
from generator.check.dockerfile_syntax import Dockerfile
from generator.check.escaping import escape, snippet
from generator.check.model import Finding, Hit
from generator.check.registry import rules_reading
from generator.check.source import ParseError

# What Go's strings.TrimSpace strips (Unicode White_Space); unlike str.strip(), not \x1c-\x1f.
_GO_SPACE = (
    "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)
_REFUSED = "Docker refuses to build with this file"


class _BadPatternError(ValueError):
    """A pattern Go's ``filepath.Match`` or ``regexp`` refuses; the message says why."""


@dataclass(frozen=True)
class Pattern:
    """One line of an ignore file.

    Attributes:
        line: 1-based line number.
        text: The line as written (stripped).
        negated: True for a ``!`` line, which lets matching paths back in.
        regex: Matches the paths the line applies to, and everything under them.

    """

    line: int
    text: str
    negated: bool
    regex: re.Pattern[str]


@dataclass(frozen=True)
class IgnoreFile:
    """An ignore file's patterns: what the rules that read an ignore file get.

    Attributes:
        path: Where it was read from.
        patterns: Its pattern lines, in order (comments and blank lines left out).

    """

    path: Path
    patterns: tuple[Pattern, ...]

    def deciding(self, name: str) -> Pattern | None:
        """Return the last pattern that matches a path in the build context, which decides its fate.

        Args:
            name: A path relative to the build context, such as ``.env``.

        Returns:
            The pattern, or None when no line matches (the path is sent).

        """
        found = None
        for pattern in self.patterns:
            if pattern.regex.match(name):
                found = pattern
        return found


@dataclass(frozen=True)
class BuildContext:
    """A Dockerfile and the ignore file that filters its build context, if it has one.

    Attributes:
        dockerfile: The parsed Dockerfile.
        ignore_file: The ignore file the builder reads (:func:`generator.check.context.ignore_file_in`).
        context: Where the build context is (:mod:`generator.check.context`); None for the Dockerfile's
            folder.

    """

    dockerfile: Dockerfile
    ignore_file: Path | None
    context: Context | None = None


def ignore_file_for(dockerfile: Path) -> Path | None:
    """Return the ignore file the builder uses for a Dockerfile built from its own folder, if there is one.

    That is ``docker build .`` beside it; :func:`generator.check.context.ignore_file_in` takes another
    context.

    Args:
        dockerfile: The Dockerfile's path.

    Returns:
        ``<Dockerfile name>.dockerignore`` beside it, else ``.dockerignore`` there, else None.

    """
    return ignore_file_in(dockerfile, dockerfile.parent)


def check_missing(
    dockerfile: Dockerfile, ignore_file: Path | None, *, context: Context | None = None
) -> list[Finding]:
    """Run the rules that read a Dockerfile together with its ignore file (is there one at all).

    Args:
        dockerfile: The parsed Dockerfile.
        ignore_file: The ignore file the builder reads, if any.
        context: Where the build context is; None for the Dockerfile's folder.

    Returns:
        The findings, on the Dockerfile.

    """
    built = BuildContext(dockerfile, ignore_file, context)
    return [
        Finding(rule, dockerfile.path, hit.line, hit.message)
        for rule in rules_reading(BuildContext)
        for hit in rule.check(built)
    ]


def check_dockerignore(text: str, *, path: Path) -> list[Finding]:
    """Run the rules that read an ignore file.

    Args:
        text: The ignore file's content.
        path: Where it was read from.

    Returns:
        The findings, on the ignore file, in rule order.

    Raises:
        ParseError: A line holds a pattern Docker refuses, which fails every build that uses the file.

    """
    ignore = parse_ignore_file(text, path=path)
    return [
        Finding(rule, path, hit.line, hit.message)
        for rule in rules_reading(IgnoreFile)
        for hit in rule.check(ignore)
    ]


def parse_ignore_file(text: str, *, path: Path) -> IgnoreFile:
    """Read an ignore file's patterns from its text (``path`` only names it in messages).

    Raises:
        ParseError: A line holds a pattern Docker refuses.

    """
    return IgnoreFile(path, tuple(_patterns(text, path=path)))


def must_exclude(ignore: IgnoreFile, name: str) -> Iterator[Hit]:
    """Report a path the ignore file lets into the build context.

    Args:
        ignore: The ignore file.
        name: A path that must stay out, such as ``.env``.

    Yields:
        One hit at line 1 when no line excludes it, or at the ``!`` line that lets it back in.

    """
    deciding = ignore.deciding(name)
    if deciding is None:
        yield Hit(1, f"{ignore.path.name} does not exclude {name}")
    elif deciding.negated:
        yield Hit(deciding.line, f"`{deciding.text}` lets {name} back in")


def _patterns(text: str, *, path: Path) -> list[Pattern]:
    """Read the pattern lines as Docker's ``ignorefile.ReadAll`` and ``patternmatcher.New`` do."""
    patterns = []
    for number, raw in enumerate(text.split("\n"), start=1):
        if raw.startswith("#"):  # a comment only when # is the very first character
            continue
        line = raw.strip(_GO_SPACE)
        if not line:
            continue
        negated = line.startswith("!")
        body = line[1:].strip(_GO_SPACE) if negated else line
        if negated and not body:
            raise ParseError(path=path, line=number, problem=f"a lone '!' is not a pattern; {_REFUSED}")
        cleaned = posixpath.normpath(body).lstrip("/")
        if cleaned in {"", "."}:
            continue
        try:
            regex = _regex(cleaned)
        except _BadPatternError as error:
            problem = f"{snippet(line)} is not a valid pattern ({error}); {_REFUSED}"
            raise ParseError(path=path, line=number, problem=problem) from None
        patterns.append(Pattern(number, line, negated, regex))
    return patterns


@lru_cache(maxsize=4096)  # ignore files repeat the same patterns; a refused one raises again
def _regex(pattern: str) -> re.Pattern[str]:
    """Translate a cleaned ignore pattern to a regex that also matches everything under a match.

    Raises:
        _BadPatternError: Docker refuses the pattern.

    """
    out = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if pattern.startswith("**", index):
            index += 2
            if pattern.startswith("/", index):
                index += 1
            out.append(".*" if index >= len(pattern) else "(.*/)?")
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            chars, index = _char_class(pattern, index)
            out.append(chars)
        elif char == "\\":
            index += 1
            if index == len(pattern):
                raise _BadPatternError("it ends in a lone backslash")
            out.append(re.escape(pattern[index]))
        else:
            out.append(re.escape(char))
        index += 1
    return re.compile("^" + "".join(out) + "(/.*)?$")


def _char_class(pattern: str, start: int) -> tuple[str, int]:
    """Translate the ``[...]`` class at ``start`` as Go's ``filepath.Match`` reads it.

    Returns:
        The Python regex class and the index of the closing ``]``.

    Raises:
        _BadPatternError: The class is empty, unclosed, starts a range with ``-`` or ``]``, or has a
            range whose ends are reversed.

    """
    index = start + 1
    negated = pattern.startswith("^", index)
    if negated:
        index += 1
    ranges: list[str] = []
    while not (pattern.startswith("]", index) and ranges):
        low, index = _class_char(pattern, index)
        high = low
        if pattern[index] == "-":
            high, index = _class_char(pattern, index + 1)
        if low > high:
            raise _BadPatternError(f"the range {escape(low)}-{escape(high)} is reversed")
        ranges.append(re.escape(low) if low == high else f"{re.escape(low)}-{re.escape(high)}")
    return "[" + ("^" if negated else "") + "".join(ranges) + "]", index


def _class_char(pattern: str, index: int) -> tuple[str, int]:
    r"""Read one character of a class (``\`` escapes the next); the class must go on after it."""
    if index >= len(pattern) or pattern[index] in "-]":
        raise _BadPatternError("an empty or unclosed [ ] class, or a range without a start")
    if pattern[index] == "\\":
        index += 1
        if index >= len(pattern):
            raise _BadPatternError("an unclosed [ ] class")
    char = pattern[index]
    index += 1
    if index >= len(pattern):
        raise _BadPatternError("an unclosed [ ] class")
    return char, index
