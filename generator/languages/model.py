"""What scaffold knows about one language, in one shape for every language.

Each language's folder (``generator/languages/<name>/``) fills in a :class:`Language`; the registry in
:mod:`generator.languages` lists them. The Spec, detection, ``scaffold new``'s notes and the templates read
a language's facts from here, and ``scaffold check`` reads its ``check.py`` through
:func:`generator.languages.check_facts`, so adding a language means one folder and one registry line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.detect.findings import Detection
    from generator.languages.checking import CheckFacts
    from generator.spec.expr import Expr


@dataclass(frozen=True)
class Secret:
    """Where a private index's credentials come from: a BuildKit secret.

    Attributes:
        id: The secret's id (compose's ``secrets:`` key; the CI secret is named after it in upper case).
        file: The file next to the project that holds it.
        target: Where the build step mounts it.
    """

    id: str
    file: str
    target: str


@dataclass(frozen=True)
class PackageManager:
    """One package manager (or build tool) of a language.

    Attributes:
        name: Its answer, such as ``poetry``.
        needed: The files its Dockerfile copies, each with what to do when it is missing; ``a or b``
            names alternatives.
        locks: The lock files it reads, if it has any; the Dockerfile copies the first.
        label: Its label among the choices; the name with the file it reads by default.
        secret: Where a private index's credentials come from, if it can install from one.
    """

    name: str
    needed: Mapping[str, str]
    locks: tuple[str, ...] = ()
    label: str = ""
    secret: Secret | None = None

    @property
    def choice_label(self) -> str:
        """Its label among the choices: ``poetry (poetry.lock)``."""
        return self.label or f"{self.name} ({self.lock or next(iter(self.needed))})"

    @property
    def lock(self) -> str | None:
        """The lock file the Dockerfile copies, if it has one."""
        return self.locks[0] if self.locks else None


@dataclass(frozen=True)
class Language:
    """What one language accepts and starts from, where it differs from the others.

    Attributes:
        name: The ``language`` answer.
        label: Its label among the language choices.
        manifests: Files that make a folder a project of this language, strongest first.
        package_managers: Its package managers (build tools); the first is the default.
        runtime_bases: The runtime bases it supports, each with its label among the choices; the first
            is the default. ``{versions}`` in a label stands for the distroless versions.
        version_field: The question that holds its toolchain version.
        version_help: That question's prompt.
        default_version: That version when neither the repository nor the user names one.
        version_pattern: The accepted form of that version (matched whole).
        version_form: The accepted form, in words, for error messages.
        default_port: The port a web app listens on by default.
        entrypoint_pattern: The accepted entrypoint form (matched whole).
        entrypoint_form: The accepted entrypoint form, in words.
        entrypoint_help: The entrypoint question's prompt.
        default_entrypoint: The entrypoint when none is given or detected, from the other answers (an
            expression, so copier.yml computes the same default).
        distroless_versions: The toolchain versions its distroless runtime exists for, when fewer than
            the language's own.
        distroless_why: Why, when there is a single one.
        compiled_probe: Whether its health probe is a program compiled from ``.container/``.
        package_manager_versions: Toolchain versions a package manager does not run on, by package
            manager, with the accepted form in words.
        own_answers: Answers that exist only for this language (besides its version).
    """

    name: str
    label: str
    manifests: tuple[str, ...]
    package_managers: tuple[PackageManager, ...]
    runtime_bases: Mapping[str, str]
    version_field: str
    version_help: str
    default_version: str
    version_pattern: re.Pattern[str]
    version_form: str
    default_port: int
    entrypoint_pattern: re.Pattern[str]
    entrypoint_form: str
    entrypoint_help: str
    default_entrypoint: Expr
    distroless_versions: tuple[str, ...] = ()
    distroless_why: str = ""
    compiled_probe: bool = False
    package_manager_versions: Mapping[str, tuple[tuple[str, ...], str]] = field(default_factory=dict)
    own_answers: tuple[str, ...] = field(default=())

    @property
    def private_index(self) -> bool:
        """Whether its dependencies can come from a private index (some package manager has a secret)."""
        return any(manager.secret for manager in self.package_managers)

    def runtime_base_label(self, base: str) -> str:
        """Return a runtime base's label among the choices, with the distroless versions filled in."""
        label = self.runtime_bases[base]
        if not self.distroless_versions:
            return label
        versions = self.distroless_versions
        spoken = versions[0] if len(versions) == 1 else f"{', '.join(versions[:-1])} or {versions[-1]}"
        return label.replace("{versions}", spoken)

    def distroless_form(self) -> str:
        """Return the distroless version rule, in words, for error messages."""
        if len(self.distroless_versions) == 1:
            return f"must be {self.distroless_versions[0]} with the distroless runtime{self.distroless_why}"
        return f"must be one of {', '.join(self.distroless_versions)} with the distroless runtime"

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
        from generator.languages import check_facts_of

        return check_facts_of(self.name)
