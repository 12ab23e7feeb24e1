"""Fix one file's findings with the fixes its rules define (``autofix=`` on a rule).

Each fix is tried on its own and kept only when the file still parses, the finding it was for is gone
and no finding appears that was not there before; otherwise the file stays as it was for that finding,
which is then left. So a fixed file holds no finding a fix could remove, and a second run changes nothing.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from generator.check.compose import Service, check_compose, parse_compose, services
from generator.check.dockerfile import BuildTarget, check_dockerfile, reported_hits
from generator.check.dockerfile_syntax import Dockerfile, parse_dockerfile
from generator.check.fixing import ComposeFix, DockerfileFix, Lines, load_compose
from generator.check.model import Finding, Hit, Rule
from generator.check.registry import all_rules, rules_reading
from generator.check.source import ParseError

# How many fixes one file may take: each is one finding, and files hold a few dozen at most.
_MAX_ATTEMPTS = 1000


@dataclass(frozen=True)
class Fixed:
    """A file's text after its fixes.

    Attributes:
        text: The new text (the same text when nothing could be fixed).
        fixed: The findings the fixes removed, as they were reported on the original file.

    """

    text: str
    fixed: tuple[Finding, ...]


def fixable(findings: Sequence[Finding]) -> list[Finding]:
    """Return the findings a fix may touch: those that count (not suppressed) of a rule with a fix."""
    return [finding for finding in findings if not finding.suppressed and finding.rule.autofix is not None]


def fix_dockerfile(
    text: str, *, path: Path, findings: Sequence[Finding], targets: Sequence[BuildTarget] = ((None, ""),)
) -> Fixed:
    """Fix a Dockerfile's findings, rule by rule in id order, one instruction at a time.

    Args:
        text: The Dockerfile's text.
        path: Where it is, for parsing (and for the fixes that look beside it).
        findings: Its findings to fix (see :func:`fixable`).
        targets: The stages the check judged as shipped (its builds' targets), so that a fix acts on the
            stage its finding is about.

    Returns:
        The new text and the findings fixed.

    """
    lines = Lines.of(text)
    if lines is None:
        return Fixed(text, ())
    wanted = {(finding.rule.id, finding.line, finding.message): finding for finding in fixable(findings)}
    fixed: list[Finding] = []
    for rule in _rules(wanted.values()):
        attempted: set[tuple[str, int, str]] = set()
        for _ in range(_MAX_ATTEMPTS):
            dockerfile = _parsed_dockerfile(lines.text(), path)
            if dockerfile is None:
                return Fixed(lines.text(), tuple(fixed))
            found = next(
                (
                    (judged, key)
                    for judged, hit in reported_hits(dockerfile, rule, targets=targets)
                    if (key := (rule.id, lines.origin[hit.line - 1], hit.message)) in wanted
                    and key not in attempted
                ),
                None,
            )
            if found is None:
                break
            judged, key = found
            attempted.add(key)
            trial = _tried(cast(DockerfileFix, rule.autofix), judged, key, lines, path=path, targets=targets)
            if trial is not None:
                lines = trial
                fixed.append(wanted[key])
    return Fixed(lines.text(), tuple(fixed))


def _tried(
    fix: DockerfileFix,
    dockerfile: Dockerfile,
    key: tuple[str, int, str],
    lines: Lines,
    *,
    path: Path,
    targets: Sequence[BuildTarget],
) -> Lines | None:
    """Apply one fix to a copy of the lines; return it if it removes the finding and adds none."""
    rule_id, original, message = key
    line = lines.current(original)
    if line is None:
        return None
    edit = fix(dockerfile, Hit(line, message), list(lines.lines))
    if edit is None:
        return None
    trial = copy.deepcopy(lines)
    trial.apply(edit)
    after = _parsed_dockerfile(trial.text(), path)
    if after is None:
        return None
    before = _counted(dockerfile, targets)
    now = _counted(after, targets)
    return trial if now[(rule_id, message)] < before[(rule_id, message)] and not now - before else None


def _counted(dockerfile: Dockerfile, targets: Sequence[BuildTarget]) -> Counter[tuple[str, str]]:
    """Count a Dockerfile's findings by rule id and message (lines move as fixes add lines)."""
    return Counter(
        (finding.rule.id, finding.message) for finding in check_dockerfile(dockerfile, targets=targets)
    )


def _parsed_dockerfile(text: str, path: Path) -> Dockerfile | None:
    try:
        return parse_dockerfile(text, path=path)
    except ParseError:
        return None


def fix_compose(text: str, *, path: Path, findings: Sequence[Finding]) -> Fixed:
    """Fix a compose file's findings, one at a time, through a round trip that keeps comments.

    A file whose untouched round trip is not byte-identical (see
    :func:`~generator.check.fixing.load_compose`) is not changed.

    Args:
        text: The compose file's text.
        path: Where it is, for parsing.
        findings: Its findings to fix (see :func:`fixable`).

    Returns:
        The new text and the findings fixed.

    """
    wanted = Counter((finding.rule.id, finding.message) for finding in fixable(findings))
    by_key = {(finding.rule.id, finding.message): finding for finding in fixable(findings)}
    fixed: list[Finding] = []
    attempted: set[tuple[str, str]] = set()
    current = text
    for _ in range(_MAX_ATTEMPTS):
        try:
            located = parse_compose(current, path=path)
        except ParseError:
            break
        found = next(
            (
                (rule, service, hit)
                for service in services(located)
                for rule in rules_reading(Service)
                if rule.autofix is not None
                for hit in rule.check(service)
                if (key := (rule.id, f"service {service.name!r}: {hit.message}")) in wanted
                and key not in attempted
            ),
            None,
        )
        if found is None:
            break
        rule, service, hit = found
        key = (rule.id, f"service {service.name!r}: {hit.message}")
        attempted.add(key)
        document = load_compose(current)
        own = _own_mapping(document.data if document else None, service.name)
        if document is None or own is None or not cast(ComposeFix, rule.autofix)(own, hit):
            continue
        trial = document.dump()
        if _compose_improved(current, trial, key=key, path=path):
            current = trial
            fixed.append(by_key[key])
    return Fixed(current, tuple(fixed))


def _own_mapping(data: Any, name: str) -> Any:
    """Return a service's own round-trip mapping, or None."""
    from ruamel.yaml.comments import CommentedMap

    found = data.get("services") if isinstance(data, CommentedMap) else None
    own = found.get(name) if isinstance(found, CommentedMap) else None
    return own if isinstance(own, CommentedMap) else None


def _compose_improved(before: str, after: str, *, key: tuple[str, str], path: Path) -> bool:
    """Tell whether ``after`` parses, lacks the finding ``key`` and has no finding ``before`` lacked."""
    try:
        old = Counter(
            (f.rule.id, f.message) for f in check_compose(parse_compose(before, path=path), path=path)
        )
        new = Counter(
            (f.rule.id, f.message) for f in check_compose(parse_compose(after, path=path), path=path)
        )
    except ParseError:
        return False
    return new[key] < old[key] and not new - old


def _rules(findings: Iterable[Finding]) -> list[Rule[Any]]:
    """The rules of ``findings``, in the registry's order."""
    present = {finding.rule for finding in findings}
    return [rule for rule in all_rules() if rule in present]
