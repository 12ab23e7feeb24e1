"""package.json and the other JSON files a Node.js project keeps its settings in, with the line of each key.

``package.json`` is strict JSON; ``tsconfig.json`` is JSON with comments and trailing commas (``tsc
--init`` writes a file that is mostly comments), so comments are blanked out before parsing, keeping
every line where it was.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.detect.files import json_key_lines, read_text


@dataclass(frozen=True)
class JsonFile:
    """A JSON object read from a file: its values and the line of each key.

    Attributes:
        name: The file, relative to the repository (``package.json``, ``tsconfig.build.json``).
        data: The parsed object; empty when the file is missing, broken or not an object.
        lines: Each key as a dotted path (``scripts.start``) and its line.

    """

    name: str
    data: dict[str, Any]
    lines: dict[str, int]

    @classmethod
    def read(cls, repo: Path, name: str) -> JsonFile:
        """Read ``name`` inside ``repo``, comments and trailing commas allowed."""
        text = _strip_comments(read_text(repo / name) or "")
        try:
            data = json.loads(text) if text.strip() else {}
        except (ValueError, RecursionError):
            # RecursionError: nesting deeper than the parser's stack; no manifest looks like that.
            data = {}
        if not isinstance(data, dict):
            data = {}
        return cls(name, data, json_key_lines(text))

    def get(self, dotted: str) -> Any:
        """Return the value at a dotted path (``scripts.start``), or None."""
        value: Any = self.data
        for key in dotted.split("."):
            value = value.get(key) if isinstance(value, dict) else None
        return value

    def text(self, dotted: str) -> str | None:
        """Return the value at a dotted path if it is a non-empty string, else None."""
        value = self.get(dotted)
        return value if isinstance(value, str) and value.strip() else None

    def source(self, dotted: str, what: str = "") -> str:
        """Return a finding source such as ``package.json:7: scripts.start``."""
        line = self.lines.get(dotted)
        where = f"{self.name}:{line}" if line else self.name
        return f"{where}: {what or dotted}"


def _strip_comments(text: str) -> str:
    """Blank out ``//`` and ``/* */`` comments and drop trailing commas, outside strings.

    Newlines are kept, so every key stays on its line.
    """
    out: list[str] = []
    index = 0
    in_string = False
    while index < len(text):
        char = text[index]
        if in_string:
            out.append(char)
            if char == "\\" and index + 1 < len(text):
                out.append(text[index + 1])
                index += 1
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
            out.append(char)
        elif text.startswith("//", index):
            end = text.find("\n", index)
            end = len(text) if end == -1 else end
            out.append(" " * (end - index))
            index = end - 1
        elif text.startswith("/*", index):
            end = text.find("*/", index + 2)
            end = len(text) if end == -1 else end + 2
            out.append("".join(c if c == "\n" else " " for c in text[index:end]))
            index = end - 1
        elif char in "}]":
            _drop_trailing_comma(out)
            out.append(char)
        else:
            out.append(char)
        index += 1
    return "".join(out)


def _drop_trailing_comma(out: list[str]) -> None:
    """Blank the comma before a closing bracket (``[1, 2,]``), if the last non-space character is one."""
    for position in range(len(out) - 1, -1, -1):
        if out[position].isspace():
            continue
        if out[position] == ",":
            out[position] = " "
        return
