"""Lock files (uv.lock, poetry.lock, Pipfile.lock): the packages the image's locked install puts in the venv.

The image installs a lock file's main dependencies only (``uv sync --no-dev``, Poetry's export of the main
group, Pipfile.lock's ``default``), transitive ones included. For uv and Poetry that set is found by
walking the lock's dependency graph from the project's own dependencies, extras included; Pipfile.lock
lists it flat. A server or a package that builds from source counts as locked only when it is in that set.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from packaging.requirements import InvalidRequirement
from packaging.requirements import Requirement as Pep508

from generator.detect.files import read_json_object, read_text, read_toml
from generator.languages.python.manifest import TomlFile
from generator.languages.python.requirements import normalise

#: A dependency to follow: its name and the extras asked for.
Wanted = tuple[str, frozenset[str]]


@dataclass(frozen=True)
class Locked:
    """What a lock file installs.

    Attributes:
        file: The lock file.
        names: Every package the image installs from it, normalised.
        text: The lock file's text, to find the line a package is on.

    """

    file: str
    names: frozenset[str]
    text: str

    def source(self, name: str) -> str:
        """Return ``uv.lock:120: psycopg2``: the line of the package's entry, when found."""
        spelled = "[-_.]".join(re.escape(part) for part in name.split("-"))
        pattern = re.compile(rf"""^\s*name\s*=\s*["']{spelled}["']|^\s*"{spelled}"\s*:""", re.M | re.I)
        match = pattern.search(self.text)
        line = self.text.count("\n", 0, match.start()) + 1 if match else None
        return f"{self.file}:{line}: {name}" if line else f"{self.file}: {name}"


def read_lock(repo: Path, manager: str, pyproject: TomlFile) -> Locked | None:
    """Return what the package manager's lock file installs, or None without one.

    Args:
        repo: The project folder.
        manager: The package manager: ``uv``, ``poetry`` or ``pipenv`` have lock files.
        pyproject: The project's pyproject.toml (Poetry's lock does not say what the project needs).

    """
    if manager == "uv" and (repo / "uv.lock").is_file():
        names = _uv_names(read_toml(repo / "uv.lock"))
        return Locked("uv.lock", names, read_text(repo / "uv.lock") or "")
    if manager == "poetry" and (repo / "poetry.lock").is_file():
        names = _poetry_names(read_toml(repo / "poetry.lock"), _poetry_roots(pyproject))
        return Locked("poetry.lock", names, read_text(repo / "poetry.lock") or "")
    if manager == "pipenv" and (repo / "Pipfile.lock").is_file():
        default = read_json_object(repo / "Pipfile.lock").get("default")
        names = frozenset(normalise(name) for name in default) if isinstance(default, dict) else frozenset()
        return Locked("Pipfile.lock", names, read_text(repo / "Pipfile.lock") or "")
    return None


def _walk(roots: Iterable[Wanted], needs: dict[str, dict[str, list[Wanted]]]) -> frozenset[str]:
    """Every package reached from ``roots``; ``needs[name][extra]`` lists what it needs ("" for none)."""
    seen: set[Wanted] = set()
    pending = list(roots)
    while pending:
        name, extras = pending.pop()
        if (name, extras) in seen:
            continue
        seen.add((name, extras))
        for extra in ("", *sorted(extras)):
            pending += needs.get(name, {}).get(extra, [])
    return frozenset(name for name, _ in seen)


def _wanted(item: Any) -> Wanted | None:
    """A uv.lock dependency entry: ``{ name = "uvicorn", extra = ["standard"] }``."""
    if not isinstance(item, dict) or not isinstance(item.get("name"), str):
        return None
    extra = item.get("extra")
    extras = (
        frozenset(normalise(e) for e in extra if isinstance(e, str))
        if isinstance(extra, list)
        else frozenset()
    )
    return normalise(item["name"]), extras


def _uv_names(lock: dict[str, Any]) -> frozenset[str]:
    packages = [item for item in lock.get("package", []) if isinstance(item, dict) and "name" in item]
    needs: dict[str, dict[str, list[Wanted]]] = {}
    roots: list[Wanted] = []
    for package in packages:
        name = normalise(str(package["name"]))
        table = needs.setdefault(name, {})
        table.setdefault("", []).extend(_entries(package.get("dependencies")))
        optional = package.get("optional-dependencies")
        for extra, items in optional.items() if isinstance(optional, dict) else []:
            table.setdefault(normalise(extra), []).extend(_entries(items))
        source = package.get("source")
        # The project itself (and a workspace's root): `uv sync --no-dev` installs its dependencies.
        if isinstance(source, dict) and (source.get("editable") == "." or source.get("virtual") == "."):
            roots.append((name, frozenset()))
    if not roots:
        # No project entry (an old or hand-made lock): everything in it may be installed.
        return frozenset(needs)
    return _walk(roots, needs) - {name for name, _ in roots}


def _entries(items: Any) -> list[Wanted]:
    return [wanted for wanted in map(_wanted, items if isinstance(items, list) else []) if wanted]


def _poetry_roots(pyproject: TomlFile) -> list[Wanted]:
    """The main dependencies: ``[tool.poetry.dependencies]`` (python aside) and ``[project].dependencies``."""
    roots: list[Wanted] = []
    for name, spec in pyproject.table("tool.poetry.dependencies").items():
        if name.lower() == "python":
            continue
        extras = spec.get("extras") if isinstance(spec, dict) else None
        wanted = [e for e in extras if isinstance(e, str)] if isinstance(extras, list) else []
        roots.append((normalise(name), frozenset(normalise(e) for e in wanted)))
    listed = pyproject.table("project").get("dependencies")
    roots += [wanted for wanted in map(_pep508, listed if isinstance(listed, list) else []) if wanted]
    return roots


def _pep508(text: Any) -> Wanted | None:
    try:
        parsed = Pep508(str(text))
    except InvalidRequirement:
        return None
    return normalise(parsed.name), frozenset(normalise(extra) for extra in parsed.extras)


def _poetry_names(lock: dict[str, Any], roots: list[Wanted]) -> frozenset[str]:
    needs: dict[str, dict[str, list[Wanted]]] = {}
    for package in lock.get("package", []):
        if not isinstance(package, dict) or not isinstance(package.get("name"), str):
            continue
        table = needs.setdefault(normalise(package["name"]), {})
        dependencies = package.get("dependencies")
        for name, spec in dependencies.items() if isinstance(dependencies, dict) else []:
            specs = spec if isinstance(spec, list) else [spec]
            if all(isinstance(item, dict) and item.get("optional") for item in specs):
                continue  # installed only through one of the package's extras, listed below
            extras = {
                e
                for item in specs
                if isinstance(item, dict) and isinstance(item.get("extras"), list)
                for e in item["extras"]
            }
            table.setdefault("", []).append((normalise(name), frozenset(normalise(str(e)) for e in extras)))
        extras_table = package.get("extras")
        for extra, items in extras_table.items() if isinstance(extras_table, dict) else []:
            # "uvicorn[standard] (>=0.12.0)": the name and extras, before the version in brackets.
            wanted = [_pep508(str(item).split(" (", 1)[0]) for item in items if isinstance(item, str)]
            table.setdefault(normalise(extra), []).extend(item for item in wanted if item)
    if not roots:
        return frozenset(needs)
    return _walk(roots, needs)
