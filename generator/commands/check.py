"""``scaffold check``: find hardening mistakes in Dockerfiles, .dockerignore files and compose files."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from generator.check.compose import check_compose, parse_compose
from generator.check.discover import discover
from generator.check.dockerfile import check_dockerfile
from generator.check.dockerfile_syntax import parse_dockerfile
from generator.check.dockerignore import check_dockerignore, check_missing, ignore_file_for
from generator.check.model import FailOn, Finding, reaches
from generator.check.report import Format, render_json, render_text
from generator.check.sarif import render_sarif
from generator.check.source import ParseError, Source, read_source, real_path
from generator.commands.report import Report

ParsedT = TypeVar("ParsedT")


@dataclass(frozen=True)
class CheckResult:
    """What ``check`` looked at and found.

    Attributes:
        files: Every file checked, in order (a Dockerfile's .dockerignore is included).
        findings: The findings, ordered by file, line and rule id.

    """

    files: tuple[Path, ...]
    findings: tuple[Finding, ...]


def check(paths: Sequence[Path]) -> CheckResult:
    """Check the Dockerfiles, .dockerignore files and compose files at ``paths``.

    Args:
        paths: Files and folders (see :func:`generator.check.discover.discover`).

    Returns:
        The files checked and the findings.

    Raises:
        CheckInputError: A path is missing or not a regular file, or a file is too big, cannot be read
            or cannot be parsed (:class:`~generator.check.source.InputError` and its
            :class:`~generator.check.source.ParseError`).

    """
    targets = discover(paths)
    files: list[Path] = []
    findings: list[Finding] = []
    ignore_files: dict[Path, tuple[Path, Path]] = {}
    for target in targets:
        files.append(target.path)
        source = read_source(target.path, folder=target.folder)
        if target.kind == "dockerfile":
            dockerfile = _parsed(source, parse_dockerfile)
            findings.extend(check_dockerfile(dockerfile))
            ignore_file = ignore_file_for(target.path)
            findings.extend(check_missing(dockerfile, ignore_file))
            if ignore_file is not None:
                ignore_files.setdefault(real_path(ignore_file), (ignore_file, target.folder))
        elif target.kind == "compose":
            findings.extend(check_compose(_parsed(source, parse_compose), path=target.path))
        else:
            ignore_files.setdefault(real_path(target.path), (target.path, target.folder))
    checked = {real_path(path) for path in files}
    for ignore_file, folder in ignore_files.values():
        if real_path(ignore_file) not in checked:
            files.append(ignore_file)
        source = read_source(ignore_file, folder=folder)
        findings.extend(_parsed(source, check_dockerignore))
    return CheckResult(files=tuple(files), findings=tuple(sorted(findings, key=Finding.sort_key)))


def report(result: CheckResult, *, output_format: Format = "text", fail_on: FailOn = "warning") -> Report:
    """Write the findings out as text, JSON or SARIF; exit 1 when one reaches ``fail_on``.

    Args:
        result: What :func:`check` returned.
        output_format: ``text`` for people, ``json`` (a list of findings) or ``sarif`` (code scanning).
        fail_on: The lowest severity that fails the run, or ``never``.

    Returns:
        The findings on standard output, and the exit code.

    """
    if output_format == "json":
        out = render_json(result.findings)
    elif output_format == "sarif":
        out = render_sarif(result.findings)
    else:
        out = render_text(result.findings, files=result.files)
    return Report(out=out, exit_code=1 if reaches(result.findings, fail_on) else 0)


def _parsed(source: Source, parse: Callable[..., ParsedT]) -> ParsedT:
    """Run ``parse(text, path=...)``; a parse error about a file from elsewhere quotes none of its text."""
    try:
        return parse(source.text, path=source.path)
    except ParseError as error:
        if not source.outside:
            raise
        raise error.without_text(
            f"its text is not shown: it is a symlink to a file outside {source.folder}"
        ) from None
