"""Image references (``registry/name:tag@digest``): their tag, and the slim variant of a full image."""

from __future__ import annotations

import re
from dataclasses import dataclass

_VERSION = r"\d+(?:\.\d+)*"
_DEBIAN_CODENAME = r"(?:trixie|bookworm|bullseye|buster|stretch|jessie)"
# Official images that publish a -slim variant of each full tag: the full tag's pattern, and how the
# slim tag is spelled (each image family puts "slim" in its own place).
_SLIM_TAGS: dict[str, tuple[re.Pattern[str], str]] = {
    name: (re.compile(rf"^(?P<v>{_VERSION})(?:-(?P<c>{_DEBIAN_CODENAME}))?$"), "{v}-slim{-c}")
    for name in ("python", "ruby", "perl", "rust")
}
_SLIM_TAGS["node"] = (
    re.compile(rf"^(?P<v>{_VERSION}|lts|current)(?:-(?P<c>{_DEBIAN_CODENAME}))?$"),
    "{v}{-c}-slim",
)
_SLIM_TAGS["openjdk"] = (
    re.compile(rf"^(?P<v>{_VERSION})(?P<k>-jdk|-jre)?(?:-(?P<c>{_DEBIAN_CODENAME}))?$"),
    "{v}{k}-slim{-c}",
)
_SLIM_TAGS["debian"] = (
    re.compile(rf"^(?P<v>{_VERSION}|{_DEBIAN_CODENAME}|stable|oldstable|testing)(?P<d>-\d{{8}})?$"),
    "{v}{d}-slim",
)
# Eclipse Temurin: a JDK tag (`21`, `21-jdk`, `21-jdk-noble`, `21-alpine`) has a JRE of the same version
# and OS beside it, which runs the same jar without the compiler and the JDK's tools.
_SLIM_TAGS["eclipse-temurin"] = (
    re.compile(rf"^(?P<v>{_VERSION}(?:_\d+)?)(?:-jdk)?(?:-(?P<c>(?!jre)[a-z][a-z0-9-]*))?$"),
    "{v}-jre{-c}",
)
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
    name, _, digest = reference.partition("@")
    repository, tag = name, None
    colon = name.rfind(":")
    if colon > name.rfind("/"):
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
    if name not in _SLIM_TAGS:
        return None
    pattern, template = _SLIM_TAGS[name]
    if image.tag is None and image.digest is not None:
        return None  # the digest may well be a slim build: nothing says otherwise
    if image.tag is None or image.tag == "latest":
        parts = {"v": "<version>"}
    else:
        match = pattern.match(image.tag)
        if match is None:
            return None
        parts = {key: value or "" for key, value in match.groupdict().items()}
    tag = (
        template.replace("{-c}", f"-{parts['c']}" if parts.get("c") else "")
        .replace("{v}", parts.get("v", ""))
        .replace("{k}", parts.get("k", ""))
        .replace("{d}", parts.get("d", ""))
    )
    return f"{name}:{tag}"
