"""The shape of each language's ``check.py``: what ``scaffold check`` knows about that language.

``scaffold check`` reads any project's Dockerfile, not only scaffold's. What it knows about the install and
build commands of a language scaffold generates for (which call installs the app's dependencies, whether
it leaves a download cache behind) and about that language's official images (their slim or JRE variant)
sits in the language's folder, ``generator/languages/<name>/check.py``, as a :class:`CheckFacts`.
:mod:`generator.check.packages` and :mod:`generator.check.images` ask every registered language in turn.

``scaffold check`` loads this module and every ``check.py``: they import nothing but the standard library
(shell commands are :class:`generator.check.shell.Command`, named here for typing only).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from generator.check.shell import Command

#: A version tag: ``3``, ``3.12``, ``3.12.4``.
VERSION = r"\d+(?:\.\d+)*"
#: The Debian releases official images name in their tags (``3.12-bookworm``).
DEBIAN_RELEASE = r"(?:trixie|bookworm|bullseye|buster|stretch|jessie)"
# Values that leave a switch such as PIP_NO_CACHE_DIR off.
_OFF = frozenset({"", "0", "false", "no", "off"})


class Installer(Protocol):
    """Names the package manager a command installs with, if it is one of this language's."""

    def __call__(self, command: Command, *, dependencies_only: bool) -> str | None:
        """Return the package manager's name, or None when the command installs nothing of this language.

        Args:
            command: One simple command.
            dependencies_only: Ignore installs of packaging tools only (``pip install --upgrade pip``,
                ``npm install -g pnpm``): they do not read the app's dependency manifests.
        """
        ...


@dataclass(frozen=True)
class RunContext:
    """What the rest of one ``RUN`` says about where a command's download cache ends up.

    Attributes:
        commands: Every command of the ``RUN``, the one asked about included.
        covered: The targets of its cache and tmpfs mounts (a cache there never lands in a layer) and the
            paths it removes with ``rm``.
        variables: The environment the command sees: ``ENV`` before the ``RUN`` and the assignments in
            front of the command.
    """

    commands: tuple[Command, ...]
    covered: tuple[str, ...]
    variables: Mapping[str, str]

    def covers(self, *parts: str) -> bool:
        """Tell whether a mounted or removed path contains any of ``parts`` (``.cache``, ``pip``)."""
        return any(part in path for path in self.covered for part in parts)

    def runs(self, program: str, *operands: str) -> bool:
        """Tell whether the ``RUN`` runs ``program`` with these first operands (``npm cache clean``)."""
        return any(
            other.program == program and other.operands()[: len(operands)] == list(operands)
            for other in self.commands
        )

    def switched_on(self, variable: str) -> bool:
        """Tell whether ``variable`` is set to something other than an off value (``0``, ``false``, ...)."""
        return self.variables.get(variable, "0").lower() not in _OFF


def _no_cache_reported(command: Command, run: RunContext) -> str | None:
    return None


@dataclass(frozen=True)
class SlimTag:
    """How one official image spells the slim variant of a full tag.

    Attributes:
        pattern: The full tags that have a slim variant (matched whole); its named groups are the parts
            the slim tag keeps: ``v`` the version, ``c`` the OS release, ``k`` the JDK or JRE kind, ``d``
            a date stamp.
        template: The slim tag, with ``{v}``, ``{k}`` and ``{d}`` for those parts and ``{-c}`` for ``-``
            and the release, when the full tag names one.
    """

    pattern: re.Pattern[str]
    template: str

    def slim(self, tag: str | None) -> str | None:
        """Return the slim tag for ``tag`` (``<version>`` for no tag or ``latest``), None if it has none."""
        if tag is None or tag == "latest":
            parts = {"v": "<version>"}
        else:
            match = self.pattern.match(tag)
            if match is None:
                return None
            parts = {key: value or "" for key, value in match.groupdict().items()}
        return (
            self.template.replace("{-c}", f"-{parts['c']}" if parts.get("c") else "")
            .replace("{v}", parts.get("v", ""))
            .replace("{k}", parts.get("k", ""))
            .replace("{d}", parts.get("d", ""))
        )


#: The Debian-based official images that put ``-slim`` after the version and before the Debian release:
#: ``python:3.12`` to ``python:3.12-slim``, ``rust:1.83-bookworm`` to ``rust:1.83-slim-bookworm``.
SLIM_AFTER_VERSION = SlimTag(re.compile(rf"^(?P<v>{VERSION})(?:-(?P<c>{DEBIAN_RELEASE}))?$"), "{v}-slim{-c}")


@dataclass(frozen=True)
class CheckFacts:
    """What ``scaffold check`` knows about one language's commands and images.

    Attributes:
        installer: Names the package manager (or build tool) a command installs the app's dependencies
            with, when it is one of this language's.
        cache_left: Names this language's package manager whose download cache a command leaves in its
            layer, given the rest of its ``RUN``; by default none is reported.
        slim_tags: This language's official images (by Docker Hub name) that publish a slimmer variant of
            each full tag, and how it is spelled.
    """

    installer: Installer
    cache_left: Callable[[Command, RunContext], str | None] = _no_cache_reported
    slim_tags: Mapping[str, SlimTag] = field(default_factory=dict)


def package_name(word: str) -> str:
    """Strip a version or architecture from a package argument (``gcc=4:12.2``, ``flask==3.0``)."""
    return re.split(r"[=<>!~:\[;@ ]", word, maxsplit=1)[0].lower()
