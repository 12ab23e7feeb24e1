"""Image references (``registry/name:tag@digest``): their tag, and the slim variant of a full image.

Which official images have a slim variant, and how its tag is spelled, comes from each registered
language's ``check.py`` and, for other languages' images and Debian's, from here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from generator.languages import check_facts
from generator.languages.checking import DEBIAN_RELEASE, SLIM_AFTER_VERSION, VERSION, SlimTag

# Official images of languages scaffold writes no Dockerfile for, and Debian itself, that publish a -slim
# variant of each full tag. The languages scaffold generates for name theirs in their own folder
# (generator/languages/<name>/check.py).
_OTHER_SLIM_TAGS: dict[str, SlimTag] = {
    "ruby": SLIM_AFTER_VERSION,
    "perl": SLIM_AFTER_VERSION,
    "debian": SlimTag(
        re.compile(rf"^(?P<v>{VERSION}|{DEBIAN_RELEASE}|stable|oldstable|testing)(?P<d>-\d{{8}})?$"),
        "{v}{d}-slim",
    ),
}
_VARIABLES = re.compile(r"\$\{[^}]*\}")
_DOCKER_HUB_PREFIXES = ("docker.io/library/", "index.docker.io/library/", "docker.io/", "library/")


@dataclass(frozen=True)
class ImageRef:
    """A parsed image reference.

    Attributes:
        repository: Everything before the tag (``python``, ``gcr.io/distroless/python3-debian12``).
        tag: The tag, if one is written.
        digest: The ``sha256:...`` digest, if one is written.

    """

    repository: str
    tag: str | None
    digest: str | None

    @property
    def floating(self) -> bool:
        """True when the reference follows ``latest``: no digest, and no tag or the ``latest`` tag."""
        return self.digest is None and (self.tag is None or self.tag == "latest")

    @property
    def official_name(self) -> str | None:
        """The Docker Hub official image name (``python``), or None for any other repository."""
        name = self.repository
        for prefix in _DOCKER_HUB_PREFIXES:
            if name.startswith(prefix):
                name = name[len(prefix) :]
                break
        return None if "/" in name else name


def parse_image(reference: str) -> ImageRef:
    """Split an image reference into repository, tag and digest.

    Args:
        reference: As written after ``FROM`` (variables already substituted).

    Returns:
        The parts; a registry port (``localhost:5000/app``) is not mistaken for a tag.

    """
    # A `${...}` left in (an unknown build argument) is one unit: `${PLATFORM/arm/v7/arm-7}` holds
    # slashes and `${TAG:-1}` a colon that are not the reference's own.
    bare = _VARIABLES.sub(lambda match: "x" * len(match.group()), reference)
    at = bare.find("@")
    name, digest = (reference, "") if at < 0 else (reference[:at], reference[at + 1 :])
    repository, tag = name, None
    colon = bare[: len(name)].rfind(":")
    if colon > bare[: len(name)].rfind("/"):
        repository, tag = name[:colon], name[colon + 1 :]
    return ImageRef(repository=repository.lower(), tag=tag, digest=digest or None)


def slim_variant(image: ImageRef) -> str | None:
    """Return the slim variant of a full official image, or None if it is not one.

    Args:
        image: A parsed reference.

    Returns:
        For example ``python:3.12-slim`` for ``python:3.12``, ``node:20-bookworm-slim`` for
        ``node:20-bookworm``, ``eclipse-temurin:21-jre`` for the JDK ``eclipse-temurin:21-jdk``;
        ``python:<version>-slim`` for an untagged or ``latest`` image. None when the image is already
        slim (or a JRE), has a tag of another kind, is pinned by a digest alone, or publishes no slim
        variant.

    """
    name = image.official_name
    slim_tag = _slim_tags().get(name) if name is not None else None
    if slim_tag is None:
        return None
    if image.tag is None and image.digest is not None:
        return None  # the digest may well be a slim build: nothing says otherwise
    tag = slim_tag.slim(image.tag)
    return None if tag is None else f"{name}:{tag}"


@cache
def _slim_tags() -> dict[str, SlimTag]:
    """Every official image with a slim variant: the registered languages' and the others'."""
    tags = dict(_OTHER_SLIM_TAGS)
    for facts in check_facts():
        tags.update(facts.slim_tags)
    return tags


# Images with no /bin/sh: distroless ones (but their `debug` tags, which add busybox) and scratch.
_DISTROLESS = "gcr.io/distroless/"


def without_shell(reference: str | None) -> bool:
    """Tell whether an image is known to have no ``/bin/sh``, so a shell-form command cannot run in it.

    Args:
        reference: As written after ``FROM`` (variables substituted); None when it is not known.

    Returns:
        True for ``scratch`` and Google's distroless images (not their ``debug`` tags, which carry
        busybox); False for every other image, including one whose shell is not known.

    """
    if reference is None:
        return False
    if reference.strip().lower() == "scratch":
        return True
    image = parse_image(reference)
    return image.repository.startswith(_DISTROLESS) and "debug" not in (image.tag or "")
