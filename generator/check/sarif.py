"""Write findings as SARIF 2.1.0, the format code scanning services (GitHub, GitLab, Azure) read.

Messages are escaped (:func:`~generator.check.escaping.escape`) and file names percent-encoded in the
URI, so no field carries a raw control character or line break into what a viewer prints.

A suppressed finding is listed like any other, with ``suppressions``: ``inSource`` for a
``# scaffold: ignore=`` comment (its reason as the justification, its line as the location) and
``external`` for the configuration or a flag (which one, as the justification). Suppression comments
that name an unknown rule, or none, are the run's ``toolExecutionNotifications``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from generator import __version__
from generator.check.escaping import escape
from generator.check.model import Finding, Notice, Rule, Severity, Suppression
from generator.check.registry import all_rules

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_LEVELS: dict[Severity, str] = {"error": "error", "warning": "warning", "info": "note"}


def render_sarif(findings: Sequence[Finding], *, notices: Sequence[Notice] = ()) -> str:
    """Render findings as one SARIF run whose driver lists every rule with its help.

    Args:
        findings: The findings, in report order, suppressed ones included.
        notices: Problems with suppression comments, reported as warnings of the run's invocation.

    Returns:
        The SARIF log as JSON text.

    """
    rules = all_rules()
    index = {rule.id: position for position, rule in enumerate(rules)}
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "scaffold check",
                "version": __version__,
                "rules": [_rule(rule) for rule in rules],
            }
        },
        "results": [_result(finding, index[finding.rule.id]) for finding in findings],
    }
    if notices:
        run["invocations"] = [
            {
                "executionSuccessful": True,
                "toolExecutionNotifications": [_notification(notice) for notice in notices],
            }
        ]
    log = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _rule(rule: Rule[Any]) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.why},
        "help": {
            "text": f"Why: {rule.why}\nFix: {rule.fix}",
            "markdown": f"**Why:** {rule.why}\n\n**Fix:** {rule.fix}",
        },
        "defaultConfiguration": {"level": _LEVELS[rule.severity]},
    }


def _result(finding: Finding, rule_index: int) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.rule.id,
        "ruleIndex": rule_index,
        "level": _LEVELS[finding.severity],
        "message": {"text": escape(finding.message)},
        "locations": [_location(finding.file, finding.line)],
    }
    if finding.suppressions:
        result["suppressions"] = [_suppression(finding.file, one) for one in finding.suppressions]
    return result


def _suppression(path: Path, suppression: Suppression) -> dict[str, Any]:
    found: dict[str, Any] = {"kind": suppression.kind, "status": "accepted"}
    if suppression.justification:
        found["justification"] = escape(suppression.justification)
    if suppression.line is not None:
        found["location"] = _location(path, suppression.line)
    return found


def _notification(notice: Notice) -> dict[str, Any]:
    return {
        "level": "warning",
        "message": {"text": escape(notice.message)},
        "locations": [_location(notice.file, notice.line)],
    }


def _location(path: Path, line: int) -> dict[str, Any]:
    return {"physicalLocation": {"artifactLocation": {"uri": _uri(path)}, "region": {"startLine": line}}}


def _uri(path: Path) -> str:
    """A relative path stays relative (code scanning resolves it against the checkout); else file://."""
    return path.as_uri() if path.is_absolute() else quote(path.as_posix())
