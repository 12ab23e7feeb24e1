"""``scaffold check --fix`` and ``--diff``: fix the findings whose fix is mechanical and safe.

The run checks the files as ``scaffold check`` does, fixes the findings that count (a suppressed or
unselected finding is not touched) with their rules' fixes (:mod:`generator.check.autofix`), writes each
changed file atomically, and checks again: what is reported then is what is left. ``--diff`` prints the
changes as a unified diff and writes nothing.

A file is not rewritten when it is a symlink to a file outside the folder it was found from, or when it
no longer parses after a fix (that fix is then dropped); a symlink inside the folder is followed and its
target rewritten, the link kept.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.check.autofix import fix_compose, fix_dockerfile, fixable
from generator.check.discover import discover
from generator.check.dockerfile import BuildTarget
from generator.check.escaping import escape
from generator.check.fixing import write_atomically
from generator.check.model import FailOn, Finding
from generator.check.report import Format
from generator.check.selection import Selection
from generator.check.source import InputError, read_source, real_path
from generator.commands.check import CheckResult, check, report
from generator.commands.report import Report

_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Change:
    """One file the fixes change.

    Attributes:
        path: The file, as found from the paths given.
        target: The file written: ``path`` with symlinks followed.
        before: Its text now.
        after: Its text fixed.
        fixed: The findings fixed, as reported on ``before``.
        bom: Whether it starts with a UTF-8 byte order mark, kept when it is written.

    """

    path: Path
    target: Path
    before: str
    after: str
    fixed: tuple[Finding, ...]
    bom: bool

    def diff(self) -> str:
        """Return the change as a unified diff (``--- a/path``, ``+++ b/path``)."""
        name = escape(self.path.as_posix())
        lines = difflib.unified_diff(
            self.before.splitlines(keepends=True),
            self.after.splitlines(keepends=True),
            fromfile=f"a/{name}",
            tofile=f"b/{name}",
        )
        return "".join(
            line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines
        )


@dataclass(frozen=True)
class FixResult:
    """What a fixing run did.

    Attributes:
        before: The check of the files as they were.
        changes: The files the fixes change, in check order.
        after: The check once the changes are written (``before`` when nothing was written).
        written: Whether the changes were written (``--fix``), not only shown (``--diff``).

    """

    before: CheckResult
    changes: tuple[Change, ...]
    after: CheckResult
    written: bool


def plan(
    paths: Sequence[Path],
    *,
    selection: Selection | None = None,
    target: BuildTarget | None = None,
    context: Path | None = None,
) -> tuple[CheckResult, list[Change]]:
    """Check the files and work out each one's fixed text, writing nothing.

    Args:
        paths: Files and folders, as for :func:`~generator.commands.check.check`.
        selection: The rules turned off by the configuration and the flags.
        target: ``--target``, as for :func:`~generator.commands.check.check`.
        context: ``--context``, as for :func:`~generator.commands.check.check`.

    Returns:
        The check and the changes.

    Raises:
        CheckInputError: As :func:`~generator.commands.check.check`.

    """
    result = check(paths, selection=selection, target=target, context=context)
    changes: list[Change] = []
    seen: set[Path] = set()
    for item in discover(paths):
        if item.kind not in {"dockerfile", "compose"}:
            continue
        findings = fixable([finding for finding in result.findings if finding.file == item.path])
        real = real_path(item.path)
        if not findings or real in seen:
            continue
        seen.add(real)
        source = read_source(item.path, folder=item.folder)
        if source.outside:
            continue  # never written through a symlink that leads out of the checked folder
        if item.kind == "dockerfile":
            stages = result.stages.get(item.path, ((None, ""),))
            fixed = fix_dockerfile(source.text, path=item.path, findings=findings, targets=stages)
        else:
            fixed = fix_compose(source.text, path=item.path, findings=findings)
        if fixed.text != source.text:
            with real.open("rb") as handle:
                bom = handle.read(len(_BOM)) == _BOM
            changes.append(Change(item.path, real, source.text, fixed.text, fixed.fixed, bom))
    return result, changes


def fix(
    paths: Sequence[Path],
    *,
    selection: Selection | None = None,
    write: bool = True,
    target: BuildTarget | None = None,
    context: Path | None = None,
) -> FixResult:
    """Fix what can be fixed in the files at ``paths``, and check them again.

    Args:
        paths: Files and folders.
        selection: The rules turned off by the configuration and the flags.
        write: False to only work out the changes (``--diff``).
        target: ``--target``, as for :func:`~generator.commands.check.check`.
        context: ``--context``, as for :func:`~generator.commands.check.check`.

    Returns:
        The checks before and after, and the changes.

    Raises:
        CheckInputError: As :func:`~generator.commands.check.check`, or a file cannot be written
            (those written before it keep their fixes; it keeps its old text).

    """
    before, changes = plan(paths, selection=selection, target=target, context=context)
    if not write:
        return FixResult(before, tuple(changes), before, written=False)
    for change in changes:
        try:
            write_atomically(change.target, change.after, bom=change.bom)
        except OSError as error:
            raise InputError(
                path=change.path, reason=f"cannot be written ({error.strerror or error}); it is unchanged"
            ) from None
    after = check(paths, selection=selection, target=target, context=context) if changes else before
    return FixResult(before, tuple(changes), after, written=True)


def fix_report(
    outcome: FixResult,
    *,
    output_format: Format = "text",
    fail_on: FailOn = "warning",
    notes: Sequence[str] = (),
) -> Report:
    """Report a fixing run.

    With the changes written, standard error lists each finding fixed (``fixed: file:line: RULE
    message``) and a count of fixed and left; the report on standard output, in the chosen format, is of
    what is left, and the exit code comes from it. With ``--diff``, standard output is the diff, standard
    error lists what would be fixed, and the exit code is the one the check of the unchanged files gives.

    Args:
        outcome: What :func:`fix` returned.
        output_format: The format of the report of what is left.
        fail_on: The lowest severity that fails the run.
        notes: Notes about the configuration, for standard error.

    Returns:
        The report.

    """
    fixed = sorted((finding for change in outcome.changes for finding in change.fixed), key=Finding.sort_key)
    verb = "fixed" if outcome.written else "would fix"
    listed = "".join(
        f"{verb}: {escape(finding.file.as_posix())}:{finding.line}: {finding.rule.id} "
        f"{escape(finding.message)}\n"
        for finding in fixed
    )
    checked = report(
        outcome.after if outcome.written else outcome.before,
        output_format=output_format,
        fail_on=fail_on,
        notes=notes,
    )
    if not outcome.written:
        diff = "".join(change.diff() for change in outcome.changes)
        return Report(
            out=diff, err=f"{checked.err}{listed}{len(fixed)} to fix\n", exit_code=checked.exit_code
        )
    left = sum(1 for finding in outcome.after.findings if not finding.suppressed)
    summary = f"{len(fixed)} fixed, {left} left\n"
    return Report(out=checked.out, err=f"{checked.err}{listed}{summary}", exit_code=checked.exit_code)
