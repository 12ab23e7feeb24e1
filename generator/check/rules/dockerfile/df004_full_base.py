"""DF004 full-base: the final image is built on a full base where a slim one exists."""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.dockerfile_syntax import Dockerfile
from generator.check.images import parse_image, slim_variant
from generator.check.model import Hit, Rule


def _check(dockerfile: Dockerfile) -> Iterator[Hit]:
    root = dockerfile.lineage(dockerfile.final)[0]
    if root.image is None or root.parent is not None:
        return
    slim = slim_variant(parse_image(root.image))
    if slim is not None:
        yield Hit(
            root.line,
            f"the final image is built on {root.image}, the full image; {slim} has the same runtime "
            "without the compilers and extra packages",
        )


BAD = """\
FROM python:3.12
CMD ["python", "-V"]
"""
GOOD = """\
FROM python:3.12-slim
CMD ["python", "-V"]
"""

RULE = Rule(
    id="DF004",
    name="full-base",
    severity="warning",
    target="dockerfile",
    title="the final image is built on a full base where a slim one exists",
    why=(
        "The full image carries compilers, headers and hundreds of packages the app never runs: hundreds "
        "of MB more to pull, and more vulnerabilities for scanners (and attackers) to find."
    ),
    fix=(
        "Use the -slim variant (e.g. `python:3.12-slim`; for a Java JDK, the JRE: `eclipse-temurin:21-jre`) "
        "for the stage that ships; keep the full image in a build stage if you compile there."
    ),
    reported=(
        "the registry image at the bottom of the final stage's lineage is an official `python`, `node`, "
        "`ruby`, `perl`, `rust`, `openjdk` or `debian` image whose tag is a plain version (or version and "
        "Debian release, such as `3.12-bookworm`), `latest` or none, or an `eclipse-temurin` JDK (`21`, "
        "`21-jdk`, `21-jdk-noble`), whose JRE (`21-jre`, `21-jre-noble`) runs the same jar. The finding "
        "names the slim (or JRE) tag. Build stages may use the full image."
    ),
    related="none",
    bad={"Dockerfile": BAD},
    good={"Dockerfile": GOOD},
    reads=Dockerfile,
    check=_check,
)
