"""``scaffold detect``: show what scaffold reads from a repository, and where it read it."""

from __future__ import annotations

import json
from pathlib import Path

from generator.commands.report import Report
from generator.detect import Detection, detect
from generator.errors import DestinationError
from generator.spec.model import check_answer

#: Values longer than this overflow their own line rather than push every source to the right.
_VALUE_WIDTH = 24


def detect_repository(path: Path, *, language: str | None = None) -> Detection:
    """Detect the proposed answers for the repository at ``path``.

    Args:
        path: The application's folder.
        language: The language to read the repository as (``--language``), instead of guessing it.

    Raises:
        DestinationError: ``path`` is not an existing folder.
        InvalidAnswerError: ``language`` is not one scaffold knows.
    """
    try:
        is_dir = path.is_dir()
    except OSError as error:
        raise DestinationError(
            dest=path, reason=f"cannot be used: {error.strerror}", argument="PATH"
        ) from None
    if not is_dir:
        raise DestinationError(dest=path, reason="is not an existing folder", argument="PATH")
    if language is not None:
        check_answer("language", language)
    return detect(path, language=language)


def report(found: Detection, *, json_output: bool = False) -> Report:
    """Say what was detected, as aligned text or (``json_output``) as JSON."""
    return Report(out=as_json(found) if json_output else as_text(found))


def as_text(found: Detection) -> str:
    """Render a detection as aligned ``answer  value  (source)`` lines, then its notes."""
    lines = []
    if found.findings:
        values = {name: _shown(finding.value) for name, finding in found.findings.items()}
        width = max(len(name) for name in found.findings)
        value_width = min(_VALUE_WIDTH, max(len(value) for value in values.values()))
        lines = [
            f"{name:<{width}}  {values[name]:<{value_width}}  ({finding.source})"
            for name, finding in found.findings.items()
        ]
    else:
        lines = ["nothing detected: scaffold new will ask (or use the defaults)"]
    lines += [f"note: {note}" for note in found.notes]
    return "\n".join(lines) + "\n"


def as_json(found: Detection) -> str:
    """Render a detection as a JSON object: ``answers`` with value and source, and ``notes``."""
    answers = {name: {"value": f.value, "source": f.source} for name, f in found.findings.items()}
    return json.dumps({"answers": answers, "notes": found.notes}, indent=2) + "\n"


def _shown(value: object) -> str:
    # Booleans as the answers file and --data write them.
    return str(value).lower() if isinstance(value, bool) else str(value)
