"""Move a set of files into a user's folder all at once, or not at all."""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

from generator.errors import DestinationError
from generator.stopping import raise_if_stopped
from generator.writing.paths import check_targets

#: Signals held back while files move, then delivered: Ctrl-C, and the polite stop of a supervisor.
DEFERRED_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class WriteError(DestinationError):
    """A file could not be put in place; every file touched before it was put back as it was."""

    exit_code = 2


def write_all(dest: Path, contents: Mapping[str, str], *, remove: Sequence[str] = ()) -> None:
    """Write every file in ``contents`` into ``dest`` (and delete ``remove``) as one step.

    Every new file is first written beside its target (same folder, so same filesystem) and every file
    it replaces gets a backup there too; only then are the files renamed into place. If anything fails,
    each file already replaced is restored from its backup, each new file and folder is removed, and a
    :class:`WriteError` names the file and the reason. Ctrl-C and SIGTERM are held back until the set is
    complete or restored. Existing files keep their permission bits; folders that ``remove`` leaves
    empty are removed.

    Args:
        dest: The folder to write into; created if missing.
        contents: Relative path to text.
        remove: Relative paths to delete in the same step.

    Raises:
        DestinationError: ``dest`` cannot be created, or a target is a symlink, lies below one, or is
            not a regular file (nothing is written then).
        WriteError: A file could not be written; nothing was changed.
    """
    check_targets(dest, [*contents, *remove])
    # A Ctrl-C that Python swallowed (raised inside a finaliser) still stops the run before any write.
    raise_if_stopped()
    with interrupts_deferred():
        change = _Change(dest)
        try:
            change.make_folders(dest)
        except OSError as error:
            change.roll_back()
            raise DestinationError(dest=dest, reason=f"cannot be created: {error.strerror}") from error
        try:
            for name, text in contents.items():
                change.prepare(name, text)
            for name in contents:
                change.place(name)
            for name in remove:
                change.delete(name)
        except BaseException as error:
            left = change.roll_back()
            if isinstance(error, OSError):
                raise WriteError(dest=dest / change.current, reason=_reason(error, left)) from error
            raise
        change.finish(remove)


class _Change:
    """The bookkeeping of one :func:`write_all`: what was staged, backed up, placed, and removed."""

    def __init__(self, dest: Path) -> None:
        self.dest = dest
        self.current = ""
        self.created_folders: list[Path] = []
        self.staged: dict[str, Path] = {}
        self.backups: dict[str, Path] = {}
        self.placed: list[str] = []
        self.deleted: list[str] = []

    def prepare(self, name: str, text: str) -> None:
        """Write ``name``'s new text beside its target, and hard-link a backup of the current file."""
        self.current = name
        target = self.dest / name
        self.make_folders(target.parent)
        staged = _unique(target, "new")
        # O_EXCL on a fresh random name: never follows or reuses anything already there.
        handle = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        self.staged[name] = staged
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        if target.exists():
            shutil.copymode(target, staged)
            self.backups[name] = _backup(target)

    def place(self, name: str) -> None:
        """Rename the staged file over its target."""
        self.current = name
        os.replace(self.staged[name], self.dest / name)
        del self.staged[name]
        self.placed.append(name)

    def delete(self, name: str) -> None:
        """Move ``name`` aside to a backup (restored on a later failure, deleted on success)."""
        self.current = name
        target = self.dest / name
        if not target.exists():
            return
        backup = _unique(target, "old")
        os.replace(target, backup)
        self.backups[name] = backup
        self.deleted.append(name)

    def roll_back(self) -> list[str]:
        """Put every file back as it was; return the files that could not be (their backups stay)."""
        left: list[str] = []
        for name in reversed(self.placed):
            target = self.dest / name
            backup = self.backups.pop(name, None)
            if backup is None:
                if not _attempt(target.unlink):
                    left.append(name)
            elif not _attempt(os.replace, backup, target):
                left.append(f"{name} (the original is kept as {backup.name})")
        for name in reversed(self.deleted):
            backup = self.backups.pop(name)
            if not _attempt(os.replace, backup, self.dest / name):
                left.append(f"{name} (kept as {backup.name})")
        # What is left are staged files and backups of files never replaced (extra links to files that
        # are still in place).
        for path in [*self.staged.values(), *self.backups.values()]:
            _attempt(path.unlink, missing_ok=True)
        for folder in reversed(self.created_folders):
            _attempt(folder.rmdir)
        return left

    def finish(self, removed: Sequence[str]) -> None:
        """Drop the backups, and the folders the removed files leave empty (never ``dest`` itself)."""
        for backup in self.backups.values():
            _attempt(backup.unlink, missing_ok=True)
        for name in removed:
            folder = (self.dest / name).parent
            while folder != self.dest and _attempt(folder.rmdir):
                folder = folder.parent

    def make_folders(self, folder: Path) -> None:
        """Create ``folder`` and its missing parents, remembering each to remove it on a rollback."""
        missing = []
        while not folder.exists():
            missing.append(folder)
            folder = folder.parent
        for path in reversed(missing):
            path.mkdir()
            self.created_folders.append(path)


def _unique(target: Path, kind: str) -> Path:
    return target.with_name(f".{target.name}.{secrets.token_hex(4)}.scaffold-{kind}")


def _backup(target: Path) -> Path:
    """Keep the current file under a second name: a hard link (instant, exact), else a copy."""
    backup = _unique(target, "old")
    try:
        os.link(target, backup)
    except OSError:
        # Some filesystems have no hard links.
        shutil.copy2(target, backup)
    return backup


def _attempt(step: Callable[..., object], *args: object, **kwargs: object) -> bool:
    """Run one step of a rollback or clean-up; a failure is reported as False, never raised."""
    try:
        step(*args, **kwargs)
    except OSError:
        return False
    return True


def _reason(error: OSError, left: list[str]) -> str:
    why = error.strerror or str(error)
    if left:
        return f"cannot be written ({why}); could not put back {', '.join(left)}"
    return f"cannot be written ({why}); every file was left as it was"


@contextmanager
def interrupts_deferred() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back while the block runs, then deliver them to the previous handlers.

    Ctrl-C (or a supervisor's SIGTERM) never splits a set of moves or a rollback: the signal arrives
    once the block has finished, exactly as it would have without the block.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []

    def remember(signum: int, _frame: FrameType | None) -> None:
        received.append(signum)

    previous = {signum: signal.signal(signum, remember) for signum in DEFERRED_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    for number in dict.fromkeys(received):
        signal.raise_signal(number)
