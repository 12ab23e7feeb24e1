"""DF003 unpinned-base: base image uses `latest` or no tag."""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.dockerfile_syntax import Dockerfile, Stage
from generator.check.images import parse_image
from generator.check.model import Hit, Rule


def _check(dockerfile: Dockerfile) -> Iterator[Hit]:
    for stage, reference in _external_stages(dockerfile):
        image = parse_image(reference)
        if not image.floating:
            continue
        message = (
            f"{reference} has no tag, so it builds on whatever `latest` is that day"
            if image.tag is None
            else f"{reference} follows the moving `latest` tag"
        )
        yield Hit(stage.line, message)


def _external_stages(dockerfile: Dockerfile) -> Iterator[tuple[Stage, str]]:
    """Yield the stages built on a registry image (not an earlier stage, not ``scratch``) and the image."""
    for stage in dockerfile.stages:
        if stage.parent is None and stage.image is not None and stage.image.lower() != "scratch":
            yield stage, stage.image


BAD = """\
FROM alpine
CMD ["cat", "/etc/alpine-release"]
"""
GOOD = """\
FROM alpine:3.20
CMD ["cat", "/etc/alpine-release"]
"""

RULE = Rule(
    id="DF003",
    name="unpinned-base",
    severity="warning",
    target="dockerfile",
    title="base image uses `latest` or no tag",
    why=(
        "`latest` (what no tag means) moves: the same Dockerfile builds on a different OS or language "
        "version next month and breaks the build or the app with no change on your side."
    ),
    fix="Name a version tag, e.g. `python:3.12-slim`, or pin a digest (`python:3.12-slim@sha256:...`).",
    reported=(
        "every stage built on a registry image with no tag, or the `latest` tag, and no digest. `scratch` "
        "and stages built on earlier stages are skipped."
    ),
    related="hadolint DL3006, DL3007; Trivy DS-0001; Checkov CKV_DOCKER_7",
    bad={"Dockerfile": BAD},
    good={"Dockerfile": GOOD},
    reads=Dockerfile,
    check=_check,
)
