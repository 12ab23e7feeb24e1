"""DF012 add-instead-of-copy: ADD is used where COPY serves."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.check.dockerfile_syntax import Dockerfile
from generator.check.model import Hit, Rule

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
)
