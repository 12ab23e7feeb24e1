"""``scaffold detect``: show what scaffold reads from a repository, and where it read it."""

from __future__ import annotations

import json
from pathlib import Path

from generator.detect import Detection, detect
from generator.errors import DestinationError


def detect_repository(path: Path) -> Detection:
    """Detect the proposed answers for the repository at ``path``.

    Raises:
        DestinationError: ``path`` is not an existing folder.
    """
    if not path.is_dir():
        raise DestinationError(dest=path, reason="is not an existing folder", argument="PATH")
    return detect(path)


def as_text(found: Detection) -> str:
    """Render a detection as aligned ``answer  value  (source)`` lines, then its notes."""
    if not found.findings:
        return "nothing detected: scaffold new will ask (or use the defaults)\n"
    width = max(len(name) for name in found.findings)
    lines = [
        f"{name:<{width}}  {finding.value!s:<24}  ({finding.source})"
        for name, finding in found.findings.items()
    ]
    lines += [f"note: {note}" for note in found.notes]
    return "\n".join(lines) + "\n"


def as_json(found: Detection) -> str:
    """Render a detection as a JSON object: ``answers`` with value and source, and ``notes``."""
    answers = {name: {"value": f.value, "source": f.source} for name, f in found.findings.items()}
    return json.dumps({"answers": answers, "notes": found.notes}, indent=2) + "\n"
