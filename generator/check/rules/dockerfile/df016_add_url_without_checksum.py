"""DF016 add-url-without-checksum: ADD downloads a URL without --checksum."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.check.dockerfile_syntax import Dockerfile
from generator.check.model import Hit, Rule

_HTTP = re.compile(r"^https?://", re.IGNORECASE)
# A git repository (`https://github.com/org/repo.git#v1.2`): ADD clones it, and --checksum is not an
# HTTP download's sha256 there.
_GIT = re.compile(r"\.git(#.*)?$|\.git/?#", re.IGNORECASE)


def _check(dockerfile: Dockerfile) -> Iterator[Hit]:
    for stage in dockerfile.stages:
        for add in stage.of("ADD"):
            if add.flag("checksum"):
                continue
            urls = [source for source in add.sources() if _HTTP.match(source) and not _GIT.search(source)]
            if urls:
                shown = urls[0] if len(urls[0]) <= 60 else urls[0][:57] + "..."
                yield Hit(
                    add.line,
                    f"ADD {shown} downloads without --checksum, so a changed or tampered file goes in "
                    "unnoticed: add --checksum=sha256:<digest>",
                )


BAD = """\
FROM debian:12-slim
ADD https://example.com/releases/v1.4.2/tool-linux-amd64 /usr/local/bin/tool
"""
GOOD = """\
FROM debian:12-slim
# The digest the project publishes with the release (its SHA256SUMS file).
ADD --checksum=sha256:4f5a1b3c9e0d2a7b6c8d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b \\
    https://example.com/releases/v1.4.2/tool-linux-amd64 /usr/local/bin/tool
"""

RULE = Rule(
    id="DF016",
    name="add-url-without-checksum",
    severity="warning",
    target="dockerfile",
    title="ADD downloads a URL without --checksum",
    why=(
        "Without a checksum the build takes whatever the server returns: a re-published release, a "
        "compromised mirror or a man in the middle changes what goes into the image, and nothing fails."
    ),
    fix=(
        "Pin the file's sha256 with `ADD --checksum=sha256:<digest> <url> <dest>` (Dockerfile syntax 1.6 "
        "or later), or download and check it in a `RUN` with `sha256sum -c`."
    ),
    reported=(
        "an `ADD` in any stage with an `http://` or `https://` source and no `--checksum`, once per "
        "`ADD`, naming its first such URL. A git repository (`https://.../repo.git#v1.2`) is not a "
        "download and is left alone, as are local files and archives (DF012 is about those)."
    ),
    related="none",
    bad={"Dockerfile": BAD},
    good={"Dockerfile": GOOD},
    reads=Dockerfile,
    check=_check,
)
