"""CF005 no-new-privileges: no-new-privileges is not set."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.check.compose import Service
from generator.check.fixing import add_key, block_seq, inherited
from generator.check.model import Hit, Rule


def _check(service: Service) -> Iterator[Hit]:
    found = service.get("security_opt")
    options = found[0] if found and isinstance(found[0], list) else []
    for option in options:
        name, _, value = str(option).replace("=", ":").partition(":")
        if name.strip() == "no-new-privileges" and value.strip().lower() in {"", "true"}:
            return
    if found is not None:
        yield Hit(found[1], "security_opt does not set no-new-privileges:true")
    elif service.complete:
        yield Hit(service.line, "no security_opt with no-new-privileges:true")


def _fix(service: Any, hit: Hit) -> bool:
    """Add `no-new-privileges:true` to the service's own `security_opt`, unless it sets the option off."""
    if inherited(service, "security_opt"):
        return False
    options = service.get("security_opt")
    if options is None:
        add_key(service, "security_opt", block_seq(["no-new-privileges:true"]))
        return True
    if not isinstance(options, list):
        return False
    if any(
        str(option).replace("=", ":").partition(":")[0].strip() == "no-new-privileges" for option in options
    ):
        return False  # set to false on purpose, or written in a way this cannot tell
    options.append("no-new-privileges:true")
    return True


BAD = """\
services:
  app:
    image: example/app:1.0
"""
GOOD = """\
services:
  app:
    image: example/app:1.0
    security_opt:
      - no-new-privileges:true
"""

RULE = Rule(
    id="CF005",
    name="no-new-privileges",
    severity="warning",
    target="compose",
    title="no-new-privileges is not set",
    why=(
        "Without it a process can gain privileges through a setuid program in the image (su, sudo, "
        "mount), undoing the non-root user."
    ),
    fix='Add `security_opt: ["no-new-privileges:true"]`.',
    reported=(
        "no `security_opt` entry `no-new-privileges`, `no-new-privileges:true` or `no-new-privileges=true`."
    ),
    related="none",
    bad={"compose.yaml": BAD},
    good={"compose.yaml": GOOD},
    reads=Service,
    check=_check,
    autofix=_fix,
)
