"""``scaffold check``: find hardening mistakes in Dockerfiles, .dockerignore files and compose files."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from generator.check.builds import ComposeBuild, compose_builds, how_built
from generator.check.compose import check_compose, parse_compose
from generator.check.config import find_config
from generator.check.context import ignore_file_in
from generator.check.discover import discover
from generator.check.dockerfile import BuildTarget, check_dockerfile
from generator.check.dockerfile_syntax import parse_dockerfile
from generator.check.dockerignore import check_dockerignore, check_missing
from generator.check.escaping import escape
from generator.check.inline import suppress_inline
from generator.check.located_yaml import LocatedMap
from generator.check.model import FailOn, Finding, Notice, Suppression, reaches
from generator.check.registry import all_rules
from generator.check.report import Format, render_json, render_text
from generator.check.sarif import render_sarif
from generator.check.selection import (
    SELECTORS_FORM,
    Layer,
    Selection,
    UnknownSelectorError,
    parse_selectors,
    split_selectors,
)
from generator.check.source import InputError, ParseError, Source, read_source, real_path
from generator.commands.report import Report
from generator.errors import InvalidAnswerError

ParsedT = TypeVar("ParsedT")


@dataclass(frozen=True)
class CheckResult:
    """What ``check`` looked at and found.

    Attributes:
        files: Every file checked, in order (a Dockerfile's .dockerignore is included).
        findings: The findings, ordered by file, line and rule id; suppressed ones included, marked.
        notices: Suppression comments that name an unknown rule id, or none.
        stages: For each Dockerfile checked, the build targets its shipped stages were chosen from
            (``(None, "")`` for the default choice), so that a fix acts on the stage a finding is about.

    """

    files: tuple[Path, ...]
    findings: tuple[Finding, ...]
    notices: tuple[Notice, ...] = ()
    stages: Mapping[Path, tuple[BuildTarget, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class CheckSettings:
    """How a run is configured: by the configuration file, then by the flags.

    Attributes:
        selection: The rules turned off, everywhere or per file.
        fail_on: The lowest severity that fails the run.
        notes: Configuration files passed over, and why.
        target: The stage judged as shipped in a Dockerfile no checked compose file builds, and what
            named it (``--target`` or the configuration's ``target``); None for the default choice.

    """

    selection: Selection = field(default_factory=Selection)
    fail_on: FailOn = "warning"
    notes: tuple[str, ...] = ()
    target: BuildTarget | None = None


def settings(
    *,
    start: Path,
    select: str | None = None,
    ignore: str | None = None,
    fail_on: FailOn | None = None,
    target: str | None = None,
) -> CheckSettings:
    """Read the configuration file that applies in ``start`` and put the flags over it.

    Args:
        start: Where to look for the configuration file from (the current folder).
        select: ``--select``: comma-separated rule ids or prefixes; replaces the file's choice.
        ignore: ``--ignore``: the same; turns those rules off on top of the file's choice.
        fail_on: ``--fail-on``; wins over the file's ``fail-on``.
        target: ``--target``; wins over the file's ``target``.

    Returns:
        The settings.

    Raises:
        InvalidAnswerError: ``--select`` or ``--ignore`` names something that is no rule id or prefix.
        CheckInputError: The configuration file cannot be read or holds a bad key
            (:class:`~generator.check.config.ConfigError`).

    """
    known = tuple(rule.id for rule in all_rules())
    config, notes = find_config(start, known=known)
    layers = [config.layer] if config is not None else []
    if select is not None or ignore is not None:
        layers.append(
            Layer(
                _flag_selectors("select", select, known) if select is not None else None,
                _flag_selectors("ignore", ignore, known) if ignore is not None else (),
                select_label="--select",
                ignore_label="--ignore",
            )
        )
    chosen = fail_on or (config.fail_on if config is not None else None) or "warning"
    per_file = config.per_file if config is not None else ()
    stage: BuildTarget | None = None
    if target is not None:
        stage = (target, "--target")
    elif config is not None and config.target is not None:
        stage = (config.target, f"target in {config.path} {config.table}")
    return CheckSettings(Selection(tuple(layers), per_file), chosen, tuple(notes), stage)


def _flag_selectors(name: str, text: str, known: Sequence[str]) -> tuple[str, ...]:
    """Read ``--select`` or ``--ignore`` (``name`` is the parameter: the CLI shows it as the flag)."""
    try:
        return parse_selectors(split_selectors(text), known=known)
    except UnknownSelectorError as error:
        raise InvalidAnswerError(
            field=name, accepted=f"must be comma-separated {SELECTORS_FORM}", given=error.selector
        ) from None


def check(
    paths: Sequence[Path],
    *,
    selection: Selection | None = None,
    target: BuildTarget | None = None,
    context: Path | None = None,
) -> CheckResult:
    """Check the Dockerfiles, .dockerignore files and compose files at ``paths``.

    Findings are suppressed, not dropped, by the files' ``# scaffold: ignore=`` comments
    (:mod:`~generator.check.inline`) and by ``selection``. A Dockerfile that a checked compose file
    builds is read with that build's context and target.

    Args:
        paths: Files and folders (see :func:`generator.check.discover.discover`).
        selection: The rules turned off by the configuration file and the flags; default: none.
        target: The stage that ships in a Dockerfile no checked compose file builds, and what named it
            (``--target``); None: :mod:`generator.check.stages` chooses.
        context: The build context of a Dockerfile no checked compose file builds (``--context``);
            None: :mod:`generator.check.context` finds it.

    Returns:
        The files checked, the findings and the notices about suppression comments.

    Raises:
        CheckInputError: A path is missing or not a regular file, or a file is too big, cannot be read
            or cannot be parsed (:class:`~generator.check.source.InputError` and its
            :class:`~generator.check.source.ParseError`).

    """
    known = tuple(rule.id for rule in all_rules())
    if context is not None and not context.is_dir():
        raise InputError(path=context, reason="--context must be a folder: the build context")
    targets = discover(paths)
    files: list[Path] = []
    findings: list[Finding] = []
    notices: list[Notice] = []

    def found(
        source: Source,
        raw: list[Finding],
        *,
        spans: Sequence[tuple[int, int]] = (),
        dockerignore: bool = False,
    ) -> None:
        """Keep a file's findings, marked by its suppression comments, and the notices about those."""
        marked, noted = suppress_inline(
            raw, text=source.text, path=source.path, known=known, spans=spans, dockerignore=dockerignore
        )
        findings.extend(marked)
        notices.extend(noted)

    # Compose files first: the Dockerfiles they build are read with their builds' contexts and targets.
    sources = {
        item.path: read_source(item.path, folder=item.folder) for item in targets if item.kind == "compose"
    }
    documents: dict[Path, LocatedMap] = {}
    builds: dict[Path, list[ComposeBuild]] = {}
    for item in targets:
        if item.kind == "compose":
            document = documents[item.path] = _parsed(sources[item.path], parse_compose)
            for build in compose_builds(document, path=item.path):
                builds.setdefault(real_path(build.dockerfile), []).append(build)
    ignore_files: dict[Path, tuple[Path, Path]] = {}
    shipped: dict[Path, tuple[BuildTarget, ...]] = {}
    for item in targets:
        files.append(item.path)
        source = sources.get(item.path) or read_source(item.path, folder=item.folder)
        if item.kind == "dockerfile":
            dockerfile = _parsed(source, parse_dockerfile)
            stages, where = how_built(
                dockerfile, builds.get(real_path(item.path), []), target=target, context=context
            )
            shipped[item.path] = tuple(stages)
            dockerfile = dataclasses.replace(dockerfile, context=where.folder)
            ignore_file = ignore_file_in(item.path, where.folder)
            spans = [(instruction.line, instruction.last_line) for instruction in dockerfile.instructions]
            raw = [
                *check_dockerfile(dockerfile, targets=stages),
                *check_missing(dockerfile, ignore_file, context=where),
            ]
            found(source, raw, spans=spans)
            if ignore_file is not None:
                ignore_files.setdefault(real_path(ignore_file), (ignore_file, item.folder))
        elif item.kind == "compose":
            found(source, check_compose(documents[item.path], path=item.path))
        else:
            ignore_files.setdefault(real_path(item.path), (item.path, item.folder))
    checked = {real_path(path) for path in files}
    for ignore_file, folder in ignore_files.values():
        if real_path(ignore_file) not in checked:
            files.append(ignore_file)
        source = read_source(ignore_file, folder=folder)
        found(source, _parsed(source, check_dockerignore), dockerignore=True)
    if selection is not None:
        findings = [_selected(finding, selection) for finding in findings]
    return CheckResult(
        files=tuple(files),
        findings=tuple(sorted(findings, key=Finding.sort_key)),
        notices=tuple(sorted(notices, key=lambda notice: (notice.file.as_posix(), notice.line))),
        stages=shipped,
    )


def _selected(finding: Finding, selection: Selection) -> Finding:
    """Add an ``external`` suppression to a finding whose rule the configuration or flags turn off."""
    reason = selection.why_off(finding.rule.id, finding.file)
    if reason is None:
        return finding
    return dataclasses.replace(finding, suppressions=(*finding.suppressions, Suppression("external", reason)))


def report(
    result: CheckResult,
    *,
    output_format: Format = "text",
    fail_on: FailOn = "warning",
    notes: Sequence[str] = (),
) -> Report:
    """Write the findings out as text, JSON or SARIF; exit 1 when an unsuppressed one reaches ``fail_on``.

    Args:
        result: What :func:`check` returned.
        output_format: ``text`` for people (suppressed findings counted, not shown), ``json`` (a list of
            the findings that are not suppressed) or ``sarif`` (code scanning: every finding, the
            suppressed ones with their ``suppressions``).
        fail_on: The lowest severity that fails the run, or ``never``.
        notes: Notes about the configuration (files passed over), for standard error.

    Returns:
        The findings on standard output, notes and notices on standard error, and the exit code.

    """
    if output_format == "json":
        out = render_json([finding for finding in result.findings if not finding.suppressed])
    elif output_format == "sarif":
        out = render_sarif(result.findings, notices=result.notices)
    else:
        out = render_text(result.findings, files=result.files)
    err = "".join(f"note: {escape(note)}\n" for note in notes) + "".join(
        f"warning: {escape(notice.file.as_posix())}:{notice.line}: {notice.message}\n"
        for notice in result.notices
    )
    return Report(out=out, err=err, exit_code=1 if reaches(result.findings, fail_on) else 0)


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
