"""Many projects side by side in one scratch folder, so one linter run checks them all.

A linter started once for every project costs its start-up once (checkov's is seconds), not once per
project. :class:`Batch` copies each project into ``<root>/p000``, ``<root>/p001``, ... and maps every
path the tool reports back to its project, so each project still gets its own findings. The copies keep
the projects' own layout: a tool sees each one exactly as it would see the project's own folder.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path, PurePosixPath

__all__ = ["Batch", "batch"]


class Batch:
    """Projects copied under one root, and the findings gathered for each of them."""

    def __init__(self, root: Path, projects: Sequence[Path]) -> None:
        self.root = root.resolve()
        #: The projects, in the order given, each once.
        self.projects = list(dict.fromkeys(projects))
        self._names = {project: f"p{index:03d}" for index, project in enumerate(self.projects)}
        self._by_name = {name: project for project, name in self._names.items()}
        self.findings: dict[Path, list[str]] = {project: [] for project in self.projects}
        for project, name in self._names.items():
            shutil.copytree(project, self.root / name, symlinks=True)

    def path(self, project: Path, file: Path) -> str:
        """Return ``file`` of ``project`` as the tool is given it: relative to the root."""
        return f"{self._names[project]}/{file.as_posix()}"

    def owner(self, reported: str) -> tuple[Path, str] | None:
        """Return the project a path reported by a tool belongs to, and the path within that project.

        Tools report paths as given, relative to the root, absolute, or with a leading ``/`` for
        "relative to the folder scanned"; each form is understood.
        """
        path = PurePosixPath(reported)
        if path.is_absolute():
            with contextlib.suppress(ValueError):
                path = path.relative_to(self.root.as_posix())
        parts = [part for part in path.parts if part not in {"/", "."}]
        if not parts or parts[0] not in self._by_name:
            return None
        return self._by_name[parts[0]], "/".join(parts[1:])

    def add(self, project: Path, finding: str) -> None:
        """Record a finding of one project."""
        self.findings[project].append(finding)

    def add_to(self, projects: Sequence[Path], finding: str) -> None:
        """Record a finding of the run itself (a crash, unreadable output) against each project it had."""
        for project in projects:
            self.add(project, finding)

    def add_reported(self, tool: str, reported: str, finding: str) -> None:
        """Record a finding on a reported path; one no project owns is a finding for every project."""
        owned = self.owner(reported)
        if owned is None:
            self.add_to(self.projects, f"{tool}: a finding on a file of no project ({reported}): {finding}")
        else:
            self.add(owned[0], finding)


@contextlib.contextmanager
def batch(projects: Sequence[Path]) -> Iterator[Batch]:
    """Copy ``projects`` side by side into a scratch folder for the length of the block."""
    with tempfile.TemporaryDirectory(prefix="scaffold-lint-") as scratch:
        yield Batch(Path(scratch), projects)
