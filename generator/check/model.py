"""What a check reports: rules, findings, severities and the failure threshold."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, Literal, NamedTuple, TypeVar

Severity = Literal["error", "warning", "info"]
#: ``--fail-on``: the lowest severity that fails the run, or ``never``.
FailOn = Literal["error", "warning", "info", "never"]
#: How a finding was suppressed, in SARIF's words: a comment in the file, or the configuration or flags.
SuppressionKind = Literal["inSource", "external"]
#: What a rule is about, and the order rules are listed in (reports, SARIF, docs).
Target = Literal["dockerfile", "dockerignore", "compose"]
TARGETS: tuple[Target, ...] = ("dockerfile", "dockerignore", "compose")

_RANK: dict[Severity, int] = {"info": 0, "warning": 1, "error": 2}

#: What a rule's check reads: a parsed Dockerfile, an ignore file, a compose service, ...
SubjectT = TypeVar("SubjectT")


class Hit(NamedTuple):
    """One place a check found its rule broken; the runner adds the rule and the file.

    Attributes:
        line: 1-based line number.
        message: What exactly is wrong here (names the instruction, key or value).

    """

    line: int
    message: str


# eq=False: a rule is one object, compared and hashed by identity (its examples are dicts).
@dataclass(frozen=True, eq=False)
class Rule(Generic[SubjectT]):
    """One check, with everything a reader needs to act on it without looking anything up.

    Attributes:
        id: Stable identifier, never reused: ``DF`` Dockerfile, ``DI`` .dockerignore, ``CF`` compose file.
        name: Short kebab-case name (SARIF ``name``).
        severity: How much it matters: ``error`` (exposes the host or a secret), ``warning``
            (hardening or robustness gap), ``info`` (wasted size or build time).
        target: The kind of file the rule is about.
        title: What is wrong, in a few words (SARIF ``shortDescription``).
        why: One line: what goes wrong if it stays.
        fix: One line: what to write instead.
        reported: Exactly what is reported and what is not, for the docs (Markdown).
        related: The nearest rules of other linters, for the docs, or ``none``.
        bad: Files that break the rule (name -> content), as they sit in one folder.
        good: The same files, fixed.
        reads: The type of subject :attr:`check` reads; the runners pick their rules by it.
        check: Yields a :class:`Hit` for each place the subject breaks the rule.
        autofix: How ``scaffold check --fix`` fixes a finding, for a rule whose fix is mechanical and
            safe (:mod:`generator.check.fixing` gives the signatures), or None.

    """

    id: str
    name: str
    severity: Severity
    target: Target
    title: str
    why: str
    fix: str
    reported: str
    related: str
    bad: Mapping[str, str]
    good: Mapping[str, str]
    reads: type[SubjectT]
    check: Callable[[SubjectT], Iterable[Hit]]
    autofix: Callable[..., object] | None = None


@dataclass(frozen=True)
class Suppression:
    """Why a finding is not held against the file: it is still reported, marked as suppressed.

    Attributes:
        kind: ``inSource`` for a ``# scaffold: ignore=`` comment, ``external`` for ``select``,
            ``ignore`` or ``per-file-ignores`` (configuration file or flags).
        justification: The comment's reason, or which setting turned the rule off; may be empty.
        line: The comment's line, for ``inSource``.

    """

    kind: SuppressionKind
    justification: str
    line: int | None = None


@dataclass(frozen=True)
class Finding:
    """One rule broken at one place.

    Attributes:
        rule: The rule broken.
        file: The file, as it was found from the paths given.
        line: 1-based line number.
        message: What exactly is wrong here (names the instruction, key or value).
        suppressions: Why it does not count, if it does not (empty for a finding that counts).

    """

    rule: Rule[Any]
    file: Path
    line: int
    message: str
    suppressions: tuple[Suppression, ...] = ()

    @property
    def severity(self) -> Severity:
        """The rule's severity."""
        return self.rule.severity

    @property
    def suppressed(self) -> bool:
        """True when a comment, the configuration or a flag suppresses it."""
        return bool(self.suppressions)

    def sort_key(self) -> tuple[str, int, str]:
        """Order by file, line, then rule id."""
        return (self.file.as_posix(), self.line, self.rule.id)


@dataclass(frozen=True)
class Notice:
    """Something about the checked files that is no finding: a suppression comment naming no known rule.

    Attributes:
        file: The file, as it was found from the paths given.
        line: 1-based line number.
        message: What is wrong.

    """

    file: Path
    line: int
    message: str


def reaches(findings: Iterable[Finding], fail_on: FailOn) -> bool:
    """Tell whether any finding that is not suppressed is at least as severe as the ``fail_on`` threshold.

    Args:
        findings: The findings of a run.
        fail_on: The threshold; ``never`` never fails.

    Returns:
        True if the run should fail.

    """
    if fail_on == "never":
        return False
    threshold = _RANK[fail_on]
    return any(_RANK[finding.severity] >= threshold for finding in findings if not finding.suppressed)
