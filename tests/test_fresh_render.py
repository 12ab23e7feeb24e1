"""Renders into a new folder leave out Copier's per-file git calls, and only those."""

from __future__ import annotations

import inspect
from pathlib import Path

import copier._main
import pytest

from generator.templating.fresh import FreshFolderWorker
from generator.templating.render import render_files

from .variants import MATRIX


def test_the_left_out_step_is_a_step_of_copiers_worker() -> None:
    """A Copier release that renames or reshapes the step fails here, not silently in users' renders."""
    hook = vars(copier._main.Worker).get("_sync_git_index_executable_bit")
    assert hook is not None
    own = vars(FreshFolderWorker)["_sync_git_index_executable_bit"]
    assert list(inspect.signature(hook).parameters) == list(inspect.signature(own).parameters)


def test_a_render_never_runs_the_git_index_step(fast_template: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Path] = []

    def record(self: copier._main.Worker, dst_relpath: Path, src_mode: int) -> None:
        calls.append(dst_relpath)

    monkeypatch.setattr(copier._main.Worker, "_sync_git_index_executable_bit", record)
    files = render_files(MATRIX["pip-web-slim"], template=fast_template)
    assert "Dockerfile" in files
    assert calls == []


def test_copiers_own_worker_does_run_it(
    fast_template: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The check above can fail: the same render through Copier's own worker reaches the step per file."""
    calls: list[Path] = []

    def record(self: copier._main.Worker, dst_relpath: Path, src_mode: int) -> None:
        calls.append(dst_relpath)

    monkeypatch.setattr(copier._main.Worker, "_sync_git_index_executable_bit", record)
    copier.run_copy(
        str(fast_template),
        tmp_path,
        data=MATRIX["pip-web-slim"].answers(),
        defaults=True,
        overwrite=True,
        quiet=True,
        skip_tasks=True,
    )
    assert Path("Dockerfile") in calls
