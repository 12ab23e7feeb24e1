"""Which Python versions a lock file's compiled wheels exist for.

A package that ships only version-specific CPython wheels (``pydantic_core-2.33.2-cp312-cp312-…whl``)
and is locked at a version with no wheel for a newer Python would build from source there, which needs a
compiler (a Rust one for pydantic-core) that the image does not have. uv.lock and poetry.lock name every
file they may install, so the newest Python the lock is ready for can be read from them; Pipfile.lock and
requirements files list hashes only, and say nothing.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from generator.detect.files import read_text

#: Lock files that name their wheels, in the order they are looked at.
LOCKS_WITH_WHEELS = ("uv.lock", "poetry.lock")
# name-version(-build)?-python-abi-platform.whl, as PEP 427 spells a wheel's file name.
_WHEEL = re.compile(
    r"(?P<name>[A-Za-z0-9_.]+)-(?P<version>[^-/\s\"']+)(?:-\d[^-/\s\"']*)?"
    r"-(?P<python>[a-z0-9_.]+)-(?P<abi>[a-z0-9_.]+)-(?P<platform>[A-Za-z0-9_.]+)\.whl"
)
_CPYTHON = re.compile(r"^cp3(\d+)$")


def wheel_ready(repo: Path, candidates: Iterable[str]) -> tuple[list[str], str | None]:
    """Return the candidate minor versions (``3.12``) every locked compiled package has a wheel for.

    Args:
        repo: The project folder.
        candidates: Minor versions, oldest first.

    Returns:
        The candidates kept, and the lock file read (None when no lock file names its wheels, and then
        every candidate is kept).

    """
    wanted = list(candidates)
    for name in LOCKS_WITH_WHEELS:
        text = read_text(repo / name)
        if text is None:
            continue
        limits = _version_specific(text)
        return [minor for minor in wanted if all(int(minor.split(".")[1]) in ok for ok in limits)], name
    return wanted, None


def _version_specific(text: str) -> list[set[int]]:
    """Return, per package whose wheels are all tied to one CPython minor, the minors they cover."""
    minors: dict[tuple[str, str], set[int]] = defaultdict(set)
    portable: set[tuple[str, str]] = set()
    for match in _WHEEL.finditer(text):
        key = (match["name"].lower(), match["version"])
        pythons = match["python"].split(".")
        if match["abi"] == "abi3" or match["abi"] == "none" or any(not _CPYTHON.match(p) for p in pythons):
            # abi3 serves every later CPython; py3-none any Python; pp/graalpy tags are not CPython.
            if match["abi"] in {"abi3", "none"}:
                portable.add(key)
            continue
        for python in pythons:
            found = _CPYTHON.match(python)
            if found:
                minors[key].add(int(found.group(1)))
    return [covered for key, covered in minors.items() if key not in portable]
