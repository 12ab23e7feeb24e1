"""Write findings as text for people or JSON for programs (SARIF lives in :mod:`generator.check.sarif`).

File names and messages are escaped (:func:`~generator.check.escaping.escape`) in both formats: in text
so that a newline in a file name cannot fake a report line or a CI workflow command, and in JSON so that a
program printing a decoded ``file`` or ``message`` cannot be tricked either.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from generator.check.escaping import escape
from generator.check.model import Finding, Severity

Format = Literal["text", "json", "sarif"]

_INDENT = "    "


def render_text(findings: Sequence[Finding], *, files: Sequence[Path]) -> str:
    """Render findings as ``file:line: severity RULE message`` with indented why and fix lines.

    Suppressed findings are not shown; the summary counts them (``; 2 suppressed``).

    Args:
        findings: The findings, in report order, suppressed ones included.
        files: Every file checked, for the closing summary.

    Returns:
        The report, ending with a one-line summary and a newline.

    """
    shown = [finding for finding in findings if not finding.suppressed]
    blocks = []
    for finding in shown:
        where = f"{escape(finding.file.as_posix())}:{finding.line}"
        head = f"{where}: {finding.severity} {finding.rule.id} {escape(finding.message)}"
        blocks.append(f"{head}\n{_INDENT}why: {finding.rule.why}\n{_INDENT}fix: {finding.rule.fix}\n")
    suppressed = len(findings) - len(shown)
    summary = _summary(shown, files) + (f"; {suppressed} suppressed" if suppressed else "")
    return "\n".join([*blocks, summary]) + "\n"


def render_json(findings: Sequence[Finding]) -> str:
    """Render findings as a JSON list, one object per finding.

    Args:
        findings: The findings, in report order (the caller leaves suppressed ones out).

    Returns:
        The JSON text: ``rule``, ``name``, ``severity``, ``file``, ``line``, ``message``, ``why``, ``fix``.

    """
    return (
        json.dumps(
            [
                {
                    "rule": finding.rule.id,
                    "name": finding.rule.name,
                    "severity": finding.severity,
                    "file": escape(finding.file.as_posix()),
                    "line": finding.line,
                    "message": escape(finding.message),
                    "why": finding.rule.why,
                    "fix": finding.rule.fix,
                }
                for finding in findings
            ],
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )


def _summary(findings: Sequence[Finding], files: Sequence[Path]) -> str:
    checked = f"{len(files)} file{'s' if len(files) != 1 else ''} checked"
    if not findings:
        return f"no findings in {checked} ({', '.join(escape(path.as_posix()) for path in files)})"
    counts: dict[Severity, int] = {"error": 0, "warning": 0, "info": 0}
    for finding in findings:
        counts[finding.severity] += 1
    plural = {"error": "errors", "warning": "warnings", "info": "info"}
    parts = [f"{count} {plural[level] if count != 1 else level}" for level, count in counts.items() if count]
    total = len(findings)
    return f"{total} finding{'s' if total != 1 else ''} ({', '.join(parts)}) in {checked}"
