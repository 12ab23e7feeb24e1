"""The entrypoint: which source wins, and the answers that follow from it.

Sources, strongest first (``--entrypoint`` itself is handled outside detection):

1. the Procfile's ``web:`` process: the app its server loads (``gunicorn autoapp:app``), a script or a
   module ``python`` runs; a development server (``runserver``, ``flask run``, ``--reload``) is not;
2. the web app in the source: Django's application (:mod:`.django`), or the framework object
   (:mod:`.apps`); two different ones are two apps, and none is chosen;
3. a worker's main program (:mod:`.workers`), when no web framework or server is among the dependencies.

A source that names what the image cannot run (a module that is not in the repository, an attribute the
module does not define, a src layout in a project that does not install) is passed over, with a note when
a weaker source works; when none does, the entrypoint is left open, naming what was found. The server
follows the app's framework (:mod:`.servers`); a Procfile's server is used only when the framework is not
known.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.detect.findings import Detection
from generator.languages.python.apps import App
from generator.languages.python.candidate import Entry
from generator.languages.python.commands import Command
from generator.languages.python.dependencies import Dependencies
from generator.languages.python.django import DjangoProject
from generator.languages.python.layout import in_src_layout, module_file, why_not_installable
from generator.languages.python.manifest import TomlFile
from generator.languages.python.modules import Modules, module_level_names, parse
from generator.languages.python.procfile import WebProcess
from generator.languages.python.requirements import normalise
from generator.languages.python.servers import propose_server, server_for
from generator.languages.python.workers import worker_entry

#: Web frameworks by distribution name, with the class an app of theirs is made with.
FRAMEWORK_PACKAGES = {
    "django": "Django",
    "flask": "Flask",
    "fastapi": "FastAPI",
    "starlette": "Starlette",
    "litestar": "Litestar",
    "quart": "Quart",
    "sanic": "Sanic",
    "apiflask": "APIFlask",
}
#: A project with one of these among its dependencies serves HTTP: it is never taken for a worker.
WEB_PACKAGES = frozenset({*FRAMEWORK_PACKAGES, "gunicorn", "uvicorn", "hypercorn", "daphne", "waitress"})
#: Where ``fastapi run`` looks for the app when it is given no path.
_FASTAPI_DEFAULTS = ("main.py", "app.py", "api.py", "app/main.py", "app/app.py", "api/main.py", "api/app.py")
#: Build backends that find a package named after the project without being told where it is.
_DISCOVERING_BACKENDS = (
    "hatchling.build",
    "poetry.core.masonry.api",
    "flit_core.buildapi",
    "pdm.backend",
    "uv_build",
)


@dataclass(frozen=True)
class Project:
    """What the entrypoint is chosen from.

    Attributes:
        repo: The project folder.
        modules: Its modules.
        apps: The web apps in them, one per app.
        candidates: Every framework object found (before sub-apps and duplicates are dropped).
        django: The Django project, when there is a manage.py.
        web: The Procfile's web process.
        dependencies: What the image installs.
        pyproject: pyproject.toml.
        installs: Why the project installs as a package (a source), or None.

    """

    repo: Path
    modules: Modules
    apps: list[App]
    candidates: list[App]
    django: DjangoProject | None
    web: WebProcess | None
    dependencies: Dependencies
    pyproject: TomlFile
    installs: str | None


def choose_entry(project: Project, found: Detection) -> Entry | None:
    """Propose the entrypoint and what follows from it; return it, or None when none is proposed."""
    problems: list[str] = []
    entry = _from_procfile(project, problems, found)
    if entry is None:
        web = _web_apps(project, problems)
        if len(web) > 1:
            named = "; ".join(f"{item.value} ({item.source})" for item in web)
            found.leave_open("entrypoint", f"this project has {len(web)} different web apps: {named}")
            return None
        entry = web[0] if web else _worker(project, problems)
    if entry is None:
        if problems:
            found.leave_open("entrypoint", f"{'; '.join(problems)}; no other candidate found")
        return None
    for problem in problems:
        found.note(f"{problem}: the image runs {entry.value} instead ({entry.source})")
    _propose(entry, project, found)
    return entry


def _propose(entry: Entry, project: Project, found: Detection) -> None:
    found.propose("app_kind", entry.kind, entry.source)
    found.propose("entrypoint", entry.value, entry.source)
    if ":" in entry.value:
        server = server_for(entry.interface, project.dependencies) if entry.interface else entry.server
        propose_server(server or "gunicorn", entry.source, project.dependencies, found)
    install = entry.install or _own_package(entry, project)
    if install is not None:
        found.propose("install_project", True, install)


def _from_procfile(project: Project, problems: list[str], found: Detection) -> Entry | None:
    web = project.web
    if web is None:
        return None
    command = web.command
    if command is None:
        problems.append(f"{web.source} does not start a Python server scaffold writes a CMD for")
        return None
    if command.dev:
        problems.append(f"{web.source} runs a development server")
        return None
    if command.program == "script":
        target = (command.target or "").removeprefix("./")
        if (project.repo / target).is_file() and target.endswith(".py"):
            return Entry(target, web.source, "web", path=target)
        problems.append(f"{web.source} runs {target}, which is not a Python file in the repository")
        return None
    if command.program == "module":
        return _procfile_module(project, web, command.target or "", problems)
    return _procfile_app(project, web, command, problems, found)


def _procfile_module(project: Project, web: WebProcess, module: str, problems: list[str]) -> Entry | None:
    path = module_file(project.repo, module)
    if path is None:
        problems.append(f"{web.source} runs the module {module}, which is not in the repository")
        return None
    usable, install = _src_install(project, path, web.source, problems)
    return Entry(f"-m {module}", web.source, "web", path=path, install=install) if usable else None


def _procfile_app(
    project: Project, web: WebProcess, command: Command, problems: list[str], found: Detection
) -> Entry | None:
    spec = command.app
    if command.program == "fastapi":
        spec = _fastapi_run(project, command.app)
    if spec is None:
        problems.append(f"{web.source} names no app scaffold can find")
        return None
    if command.chdir not in {None, "", ".", "src"}:
        problems.append(
            f"{web.source} imports the app from {command.chdir}/, and the image runs it from the project's "
            "folder"
        )
        return None
    module, _, attribute = spec.partition(":")
    if not attribute:
        if command.program != "gunicorn":
            problems.append(f"{web.source} names the module {module} but no app in it (module:app)")
            return None
        attribute = "application"  # gunicorn's default
    if command.factory and not attribute.endswith("()"):
        attribute += "()"
    path = module_file(project.repo, module, under=command.chdir or "")
    parsed = parse(project.repo, path) if path else None
    if path is None or parsed is None:
        problems.append(f"{web.source} names the module {module}, which is not in the repository")
        return None
    if attribute.removesuffix("()") not in module_level_names(parsed.tree):
        problems.append(
            f"{web.source} names {module}:{attribute}, and {path} defines no {attribute.removesuffix('()')}"
        )
        return None
    usable, install = _src_install(project, path, web.source, problems)
    if not usable:
        return None
    value = f"{module}:{attribute}"
    interface = _interface(project, value)
    if interface is not None:
        chosen = server_for(interface, project.dependencies)
        if chosen != command.server or command.program not in {"gunicorn", "uvicorn"}:
            found.note(
                f"{web.source} runs this {interface.upper()} app with {command.program}: the image runs it "
                f"with {chosen}"
            )
    return Entry(value, web.source, "web", interface, command.server, path, install)


def _fastapi_run(project: Project, path: str | None) -> str | None:
    """The app spec ``fastapi run [path]`` serves: the FastAPI app in that file (or its default files)."""
    files = [path.removeprefix("./")] if path else list(_FASTAPI_DEFAULTS)
    for file in files:
        for app in project.candidates:
            if app.module.path == file and app.framework == "FastAPI":
                return app.spec
    return None


def _interface(project: Project, spec: str) -> str | None:
    """The interface of the app a spec names, when it is a framework object or Django's application."""
    for app in project.candidates:
        if app.spec == spec:
            return app.interface
    django = project.django.app if project.django else None
    return django.interface if django is not None and django.spec == spec else None


