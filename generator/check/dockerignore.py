"""Read .dockerignore files and run the .dockerignore rules (``generator/check/rules/dockerignore/``).

Patterns are matched the way Docker's builder does: each is cleaned like a path, ``*`` and ``?`` stay
within one path segment, ``**`` spans any number of them, a pattern that matches a folder excludes
everything in it, and the last pattern that matches wins, so ``!`` lines can let a path back in.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.check.dockerfile_syntax import Dockerfile
from generator.check.model import Finding, Hit
from generator.check.registry import rules_reading


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
        ignore_file: What :func:`ignore_file_for` found.

    """

    dockerfile: Dockerfile
    ignore_file: Path | None


def ignore_file_for(dockerfile: Path) -> Path | None:
    """Return the ignore file the builder uses for a Dockerfile, if there is one.

    BuildKit prefers ``<Dockerfile name>.dockerignore`` beside the Dockerfile (``app.Dockerfile`` ->
    ``app.Dockerfile.dockerignore``) and otherwise reads ``.dockerignore`` at the root of the build
    context, which for ``docker build .`` and compose's default is the Dockerfile's folder.

    Args:
        dockerfile: The Dockerfile's path.

    Returns:
        The ignore file's path, or None if neither exists.

    """
    for candidate in (
        dockerfile.with_name(dockerfile.name + ".dockerignore"),
        dockerfile.parent / ".dockerignore",
    ):
        if candidate.is_file():
            return candidate
    return None


def check_missing(dockerfile: Dockerfile, ignore_file: Path | None) -> list[Finding]:
    """Run the rules that read a Dockerfile together with its ignore file (is there one at all).

    Args:
        dockerfile: The parsed Dockerfile.
        ignore_file: What :func:`ignore_file_for` found.

    Returns:
        The findings, on the Dockerfile.

    """
    context = BuildContext(dockerfile, ignore_file)
    return [
        Finding(rule, dockerfile.path, hit.line, hit.message)
        for rule in rules_reading(BuildContext)
        for hit in rule.check(context)
    ]


def check_dockerignore(text: str, *, path: Path) -> list[Finding]:
    """Run the rules that read an ignore file.

    Args:
        text: The ignore file's content.
        path: Where it was read from.

    Returns:
        The findings, on the ignore file, in rule order.

    """
    ignore = IgnoreFile(path, tuple(_patterns(text)))
    return [
        Finding(rule, path, hit.line, hit.message)
        for rule in rules_reading(IgnoreFile)
        for hit in rule.check(ignore)
    ]


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


def _patterns(text: str) -> list[Pattern]:
    patterns = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        negated = line.startswith("!")
        body = line[1:].strip() if negated else line
        cleaned = posixpath.normpath(body).lstrip("/")
        if cleaned in {"", "."}:
            continue
        patterns.append(Pattern(number, line, negated, _regex(cleaned)))
    return patterns


def _regex(pattern: str) -> re.Pattern[str]:
    """Translate a cleaned ignore pattern to a regex that also matches everything under a match."""
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
            end = pattern.find("]", index + 1)
            if end == -1:
                out.append(re.escape(char))
            else:
                body = pattern[index + 1 : end]
                out.append("[" + ("^" + body[1:] if body.startswith("!") else body) + "]")
                index = end
        elif char == "\\" and index + 1 < len(pattern):
            index += 1
            out.append(re.escape(pattern[index]))
        else:
            out.append(re.escape(char))
        index += 1
    return re.compile("^" + "".join(out) + "(/.*)?$")
