"""Copier's ``run_copy`` into a folder that is new and empty, without Copier's per-file git calls.

After writing each file Copier asks git for the destination's ``core.fileMode`` (one ``git config``
process per rendered file) so that it can carry an executable bit into the git index of files the
destination repository already tracks. A folder scaffold has just made tracks nothing, so every one of
those calls ends in "nothing to do"; with some ten files per render they were a seventh of its CPU time.
:class:`FreshFolderWorker` leaves them out and is otherwise Copier's own worker.

The worker and the step are Copier internals (Copier 9.4 had no ``copier._main`` yet, only ``copier.main``),
so ``pyproject.toml`` requires a Copier 9 from 9.19 on, and ``tests/test_fresh_render.py`` fails if a
release renames or reshapes the step. Without the step Copier would simply run its git calls again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from copier._main import Worker


class FreshFolderWorker(Worker):
    """Copier's worker for a destination folder that nothing has been committed to."""

    def _sync_git_index_executable_bit(self, dst_relpath: Path, src_mode: int) -> None:
        """Do nothing: a file that git does not track has no index entry to update (Copier's own rule)."""


def copy_fresh(
    src_path: str,
    folder: Path,
    *,
    data: dict[str, Any],
    vcs_ref: str | None,
    unsafe: bool,
) -> None:
    """Render the template at ``src_path`` (version ``vcs_ref``) into the new, empty ``folder``.

    The same as ``copier.run_copy`` with every answer given (``defaults``), no prompts, no tasks.
    """
    with FreshFolderWorker(
        src_path=src_path,
        dst_path=folder,
        data=data,
        vcs_ref=vcs_ref,
        defaults=True,
        overwrite=True,
        quiet=True,
        unsafe=unsafe,
        skip_tasks=True,
    ) as worker:
        worker.run_copy()
