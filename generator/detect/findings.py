"""What detection proposes: answers with their sources, and notes for the user."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

# The description question's own form, so a proposal never fails it.
from generator.spec.rules import DESCRIPTION as _DESCRIPTION

_NAME_OK = re.compile(r"[^a-z0-9_-]+")


@dataclass(frozen=True)
class Finding:
    """One proposed answer and where it came from.

    Attributes:
        value: The proposed answer.
        source: The file (and line, where meaningful) behind it, such as ``go.mod:3: go 1.22``.

    """

    value: Any
    source: str


@dataclass
class Detection:
    """What a repository says about the answers.

    Attributes:
        findings: Proposed answers by question name, each with its source.
        notes: Things the user should know (a missing lock file, a server not in the dependencies).
        languages: When the manifests of several languages are present, each with its manifest (the
            language is then left for the user to choose); else empty.
        unsettled: Answers the repository points at in several ways, or only at something that would
            not build or start, each with why and the candidates found: nothing is proposed for them,
            so ``scaffold new`` asks them, or with ``--defaults`` stops.

    """

    findings: dict[str, Finding] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    languages: dict[str, str] = field(default_factory=dict)
    unsettled: dict[str, str] = field(default_factory=dict)

    def answers(self) -> dict[str, Any]:
        """Return the proposed answers alone, by question name."""
        return {name: finding.value for name, finding in self.findings.items()}

    def propose(self, name: str, value: Any, source: str) -> None:
        """Propose an answer, unless an earlier (stronger) signal already proposed one or left it open."""
        if name not in self.unsettled:
            self.findings.setdefault(name, Finding(value, source))

    def leave_open(self, name: str, why: str) -> None:
        """Propose nothing for ``name`` and say why (naming the candidates found), with the flag to pass."""
        self.findings.pop(name, None)
        self.unsettled.setdefault(name, why)
        flag = "--" + name.replace("_", "-")
        self.note(f"{why}: pass {flag} (without it, scaffold new asks, or with --defaults stops)")

    def note(self, text: str) -> None:
        """Add a note once (several signals can lead to the same advice)."""
        if text not in self.notes:
            self.notes.append(text)

    def propose_description(self, value: object, source: str) -> None:
        """Propose a manifest's description if it passes the description question's check."""
        if isinstance(value, str):
            value = " ".join(value.split())
            if _DESCRIPTION.fullmatch(value):
                self.propose("description", value, source)


def normalise_name(raw: str) -> str:
    """Turn a project or folder name into a valid image and compose project name."""
    name = _NAME_OK.sub("-", raw.lower()).strip("-_")[:63]
    return name or "app"
