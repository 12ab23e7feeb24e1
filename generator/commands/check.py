"""``scaffold check``: find hardening mistakes in Dockerfiles, .dockerignore files and compose files."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.check.compose import check_compose, parse_compose
from generator.check.discover import discover
from generator.check.dockerfile import check_dockerfile
from generator.check.dockerfile_syntax import parse_dockerfile
from generator.check.dockerignore import check_dockerignore, check_missing, ignore_file_for
from generator.check.model import FailOn, Finding, reaches
from generator.check.report import Format, render_json, render_text
from generator.check.sarif import render_sarif
from generator.commands.report import Report
from generator.errors import CheckInputError


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
        CheckInputError: A path is missing, or a file cannot be read or parsed.

    """
    targets = discover(paths)
    files: list[Path] = []
    findings: list[Finding] = []
    ignore_files: dict[Path, Path] = {}
    for target in targets:
        files.append(target.path)
        if target.kind == "dockerfile":
            dockerfile = parse_dockerfile(_read(target.path), path=target.path)
            findings.extend(check_dockerfile(dockerfile))
            ignore_file = ignore_file_for(target.path)
            findings.extend(check_missing(dockerfile, ignore_file))
            if ignore_file is not None:
                ignore_files.setdefault(ignore_file.resolve(), ignore_file)
        elif target.kind == "compose":
            findings.extend(
                check_compose(parse_compose(_read(target.path), path=target.path), path=target.path)
            )
        else:
            ignore_files.setdefault(target.path.resolve(), target.path)
    checked = {path.resolve() for path in files}
    for ignore_file in ignore_files.values():
        if ignore_file.resolve() not in checked:
            files.append(ignore_file)
        findings.extend(check_dockerignore(_read(ignore_file), path=ignore_file))
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


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise CheckInputError(path=path, reason="not UTF-8 text") from None
    except OSError as error:
        raise CheckInputError(path=path, reason=f"cannot be read ({error.strerror or error})") from None
