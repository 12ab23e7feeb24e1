"""DF012 add-instead-of-copy: ADD is used where COPY serves."""

from __future__ import annotations

import re
import tarfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from generator.check.dockerfile_syntax import Dockerfile
from generator.check.fixing import Edit
from generator.check.model import Hit, Rule
from generator.check.source import real_path

_ARCHIVE = re.compile(r"\.(tar|tgz|tbz2?|txz|tzst|tar\.(gz|bz2|xz|zst))$", re.IGNORECASE)


def _check(dockerfile: Dockerfile) -> Iterator[Hit]:
    for stage in dockerfile.stages:
        for add in stage.of("ADD"):
            sources = add.words()[:-1]
            if add.flag("from") is None and sources and not any(_remote_or_archive(s) for s in sources):
                yield Hit(
                    add.line,
                    f"ADD {' '.join(sources)} copies local files: COPY does the same, without ADD's "
                    "unpacking and downloading",
                )


def _remote_or_archive(source: str) -> bool:
    return bool(re.match(r"^([a-z][a-z0-9+.-]*://|git@)", source, re.IGNORECASE) or _ARCHIVE.search(source))


# Options COPY does not take.
_ADD_ONLY_FLAGS = frozenset({"checksum", "keep-git-dir", "unpack"})
_KEYWORD = re.compile(r"^(\s*)(ADD)(?=\s)", re.IGNORECASE)


def _fix(dockerfile: Dockerfile, hit: Hit, lines: Sequence[str]) -> Edit | None:
    """Write COPY for the reported ADD, keeping its options and sources.

    Declined for an ADD with an option COPY lacks, and when a source beside the Dockerfile is a tar
    archive whatever its name (ADD would unpack it, COPY would not).
    """
    found = [i for i in dockerfile.instructions if i.line == hit.line and i.keyword == "ADD"]
    if not found or any(name in _ADD_ONLY_FLAGS for name, _ in found[0].flags):
        return None
    if any(_tar_beside(dockerfile.path, source) for source in found[0].sources()):
        return None
    first = lines[hit.line - 1]
    match = _KEYWORD.match(first)
    if match is None:
        return None
    keyword = "COPY" if match.group(2).isupper() else "copy"
    return Edit(hit.line, hit.line, (f"{match.group(1)}{keyword}{first[match.end() :]}",))


def _tar_beside(dockerfile: Path, source: str) -> bool:
    """Tell whether a source names a tar archive in the Dockerfile's folder (symlinks out are not read)."""
    folder = real_path(dockerfile.parent)
    pattern = source.strip("/")
    if not pattern or pattern == ".":
        return False  # the whole context: ADD does not unpack archives inside a folder
    try:
        for path in folder.glob(pattern):
            resolved = real_path(path)
            if resolved.is_relative_to(folder) and resolved.is_file() and tarfile.is_tarfile(resolved):
                return True
    except (OSError, ValueError, NotImplementedError):
        return True  # cannot tell: leave the ADD as it is
    return False


BAD = """\
FROM python:3.12-slim
ADD app.py /app/
"""
GOOD = """\
FROM python:3.12-slim
COPY app.py /app/
"""

RULE = Rule(
    id="DF012",
    name="add-instead-of-copy",
    severity="info",
    target="dockerfile",
    title="ADD is used where COPY serves",
    why=(
        "ADD also unpacks archives and fetches URLs, so what it does depends on the file it is given; "
        "COPY does only what it says."
    ),
    fix="Use COPY for local files; keep ADD for a URL (with --checksum) or an archive you want unpacked.",
    reported=(
        "an `ADD` whose sources are all local files that are not archives (`.tar`, `.tar.gz`, `.tgz`, "
        "`.tar.bz2`, `.tar.xz`, `.tar.zst`, ...). `ADD` of a URL, a git repository or an archive is left "
        "alone."
    ),
    related="hadolint DL3020; Trivy DS-0005; Checkov CKV_DOCKER_4",
    bad={"Dockerfile": BAD},
    good={"Dockerfile": GOOD},
    reads=Dockerfile,
    check=_check,
    autofix=_fix,
)
