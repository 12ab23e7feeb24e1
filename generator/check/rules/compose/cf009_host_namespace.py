"""CF009 host-namespace: the service shares a host namespace."""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.compose import Service, interpolated
from generator.check.model import Hit, Rule

_HOST_NAMESPACES = {
    "network_mode": "network",
    "pid": "process",
    "ipc": "IPC",
    "uts": "hostname",
    "userns_mode": "user",
}


def _check(service: Service) -> Iterator[Hit]:
    for key, namespace in _HOST_NAMESPACES.items():
        found = service.get(key)
        if found and str(interpolated(found[0])).strip().lower() == "host":
            yield Hit(found[1], f"{key}: host shares the host's {namespace} namespace")


BAD = """\
services:
  app:
    image: example/app:1.0
    network_mode: host
"""
GOOD = """\
services:
  app:
    image: example/app:1.0
    ports:
      - "127.0.0.1:8000:8000"
"""

RULE = Rule(
    id="CF009",
    name="host-namespace",
    severity="error",
    target="compose",
    title="the service shares a host namespace",
    why=(
        "`network_mode: host` removes network isolation: the service binds every host interface and "
        "reaches what listens only on the host's localhost (`pid`/`ipc: host` expose host processes "
        "and shared memory alike)."
    ),
    fix='Remove it and publish only the ports the service needs: `ports: ["127.0.0.1:8000:8000"]`.',
    reported="`network_mode`, `pid`, `ipc`, `uts` or `userns_mode` set to `host`.",
    related="none",
    bad={"compose.yaml": BAD},
    good={"compose.yaml": GOOD},
    reads=Service,
    check=_check,
)
