"""Small Python repositories for detection tests, and the Python language's detector run on them.

The detector is called directly: it proposes answers that ``generator.detect.detect`` keeps only once the
template asks a question for them, and these tests are about what is proposed.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from generator.detect.findings import Detection
from generator.languages.python.detect import detect

#: The note that follows every answer left open.
OPEN = " (without it, scaffold new asks, or with --defaults stops)"


def write(folder: Path, files: dict[str, str]) -> Path:
    """Write ``files`` (path: text, dedented) under ``folder`` and return it."""
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return folder


def detect_python(repo: Path) -> Detection:
    """Run the Python language's detector on ``repo``."""
    found = Detection()
    detect(repo, found)
    return found


def found_values(found: Detection) -> dict[str, tuple[object, str]]:
    """Each proposal as (value, source)."""
    return {name: (finding.value, finding.source) for name, finding in found.findings.items()}


def opened(found: Detection, name: str) -> str:
    """The note that says why ``name`` was left open, checked to be there."""
    why = found.unsettled[name]
    note = f"{why}: pass --{name.replace('_', '-')}{OPEN}"
    assert note in found.notes
    return why
