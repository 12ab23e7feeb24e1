"""CF004 no-cap-drop: Linux capabilities are not dropped."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.check.compose import Service
from generator.check.fixing import add_key, block_seq, inherited
from generator.check.model import Hit, Rule


def _check(service: Service) -> Iterator[Hit]:
    found = service.get("cap_drop")
    if found is None:
        if service.complete:
            yield Hit(service.line, "no cap_drop: it keeps Docker's default capabilities")
        return
    dropped = found[0] if isinstance(found[0], list) else [found[0]]
    if not any(str(capability).upper() in {"ALL", "CAP_ALL"} for capability in dropped):
        yield Hit(found[1], "cap_drop does not drop ALL")


def _fix(service: Any, hit: Hit) -> bool:
    """Add `cap_drop: [ALL]`, or make the service's own `cap_drop` list `[ALL]` (ALL holds the others)."""
    if inherited(service, "cap_drop"):
        return False
    dropped = service.get("cap_drop")
    if dropped is None:
        add_key(service, "cap_drop", block_seq(["ALL"]))
        return True
    if isinstance(dropped, list):
        dropped[:] = ["ALL"]
        return True
    return False


BAD = """\
services:
  app:
    image: example/app:1.0
    cap_drop: [NET_RAW]
"""
GOOD = """\
services:
  app:
    image: example/app:1.0
    cap_drop: [ALL]
"""

RULE = Rule(
    id="CF004",
    name="no-cap-drop",
    severity="warning",
    target="compose",
    title="Linux capabilities are not dropped",
    why=(
        "Containers start with over a dozen root capabilities (change any file's owner, raw sockets, "
        "bind low ports) that most apps never use and an attacker can."
    ),
    fix="Add `cap_drop: [ALL]`, then `cap_add` back only what the service needs (e.g. NET_BIND_SERVICE).",
    reported="no `cap_drop`, or a `cap_drop` without `ALL`.",
    related="none",
    bad={"compose.yaml": BAD},
    good={"compose.yaml": GOOD},
    reads=Service,
    check=_check,
    autofix=_fix,
)