def _src_install(project: Project, path: str, source: str, problems: list[str]) -> tuple[bool, str | None]:
    """Whether a module can be imported, and why the project is installed for it (a src layout), if it is.

    A module in a src layout is importable only from the installed project: when the project does not
    install, a problem says so and the module cannot be used.
    """
    if not in_src_layout(path):
        return True, None
    if project.installs is None:
        problems.append(
            f"{source}: {path} is in a src layout, importable only from the installed project, and the "
            f"project does not install ({why_not_installable(project.pyproject)})"
        )
        return False, None
    return True, f"{path} (src layout; {project.installs})"


def _web_apps(project: Project, problems: list[str]) -> list[Entry]:
    entries: list[Entry] = []
    django = project.django
    if django is not None and django.app is not None:
        named = django.app
        entries.append(Entry(named.spec, named.source, "web", named.interface, path=named.path))
    elif django is not None and django.problem:
        problems.append(django.problem)
    for app in project.apps:
        usable, install = _src_install(project, app.module.path, app.source, problems)
        if usable:
            path = app.module.path
            entries.append(Entry(app.spec, app.source, "web", app.interface, path=path, install=install))
    return entries


def _worker(project: Project, problems: list[str]) -> Entry | None:
    installed = project.dependencies.installed
    framework = next((name for name in FRAMEWORK_PACKAGES if name in installed), None)
    if framework is not None and not (framework == "django" and project.django is not None):
        problems.append(
            f"{framework} is among the dependencies ({project.dependencies.source(framework)}), but no "
            f"{FRAMEWORK_PACKAGES[framework]} app was found in a module the image can import"
        )
    if installed & WEB_PACKAGES:
        return None
    reading = worker_entry(project.repo, project.modules, project.pyproject, project.installs)
    problems += [] if reading.entry else reading.problems
    return reading.entry


def _own_package(entry: Entry, project: Project) -> str | None:
    """Why to install a project whose entrypoint is in its own package, named after it (``shop/main.py``)."""
    if project.installs is None or entry.path is None or "/" not in entry.path:
        return None
    package = entry.path.split("/", 1)[0]
    name = project.pyproject.table("project").get("name") or project.pyproject.table("tool.poetry").get(
        "name"
    )
    if not isinstance(name, str) or normalise(name).replace("-", "_") != package:
        return None
    backend = project.pyproject.table("build-system").get("build-backend")
    setuptools_told = bool(project.pyproject.table("tool.setuptools").get("packages"))
    if backend not in _DISCOVERING_BACKENDS and not setuptools_told:
        return None  # setuptools' own discovery refuses a flat layout with other top-level folders
    return f"{project.installs}: {package}/ is the project's own package"
