"""The Python version: the one of scaffold's known versions that every constraint in the repository allows.

The constraints are ``.python-version`` (pyenv's and uv's pin: ``3.11``, ``3.11.4``, ``python-3.11``),
``[project].requires-python`` (PEP 440), Poetry's ``python`` dependency (Poetry's own syntax: ``^3.9`` is
``>=3.9,<4.0``, ``~3.9`` is ``>=3.9,<3.10``, ``||`` separates alternatives) and the Pipfile's
``[requires]`` ``python_version`` / ``python_full_version``. A minor version is allowed when its newest
patch release is (the image's ``python:<minor>-slim`` has that one). The newest allowed version is
proposed, unless a lock file that names its wheels (:mod:`.wheels`) holds a compiled package with no wheel
for it: then the newest version the lock is ready for, said in the source. None allowed: the answer is
left open, naming the constraints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from packaging.specifiers import InvalidSpecifier, SpecifierSet

from generator.detect.files import read_text
from generator.detect.findings import Detection
from generator.languages.python.manifest import TomlFile
from generator.languages.python.wheels import wheel_ready

#: Python versions scaffold proposes, oldest first.
KNOWN = ("3.9", "3.10", "3.11", "3.12", "3.13", "3.14")
# A patch number above any release: "3.11.99" stands for 3.11's newest patch release.
_NEWEST_PATCH = 99
_PIN = re.compile(r"^(?:python-?|cpython-?)?(3\.\d+)(?:\.\d+)?\s*$", re.IGNORECASE)
_POETRY = re.compile(r"^(\^|~=|~|>=|<=|!=|==|>|<|=)?\s*(\d+(?:\.(?:\d+|\*))*)$")


@dataclass(frozen=True)
class Constraint:
    """One file's say on the Python version.

    Attributes:
        source: Where it is written, with the line: ``pyproject.toml:5: requires-python '>=3.11'``.
        alternatives: Specifier sets, any of which allows a version (Poetry's ``||``; one for the others).

    """

    source: str
    alternatives: tuple[SpecifierSet, ...]

    def allows(self, minor: str) -> bool:
        """Whether the newest patch release of ``minor`` (``3.11``) satisfies the constraint."""
        return any(spec.contains(f"{minor}.{_NEWEST_PATCH}", prereleases=True) for spec in self.alternatives)


def propose_python_version(repo: Path, pyproject: TomlFile, pipfile: TomlFile, found: Detection) -> None:
    """Propose the Python version every constraint allows, or leave it open when none is."""
    constraints = _constraints(repo, pyproject, pipfile, found)
    if not constraints:
        return
    allowed = [minor for minor in KNOWN if all(rule.allows(minor) for rule in constraints)]
    sources = "; ".join(rule.source for rule in constraints)
    if not allowed:
        found.leave_open(
            "python_version",
            f"no Python that scaffold knows ({KNOWN[0]} to {KNOWN[-1]}) satisfies {sources}",
        )
        return
    ready, lock = wheel_ready(repo, allowed)
    if lock is not None and ready and ready[-1] != allowed[-1]:
        # A newer Python would build a locked package from source, with a compiler the image lacks.
        sources += f"; {lock}: compiled wheels go up to Python {ready[-1]}"
    found.propose("python_version", (ready or allowed)[-1], sources)


def _constraints(repo: Path, pyproject: TomlFile, pipfile: TomlFile, found: Detection) -> list[Constraint]:
    constraints: list[Constraint] = []
    pin = _pin(repo, found)
    if pin is not None:
        constraints.append(pin)
    requires = pyproject.table("project").get("requires-python")
    if isinstance(requires, str):
        source = pyproject.source("project", "requires-python", f"requires-python {requires!r}")
        try:
            constraints.append(Constraint(source, (SpecifierSet(requires),)))
        except InvalidSpecifier:
            found.note(f"{source} is not a valid version specifier: it is not read")
    poetry = pyproject.table("tool.poetry.dependencies").get("python")
    if isinstance(poetry, str):
        source = pyproject.source("tool.poetry.dependencies", "python", f"python {poetry!r}")
        alternatives = poetry_specifiers(poetry)
        if alternatives is None:
            found.note(f"{source} is not a Poetry version constraint scaffold can read: it is not read")
        else:
            constraints.append(Constraint(source, alternatives))
    for key in ("python_full_version", "python_version"):
        value = pipfile.table("requires").get(key)
        match = re.match(r"^\s*(3\.\d+)", value) if isinstance(value, str) else None
        if match:
            source = pipfile.source("requires", key, f"{key} {value!r}")
            constraints.append(Constraint(source, (SpecifierSet(f"=={match.group(1)}.*"),)))
            break
    return constraints


def _pin(repo: Path, found: Detection) -> Constraint | None:
    """The first version line of ``.python-version`` (comments and blank lines skipped)."""
    text = read_text(repo / ".python-version")
    for number, raw in enumerate((text or "").splitlines(), start=1):
        value = raw.split("#", 1)[0].strip()
        if not value:
            continue
        source = f".python-version:{number}: {value}"
        match = _PIN.match(value)
        if match is None:
            found.note(f"{source} is not a CPython 3 version scaffold can read: it is not read")
            return None
        return Constraint(source, (SpecifierSet(f"=={match.group(1)}.*"),))
    return None


def poetry_specifiers(text: str) -> tuple[SpecifierSet, ...] | None:
    """Convert a Poetry version constraint to PEP 440 specifier sets, one per ``||`` alternative.

    Args:
        text: Such as ``^3.9``, ``~3.10``, ``>=3.9,<3.13``, ``3.11.*``, ``>=3.9 <3.12`` or ``^3.8 || ^3.10``.

    Returns:
        The alternatives, or None when a part is not a Poetry constraint.

    """
    alternatives: list[SpecifierSet] = []
    for alternative in text.split("||"):
        # ">= 3.9" is ">=3.9"; then commas and spaces both separate constraints.
        tight = re.sub(r"([\^~<>=!]=?)\s+", r"\1", alternative.strip())
        parts = [part for part in re.split(r"\s*,\s*|\s+", tight) if part]
        specifiers: list[str] = []
        for part in parts:
            converted = _poetry_part(part.strip())
            if converted is None:
                return None
            specifiers += converted
        try:
            alternatives.append(SpecifierSet(",".join(specifiers)))
        except InvalidSpecifier:
            return None
    return tuple(alternatives) or None


def _poetry_part(part: str) -> list[str] | None:
    if part == "*":
        return []
    match = _POETRY.match(part)
    if match is None:
        return None
    operator, version = match.group(1) or "", match.group(2)
    if version.endswith(".*"):
        return [f"{'!=' if operator == '!=' else '=='}{version}"]
    numbers = [int(number) for number in version.split(".")]
    if operator == "^":
        # ^3.9 allows up to the next major; ^0.3 up to the next minor: the first non-zero part is kept.
        position = next((index for index, number in enumerate(numbers) if number), len(numbers) - 1)
        return [f">={version}", f"<{_bump(numbers, position)}"]
    if operator == "~":
        # ~3 allows 3.x; ~3.9 and ~3.9.1 allow 3.9.x.
        return [f">={version}", f"<{_bump(numbers, min(1, len(numbers) - 1))}"]
    if operator in {"", "=", "=="}:
        # A bare version means that version: "3.11" is any 3.11 release for Python.
        return [f"=={version}.*"] if len(numbers) < 3 else [f"=={version}"]
    return [f"{operator}{version}"]


def _bump(numbers: list[int], position: int) -> str:
    """The version with ``numbers[position]`` raised by one and everything after it dropped."""
    return ".".join(str(number) for number in [*numbers[:position], numbers[position] + 1])
