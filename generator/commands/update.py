"""``scaffold update``: re-render with a newer template or changed answers, keeping the user's edits.

Copier's own update machinery does the three-way merge: it renders the version recorded in
``.copier-answers.yml`` again, takes the difference to the project as the user's edits, renders the new
version, and re-applies those edits, marking conflicts inline. scaffold runs it in a throwaway clone of
the project, so the project itself only changes in one final all-or-nothing step (or not at all, with
``dry_run``), and reports every file left with conflict markers.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import copier
import yaml
from copier.errors import CopierError, ForbiddenPathError, UnsafeTemplateError
from jinja2 import TemplateError

from generator.answers.input_files import InputFileError, load_yaml_mapping
from generator.answers.questions import Question, load_questions
from generator.answers.settings import load_settings
from generator.check.discover import discover
from generator.check.model import Finding, reaches
from generator.check.report import render_text
from generator.commands.check import check
from generator.commands.report import Report
from generator.errors import CheckInputError, ScaffoldError, TemplateNotFoundError
from generator.plain_yaml import safe_load
from generator.spec.model import Spec
from generator.templating.fresh import copy_fresh
from generator.templating.git import IDENTITY, git
from generator.templating.location import template_root
from generator.templating.scratch import scratch_space
from generator.templating.source import (
    ANSWERS_FILE,
    TemplateSource,
    is_own_source,
    record_source,
    template_source,
)
from generator.writing.atomic import write_all
from generator.writing.paths import check_targets, is_regular_file

#: The markers Copier writes around a conflicting hunk with ``conflict="inline"``.
CONFLICT_MARKERS = ("<<<<<<< before updating", ">>>>>>> after updating")


#: Asks the questions a project has no answer for; gets the questions and the known answers.
AskNew = Callable[[Sequence[Question], Mapping[str, Any]], Mapping[str, Any]]


class UpdateError(ScaffoldError):
    """The project cannot be updated as it stands (not generated, not in git, uncommitted changes)."""

    exit_code = 1


class UpdateInputError(UpdateError):
    """What the update was asked to start from does not exist (a template version, an answers file)."""

    exit_code = 2


@dataclass(frozen=True)
class UpdateResult:
    """What an update changed (or, with ``dry_run``, would change).

    Attributes:
        dest: The project folder.
        from_version: The template version the project was at.
        to_version: The template version it is at now.
        changed: Files added or modified, relative to ``dest``.
        removed: Files the new template no longer produces.
        conflicts: Changed files that hold inline conflict markers to resolve.
        diff: The whole change as a unified diff.
        dry_run: Whether the project was left untouched.
        regressions: ``scaffold check`` findings the updated files have and the old ones did not
            (rule and file; lines may move). Empty while conflicts remain: the check runs on
            resolved files only.
        notes: Things to know, such as a settings file that was ignored.
    """

    dest: Path
    from_version: str | None
    to_version: str | None
    changed: tuple[str, ...]
    removed: tuple[str, ...]
    conflicts: tuple[str, ...]
    diff: str
    dry_run: bool
    regressions: tuple[Finding, ...] = ()
    notes: tuple[str, ...] = ()


def update(
    dest: Path,
    *,
    data: Mapping[str, Any] | None = None,
    vcs_ref: str | None = None,
    template: Path | None = None,
    dry_run: bool = False,
    trust: bool = False,
    force: bool = False,
    ask_new: AskNew | None = None,
) -> UpdateResult:
    """Update the generated files in ``dest`` to a newer template version and/or new answers.

    Args:
        dest: A project made by ``scaffold new`` (or ``copier copy``), committed to git.
        data: Answers to change, such as ``{"memory": "1g"}``; every other answer is kept.
        vcs_ref: The template version (git tag or commit) to update to; the newest by default.
        template: A template repository to update from instead of the recorded one (it must hold the
            recorded version's tag too, since the old version is rendered again to find the user's edits).
        dry_run: Compute the change and return it; touch nothing.
        trust: Allow the template's migrations and tasks to run (scaffold's own template is trusted).
        force: Delete files the new answers or template no longer produce even when you edited them
            (they differ from what the old version rendered).
        ask_new: Asked for the answers to questions the project has no answer for yet (questions a
            newer template added), given the template's questions and the answers known so far;
            without it, new questions take their defaults.

    Returns:
        What changed, including files left with conflict markers.

    Raises:
        UpdateError: ``dest`` has no answers file, is not a git work tree, or has uncommitted changes;
            or, without ``force``, the update would delete files you edited.
        UpdateInputError: The answers file cannot be read, or the template has no such version.
        TemplateNotFoundError: ``template`` is not a Copier template folder.
        DestinationError: A file to change is a symlink, lies below one, or is not a regular file.
        InvalidAnswerError: A changed answer is not in its accepted form.
    """
    dest = dest.resolve()
    recorded = _recorded_answers(dest)
    toplevel = _require_clean_git(dest)
    inner = dest.relative_to(toplevel)
    settings = load_settings(dest)
    # The organisation's policy (registry prefix, labels) follows the project on every update.
    changes = {**{k: v for k, v in settings.policy.items() if recorded.get(k) != v}, **(data or {})}
    if template is not None and not _is_file(template / "copier.yml"):
        raise TemplateNotFoundError(variable="--template", path=template)
    source = _source_for(recorded, template)
    if ask_new is not None:
        known = {**{k: v for k, v in recorded.items() if not k.startswith("_")}, **changes}
        questions = load_questions(template.resolve() if template else template_root())
        changes.update({k: v for k, v in ask_new(questions, known).items() if k not in known})
    # Refuse a bad changed answer before anything runs. Answers the template renamed (and migrates), or
    # questions only a customised template has, are not the Spec's business.
    settings.enforce(
        Spec.from_answers({k: v for k, v in {**recorded, **changes}.items() if k in Spec.model_fields})
    )
    with scratch_space(), tempfile.TemporaryDirectory(prefix="scaffold-update-") as scratch:
        clone = Path(scratch) / "repository"
        git(Path(scratch), "clone", "--quiet", "--no-hardlinks", str(toplevel), str(clone))
        # The project may be a folder inside a larger repository (a monorepo service).
        work = clone / inner
        if source.url != recorded.get("_src_path"):
            _point_answers_at(work, source.url)
        # The answers the old version was rendered with, and where from, as Copier reads them.
        before = safe_load((work / ANSWERS_FILE).read_text(encoding="utf-8"))
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                copier.run_update(
                    work,
                    data=changes,
                    vcs_ref=vcs_ref or source.ref,
                    defaults=True,
                    overwrite=True,
                    quiet=True,
                    conflict="inline",
                    # scaffold's own template has no tasks, migrations or extensions, so it never
                    # needs this; any other template's code runs only when the user says so.
                    unsafe=trust,
                    skip_answered=True,
                )
        except UnsafeTemplateError as error:
            raise UpdateError(
                f"the template at {source.url} runs its own commands ({error}); "
                "review it and pass --trust to allow them"
            ) from error
        except ForbiddenPathError as error:
            # Copier refused to write through a symlink in the clone: name it as scaffold does.
            forbidden = re.match(r'"(.+)" is forbidden', str(error))
            check_targets(dest, [forbidden.group(1)] if forbidden else [])
            raise UpdateError(f"the update failed: {error}") from error
        except ValueError as error:
            # Copier raises ValueError for a source or revision it cannot use (not a directory, an
            # unknown tag): a fact about the inputs, not a bug.
            raise _start_error(error, vcs_ref=vcs_ref, recorded=recorded) from None
        except (CopierError, TemplateError) as error:
            raise UpdateError(f"the update failed: {error}") from error
        if source.answers_source != source.url:
            record_source(work / ANSWERS_FILE, source.answers_source)
        _keep_unknown_answers(work / ANSWERS_FILE, recorded, known=_questions_of(before))
        git(work, "add", "--all", "--", ".")
        status = git(work, "diff", "--cached", "--name-status", "--no-renames", "--relative", "--", ".")
        diff = git(work, "diff", "--cached", "--relative", "--", ".")
        entries = [line.split("\t", 1) for line in status.splitlines()]
        changed = tuple(path for flag, path in entries if flag != "D")
        removed = tuple(path for flag, path in entries if flag == "D")
        # Before a byte of the project is compared, shown or changed: no symlinks, regular files only.
        check_targets(dest, [*changed, *removed])
        if removed and not dry_run and not force:
            _refuse_edited_removals(dest, Path(scratch) / "before", before, removed, trust=trust)
        contents = {name: (work / name).read_text(encoding="utf-8") for name in changed}
        new_answers = safe_load((work / ANSWERS_FILE).read_text(encoding="utf-8")) or {}
        conflicts = tuple(name for name, text in contents.items() if any(m in text for m in CONFLICT_MARKERS))
        regressions = () if conflicts else _regressions(dest, work)
    if not dry_run and (contents or removed):
        write_all(dest, contents, remove=removed)
    return UpdateResult(
        dest=dest,
        from_version=_text(recorded.get("_commit")),
        to_version=_text(new_answers.get("_commit")),
        changed=changed,
        removed=removed,
        conflicts=conflicts,
        diff=diff,
        dry_run=dry_run,
        regressions=regressions,
        notes=settings.notes,
    )


def _source_for(recorded: Mapping[str, Any], template: Path | None) -> TemplateSource:
    """Choose the template an update renders: ``--template``, scaffold's own, or the recorded one.

    An answers file naming scaffold's template is never taken at its word: the update renders the
    template shipped with this scaffold (from its versioned cache, rebuilt when missing), whatever the
    recorded path holds on this machine. Any other recorded source is a third party's template, whose
    commands Copier refuses to run without ``trust``.
    """
    if template is not None:
        return TemplateSource(url=str(template.resolve()), ref=None)
    recorded_source = recorded.get("_src_path")
    if recorded_source is None or is_own_source(str(recorded_source)):
        return template_source()
    return TemplateSource(url=str(recorded_source), ref=None)


def report(result: UpdateResult) -> Report:
    """Say what an update did: one line per file and the versions, or with ``dry_run`` the whole diff.

    Conflicts left in files are an error (exit 1), and so is a hardening rule the update breaks at
    warning level or above; the files are written all the same, for the user to resolve or decide.

    Args:
        result: What :func:`update` returned.

    Returns:
        The change on standard output; regressions, and the conflicts as an error, on standard error.

    """
    if result.from_version == result.to_version:
        versions = f"{result.to_version or '?'} (same version)"
    else:
        versions = f"{result.from_version or '?'} -> {result.to_version or '?'}"
    if result.dry_run:
        count = len(result.changed) + len(result.removed)
        out = (
            result.diff + f"dry run: template {versions}; {count} file(s) would change; nothing was written\n"
        )
    else:
        lines = [
            f"{'conflict' if name in result.conflicts else 'updated':>10}  {name}" for name in result.changed
        ]
        lines += [f"{'removed':>10}  {name}" for name in result.removed]
        nothing = "" if result.changed or result.removed else ": nothing to change"
        out = "".join(f"{line}\n" for line in [*lines, f"template {versions}{nothing}"])
    err = "".join(f"note: {note}\n" for note in result.notes)
    if result.regressions:
        err += "the updated files now break these hardening rules (scaffold check):\n" + render_text(
            result.regressions, files=[]
        )
    error = ""
    if result.conflicts:
        listed = ", ".join(result.conflicts)
        if result.dry_run:
            error = f"the update would leave conflicts in {listed}"
        else:
            error = f"conflicts in {listed}: resolve each <<<<<<< / >>>>>>> block, then commit"
    failed = bool(result.conflicts) or reaches(result.regressions, "warning")
    return Report(out=out, err=err, error=error, exit_code=1 if failed else 0)


def _regressions(before: Path, after: Path) -> tuple[Finding, ...]:
    """Findings of ``scaffold check`` in ``after`` whose rule and file were clean in ``before``."""

    def keyed(root: Path) -> dict[tuple[str, str], Finding]:
        try:
            # Only regular files: a symlinked Dockerfile may point at anything on the machine.
            files = [
                t.path for t in discover([root]) if is_regular_file(root, t.path.relative_to(root).as_posix())
            ]
            findings = check(files).findings if files else ()
        except CheckInputError:
            # A file the check cannot read was not clean to begin with; nothing to compare.
            return {}
        # A finding its file suppresses (`# scaffold: ignore=`) was accepted there: no regression.
        return {
            (finding.file.relative_to(root).as_posix(), finding.rule.id): finding
            for finding in findings
            if not finding.suppressed
        }

    old = keyed(before)
    return tuple(finding for key, finding in keyed(after).items() if key not in old)


def _recorded_answers(dest: Path) -> dict[str, Any]:
    answers = dest / ANSWERS_FILE
    if not _is_file(answers):
        raise UpdateError(f"{dest} has no {ANSWERS_FILE}: run `scaffold new` there first")
    try:
        return load_yaml_mapping(answers, label=ANSWERS_FILE)
    except InputFileError as error:
        raise UpdateInputError(f"{answers} {error.reason}") from None


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:
        return False


def _start_error(error: ValueError, *, vcs_ref: str | None, recorded: Mapping[str, Any]) -> UpdateInputError:
    unknown = re.search(r"Unknown revision: '([^']*)'", str(error))
    if unknown is None:
        return UpdateInputError(f"the template cannot be used: {error}")
    ref = unknown.group(1)
    if ref == vcs_ref:
        given = "--vcs-ref"
    elif ref == _text(recorded.get("_commit")):
        given = f"{ANSWERS_FILE} _commit"
    else:
        given = "update"
    return UpdateInputError(f"{given}: the template has no version {ref!r} (its versions are its git tags)")


#: Answers Copier itself rewrites on every update.
_COPIER_KEYS = frozenset({"_commit", "_src_path"})


def _keep_unknown_answers(answers: Path, recorded: Mapping[str, Any], *, known: frozenset[str]) -> None:
    """Carry over answers-file keys Copier dropped because no question names them.

    A team's own bookkeeping in ``.copier-answers.yml`` survives updates. An answer to a question the
    old version had stays dropped when Copier dropped it: it no longer applies (python_version after a
    switch to node), or a migration renamed it.

    Args:
        answers: The updated answers file, rewritten in place.
        recorded: The answers before the update.
        known: The old version's question names (scaffold's own questions are always known).
    """
    text = answers.read_text(encoding="utf-8")
    current = safe_load(text) or {}
    kept = {
        key: value
        for key, value in recorded.items()
        if key not in current
        and key not in known
        and key not in Spec.model_fields
        and key not in _COPIER_KEYS
    }
    if kept:
        extra = yaml.safe_dump(kept, sort_keys=True, allow_unicode=True, default_flow_style=False)
        answers.write_text(text.rstrip("\n") + "\n" + extra, encoding="utf-8")


def _questions_of(answers: Mapping[str, Any]) -> frozenset[str]:
    """Return the question names of the template version an answers file was rendered from.

    Read from its ``copier.yml`` in git (a local template) or on disk (no version recorded); a template
    that cannot be read this way (a remote one) gives no names.
    """
    root = Path(str(answers.get("_src_path", ""))).expanduser()
    ref = _text(answers.get("_commit"))
    if not root.is_absolute() or not root.is_dir():
        return frozenset()
    for name in ("copier.yml", "copier.yaml"):
        if ref is None:
            text = (root / name).read_text(encoding="utf-8") if (root / name).is_file() else ""
        else:
            text = git(root, "show", f"{ref}:{name}", check=False)
        try:
            loaded = safe_load(text) if text else None
        except yaml.YAMLError:
            loaded = None
        if isinstance(loaded, dict):
            return frozenset(str(key) for key in loaded if not str(key).startswith("_"))
    return frozenset()


def _refuse_edited_removals(
    dest: Path, scratch: Path, before: Mapping[str, Any], removed: Sequence[str], *, trust: bool
) -> None:
    """Refuse to delete a file that differs from what the old template version rendered for it.

    Raises:
        UpdateError: Such files exist; the message names them and says how to delete them anyway.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            copy_fresh(
                str(before["_src_path"]),
                scratch,
                data={key: value for key, value in before.items() if not str(key).startswith("_")},
                vcs_ref=_text(before.get("_commit")),
                unsafe=trust,
            )
        old = {name: _bytes(scratch / name) for name in removed}
    except (CopierError, TemplateError, ValueError, KeyError, OSError):
        # The old version cannot be rendered again: nothing proves the files are unedited.
        old = {}
    edited = [name for name in removed if old.get(name) is None or old[name] != _bytes(dest / name)]
    if edited:
        raise UpdateError(
            f"the update would delete files you edited (they differ from what the template rendered): "
            f"{', '.join(edited)}; nothing was changed (use --force to delete them)"
        )


def _bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _require_clean_git(dest: Path) -> Path:
    """Return the repository's top folder, refusing a folder outside git or with uncommitted changes."""
    inside = subprocess.run(
        ["git", "rev-parse", "--show-toplevel"], cwd=dest, capture_output=True, text=True, check=False
    )
    if inside.returncode != 0:
        raise UpdateError(
            f"{dest} is not in a git repository: commit the project first, so the update can merge "
            "the template's changes with yours and you can review them"
        )
    dirty = git(dest, "status", "--porcelain", "--", ".")
    if dirty:
        files = ", ".join(line[3:] for line in dirty.splitlines()[:5])
        raise UpdateError(
            f"{dest} has uncommitted changes ({files}); commit or stash them first, so nothing of yours "
            "can be lost in the merge"
        )
    return Path(inside.stdout.strip()).resolve()


def _point_answers_at(work: Path, url: str) -> None:
    """Record another template source in the clone's answers, as Copier reads the source from there."""
    record_source(work / ANSWERS_FILE, url)
    git(
        work,
        *IDENTITY,
        "commit",
        "--quiet",
        "--all",
        "-m",
        "scaffold: update from another template source",
    )


def _text(value: object) -> str | None:
    return None if value is None else str(value)
