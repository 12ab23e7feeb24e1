"""Turn the paths given to ``scaffold check`` into the files to check, each with its kind."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from generator.check.source import InputError, not_regular, real_path

FileKind = Literal["dockerfile", "dockerignore", "compose"]

#: Compose file names picked up in a folder (overrides are left out: alone they look incomplete).
COMPOSE_NAMES = frozenset({"compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"})


@dataclass(frozen=True)
class Target:
    """One file to check.

    Attributes:
        path: The file, as found from the paths given.
        kind: What it is.
        folder: The folder it was found from: the folder given, or the file's own folder when the file
            was named (a symlink out of it is checked, but errors do not quote its text).

    """

    path: Path
    kind: FileKind
    folder: Path


def discover(paths: Sequence[Path]) -> list[Target]:
    """Find the files to check.

    A folder contributes its Dockerfiles (``Dockerfile``, ``Dockerfile.*``, ``*.Dockerfile``, the same
    for ``Containerfile``), its ``.dockerignore`` and its compose file (``compose.yaml``,
    ``docker-compose.yml``, ...), not those of sub-folders. A file is checked as a .dockerignore if it is
    named like one, as a compose file if it ends in ``.yml`` or ``.yaml``, and as a Dockerfile otherwise.
    Only regular files are checked (a symlink counts if it leads to one): a named path, or an entry of a
    folder named like a file to check, that is a FIFO, a device, a socket, a broken symlink or (in a
    folder) a sub-folder is refused, since Docker could not read it either.

    Args:
        paths: Files and folders.

    Returns:
        The files, each once, in the order given (a folder's in name order).

    Raises:
        InputError: A path does not exist or is not a regular file or folder, a folder holds an entry
            named like a file to check that is not a regular file, or a folder holds nothing to check.

    """
    targets: list[Target] = []
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found = [
                Target(entry, kind, path)
                for entry in sorted(path.iterdir(), key=lambda entry: entry.name)
                if (kind := _kind_in_folder(entry.name)) is not None
            ]
            if not found:
                raise InputError(
                    path=path,
                    reason="no Dockerfile, Containerfile, .dockerignore or compose file in this folder",
                )
        elif path.exists() or path.is_symlink():
            found = [Target(path, _kind_of_file(path.name), path.parent)]
        else:
            raise InputError(path=path, reason="no such file or folder")
        for target in found:
            what = not_regular(target.path)
            if what is not None:
                raise InputError(
                    path=target.path, reason=f"not a regular file: it is {what}; nothing was read"
                )
            key = real_path(target.path)
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
