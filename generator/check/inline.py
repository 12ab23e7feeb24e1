"""Suppression comments: ``# scaffold: ignore=DF003,DF009 reason`` in the checked files themselves.

As hadolint's ``# hadolint ignore=DL3008``, a comment suppresses the rules it names for one instruction,
key or line:

- in a Dockerfile, a comment line just above the instruction, or a comment on one of its own lines: a
  comment line inside its continuation lines, a shell comment ending one of them, or a comment in one of
  its here-documents;
- in a compose file, a YAML comment ending the line a finding points at (the key), or a comment line just
  above it;
- in a .dockerignore, a comment line (``#`` as its very first character, as Docker reads comments) just
  above the pattern, or, for findings about what the file lacks (reported on line 1), on line 1 itself.

Ids are listed with commas; whatever follows them is the reason, kept as the SARIF justification. An id
that names no rule is reported as a :class:`~generator.check.model.Notice` (as ruff warns about unknown
codes in ``# noqa``), and so is a comment that names no id at all; the ids it does know still apply.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.check.model import Finding, Notice, Suppression

#: What a suppression comment looks like, for messages and the docs.
FORM = "# scaffold: ignore=DF003[,DF009] [reason]"

_MARK = re.compile(r"(?:^|(?<=\s))#\s*scaffold\s*:\s*ignore\b(?P<rest>.*)", re.IGNORECASE)
_IDS = re.compile(r"\s*=\s*(?P<ids>[A-Za-z]+[0-9]+(?:\s*,\s*[A-Za-z]+[0-9]+)*)(?P<reason>.*)")
_SEPARATORS = " \t,;:-\u2013\u2014"


@dataclass(frozen=True)
class Directive:
    """One ``# scaffold: ignore=`` comment.

    Attributes:
        line: 1-based line it is on.
        rules: The ids it names, upper-case.
        reason: What follows the ids, or "".
        whole_line: True when the comment is the whole line (only then does it reach the line below).

    """

    line: int
    rules: tuple[str, ...]
    reason: str
    whole_line: bool


def read_directives(
    text: str, *, dockerignore: bool = False
) -> tuple[list[Directive], list[tuple[int, str]]]:
    """Find the suppression comments in a file's text.

    Args:
        text: The file's content.
        dockerignore: Read it as a .dockerignore: only a line whose first character is ``#`` is a
            comment there (anything else is a pattern).

    Returns:
        The comments, in line order, and the lines holding a ``# scaffold: ignore`` that names no rule id
        (line, problem).

    """
    directives: list[Directive] = []
    malformed: list[tuple[int, str]] = []
    if "scaffold" not in text.lower():  # the common case: nothing to look for, line by line
        return directives, malformed
    for number, line in enumerate(text.split("\n"), start=1):
        mark = _MARK.search(line)
        if mark is None or (dockerignore and not line.startswith("#")):
            continue
        found = _IDS.match(mark.group("rest"))
        if found is None:
            malformed.append((number, f"`# scaffold: ignore` names no rule id; write `{FORM}`"))
            continue
        rules = tuple(part.strip().upper() for part in found.group("ids").split(","))
        reason = found.group("reason").strip().lstrip(_SEPARATORS).strip()
        whole = line[: mark.start()].strip() == ""
        directives.append(Directive(number, rules, reason, whole))
    return directives, malformed


def suppress_inline(
    findings: Iterable[Finding],
    *,
    text: str,
    path: Path,
    known: Sequence[str],
    spans: Sequence[tuple[int, int]] = (),
    dockerignore: bool = False,
) -> tuple[list[Finding], list[Notice]]:
    """Mark the findings in one file that its suppression comments name.

    Args:
        findings: The findings in the file.
        text: The file's content.
        path: The file, for notices.
        known: Every rule id; a comment naming another is a notice.
        spans: The first and last line of each unit a comment covers as a whole (a Dockerfile's
            instructions); a finding on a line outside them covers that line alone.
        dockerignore: Read the text as a .dockerignore (see :func:`read_directives`).

    Returns:
        The findings, those named by a comment with an ``inSource`` suppression added, and the notices
        about comments that name an unknown id or none.

    """
    directives, malformed = read_directives(text, dockerignore=dockerignore)
    notices = [Notice(path, line, problem) for line, problem in malformed]
    known_ids = set(known)
    for directive in directives:
        unknown = [rule for rule in directive.rules if rule not in known_ids]
        if unknown:
            notices.append(
                Notice(path, directive.line, f"`# scaffold: ignore` names {', '.join(unknown)}: no such rule")
            )
    if not directives:
        return list(findings), notices
    by_line: dict[int, Directive] = {directive.line: directive for directive in directives}
    marked = []
    for finding in findings:
        first, last = _span(finding.line, spans)
        reaching = [by_line[line] for line in range(first, last + 1) if line in by_line]
        above = by_line.get(first - 1)
        if above is not None and above.whole_line:
            reaching.insert(0, above)
        naming = next((directive for directive in reaching if finding.rule.id in directive.rules), None)
        if naming is not None:
            suppression = Suppression("inSource", naming.reason, naming.line)
            finding = dataclasses.replace(finding, suppressions=(*finding.suppressions, suppression))
        marked.append(finding)
    return marked, notices


def _span(line: int, spans: Sequence[tuple[int, int]]) -> tuple[int, int]:
    for first, last in spans:
        if first <= line <= last:
            return first, last
    return line, line
