"""Run ``scaffold check`` over the corpus, each case the way a project would run it.

The corpus is copied to a scratch folder first: the single files of ``corpus/`` at its root and the
projects of ``corpus-projects/`` under ``projects/`` (kept apart so that ``corpus/`` holds only files to
check), with a ``.git`` folder at the root and in each project, so that each project is a repository of
its own: the search for a
Dockerfile's build context (:mod:`generator.check.context`) stops there, as it does at a real
repository's root, and never reaches scaffold's own files. Shared by ``tests/check/test_corpus.py`` and
``benchmarks/check_corpus_report.py``.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import NamedTuple

from generator.check.model import Finding
from generator.commands.check import check
from tests.check.corpus_cases import PATHS, TARGETS

CORPUS = Path(__file__).resolve().parent / "corpus"
PROJECTS = Path(__file__).resolve().parent / "corpus-projects"


class Found(NamedTuple):
    """One finding of a corpus case: the file relative to the case's folder, the line and the rule."""

    file: str
    line: int
    rule: str


def copy_corpus(scratch: Path) -> Path:
    """Copy the corpus into ``scratch`` and mark it and each project as a repository; return its root."""
    root = scratch / "corpus"
    shutil.copytree(CORPUS, root)
    shutil.copytree(PROJECTS, root / "projects")
    (root / ".git").mkdir()
    for project in (root / "projects").iterdir():
        (project / ".git").mkdir()
    return root


def case_folder(root: Path, case: str) -> Path:
    """The folder a case's files are named from: the project's, or the corpus root for a single file."""
    return root / case if (root / case).is_dir() else root


def run_case(root: Path, case: str) -> tuple[list[Finding], list[Path]]:
    """Check one case of the copied corpus: a file, or a project's folder (or the paths ``PATHS`` lists).

    Returns:
        The findings, and the files checked.

    """
    folder = case_folder(root, case)
    paths = [folder / path for path in PATHS[case]] if case in PATHS else [root / case]
    target = TARGETS.get(case)
    result = check(paths, target=(target, "--target") if target is not None else None)
    return list(result.findings), list(result.files)


def found(root: Path, case: str) -> list[Found]:
    """The findings of a case, as ``(file, line, rule)`` sorted, files relative to the case's folder."""
    folder = case_folder(root, case)
    findings, _ = run_case(root, case)
    return sorted(
        Found(finding.file.relative_to(folder).as_posix(), finding.line, finding.rule.id)
        for finding in findings
    )
