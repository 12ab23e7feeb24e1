"""The TOML files a Python project keeps its settings in (pyproject.toml, Pipfile), with the line of each key.

They are parsed with ``tomllib``; :func:`~generator.detect.files.toml_key_line` only finds where a key
sits, so that every proposal read from them can name its file and line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.detect.files import read_text, read_toml, table, toml_key_line


@dataclass(frozen=True)
class TomlFile:
    """A TOML file read from the repository.

    Attributes:
        name: The file, relative to the repository (``pyproject.toml``, ``Pipfile``).
        data: The parsed tables; empty when the file is missing or broken.
        text: The file's text; empty when it is missing or not UTF-8.
        exists: Whether the file is there at all (a broken one still exists).

    """

    name: str
    data: dict[str, Any]
    text: str
    exists: bool

    @classmethod
    def read(cls, repo: Path, name: str) -> TomlFile:
        """Read ``name`` inside ``repo``; a missing or broken file reads as empty."""
        path = repo / name
        return cls(name, read_toml(path), read_text(path) or "", path.is_file())

    def table(self, dotted: str) -> dict[str, Any]:
        """Return the table at a dotted path (``tool.poetry``); empty when missing or not a table."""
        return table(self.data, *dotted.split(".")) if dotted else self.data

    def line(self, dotted: str, key: str) -> int | None:
        """Return the line of ``key = ...`` in the table at ``dotted`` (``""``: the top level)."""
        return toml_key_line(self.text, dotted, key)

    def source(self, dotted: str, key: str, what: str = "") -> str:
        """Return a finding source such as ``pyproject.toml:5: requires-python '>=3.11'``."""
        line = self.line(dotted, key)
        where = f"{self.name}:{line}" if line else self.name
        return f"{where}: {what or key}"

    def value_line(self, value: str) -> int | None:
        """Return the first line holding ``value`` as a quoted string (an item of a TOML array)."""
        for quote in ('"', "'"):
            needle = f"{quote}{value}"
            for number, raw in enumerate(self.text.splitlines(), start=1):
                if needle in raw:
                    return number
        return None
