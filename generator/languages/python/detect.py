"""Python: what a repository says about its package manager, Python, dependencies, app and server.

Nothing is imported or run: pyproject.toml and the Pipfile are read with ``tomllib``, lock files as TOML or
JSON, requirements files line by line, the app's modules with :mod:`ast`. Each part has a module of its
own: :mod:`.requirements`, :mod:`.dependencies` and :mod:`.locks` (what the image installs),
:mod:`.versions` (Python), :mod:`.native` (Debian packages for dependencies that compile),
:mod:`.django` and :mod:`.settings` (a Django project), :mod:`.entry` (the entrypoint, from
:mod:`.procfile`, :mod:`.apps` and :mod:`.workers`, and the server from :mod:`.servers`), :mod:`.ports`,
:mod:`.routes` and :mod:`.heartbeat`.
"""

from __future__ import annotations

from pathlib import Path

from generator.detect.findings import Detection, normalise_name
from generator.languages.python.apps import distinct_apps, find_candidates
from generator.languages.python.dependencies import read_dependencies
from generator.languages.python.django import propose_django, read_django
from generator.languages.python.entry import Project, choose_entry
from generator.languages.python.heartbeat import propose_heartbeat
from generator.languages.python.layout import installable
from generator.languages.python.manifest import TomlFile
from generator.languages.python.modules import Modules
from generator.languages.python.native import propose_native
from generator.languages.python.ports import propose_port
from generator.languages.python.procfile import read_web_process
from generator.languages.python.requirements import RequirementFiles, read_requirements, top_file
from generator.languages.python.routes import propose_health
from generator.languages.python.versions import propose_python_version


def detect(repo: Path, found: Detection) -> None:
    """Propose the Python answers for the repository at ``repo``.

    Args:
        repo: The application's folder.
        found: Where the proposals and notes go.

    """
    pyproject = TomlFile.read(repo, "pyproject.toml")
    pipfile = TomlFile.read(repo, "Pipfile")
    _name(pyproject, found)
    manager = _package_manager(repo, pyproject, pipfile, found)
    requirements = _requirements(repo, manager, found)
    propose_python_version(repo, pyproject, pipfile, found)
    dependencies = read_dependencies(
        repo, manager=manager, pyproject=pyproject, pipfile=pipfile, requirements=requirements
    )
    propose_native(dependencies, found)
    django = read_django(repo, dependencies)
    if django is not None:
        propose_django(django, found)
    modules = Modules(repo)
    candidates = find_candidates(modules)
    project = Project(
        repo=repo,
        modules=modules,
        apps=distinct_apps(candidates),
        candidates=candidates,
        django=django,
        web=read_web_process(repo),
        dependencies=dependencies,
        pyproject=pyproject,
        installs=installable(repo, pyproject),
    )
    entry = choose_entry(project, found)
    if entry is None:
        return
    first = modules.get(entry.path) if entry.path and entry.path.endswith(".py") else None
    if entry.kind == "web":
        propose_port(repo, project.web, modules, first, found)
        propose_health(found, modules, first)
    else:
        propose_heartbeat(modules, first, found)


def _name(pyproject: TomlFile, found: Detection) -> None:
    for table in ("project", "tool.poetry"):
        name = pyproject.table(table).get("name")
        if isinstance(name, str):
            found.propose("app_name", normalise_name(name), pyproject.source(table, "name"))
        found.propose_description(
            pyproject.table(table).get("description"), pyproject.source(table, "description")
        )


def _package_manager(repo: Path, pyproject: TomlFile, pipfile: TomlFile, found: Detection) -> str | None:
    """Propose the package manager: a lock file first, then requirements files, then the manifests."""
    requirements = top_file(repo)
    tool = pyproject.table("tool")
    if (repo / "uv.lock").is_file():
        chosen, source = "uv", "uv.lock"
    elif (repo / "poetry.lock").is_file():
        chosen, source = "poetry", "poetry.lock"
    elif (repo / "Pipfile.lock").is_file() and pipfile.exists:
        chosen, source = "pipenv", "Pipfile.lock"
    elif requirements is not None:
        chosen, source = "pip", requirements
    elif "poetry" in tool:
        chosen, source = "poetry", pyproject.source("tool", "poetry", "[tool.poetry]")
    elif "uv" in tool:
        chosen, source = "uv", pyproject.source("tool", "uv", "[tool.uv]")
    elif pipfile.exists:
        chosen, source = "pipenv", "Pipfile"
    else:
        return None
    found.propose("package_manager", chosen, source)
    return chosen


def _requirements(repo: Path, manager: str | None, found: Detection) -> RequirementFiles | None:
    """Read the requirements files; propose them for pip, or leave them open when pip could not read them."""
    top = top_file(repo)
    if top is None:
        return None
    requirements = read_requirements(repo, top)
    if manager != "pip":
        return requirements
    if requirements.problems:
        found.leave_open("requirements_files", "; ".join(requirements.problems))
    else:
        includes = ", and the files it includes" if len(requirements.files) > 1 else ""
        found.propose(
            "requirements_files", " ".join(requirements.files), f"{top}: the file pip installs from{includes}"
        )
    return requirements
