"""CF017 no-init: the service runs without an init as PID 1."""

from __future__ import annotations

import shlex
from collections.abc import Iterator
from typing import Any

from generator.check.compose import Service, interpolated, is_true
from generator.check.fixing import add_key, inherited
from generator.check.model import Hit, Rule

# Programs that run as PID 1 to reap zombies and pass signals on: tini (Docker's own `docker-init`),
# dumb-init, Podman's catatonit; s6-overlay's is `/init` itself.
_INITS = frozenset({"tini", "tini-static", "docker-init", "dumb-init", "catatonit"})


def _check(service: Service) -> Iterator[Hit]:
    found = service.get("init")
    if found is not None:
        value = interpolated(found[0])
        if is_true(value) or value is False or str(value).strip().lower() == "false":
            return  # an explicit false is a choice: the image brings its own init, or needs none
        yield Hit(found[1], f"init: {found[0]} is not true, so no init runs as PID 1")
        return
    if _init_entrypoint(service.value("entrypoint")):
        return
    if service.complete:
        yield Hit(
            service.line,
            "no init: true, so its PID 1 reaps no zombies and ignores signals it does not handle",
        )


def _init_entrypoint(entrypoint: Any) -> bool:
    """Tell whether a service's `entrypoint` (a string or a list) starts with an init."""
    if isinstance(entrypoint, str):
        try:
            words = shlex.split(interpolated(entrypoint))
        except ValueError:
            return False
    elif isinstance(entrypoint, list):
        words = [str(interpolated(word)) for word in entrypoint]
    else:
        return False
    if not words:
        return False
    return words[0] == "/init" or words[0].rsplit("/", 1)[-1] in _INITS


def _fix(service: Any, hit: Hit) -> bool:
    """Add `init: true`; a service that sets `init` already, even to something odd, is left."""
    if inherited(service, "init") or "init" in service:
        return False
    add_key(service, "init", True)
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
    init: true
"""

RULE = Rule(
    id="CF017",
    name="no-init",
    severity="info",
    target="compose",
    title="the service runs without an init as PID 1",
    why=(
        "The app then runs as PID 1, which the kernel gives no default signal handlers: it reaps no "
        "zombie children and ignores a SIGTERM it does not handle, so `docker stop` waits out its grace "
        "period and kills it."
    ),
    fix="Set `init: true`: Docker runs its own tini as PID 1, which reaps zombies and passes signals on.",
    reported=(
        "a service with no `init` key, or one that is neither true nor false (`${VAR:-default}` read as "
        "compose reads it). `init: false` is not reported: it says the image brings its own init or the "
        "app needs none. Nor is a service whose `entrypoint` starts with an init (`tini`, `dumb-init`, "
        "`docker-init`, `catatonit`, s6-overlay's `/init`). An init the image's own `ENTRYPOINT` runs is "
        "not seen by the compose check, so such a service is reported: set `init: false` there."
    ),
    related="none",
    bad={"compose.yaml": BAD},
    good={"compose.yaml": GOOD},
    reads=Service,
    check=_check,
    autofix=_fix,
)
