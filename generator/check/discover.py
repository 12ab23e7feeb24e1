"""Turn the paths given to ``scaffold check`` into the files to check, each with its kind."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from generator.errors import CheckInputError

FileKind = Literal["dockerfile", "dockerignore", "compose"]

#: Compose file names picked up in a folder (overrides are left out: alone they look incomplete).
COMPOSE_NAMES = frozenset({"compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"})


@dataclass(frozen=True)
class Target:
    """One file to check.

    Attributes:
        path: The file, as found from the paths given.
        kind: What it is.

    """

    path: Path
    kind: FileKind


def discover(paths: Sequence[Path]) -> list[Target]:
    """Find the files to check.

    A folder contributes its Dockerfiles (``Dockerfile``, ``Dockerfile.*``, ``*.Dockerfile``, the same
    for ``Containerfile``), its ``.dockerignore`` and its compose file (``compose.yaml``,
    ``docker-compose.yml``, ...), not those of sub-folders. A file is checked as a .dockerignore if it is
    named like one, as a compose file if it ends in ``.yml`` or ``.yaml``, and as a Dockerfile otherwise.

    Args:
        paths: Files and folders.

    Returns:
        The files, each once, in the order given (a folder's in name order).

    Raises:
        CheckInputError: A path does not exist, or a folder holds nothing to check.

    """
    targets: list[Target] = []
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found = [
                Target(entry, kind)
                for entry in sorted(path.iterdir(), key=lambda entry: entry.name)
                if entry.is_file() and (kind := _kind_in_folder(entry.name)) is not None
            ]
            if not found:
                raise CheckInputError(
                    path=path,
                    reason="no Dockerfile, Containerfile, .dockerignore or compose file in this folder",
                )
        elif path.is_file():
            found = [Target(path, _kind_of_file(path.name))]
        elif path.exists():
            raise CheckInputError(path=path, reason="not a file or a folder")
        else:
            raise CheckInputError(path=path, reason="no such file or folder")
        for target in found:
            key = target.path.resolve()
            if key not in seen:
                seen.add(key)
                targets.append(target)
    return targets


def _kind_in_folder(name: str) -> FileKind | None:
    if _is_dockerignore(name):
        return "dockerignore"
    if name in COMPOSE_NAMES:
        return "compose"
    lower = name.lower()
    for base in ("dockerfile", "containerfile"):
        if lower == base or lower.startswith(base + ".") or lower.endswith("." + base):
            return "dockerfile"
    return None


def _kind_of_file(name: str) -> FileKind:
    if _is_dockerignore(name):
        return "dockerignore"
    if name.lower().endswith((".yml", ".yaml")):
        return "compose"
    return "dockerfile"


def _is_dockerignore(name: str) -> bool:
    return name == ".dockerignore" or name.endswith(".dockerignore")
