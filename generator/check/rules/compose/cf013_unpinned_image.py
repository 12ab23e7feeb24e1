"""CF013 unpinned-image: the service's image uses `latest` or no tag."""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.compose import Service
from generator.check.images import parse_image
from generator.check.model import Hit, Rule
from generator.check.variables import expand


def _check(service: Service) -> Iterator[Hit]:
    found = service.get("image")
    # With `build:`, `image:` names what is built here, not what is pulled.
    if found is None or not isinstance(found[0], str) or service.get("build") is not None:
        return
    # A variable with no default may well carry the tag: nothing is known then.
    reference = expand(found[0].replace("$$", "$"), {}, unset=None)
    if reference is None or not reference.strip():
        return
    image = parse_image(reference.strip())
    if image.floating:
        what = "has no tag" if image.tag is None else "uses the moving `latest` tag"
        yield Hit(
            found[1],
            f"image {reference.strip()} {what}, so each pull may run another version: name a version tag "
            "or a digest",
        )


BAD = """\
services:
  cache:
    image: redis
"""
GOOD = """\
services:
  cache:
    image: redis:7.4-alpine
"""

RULE = Rule(
    id="CF013",
    name="unpinned-image",
    severity="warning",
    target="compose",
    title="the service's image uses `latest` or no tag",
    why=(
        "`latest` (what no tag means) moves: the next `docker compose pull`, or a new host, runs another "
        "major version with no change to the file, and a rollback has nothing to go back to."
    ),
    fix="Name a version tag (`redis:7.4-alpine`), or pin a digest (`redis:7.4-alpine@sha256:...`).",
    reported=(
        "an `image:` with no tag, or the `latest` tag, and no digest, after compose's `${VAR:-default}` "
        "substitution; one that depends on a variable with no default is not known, so not reported. A "
        "service that also has `build:` is skipped: its `image:` names the image it builds."
    ),
    related="dclint service-image-require-explicit-tag",
    bad={"compose.yaml": BAD},
    good={"compose.yaml": GOOD},
    reads=Service,
    check=_check,
)
