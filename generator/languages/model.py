"""What scaffold knows about one language, in one shape for every language.

Each language's folder (``generator/languages/<name>/``) fills in a :class:`Language`; the registry in
:mod:`generator.languages` lists them. The Spec, detection, ``scaffold new``'s notes and the templates read
a language's facts from here, and ``scaffold check`` reads its ``check.py`` through
:meth:`Language.check_facts`, so adding a language means one folder and one registry line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from generator.detect.findings import Detection
    from generator.languages.checking import CheckFacts


@dataclass(frozen=True)
class PackageManager:
    """One package manager (or build tool) of a language.

    Attributes:
        name: Its answer, such as ``poetry``.
        needed: The files its Dockerfile copies, each with what to do when it is missing; ``a or b``
            names alternatives.
        locks: The lock files it reads, if it has any; the Dockerfile copies the first.
    """

    name: str
    needed: Mapping[str, str]
    locks: tuple[str, ...] = ()

    @property
    def lock(self) -> str | None:
        """The lock file the Dockerfile copies, if it has one."""
        return self.locks[0] if self.locks else None


@dataclass(frozen=True)
class Language:
    """What one language accepts and starts from, where it differs from the others.

    Attributes:
        name: The ``language`` answer.
        manifests: Files that make a folder a project of this language, strongest first.
        package_managers: Its package managers (build tools); the first is the default.
        runtime_bases: The runtime bases it supports; the first is the default.
        version_field: The question that holds its toolchain version.
        default_version: That version when neither the repository nor the user names one.
        version_pattern: The accepted form of that version (matched whole).
        version_form: The accepted form, in words, for error messages.
        default_port: The port a web app listens on by default.
        entrypoint_pattern: The accepted entrypoint form (matched whole).
        entrypoint_form: The accepted entrypoint form, in words.
        default_entrypoint: The entrypoint when none is given or detected, from the other answers.
        distroless_versions: The toolchain versions its distroless runtime exists for, when fewer than
            the language's own.
        private_index: Whether its dependencies can come from a private index or registry.
        compiled_probe: Whether its health probe is a program compiled from ``.container/``.
        own_answers: Answers that exist only for this language (besides its version).
    """

    name: str
    manifests: tuple[str, ...]
    package_managers: tuple[PackageManager, ...]
    runtime_bases: tuple[str, ...]
    version_field: str
    default_version: str
    version_pattern: re.Pattern[str]
    version_form: str
    default_port: int
    entrypoint_pattern: re.Pattern[str]
    entrypoint_form: str
    default_entrypoint: Callable[[Mapping[str, Any]], str]
    distroless_versions: tuple[str, ...] = ()
    private_index: bool = False
    compiled_probe: bool = False
    own_answers: tuple[str, ...] = field(default=())

    @property
    def package_manager_names(self) -> tuple[str, ...]:
        """The package managers' answers, the default first."""
        return tuple(manager.name for manager in self.package_managers)

    def package_manager(self, name: str) -> PackageManager:
        """Return the package manager answered ``name``.

        Raises:
            KeyError: It is not one of this language's.
        """
        for manager in self.package_managers:
            if manager.name == name:
                return manager
        raise KeyError(name)

    def detect(self, repo: Path, found: Detection) -> None:
        """Read ``repo`` with this language's detector (``<folder>/detect.py``), adding to ``found``."""
        # Imported on use: detectors are only needed by detect and new, never by check or --version.
        import_module(f"generator.languages.{self.name}.detect").detect(repo, found)

    def check_facts(self) -> CheckFacts:
        """What ``scaffold check`` knows about this language's commands and images (``<folder>/check.py``)."""
        # Imported on use, like the detector: only scaffold check needs it.
        return cast("CheckFacts", import_module(f"generator.languages.{self.name}.check").FACTS)
