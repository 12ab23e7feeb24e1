"""Things one test run makes once and every process of the run reads: the template copy, the renders.

Under pytest-xdist each worker is its own process with its own session fixtures, so a plain session
fixture would copy the template and render every variant once per worker. These helpers keep such
results in the run's shared temporary folder (the parent of every worker's own one) instead: the first
process to need one makes it under a file lock, moves it into place whole, and the others read it. Only
results that nobody changes afterwards belong here.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

import pytest

T = TypeVar("T")
__all__ = ["made_once", "run_folder", "stored_once", "this_workers_turn"]


def run_folder(factory: pytest.TempPathFactory) -> Path:
    """Return the temporary folder every process of this run shares."""
    base = factory.getbasetemp()
    # xdist gives each worker <run>/popen-gwN as its base; a run without workers uses <run> itself.
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder = shared / "shared"
    folder.mkdir(exist_ok=True)
    return folder


def this_workers_turn(items: Sequence[T]) -> list[T]:
    """Return ``items`` rotated so that each worker of the run starts at a different place.

    Workers that make the same shared results one after another (rendering every variant, say) then
    make different ones at the same time instead of waiting on each other's locks.
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    count = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    index = int(worker.removeprefix("gw") or 0) if worker.startswith("gw") else 0
    start = len(items) * index // max(count, 1)
    return [*items[start:], *items[:start]]


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield  # closing the file releases the lock


def made_once(folder: Path, make: Callable[[Path], None]) -> Path:
    """Return ``folder``, first filling it with ``make(folder)`` if no process of the run has yet.

    ``make`` fills a scratch folder that then replaces ``folder`` in one rename, so a reader never sees
    a half-made one, even if the maker failed midway.
    """
    with _locked(folder.with_name(folder.name + ".lock")):
        if not folder.is_dir():
            scratch = folder.with_name(folder.name + ".partial")
            shutil.rmtree(scratch, ignore_errors=True)
            scratch.mkdir()
            make(scratch)
            scratch.rename(folder)
    return folder


def stored_once(folder: Path, key: object, make: Callable[[], dict[str, str]]) -> dict[str, str]:
    """Return ``make()``'s files for ``key`` (any JSON value), made by one process of the run only."""
    digest = hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:24]
    path = folder / f"{digest}.json"
    with _locked(folder / f"{digest}.lock"):
        if not path.is_file():
            scratch = path.with_suffix(".partial")
            scratch.write_text(json.dumps({"key": key, "files": make()}), encoding="utf-8")
            scratch.rename(path)
    stored = json.loads(path.read_text(encoding="utf-8"))
    # The digest names the file; the key inside it proves it is this key's (no silent collision).
    assert stored["key"] == json.loads(json.dumps(key)), f"{path} holds another key"
    files: dict[str, str] = stored["files"]
    return files
