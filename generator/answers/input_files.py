"""Reading the files a user hands scaffold (answers, data and settings files) without surprises.

Only regular files are read (``/dev/zero`` or a FIFO would be read forever), only up to a size no
answers file comes near, only as UTF-8, and YAML only as plain data: text, numbers, true/false, lists and
mappings. Anything else is one line naming the file and what is wrong with it.
"""

from __future__ import annotations

import datetime
import os
import stat
from pathlib import Path
from typing import Any

import yaml

from generator.errors import ScaffoldError
from generator.plain_yaml import nesting_limit_reached, safe_load

#: Far more than any answers or settings file holds; enough to stop a runaway read.
MAX_BYTES = 1024 * 1024
#: Plain data nests a few levels; anything deeper is not an answers file.
MAX_DEPTH = 32


class InputFileError(ScaffoldError):
    """A file given to scaffold cannot be read as what it should be."""

    exit_code = 2

    def __init__(self, *, label: str, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{label}: {path} {reason}")


def read_text_file(path: Path, *, label: str, limit: int = MAX_BYTES) -> str:
    """Return the text of a small regular UTF-8 file.

    Args:
        path: The file (a symlink to a regular file is fine: the user named it).
        label: How the user gave it, for messages (``--data-file``, ``SCAFFOLD_SETTINGS``).
        limit: The largest size read, in bytes.

    Raises:
        InputFileError: The file is missing, not a regular file, too large, or not UTF-8.
    """
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then refuses it.
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as error:
        raise InputFileError(label=label, path=path, reason=f"cannot be read: {error.strerror}") from None
    with os.fdopen(handle, "rb") as stream:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise InputFileError(label=label, path=path, reason="is not a regular file")
        try:
            data = stream.read(limit + 1)
        except OSError as error:
            raise InputFileError(label=label, path=path, reason=f"cannot be read: {error.strerror}") from None
    if len(data) > limit:
        raise InputFileError(label=label, path=path, reason=f"is larger than {limit // 1024} KiB")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputFileError(label=label, path=path, reason=f"is not UTF-8 text ({error.reason})") from None


def load_yaml_mapping(path: Path, *, label: str, limit: int = MAX_BYTES) -> dict[str, Any]:
    """Read a YAML file holding a mapping of plain data (an answers file).

    Args:
        path: The file.
        label: How the user gave it, for messages.
        limit: The largest size read, in bytes.

    Raises:
        InputFileError: The file cannot be read, is not YAML, is not a mapping, or holds anything but
            plain data (tagged values such as ``!!timestamp``, binary data, very deep nesting).
    """
    text = read_text_file(path, label=label, limit=limit)
    try:
        loaded = safe_load(text)
    except yaml.YAMLError as error:
        if nesting_limit_reached(error):
            raise InputFileError(label=label, path=path, reason="is nested too deeply") from None
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise InputFileError(label=label, path=path, reason=f"is not valid YAML{where}") from None
    except RecursionError:
        raise InputFileError(label=label, path=path, reason="is nested too deeply") from None
    except (ValueError, TypeError, OverflowError) as error:
        # A tag PyYAML cannot build: !!int x, !!timestamp tomorrow.
        raise InputFileError(
            label=label, path=path, reason=f"holds a value YAML cannot build ({error})"
        ) from None
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise InputFileError(label=label, path=path, reason="must hold a mapping of answers")
    problem = _not_plain(loaded, depth=0)
    if problem is not None:
        raise InputFileError(label=label, path=path, reason=problem)
    return {str(key): value for key, value in loaded.items()}


def _not_plain(value: object, *, depth: int) -> str | None:
    """Say why ``value`` is not plain data, or None when it is."""
    if depth > MAX_DEPTH:
        return "is nested too deeply"
    if isinstance(value, dict):
        for key, item in value.items():
            problem = _not_plain(key, depth=depth + 1) or _not_plain(item, depth=depth + 1)
            if problem is not None:
                return problem
        return None
    if isinstance(value, list):
        return next((p for p in (_not_plain(item, depth=depth + 1) for item in value) if p), None)
    if value is None or isinstance(value, (str, int, float, bool)):
        return None
    kind = "a date" if isinstance(value, (datetime.date, datetime.datetime)) else type(value).__name__
    return f"holds {kind} ({value!r:.40}); answers are text, numbers, true/false, lists and mappings"
