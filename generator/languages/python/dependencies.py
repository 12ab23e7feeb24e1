"""The packages the image installs for the app: what the project lists, and what its lock file holds.

Each package manager installs from its own files: pip from the requirements files (includes followed),
uv and Poetry from their lock files (``[project].dependencies`` and ``[tool.poetry.dependencies]`` say
what the project itself asks for), Pipenv from Pipfile.lock (``[packages]`` in the Pipfile). Development
dependencies never reach the image, so they never count.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from packaging.requirements import InvalidRequirement
from packaging.requirements import Requirement as Pep508

from generator.languages.python.locks import Locked, read_lock
from generator.languages.python.manifest import TomlFile
from generator.languages.python.requirements import RequirementFiles, normalise


@dataclass(frozen=True)
class Dependency:
    """A package the project lists for the image.

    Attributes:
        name: The distribution name, normalised.
        extras: The extras asked for, normalised.
        source: Where it is listed, with the line: ``requirements.txt:2: gunicorn==23.0.0``.

    """

    name: str
    extras: frozenset[str]
    source: str


@dataclass(frozen=True)
class Dependencies:
    """What the image installs.

    Attributes:
        declared: The main dependencies the project lists, by name (the first mention wins).
        locked: What the lock file installs, when the package manager has one.
        listed_in: The file that says what is installed, for notes (``uv.lock``, ``requirements.txt``).

    """

    declared: dict[str, Dependency] = field(default_factory=dict)
    locked: Locked | None = None
    listed_in: str = ""

    @property
    def installed(self) -> frozenset[str]:
        """Every package the image installs, as far as the files tell (a lock's transitive ones too)."""
        if self.locked is not None and self.locked.names:
            return self.locked.names
        return frozenset(self.declared)

    def has(self, name: str) -> bool:
        """Whether the image installs ``name``."""
        return normalise(name) in self.installed

    def extras(self, name: str) -> frozenset[str]:
        """The extras the project asks ``name`` with (``psycopg[binary]``)."""
        listed = self.declared.get(normalise(name))
        return listed.extras if listed else frozenset()

    def source(self, name: str) -> str:
        """Where ``name`` comes from: the line that lists it, else its entry in the lock file."""
        listed = self.declared.get(normalise(name))
        if listed is not None:
            return listed.source
        return self.locked.source(normalise(name)) if self.locked else self.listed_in


def read_dependencies(
    repo: Path,
    *,
    manager: str | None,
    pyproject: TomlFile,
    pipfile: TomlFile,
    requirements: RequirementFiles | None,
) -> Dependencies:
    """Read what the image installs for ``manager`` (None: every file that lists dependencies counts).

    Args:
        repo: The project folder.
        manager: The package manager proposed, if any.
        pyproject: pyproject.toml.
        pipfile: The Pipfile.
        requirements: The requirements files pip reads, when there are any.

    """
    declared: dict[str, Dependency] = {}

    def add(dependency: Dependency) -> None:
        declared.setdefault(dependency.name, dependency)

    if manager in {"pip", None} and requirements is not None:
        for item in requirements.installed:
            add(Dependency(item.name, item.extras, item.source))
    if manager in {"uv", "poetry", None}:
        for dependency in _pyproject(pyproject):
            add(dependency)
    if manager in {"poetry", None}:
        for name, spec in pyproject.table("tool.poetry.dependencies").items():
            if name.lower() != "python":
                extras = spec.get("extras") if isinstance(spec, dict) else None
                wanted = (
                    frozenset(normalise(str(e)) for e in extras) if isinstance(extras, list) else frozenset()
                )
                add(Dependency(normalise(name), wanted, pyproject.source("tool.poetry.dependencies", name)))
    if manager in {"pipenv", None}:
        for name, spec in pipfile.table("packages").items():
            extras = spec.get("extras") if isinstance(spec, dict) else None
            wanted = frozenset(normalise(str(e)) for e in extras) if isinstance(extras, list) else frozenset()
            add(Dependency(normalise(name), wanted, pipfile.source("packages", name)))
    locked = read_lock(repo, manager, pyproject) if manager else None
    if locked is not None:
        listed_in = locked.file
    elif manager in {"pip", None} and requirements is not None:
        listed_in = requirements.files[0]
    elif manager in {"pipenv", None} and pipfile.exists:
        listed_in = "Pipfile"
    else:
        listed_in = "pyproject.toml" if pyproject.exists else ""
    return Dependencies(declared, locked, listed_in)


def _pyproject(pyproject: TomlFile) -> list[Dependency]:
    listed = pyproject.table("project").get("dependencies")
    found: list[Dependency] = []
    for item in listed if isinstance(listed, list) else []:
        try:
            parsed = Pep508(str(item))
        except InvalidRequirement:
            continue
        line = pyproject.value_line(str(item))
        where = f"pyproject.toml:{line}" if line else "pyproject.toml"
        extras = frozenset(normalise(extra) for extra in parsed.extras)
        found.append(Dependency(normalise(parsed.name), extras, f"{where}: {item}"))
    return found
