"""Reading a repository's files for detection: manifests, line numbers, and hints in source code.

Manifests are parsed with real parsers (``tomllib``, ``json``, ``xml.etree``); the helpers here only find
the *line* a key sits on, so that every proposal can say where it came from. Source code (Go, Rust,
JavaScript, Java) is searched with regular expressions: the results are hints shown with their file and
line, never trusted without passing through :class:`~generator.spec.model.Spec`.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

#: Folders that hold dependencies, build output or tooling, never the app's own source.
SKIPPED_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".venv",
        "venv",
        "node_modules",
        "vendor",
        "target",
        "build",
        "dist",
        "out",
        "__pycache__",
    }
)
#: The usual health-check paths, as a regular expression (the path itself, for a route literal).
HEALTH_NAME = r"(?:health|healthz|healthcheck|livez|readyz|ping)"
HEALTH_PATH = rf"/{HEALTH_NAME}"
#: Enough source files to find an app's listener in any realistic layout, few enough to stay fast.
_MAX_FILES = 400
_TOML_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
# A line comment or a block comment's line in the C family (Go, Rust, JavaScript, Java, Kotlin).
_COMMENT_LINE = re.compile(r"^\s*(//|/\*|\*(\s|/|$))")


def read_text(path: Path) -> str | None:
    """Return a file's text, or None if it is missing, unreadable or not UTF-8."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def read_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML file; a missing or broken one reads as empty."""
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
        return data
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}


def read_json_object(path: Path) -> dict[str, Any]:
    """Parse a JSON file holding an object; a missing, broken or non-object one reads as empty."""
    text = read_text(path)
    try:
        data = json.loads(text) if text is not None else {}
    except (ValueError, RecursionError):
        # RecursionError: nesting deeper than the parser's stack; no manifest looks like that.
        return {}
    return data if isinstance(data, dict) else {}


def table(data: dict[str, Any], *keys: str) -> dict[str, Any]:
    """Return the table at ``data[key1][key2]...``; empty when any level is missing or not a table.

    A manifest is the user's: ``tool = "x"`` or ``project = 5`` parses, and must read as "nothing here".
    """
    for key in keys:
        value = data.get(key)
        if not isinstance(value, dict):
            return {}
        data = value
    return data


def line_at(text: str, offset: int) -> int:
    """Return the 1-based line number of a character offset."""
    return text.count("\n", 0, offset) + 1


def json_key_lines(text: str) -> dict[str, int]:
    """Map every object key in a JSON text, as a dotted path (``scripts.start``), to its first line.

    Only strings, brackets and colons are looked at: the values come from :func:`json.loads`; this only
    says where they are. Array items add ``[]`` to the path.
    """
    lines: dict[str, int] = {}
    path: list[str] = []
    pending: str | None = None
    line = 1
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\n":
            line += 1
        elif char == '"':
            end = index + 1
            while end < len(text) and text[end] != '"':
                end += 2 if text[end] == "\\" else 1
            after = end + 1
            while after < len(text) and text[after] in " \t\r\n":
                after += 1
            if after < len(text) and text[after] == ":":
                try:
                    pending = str(json.loads(text[index : end + 1]))
                except ValueError:
                    pending = text[index + 1 : end]
                lines.setdefault(".".join([*path[1:], pending]), line)
            index = end
        elif char in "{[":
            path.append("[]" if pending is None else pending)
            pending = None
        elif char in "}]":
            if path:
                path.pop()
        elif char == ",":
            pending = None
        index += 1
    return lines


def toml_key_line(text: str, table: str, key: str, occurrence: int = 0) -> int | None:
    """Return the line of ``key = ...`` inside ``[table]`` (or the ``occurrence``-th ``[[table]]``).

    ``table`` is ``""`` for the top level. A key written as its own table (``[dependencies.axum]``)
    is found by its header line.
    """
    current = ""
    seen: dict[str, int] = {}
    assignment = re.compile(rf"""^\s*["']?{re.escape(key)}["']?\s*=""")
    for number, raw in enumerate(text.splitlines(), start=1):
        header = _TOML_HEADER.match(raw)
        if header:
            current = header.group(2).replace('"', "").replace("'", "").replace(" ", "")
            if header.group(1) == "[[":
                seen[current] = seen.get(current, -1) + 1
            if current == f"{table}.{key}".lstrip("."):
                return number
            continue
        in_table = current == table and seen.get(table, 0) == occurrence
        if in_table and assignment.match(raw):
            return number
    return None


def text_line(text: str, pattern: str | re.Pattern[str]) -> int | None:
    """Return the line of the first match of ``pattern`` in ``text``."""
    match = re.search(pattern, text, flags=re.MULTILINE) if isinstance(pattern, str) else pattern.search(text)
    return line_at(text, match.start()) if match else None


def source_files(root: Path, suffixes: tuple[str, ...], *, recursive: bool = True) -> list[Path]:
    """List the source files under ``root`` with one of ``suffixes``, sorted, skipping build output."""
    if not root.is_dir():
        return []
    found: list[Path] = []
    pending = [root]
    while pending and len(found) < _MAX_FILES:
        folder = pending.pop(0)
        try:
            entries = sorted(folder.iterdir())
        except OSError:
            continue
        for entry in entries:
            if entry.is_file() and entry.name.endswith(suffixes):
                found.append(entry)
            elif recursive and entry.is_dir() and entry.name not in SKIPPED_DIRS:
                # A symlinked folder can loop back on itself; hidden ones hold tooling, not the app.
                pending += [] if entry.name.startswith(".") or entry.is_symlink() else [entry]
    return found[:_MAX_FILES]


@dataclass(frozen=True)
class Hit:
    """A regular expression's match in a source file.

    Attributes:
        path: The file, relative to the repository.
        line: The line of the match (of its first group, when it has one).
        match: The match itself.

    """

    path: str
    line: int
    match: re.Match[str]

    def source(self, what: str) -> str:
        """Return a finding source such as ``server.js:14: listen 3000``."""
        return f"{self.path}:{self.line}: {what}"


class Sources:
    """A set of source files, read once, searched for hints.

    Args:
        repo: The repository the paths are shown relative to.
        files: The files to search, in the order their hints count.

    """

    def __init__(self, repo: Path, files: Iterable[Path]) -> None:
        self._texts: list[tuple[str, str]] = []
        for path in files:
            text = read_text(path)
            if text is not None:
                self._texts.append((relative(repo, path), text))

    def __bool__(self) -> bool:
        return bool(self._texts)

    def find_all(self, pattern: re.Pattern[str]) -> Iterator[Hit]:
        """Yield every match of ``pattern`` outside comment lines, file by file."""
        for path, text in self._texts:
            for match in pattern.finditer(text):
                start = match.start(1) if pattern.groups and match.start(1) >= 0 else match.start()
                line_start = text.rfind("\n", 0, match.start()) + 1
                # A commented-out listener or route is not what the app does.
                if _COMMENT_LINE.match(text[line_start : match.start() + 1]):
                    continue
                yield Hit(path, line_at(text, start), match)

    def find(self, *patterns: re.Pattern[str]) -> Hit | None:
        """Return the first match of the first pattern that matches anywhere."""
        for pattern in patterns:
            for hit in self.find_all(pattern):
                return hit
        return None


def relative(repo: Path, path: Path) -> str:
    """Show ``path`` relative to ``repo``, with forward slashes."""
    try:
        return path.relative_to(repo).as_posix()
    except ValueError:
        return path.as_posix()
