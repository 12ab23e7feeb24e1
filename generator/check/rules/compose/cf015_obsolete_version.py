"""CF015 obsolete-version: the compose file has a top-level `version:`."""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.compose import ComposeFile
from generator.check.model import Hit, Rule


def _check(compose: ComposeFile) -> Iterator[Hit]:
    if "version" in compose.document:
        yield Hit(
            compose.document.line_of("version"),
            "the top-level version: is obsolete: Compose v2 ignores it and warns on each run; "
            "delete the line",
        )


BAD = """\
version: "3.8"
services:
  app:
    image: example/app:1.0
"""
GOOD = """\
services:
  app:
    image: example/app:1.0
"""

RULE = Rule(
    id="CF015",
    name="obsolete-version",
    severity="info",
    target="compose",
    title="the compose file has a top-level `version:`",
    why=(
        "The Compose Specification dropped `version:`: Compose v2 ignores it and prints a warning on every "
        "command, and the number suggests a file format and feature set that no longer apply."
    ),
    fix="Delete the `version:` line; Compose reads the file by the Compose Specification whatever it says.",
    reported="a `version` key at the top of the file, whatever its value.",
    related="dclint no-version-field",
    bad={"compose.yaml": BAD},
    good={"compose.yaml": GOOD},
    reads=ComposeFile,
    check=_check,
)
