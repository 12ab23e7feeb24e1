"""Move a set of files into a user's folder all at once, or not at all."""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

from generator.errors import DestinationError


def write_all(dest: Path, contents: Mapping[str, str], *, remove: Sequence[str] = ()) -> None:
    """Write every file in ``contents`` into ``dest`` (and delete ``remove``) as one step.

    Files are staged inside ``dest`` first, so the final moves are same-filesystem atomic renames, and
    Ctrl-C is held back until the last one is in place: an error or an interrupt never leaves part of
    the set written. Existing files keep their permission bits.

    Args:
        dest: The folder to write into; created if missing.
        contents: Relative path to text.
        remove: Relative paths to delete in the same step.

    Raises:
        DestinationError: ``dest`` cannot be created or written.
    """
    try:
        dest.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DestinationError(dest=dest, reason=f"cannot be created: {error.strerror}") from error
    try:
        staging = Path(tempfile.mkdtemp(prefix=".scaffold-staging-", dir=dest))
    except OSError as error:
        raise DestinationError(dest=dest, reason=f"is not writable: {error.strerror}") from error
    try:
        for name, text in contents.items():
            staged = staging / name
            staged.parent.mkdir(parents=True, exist_ok=True)
            staged.write_text(text, encoding="utf-8")
            existing = dest / name
            if existing.exists():
                shutil.copymode(existing, staged)
        with interrupts_deferred():
            for name in contents:
                (dest / name).parent.mkdir(parents=True, exist_ok=True)
                os.replace(staging / name, dest / name)
            for name in remove:
                (dest / name).unlink(missing_ok=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


@contextmanager
def interrupts_deferred() -> Iterator[None]:
    """Hold SIGINT back while the block runs, then deliver it, so Ctrl-C never splits a set of moves."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []

    def remember(signum: int, _frame: FrameType | None) -> None:
        received.append(signum)

    previous = signal.signal(signal.SIGINT, remember)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if received:
        raise KeyboardInterrupt
