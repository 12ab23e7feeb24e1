"""CF001 privileged: the service runs privileged."""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.compose import Service, is_true
from generator.check.model import Hit, Rule


def _check(service: Service) -> Iterator[Hit]:
    found = service.get("privileged")
    if found and is_true(found[0]):
        yield Hit(found[1], "privileged: true gives it every capability and host device")


BAD = """\
services:
  app:
    image: example/app:1.0
    cap_drop: [ALL]
    privileged: true
"""
GOOD = """\
services:
  app:
    image: example/app:1.0
    cap_drop: [ALL]
    cap_add: [NET_BIND_SERVICE]
"""

RULE = Rule(
    id="CF001",
    name="privileged",
    severity="error",
    target="compose",
    title="the service runs privileged",
    why=(
        "A privileged container gets every capability and every host device: root inside it can mount "
        "the host's disks and take over the host."
    ),
    fix=(
        "Remove `privileged: true`; grant only the one capability (`cap_add`) or device (`devices`) the "
        "service needs."
    ),
    reported="`privileged: true`.",
    related="none",
    bad={"compose.yaml": BAD},
    good={"compose.yaml": GOOD},
    reads=Service,
    check=_check,
)
