"""The Procfile's ``web:`` process: the command a platform (Heroku, Dokku, Render) starts the app with.

Its server, app and port are what the project's authors run in production, so they come before anything
read from the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from generator.detect.files import read_text
from generator.languages.python.commands import Command, parse_command

_PROCESS = re.compile(r"^([A-Za-z0-9_-]+)\s*:\s*(.*)$")


@dataclass(frozen=True)
class WebProcess:
    """The ``web:`` line of the Procfile.

    Attributes:
        line: Its line number.
        text: The command, as written.
        command: What it runs, when it runs a Python app (None: something else, such as a shell script).

    """

    line: int
    text: str
    command: Command | None

    @property
    def source(self) -> str:
        """``Procfile:1: web: gunicorn autoapp:app``."""
        return f"Procfile:{self.line}: web: {self.text}"


def read_web_process(repo: Path) -> WebProcess | None:
    """Return the Procfile's ``web:`` process, if the repository has one."""
    text = read_text(repo / "Procfile")
    for number, raw in enumerate((text or "").splitlines(), start=1):
        match = _PROCESS.match(raw.strip())
        if match and match.group(1) == "web":
            command = match.group(2).strip()
            return WebProcess(number, command, parse_command(command))
    return None
