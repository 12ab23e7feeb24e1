"""CF016 source-bind-mount: the service mounts the source tree over the image it builds."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from typing import Any

from generator.check.compose import Service, interpolated
from generator.check.located_yaml import LocatedList
from generator.check.model import Hit, Rule

_REMOTE = re.compile(r"^([a-z][a-z0-9+.-]*://|git@)", re.IGNORECASE)
# `$PWD` is the folder compose runs in: the project folder in practice.
_PWD = re.compile(r"^\$(PWD|\{PWD\})(?=[/:]|$)")


def _check(service: Service) -> Iterator[Hit]:
    context = _build_context(service)
    found = service.get("volumes")
    if context is None or not found or not isinstance(found[0], LocatedList):
        return
    volumes = found[0]
    for item, line in zip(volumes, volumes.item_lines, strict=True):
        mount = _bind_mount(item)
        if mount is not None and _source_tree(*mount, context=context):
            source, target = mount
            yield Hit(
                line,
                f"bind mount {source}:{target} puts the source tree over the image it builds, so it runs "
                "code the image does not hold: keep it for development (an override file or develop: watch)",
            )


def _build_context(service: Service) -> str | None:
    """Return the folder a service builds from, normalised (``.``); None if it does not build here."""
    found = service.get("build")
    if found is None:
        return None
    build = found[0]
    context = build.get("context", ".") if isinstance(build, dict) else build
    if not isinstance(context, str):
        return None
    context = str(interpolated(context)).strip() or "."
    return None if _REMOTE.match(context) else posixpath.normpath(context)


def _bind_mount(item: Any) -> tuple[str, str] | None:
    """Return a bind mount's relative host path and its target; None for anything else."""
    if isinstance(item, dict):
        if item.get("type") != "bind" or not isinstance(item.get("target"), str):
            return None
        source, target = item.get("source"), item["target"]
    elif isinstance(item, str):
        parts = str(interpolated(_PWD.sub(".", item))).split(":")
        if len(parts) < 2:
            return None
        source, target = parts[0], parts[1]
    else:
        return None
    if not isinstance(source, str):
        return None
    source = str(interpolated(_PWD.sub(".", source))).strip()
    # A short-syntax source that does not start with `.` is a named volume, or an absolute host path.
    return (source, target.strip()) if source.startswith(".") else None


def _source_tree(source: str, target: str, *, context: str) -> bool:
    """Tell whether a mount puts (part of) the build context where the image keeps its copy of it.

    The context itself, or a folder that holds it, mounted anywhere; or a folder inside it mounted at a
    path that ends the same way (``./src:/app/src``), below a folder other than ``/``. A single file
    (its name has an extension: ``./nginx.conf``) and a folder mounted at the same path at the top
    (``./data:/data``) are left alone.
    """
    folder = posixpath.normpath(source)
    if _holds(folder, context):
        return True
    inside = posixpath.relpath(folder, context)
    if inside.startswith("..") or "." in posixpath.basename(inside):
        return False
    target = posixpath.normpath(target)
    return target.endswith("/" + inside) and target[: -len(inside) - 1] != ""


def _holds(folder: str, context: str) -> bool:
    """Tell whether ``folder`` is ``context`` or a folder above it (both relative to the compose file)."""
    if folder == ".":
        return not context.startswith("..")
    return context == folder or context.startswith(folder + "/")


BAD = """\
services:
  web:
    build: .
    image: example/web:dev
    volumes:
      - .:/app
"""
GOOD = """\
services:
  web:
    build: .
    image: example/web:dev
    develop:
      watch:
        - action: sync
          path: ./src
          target: /app/src
"""

RULE = Rule(
    id="CF016",
    name="source-bind-mount",
    severity="info",
    target="compose",
    title="the service mounts the source tree over the image it builds",
    why=(
        "The mounted folder hides what the build put there: the container runs the files on the host, "
        "not the image that was tested and ships, and a file the `.dockerignore` keeps out is in anyway."
    ),
    fix=(
        "Keep source mounts out of the compose file that ships: move them to `compose.override.yaml` or a "
        "`profiles:` service for development, or use `develop: watch` to sync files while developing."
    ),
    reported=(
        "in a service that builds its image (`build:` with a local context), each bind mount (short or long "
        "syntax) of the build context itself or a folder that holds it (`.:/app`, `./:/app`, "
        "`${PWD}:/app`), or of a folder inside it mounted at a path that ends the same way below a folder "
        "other than `/` (`./src:/app/src`). A single file (`./nginx.conf:/etc/nginx/nginx.conf`), a folder "
        "mounted at the top (`./data:/data`), named volumes and services that only pull an image are left "
        "alone."
    ),
    related="none",
    bad={"compose.yaml": BAD},
    good={"compose.yaml": GOOD},
    reads=Service,
    check=_check,
)
