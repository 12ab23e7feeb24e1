"""CF002 host-mount: the Docker socket or the host's root is mounted."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from typing import Any

from generator.check.compose import Service, interpolated
from generator.check.located_yaml import LocatedList
from generator.check.model import Hit, Rule

_SOCKETS = ("docker.sock", "podman.sock", "containerd.sock")
_SOCKET_FOLDERS = frozenset({"/var/run", "/run", "/var/run/docker", "/run/docker"})


def _check(service: Service) -> Iterator[Hit]:
    found = service.get("volumes")
    if not found or not isinstance(found[0], LocatedList):
        return
    volumes = found[0]
    for item, line in zip(volumes, volumes.item_lines, strict=True):
        source = _mount_source(item)
        if source is None:
            continue
        if source.endswith(_SOCKETS) or source in _SOCKET_FOLDERS:
            yield Hit(line, f"mounts the container engine's socket ({source})")
        elif source == "/":
            yield Hit(line, "mounts the host's root filesystem (/)")


def _mount_source(item: Any) -> str | None:
    """Return a volume's host source path, normalised; None for a named or anonymous volume."""
    if isinstance(item, dict):
        if item.get("type", "volume") != "bind":
            return None
        source = item.get("source")
    elif isinstance(item, str):
        parts = interpolated(item).split(":")
        source = parts[0] if len(parts) > 1 else None
    else:
        return None
    if not isinstance(source, str) or not source.startswith("/"):
        return None
    source = interpolated(source)
    return "/" + posixpath.normpath(source).lstrip("/") if source.strip("/") else "/"


BAD = """\
services:
  app:
    image: example/app:1.0
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock
"""
GOOD = """\
services:
  app:
    image: example/app:1.0
    volumes:
      - data:/data
volumes:
  data: {}
"""

RULE = Rule(
    id="CF002",
    name="host-mount",
    severity="error",
    target="compose",
    title="the Docker socket or the host's root is mounted",
    why=(
        "Whoever reaches the Docker socket can start a privileged container, so is root on the host; "
        "mounting `/` hands over the host's whole filesystem."
    ),
    fix=(
        "Remove the mount; if a tool must talk to Docker, put a socket proxy in between that allows only "
        "the API calls it needs."
    ),
    reported=(
        "a bind mount (short or long syntax) whose host path is a `docker.sock`, `podman.sock` or "
        "`containerd.sock`, the folders that hold them (`/var/run`, `/run`), or `/`."
    ),
    related="none",
    bad={"compose.yaml": BAD},
    good={"compose.yaml": GOOD},
    reads=Service,
    check=_check,
)
