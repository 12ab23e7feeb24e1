"""CF007 writable-root-fs: the root filesystem is writable."""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.compose import Service, is_true
from generator.check.model import Hit, Rule


def _check(service: Service) -> Iterator[Hit]:
    found = service.get("read_only")
    if found is None:
        if service.complete:
            yield Hit(
                service.line,
                "no read_only: true, so its root filesystem is writable",
            )
    elif not is_true(found[0]):
        shown = str(found[0]).lower() if isinstance(found[0], bool) else found[0]
        yield Hit(found[1], f"read_only: {shown} leaves its root filesystem writable")


BAD = """\
services:
  app:
    image: example/app:1.0
"""
GOOD = """\
services:
  app:
    image: example/app:1.0
    read_only: true
    tmpfs:
      - /tmp
"""

RULE = Rule(
    id="CF007",
    name="writable-root-fs",
    severity="warning",
    target="compose",
    title="the root filesystem is writable",
    why=(
        "A writable root filesystem lets an attacker, or a bug, change the app's code and leave tools "
        "behind in the container."
    ),
    fix="Set `read_only: true` and give the few paths the app writes a `tmpfs` (e.g. `/tmp`) or a volume.",
    reported="no `read_only: true`.",
    related="none",
    bad={"compose.yaml": BAD},
    good={"compose.yaml": GOOD},
    reads=Service,
    check=_check,
)
