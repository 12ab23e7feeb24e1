"""A worker's entrypoint, for a project with no web app: what it runs as its main program.

Candidates, strongest first: a package's ``__main__.py`` (``pkg/__main__.py`` or ``src/pkg/__main__.py``,
run as ``-m pkg``); the project's one console script (``[project.scripts]`` or ``[tool.poetry.scripts]``,
run by its name from the installed project); a top-level ``main.py``, ``worker.py`` or ``app.py``. A
candidate that only works from the installed project (a src layout, a console script) needs a project
that installs; several packages with a ``__main__.py``, or several console scripts, are several programs
and none is chosen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.languages.python.candidate import Entry
from generator.languages.python.layout import in_src_layout, module_file, why_not_installable
from generator.languages.python.manifest import TomlFile
from generator.languages.python.modules import Modules

#: Top-level scripts that are a worker's main program.
WORKER_FILES = ("main.py", "worker.py", "app.py")
_MAIN = re.compile(r"^(?:src/)?([A-Za-z_][A-Za-z0-9_]*)/__main__\.py$")
_SCRIPT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


@dataclass
class WorkerReading:
    """The worker's entrypoint, or why none could be chosen.

    Attributes:
        entry: The entrypoint, when one is found.
        problems: What was found but cannot be run, each naming its file.

    """

    entry: Entry | None = None
    problems: list[str] = field(default_factory=list)


def worker_entry(repo: Path, modules: Modules, pyproject: TomlFile, installs: str | None) -> WorkerReading:
    """Find the worker's entrypoint (see the module's description).

    Args:
        repo: The project folder.
        modules: The project's modules.
        pyproject: pyproject.toml.
        installs: Why the project installs as a package (a source), or None when it does not.

    """
    reading = WorkerReading()
    mains = [path for path in modules.paths if _MAIN.match(path)]
    if len(mains) > 1:
        reading.problems.append(f"several packages have a __main__.py: {', '.join(mains)}")
    elif mains:
        path = mains[0]
        package = _MAIN.match(path).group(1)  # type: ignore[union-attr]
        source = f"{path}: the package's main module"
        if not in_src_layout(path):
            reading.entry = Entry(f"-m {package}", source, "worker", path=path)
            return reading
        if installs is not None:
            reading.entry = Entry(
                f"-m {package}", source, "worker", path=path, install=f"{path} (src layout)"
            )
            return reading
        reading.problems.append(
            f"{path} is in a src layout, and the project does not install ({why_not_installable(pyproject)})"
        )
    scripts = _console_scripts(repo, pyproject)
    if len(scripts) > 1:
        named = ", ".join(f"{entry.value} ({entry.source})" for entry in scripts)
        reading.problems.append(f"several console scripts: {named}")
    elif scripts:
        if installs is not None:
            reading.entry = scripts[0]
            return reading
        reading.problems.append(
            f"{scripts[0].source} is a console script, and the project does not install "
            f"({why_not_installable(pyproject)})"
        )
    for name in WORKER_FILES:
        if name in modules.paths and modules.get(name) is not None:
            source = f"{name}: a script, and no web framework among the dependencies"
            reading.entry = Entry(name, source, "worker", path=name)
            return reading
    return reading


def _console_scripts(repo: Path, pyproject: TomlFile) -> list[Entry]:
    """The console scripts whose module is in the repository, each with its source."""
    found: dict[str, Entry] = {}
    for table in ("project.scripts", "tool.poetry.scripts"):
        for name, target in pyproject.table(table).items():
            reference = (
                target.get("reference") or target.get("callable") if isinstance(target, dict) else target
            )
            if not isinstance(reference, str) or not _SCRIPT_NAME.fullmatch(name) or name in found:
                continue
            module = reference.split(":", 1)[0].strip()
            path = module_file(repo, module)
            if path is None:
                continue
            source = pyproject.source(table, name, f"[{table}] {name} = {reference!r}")
            found[name] = Entry(name, source, "worker", path=path, install=source)
    return list(found.values())
