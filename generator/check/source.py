"""Read the files ``scaffold check`` is given, refusing what is not a small regular file.

A checked folder may come from anyone (a pull request in CI), so reading it must neither hang, nor
exhaust memory, nor leak other files into a log:

- only regular files are read: a FIFO would block forever, a device (``/dev/zero``) never ends, and
  opening some devices does something; the type is checked before the file is opened, the file is opened
  non-blocking, and checked again once open, in case it was swapped in between;
- at most :data:`MAX_BYTES` are read, whatever the file claims its size is (``/proc`` files claim 0);
- a symlink is followed only to a regular file, and if it leads outside the folder it was found from, the
  errors about it never quote its text (``Dockerfile -> /proc/self/environ`` must not print the CI's
  secrets in a parse error).

Errors about input are :class:`InputError` (or :class:`ParseError` when they point at a line); both are
:class:`~generator.errors.CheckInputError`, and both escape control characters in their message.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from generator.check.escaping import escape
from generator.errors import CheckInputError

#: The largest file ``scaffold check`` reads (1 MiB). Real Dockerfiles, ignore files and compose files
#: are a few KiB; anything near this is generated or hostile.
MAX_BYTES = 1024 * 1024
_MAX_LABEL = "1 MiB"
_READ_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)


class InputError(CheckInputError):
    """A checked path is missing, not a regular file, too big, or unreadable.

    The message is one line: control characters in the path or the reason are escaped.
    """

    def __str__(self) -> str:
        return escape(f"{self.path}: {self.reason}")


class ParseError(InputError):
    """A checked file is not what Docker or Compose would accept.

    Attributes:
        line: The 1-based line of the problem, if known.
        problem: What is wrong; it may quote the file's text (a short, escaped snippet).

    """

    def __init__(self, *, path: Path, problem: str, line: int | None = None) -> None:
        self.line = line
        self.problem = problem
        super().__init__(path=path, reason=f"line {line}: {problem}" if line is not None else problem)

    def without_text(self, why: str) -> ParseError:
        """Return the same error with the problem replaced by a note that quotes nothing of the file.

        Args:
            why: Why the text is not shown.

        Returns:
            The new error, same path and line.

        """
        return ParseError(path=self.path, line=self.line, problem=f"cannot be parsed ({why})")


@dataclass(frozen=True)
class Source:
    """A checked file's text.

    Attributes:
        path: The file, as found from the paths given.
        text: Its content, decoded (a UTF-8 byte order mark dropped).
        outside: True when it is a symlink to a file outside the folder it was found from: errors
            about it must not quote its text.
        folder: The folder it was found from.

    """

    path: Path
    text: str
    outside: bool
    folder: Path


def not_regular(path: Path) -> str | None:
    """Say what ``path`` is when it is not a regular file (after following symlinks), else None.

    Args:
        path: A path that exists or is a (possibly broken) symlink.

    Returns:
        None for a regular file or a symlink to one, and when the type cannot be told (no permission, a
        symlink loop: opening it then says why); otherwise a phrase such as ``a FIFO`` or ``a symlink
        to a folder``, to follow "it is".

    """
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "a broken symlink" if path.is_symlink() else "missing"
    except OSError as error:
        return "a symlink loop" if error.errno == errno.ELOOP else None
    if stat.S_ISREG(mode):
        return None
    kind = _kind(mode)
    return f"a symlink to {kind}" if path.is_symlink() else kind


def read_source(path: Path, *, folder: Path) -> Source:
    """Read a checked file safely.

    Args:
        path: The file.
        folder: The folder it was found from (the folder given, or the file's own folder).

    Returns:
        Its text, and whether it lies outside ``folder``.

    Raises:
        InputError: It is not a regular file, is larger than :data:`MAX_BYTES`, cannot be read, or is
            not UTF-8 text.

    """
    what = not_regular(path)
    if what is not None:
        raise InputError(path=path, reason=f"not a regular file: it is {what}; nothing was read")
    try:
        descriptor = os.open(path, _READ_FLAGS)
    except OSError as error:
        raise InputError(path=path, reason=f"cannot be read ({error.strerror or error})") from None
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise InputError(path=path, reason=f"not a regular file: it is {_kind(mode)}; nothing was read")
        data = _read_at_most(descriptor, MAX_BYTES + 1, path=path)
    finally:
        os.close(descriptor)
    if len(data) > MAX_BYTES:
        raise InputError(path=path, reason=f"larger than {_MAX_LABEL}: not a file to check, nothing was read")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(path=path, reason="not UTF-8 text") from None
    return Source(path=path, text=text, outside=_outside(path, folder), folder=folder)


def _read_at_most(descriptor: int, limit: int, *, path: Path) -> bytes:
    chunks: list[bytes] = []
    remaining = limit
    while remaining > 0:
        try:
            chunk = os.read(descriptor, min(remaining, 65536))
        except OSError as error:
            raise InputError(path=path, reason=f"cannot be read ({error.strerror or error})") from None
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def real_path(path: Path) -> Path:
    """Return ``path`` with every symlink followed; unlike ``Path.resolve``, a symlink loop is no error."""
    return Path(os.path.realpath(path))


def _outside(path: Path, folder: Path) -> bool:
    """Tell whether ``path``, symlinks followed, lies outside ``folder`` (symlinks followed too)."""
    return not real_path(path).is_relative_to(real_path(folder))


def _kind(mode: int) -> str:
    kinds = (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    )
    return next((name for test, name in kinds if test(mode)), "a special file")
