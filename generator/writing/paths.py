"""Which paths inside a destination scaffold may read and write: regular files, reached without symlinks.

A project folder can hold symlinks that point anywhere (``.github -> /elsewhere``, ``Dockerfile ->
/etc/shadow``). Writing through one would put files outside the project, and comparing or diffing one
would print another file's content. So every file scaffold reads for a comparison or writes is checked
here first: each folder from the destination down to it must be a real folder (not a symlink, not a
file), and the file itself must be absent or a regular file. The destination folder itself may be a
symlink: the user named it.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from generator.errors import DestinationError


class UnsafePathError(DestinationError):
    """A file scaffold would read or write is a symlink, sits below one, or is not a regular file."""

    exit_code = 2

    def __init__(self, *, dest: Path, name: str, reason: str) -> None:
        self.name = name
        super().__init__(dest=dest / name, reason=f"{reason}; nothing was written")


def check_targets(dest: Path, names: Iterable[str]) -> None:
    """Refuse any of ``names`` (relative to ``dest``) that cannot be read or written in place safely.

    A missing file, or missing folders on its way, are fine: they will be created.

    Args:
        dest: The destination folder (it need not exist).
        names: Paths relative to ``dest``, with forward slashes.

    Raises:
        UnsafePathError: For the first path that is a symlink, lies below a symlink or a non-folder,
            is not a regular file, or leaves ``dest`` (``..``, absolute).
    """
    for name in names:
        reason = _unsafe(dest, name)
        if reason is not None:
            raise UnsafePathError(dest=dest, name=name, reason=reason)


def is_regular_file(dest: Path, name: str) -> bool:
    """Return True when ``dest/name`` is a regular file reached without any symlink below ``dest``."""
    return _unsafe(dest, name) is None and _lstat_mode(dest / name) is not None


def _unsafe(dest: Path, name: str) -> str | None:
    parts = PurePosixPath(name).parts
    if not parts or PurePosixPath(name).is_absolute() or any(part in {"", ".", ".."} for part in parts):
        return "is not a plain path inside the destination"
    folder = dest
    for index, part in enumerate(parts):
        path = folder / part
        mode = _lstat_mode(path)
        last = index == len(parts) - 1
        if mode is None:
            # Missing: everything below it will be created by scaffold.
            return None
        shown = "/".join(parts[: index + 1])
        if stat.S_ISLNK(mode):
            what = "is a symlink" if last else f"lies inside {shown}, a symlink"
            return f"{what} (to {_link_target(path)}): scaffold never writes or reads through a symlink"
        if not last and not stat.S_ISDIR(mode):
            return f"cannot be created: {shown} is a file, not a folder"
        if last and stat.S_ISDIR(mode):
            return "is a folder: scaffold writes a file there"
        if last and not stat.S_ISREG(mode):
            return "is not a regular file (a device, FIFO or socket)"
        folder = path
    return None


def _lstat_mode(path: Path) -> int | None:
    try:
        return os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        return None
    except OSError as error:
        # Too long a name, a loop, no permission to look: not a file scaffold can use.
        raise UnsafePathError(
            dest=path.parent, name=path.name, reason=f"cannot be looked at: {error.strerror}"
        ) from None


def _link_target(path: Path) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return "?"
