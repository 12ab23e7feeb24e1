"""Reading ``go.mod`` and ``go.work``: line-oriented files, read line by line with each line's number.

Only what detection needs is kept: the module path, the Go version lines, the required modules and the
workspace's ``use`` directives, each with the line it sits on so that a proposal can name it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.detect.files import read_text, relative

_VERSION = re.compile(r"go\s+(1\.\d+)(?:\.\d+)?")
_TOOLCHAIN = re.compile(r"toolchain\s+go(1\.\d+)(?:\.\d+)?\S*")
_MODULE = re.compile(r"module\s+\"?([^\s\"]+)\"?")
#: A requirement: ``require path v1.2.3``, or ``path v1.2.3`` inside a ``require (...)`` block.
_REQUIREMENT = re.compile(r"(?:require\s+)?\"?([^\s\"(]+)\"?\s+(v\S+)")
_USE = re.compile(r"(?:use\s+)?\"?([^\s\"(]+)\"?")


@dataclass(frozen=True)
class Line:
    """A value read from one line of a file.

    Attributes:
        value: What the line says (a module path, a version, a folder).
        source: Where: ``go.mod:5: toolchain go1.23.1``.
    """

    value: str
    source: str


@dataclass
class GoFile:
    """What a ``go.mod`` or ``go.work`` says.

    Attributes:
        name: The file, relative to the repository (``go.mod``, ``api/go.mod``, ``go.work``).
        module: The ``module`` path (go.mod only).
        go: The ``go`` line's version, as ``1.minor``.
        toolchain: The ``toolchain`` line's version, as ``1.minor``.
        requires: The required modules (go.mod), with their lines.
        uses: The ``use`` directives (go.work), as written.
    """

    name: str
    module: Line | None = None
    go: Line | None = None
    toolchain: Line | None = None
    requires: list[Line] = field(default_factory=list)
    uses: list[Line] = field(default_factory=list)

    @property
    def version(self) -> Line | None:
        """The Go that builds it: the ``toolchain`` line wins over the minimum the ``go`` line names."""
        return self.toolchain or self.go


def read_go_file(repo: Path, path: Path) -> GoFile | None:
    """Read ``path`` (a go.mod or go.work in ``repo``); None when it is missing or unreadable."""
    text = read_text(path)
    if text is None:
        return None
    name = relative(repo, path)
    found = GoFile(name)
    block = ""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("//", 1)[0].strip()
        where = f"{name}:{number}: {line}"
        if block and line == ")":
            block = ""
            continue
        if match := _MODULE.fullmatch(line):
            found.module = Line(match.group(1), where)
        elif match := _TOOLCHAIN.fullmatch(line):
            found.toolchain = Line(match.group(1), where)
        elif match := _VERSION.fullmatch(line):
            found.go = Line(match.group(1), where)
        elif re.fullmatch(r"(require|use)\s*\(", line):
            block = line.split()[0].rstrip("(")
        elif (block == "require" or line.startswith("require ")) and (match := _REQUIREMENT.fullmatch(line)):
            found.requires.append(Line(match.group(1), where))
        elif (block == "use" or line.startswith("use ")) and (match := _USE.fullmatch(line)):
            found.uses.append(Line(match.group(1), where))
    return found


def workspace_folder(use: str) -> str | None:
    """Return a ``use`` directive's folder as an answer holds it (``./api`` is ``api``), None if outside.

    A folder outside the repository (``../shared``) or an absolute one cannot be in the build context.
    """
    parts = [part for part in use.replace("\\", "/").split("/") if part not in {"", "."}]
    if use.startswith("/") or ".." in parts:
        return None
    return "/".join(parts) or "."
