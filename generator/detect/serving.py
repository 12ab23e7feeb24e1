"""Port and health-route hints in an app's source, shared by the languages read with regular expressions."""

from __future__ import annotations

import re
from collections.abc import Sequence

from generator.detect.files import Sources
from generator.detect.findings import Detection

#: The lowest port a non-root user can bind (the port question's lower bound).
_LOWEST_PORT = 1024

#: A port hint: the pattern (group 1 is the port) and how its source reads ({port}, {text}: the match).
PortHint = tuple[re.Pattern[str], str]


def propose_port(found: Detection, sources: Sources, hints: Sequence[PortHint]) -> None:
    """Propose the port of the first hint that matches, strongest hint first.

    A port below 1024 is not proposed (the app runs as a non-root user): a note says so instead.
    """
    for pattern, label in hints:
        hit = sources.find(pattern)
        if hit is None:
            continue
        port = int(hit.match.group(1))
        propose_port_number(
            found, port, hit.source(label.format(port=port, text=" ".join(hit.match.group(0).split())))
        )
        return


def propose_port_number(found: Detection, port: int, source: str) -> None:
    """Propose ``port``, or note that a non-root user cannot bind it (below 1024, or no port at all)."""
    if _LOWEST_PORT <= port <= 65535:
        found.propose("port", port, source)
    else:
        found.note(f"{source}: a non-root user cannot bind port {port}; pass --port")


def propose_health(found: Detection, sources: Sources, routes: Sequence[re.Pattern[str]]) -> None:
    """Propose the first health route (group 1 of a pattern; a missing leading slash is added)."""
    hit = sources.find(*routes)
    if hit is not None:
        path = "/" + hit.match.group(1).lstrip("/")
        found.propose("health_path", path, hit.source(f"route {path}"))
