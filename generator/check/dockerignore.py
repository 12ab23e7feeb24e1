"""The .dockerignore rules (``DI``): is there one, and does it keep ``.env`` and ``.git`` out.

Patterns are matched the way Docker's builder does: each is cleaned like a path, ``*`` and ``?`` stay
within one path segment, ``**`` spans any number of them, a pattern that matches a folder excludes
everything in it, and the last pattern that matches wins, so ``!`` lines can let a path back in.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from generator.check import rules
from generator.check.dockerfile_syntax import Dockerfile
from generator.check.model import Finding, Rule

# What must never reach the build context, and the rule that says so.
_MUST_EXCLUDE: tuple[tuple[str, Rule], ...] = (
    (".env", rules.DOCKERIGNORE_LETS_ENV_IN),
    (".git", rules.DOCKERIGNORE_LETS_GIT_IN),
)


@dataclass(frozen=True)
class _Pattern:
    line: int
    text: str
    negated: bool
    regex: re.Pattern[str]


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
    """Report a Dockerfile that copies from its build context with no ignore file to filter it.

    Args:
        dockerfile: The parsed Dockerfile.
        ignore_file: What :func:`ignore_file_for` found.

    Returns:
        One finding at the first ``COPY``/``ADD`` from the context, or none.

    """
    if ignore_file is not None:
        return []
    for stage in dockerfile.stages:
        for instruction in stage.of("COPY", "ADD"):
            if instruction.copies_from_context():
                return [
                    Finding(
                        rule=rules.NO_DOCKERIGNORE,
                        file=dockerfile.path,
                        line=instruction.line,
                        message=f"no .dockerignore beside {dockerfile.path.name}: {instruction.keyword} "
                        "reads from a build context that nothing filters",
                    )
                ]
    return []


def check_dockerignore(text: str, *, path: Path) -> list[Finding]:
    """Report what an ignore file lets into the build context that must stay out.

    Args:
        text: The ignore file's content.
        path: Where it was read from.

    Returns:
        A finding for ``.env`` and one for ``.git`` if they are not excluded; at the ``!`` line that lets
        them back in, or at line 1 when no line excludes them.

    """
    patterns = _patterns(text)
    findings = []
    for name, rule in _MUST_EXCLUDE:
        deciding = _last_match(patterns, name)
        if deciding is None:
            findings.append(Finding(rule, path, 1, f"{path.name} does not exclude {name}"))
        elif deciding.negated:
            findings.append(Finding(rule, path, deciding.line, f"`{deciding.text}` lets {name} back in"))
    return findings


def _last_match(patterns: list[_Pattern], name: str) -> _Pattern | None:
    found = None
    for pattern in patterns:
        if pattern.regex.match(name):
            found = pattern
    return found


def _patterns(text: str) -> list[_Pattern]:
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
        patterns.append(_Pattern(number, line, negated, _regex(cleaned)))
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
