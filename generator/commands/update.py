"""``scaffold update``: re-render with a newer template or changed answers, keeping the user's edits.

Copier's own update machinery does the three-way merge: it renders the version recorded in
``.copier-answers.yml`` again, takes the difference to the project as the user's edits, renders the new
version, and re-applies those edits, marking conflicts inline. scaffold runs it in a throwaway clone of
the project, so the project itself only changes in one final all-or-nothing step (or not at all, with
``dry_run``), and reports every file left with conflict markers.
"""

from __future__ import annotations

import subprocess
import tempfile
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import copier
import yaml
from copier.errors import CopierError, UnsafeTemplateError
from jinja2 import TemplateError

from generator.answers.questions import Question, load_questions
from generator.answers.settings import load_settings
from generator.check.model import Finding, reaches
from generator.check.report import render_text
from generator.commands.check import check
from generator.commands.report import Report
from generator.errors import CheckInputError, ScaffoldError
from generator.spec.model import Spec
from generator.templating.git import IDENTITY, git
from generator.templating.location import template_root
from generator.templating.source import (
    ANSWERS_FILE,
    TemplateSource,
    is_own_source,
    record_source,
    template_source,
)
from generator.writing.atomic import write_all

#: The markers Copier writes around a conflicting hunk with ``conflict="inline"``.
CONFLICT_MARKERS = ("<<<<<<< before updating", ">>>>>>> after updating")


#: Asks the questions a project has no answer for; gets the questions and the known answers.
AskNew = Callable[[Sequence[Question], Mapping[str, Any]], Mapping[str, Any]]


class UpdateError(ScaffoldError):
    """The project cannot be updated as it stands (not generated, not in git, uncommitted changes)."""

    exit_code = 1


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


def update(
    dest: Path,
    *,
    data: Mapping[str, Any] | None = None,
    vcs_ref: str | None = None,
    template: Path | None = None,
    dry_run: bool = False,
    trust: bool = False,
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
        ask_new: Asked for the answers to questions the project has no answer for yet (questions a
            newer template added), given the template's questions and the answers known so far;
            without it, new questions take their defaults.

    Returns:
        What changed, including files left with conflict markers.

    Raises:
        UpdateError: ``dest`` has no answers file, is not a git work tree, or has uncommitted changes.
        InvalidAnswerError: A changed answer is not in its accepted form.
    """
    dest = dest.resolve()
    recorded = _recorded_answers(dest)
    toplevel = _require_clean_git(dest)
    inner = dest.relative_to(toplevel)
    settings = load_settings(dest)
    # The organisation's policy (registry prefix, labels) follows the project on every update.
    changes = {**{k: v for k, v in settings.policy.items() if recorded.get(k) != v}, **(data or {})}
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
    with tempfile.TemporaryDirectory(prefix="scaffold-update-") as scratch:
        clone = Path(scratch) / "repository"
        git(Path(scratch), "clone", "--quiet", "--no-hardlinks", str(toplevel), str(clone))
        # The project may be a folder inside a larger repository (a monorepo service).
        work = clone / inner
        if source.url != recorded.get("_src_path"):
            _point_answers_at(work, source.url)
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
        except (CopierError, TemplateError, ValueError) as error:
            # Copier raises ValueError for a source or revision it cannot use (not a directory, an
            # unknown tag): a fact about the inputs, not a bug.
            raise UpdateError(f"the update failed: {error}") from error
        if source.answers_source != source.url:
            record_source(work / ANSWERS_FILE, source.answers_source)
        git(work, "add", "--all", "--", ".")
        status = git(work, "diff", "--cached", "--name-status", "--no-renames", "--relative", "--", ".")
        diff = git(work, "diff", "--cached", "--relative", "--", ".")
        entries = [line.split("\t", 1) for line in status.splitlines()]
        changed = tuple(path for flag, path in entries if flag != "D")
        removed = tuple(path for flag, path in entries if flag == "D")
        contents = {name: (work / name).read_text(encoding="utf-8") for name in changed}
        new_answers = yaml.safe_load((work / ANSWERS_FILE).read_text(encoding="utf-8")) or {}
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
    err = ""
    if result.regressions:
        err = "the updated files now break these hardening rules (scaffold check):\n" + render_text(
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
            findings = check([root]).findings
        except CheckInputError:
            # A file the check cannot read was not clean to begin with; nothing to compare.
            return {}
        return {(finding.file.relative_to(root).as_posix(), finding.rule.id): finding for finding in findings}

    old = keyed(before)
    return tuple(finding for key, finding in keyed(after).items() if key not in old)


def _recorded_answers(dest: Path) -> dict[str, Any]:
    answers = dest / ANSWERS_FILE
    if not answers.is_file():
        raise UpdateError(f"{dest} has no {ANSWERS_FILE}: run `scaffold new` there first")
    loaded = yaml.safe_load(answers.read_text(encoding="utf-8"))
    if not isinstance(loaded, dict):
        raise UpdateError(f"{answers} is not a mapping of answers")
    return loaded


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
