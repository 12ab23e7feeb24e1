"""What a check reports: rules, findings, severities and the failure threshold."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning", "info"]
#: ``--fail-on``: the lowest severity that fails the run, or ``never``.
FailOn = Literal["error", "warning", "info", "never"]
#: What a rule looks at.
Target = Literal["dockerfile", "dockerignore", "compose"]

_RANK: dict[Severity, int] = {"info": 0, "warning": 1, "error": 2}


@dataclass(frozen=True)
class Rule:
    """One check, with everything a reader needs to act on it without looking anything up.

    Attributes:
        id: Stable identifier: ``DF`` Dockerfile, ``DI`` .dockerignore, ``CF`` compose file.
        name: Short kebab-case name (SARIF ``name``).
        severity: How much it matters: ``error`` (exposes the host or a secret), ``warning``
            (hardening or robustness gap), ``info`` (wasted size or build time).
        target: The kind of file the rule reads.
        summary: What is wrong, in a few words.
        why: One line: what goes wrong if it stays.
        fix: One line: what to write instead.

    """

    id: str
    name: str
    severity: Severity
    target: Target
    summary: str
    why: str
    fix: str


@dataclass(frozen=True)
class Finding:
    """One rule broken at one place.

    Attributes:
        rule: The rule broken.
        file: The file, as it was found from the paths given.
        line: 1-based line number.
        message: What exactly is wrong here (names the instruction, key or value).

    """

    rule: Rule
    file: Path
    line: int
    message: str

    @property
    def severity(self) -> Severity:
        """The rule's severity."""
        return self.rule.severity

    def sort_key(self) -> tuple[str, int, str]:
        """Order by file, line, then rule id."""
        return (self.file.as_posix(), self.line, self.rule.id)


def reaches(findings: Iterable[Finding], fail_on: FailOn) -> bool:
    """Tell whether any finding is at least as severe as the ``fail_on`` threshold.

    Args:
        findings: The findings of a run.
        fail_on: The threshold; ``never`` never fails.

    Returns:
        True if the run should fail.

    """
    if fail_on == "never":
        return False
    threshold = _RANK[fail_on]
    return any(_RANK[finding.severity] >= threshold for finding in findings)
