"""CF007 writable-root-fs: the root filesystem is writable."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.check.compose import Service, is_true
from generator.check.fixing import add_key, block_seq, inherited
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


def _fix(service: Any, hit: Hit) -> bool:
    """Add `read_only: true` and a `/tmp` tmpfs, where the app can still write temporary files.

    A `read_only` set to false on purpose is left, and so is a service that writes `tmpfs` as one
    string; a service with a volume on `/tmp` already has somewhere to write, and gets no tmpfs.
    """
    if inherited(service, "read_only", "tmpfs", "volumes"):
        return False
    if "read_only" in service:
        return False
    tmpfs = service.get("tmpfs")
    if tmpfs is not None and not isinstance(tmpfs, list):
        return False
    mounts_tmp = any(_target(volume) == "/tmp" for volume in service.get("volumes") or [])
    add_key(service, "read_only", True)
    if mounts_tmp:
        return True  # a volume already gives it a writable /tmp
    if tmpfs is None:
        add_key(service, "tmpfs", block_seq(["/tmp"]))
    elif not any(str(entry).split(":", 1)[0].rstrip("/") == "/tmp" for entry in tmpfs):
        tmpfs.append("/tmp")
    return True


def _target(volume: Any) -> str | None:
    """Return where a `volumes` entry is mounted in the container."""
    if isinstance(volume, dict):
        return str(volume.get("target", "")).rstrip("/") or None
    parts = str(volume).split(":")
    return parts[1].rstrip("/") if len(parts) > 1 else parts[0].rstrip("/")


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
    autofix=_fix,
)
