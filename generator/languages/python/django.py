"""A Django project as ``django-admin startproject`` lays it out: ``manage.py`` beside the project package.

- The settings module: the ``DJANGO_SETTINGS_MODULE`` default that the WSGI (or ASGI) module sets, since
  that module is what the server imports (cookiecutter-django's ``config/wsgi.py`` names
  ``config.settings.production`` while ``manage.py`` names ``config.settings.local``); without one,
  ``manage.py``'s.
- The application: ``WSGI_APPLICATION`` (``mysite.wsgi.application``, run as ``mysite.wsgi:application``),
  else ``<project>/wsgi.py``'s ``application``. The ASGI application is run instead when the project
  says it is served over ASGI: ``ASGI_APPLICATION`` is set (startproject never writes it) and Channels
  (``channels`` or ``daphne`` among the dependencies or in ``INSTALLED_APPS``) or an ASGI server
  (uvicorn, hypercorn) is a dependency; or, with no ``ASGI_APPLICATION``, an ASGI server is a dependency
  and gunicorn is not, and ``<project>/asgi.py`` defines ``application``. A plain ``asgi.py`` from
  startproject is otherwise not used: Django serves HTTP the same under WSGI.
- From the settings (:mod:`.settings`): the environment variables the secret key, ``ALLOWED_HOSTS`` and
  ``DEBUG`` are read from, and ``STATIC_ROOT`` as a path in the project.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

from generator.detect.findings import Detection
from generator.languages.python.dependencies import Dependencies
from generator.languages.python.layout import module_file
from generator.languages.python.modules import Module, module_level_names, parse
from generator.languages.python.settings import Settings

#: The form an environment variable name must have to be proposed (the answers' own form).
_ENV_NAME = re.compile(r"[A-Z_][A-Z0-9_]*")
_STATIC_FORM = re.compile(r"[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*")
_CHANNELS = ("channels", "daphne")
#: ASGI servers: one among the dependencies says the project means to be served over ASGI.
_ASGI_SERVERS = ("uvicorn", "hypercorn", "daphne")
#: The settings proposed as environment variable names, with the answer each goes to.
FROM_ENVIRONMENT = (
    ("SECRET_KEY", "secret_key_env"),
    ("ALLOWED_HOSTS", "allowed_hosts_env"),
    ("DEBUG", "debug_env"),
)


@dataclass(frozen=True)
class DjangoApp:
    """The WSGI or ASGI application a server runs.

    Attributes:
        spec: ``mysite.wsgi:application``.
        interface: ``wsgi`` or ``asgi``.
        path: The module's file.
        source: Where it is named: ``mysite/settings.py:70: WSGI_APPLICATION``.

    """

    spec: str
    interface: str
    path: str
    source: str


@dataclass(frozen=True)
class DjangoProject:
    """What a Django project says.

    Attributes:
        settings: The settings module the image runs with, read (None: none could be found).
        settings_source: Where that module is named.
        app: The application to run, when one is found.
        problem: Why no settings module or application can be proposed, naming what was found.

    """

    settings: Settings | None
    settings_source: str
    app: DjangoApp | None
    problem: str | None


def read_django(repo: Path, dependencies: Dependencies) -> DjangoProject | None:
    """Read the Django project at ``repo``; None when there is no ``manage.py``."""
    manage = parse(repo, "manage.py") if (repo / "manage.py").is_file() else None
    if manage is None:
        return None
    named = settings_default(manage)
    if named is None:
        return DjangoProject(None, "", None, "manage.py sets no DJANGO_SETTINGS_MODULE default")
    dotted, line = named
    source = f"manage.py:{line}: DJANGO_SETTINGS_MODULE"
    settings = Settings.read(repo, dotted)
    if settings.path is None:
        return DjangoProject(None, source, None, f"{source} names {dotted}, which is not in the repository")
    app, problem = _application(repo, settings, dependencies)
    if app is not None:
        # The server imports the application's module: its default is the settings the app runs with.
        module = parse(repo, app.path)
        own = settings_default(module) if module else None
        if own is not None and own[0] != dotted:
            production = Settings.read(repo, own[0])
            if production.path is not None:
                settings, source = production, f"{app.path}:{own[1]}: DJANGO_SETTINGS_MODULE"
    return DjangoProject(settings, source, app, problem)


def settings_default(module: Module) -> tuple[str, int] | None:
    """The ``DJANGO_SETTINGS_MODULE`` a module sets (``os.environ.setdefault(...)``), with its line."""
    for node in ast.walk(module.tree):
        pair: tuple[ast.expr, ast.expr] | None = None
        if not isinstance(node, (ast.Call, ast.Assign)):
            continue
        if isinstance(node, ast.Call) and module.qualified(node.func) == "os.environ.setdefault":
            pair = (node.args[0], node.args[1]) if len(node.args) == 2 else None
        elif (
            isinstance(node, ast.Assign)
            and isinstance(node.targets[0], ast.Subscript)
            and module.qualified(node.targets[0].value) == "os.environ"
        ):
            pair = (node.targets[0].slice, node.value)
        if pair is not None and all(isinstance(part, ast.Constant) for part in pair):
            name, value = (part.value for part in pair if isinstance(part, ast.Constant))
            if name == "DJANGO_SETTINGS_MODULE" and isinstance(value, str):
                return value, node.lineno
    return None


def _application(
    repo: Path, settings: Settings, dependencies: Dependencies
) -> tuple[DjangoApp | None, str | None]:
    channels = [
        name for name in _CHANNELS if dependencies.has(name) or name in settings.strings("INSTALLED_APPS")
    ]
    asgi_server = any(dependencies.has(name) for name in _ASGI_SERVERS)
    asgi = settings.values.get("ASGI_APPLICATION")
    if asgi is not None and (channels or asgi_server):
        return _named_app(repo, settings, "ASGI_APPLICATION", "asgi")
    project = settings.dotted.split(".", 1)[0]
    if asgi is None and asgi_server and not dependencies.has("gunicorn"):
        served = _project_application(repo, project, "asgi")
        if served is not None:
            return served, None
    if "WSGI_APPLICATION" in settings.values:
        return _named_app(repo, settings, "WSGI_APPLICATION", "wsgi")
    served = _project_application(repo, project, "wsgi")
    if served is None:
        return None, (
            f"{settings.path} sets no WSGI_APPLICATION, and {project}/wsgi.py defines no application"
        )
    return served, None


def _project_application(repo: Path, project: str, interface: str) -> DjangoApp | None:
    """The ``application`` of the project package's ``wsgi.py`` or ``asgi.py``, if the module has one."""
    path = module_file(repo, f"{project}.{interface}")
    module = parse(repo, path) if path else None
    if path is None or module is None or "application" not in module_level_names(module.tree):
        return None
    return DjangoApp(f"{project}.{interface}:application", interface, path, f"{path}: application")


def _named_app(
    repo: Path, settings: Settings, name: str, interface: str
) -> tuple[DjangoApp | None, str | None]:
    setting = settings.values[name]
    value = settings.constant(name)
    if not isinstance(value, str) or "." not in value:
        return None, f"{setting.source} is not a dotted path to the application"
    dotted, _, attribute = value.rpartition(".")
    path = module_file(repo, dotted)
    module = parse(repo, path) if path else None
    if path is None or module is None:
        return None, f"{setting.source} names {dotted}, which is not in the repository"
    if attribute not in module_level_names(module.tree):
        return None, f"{setting.source} names {value}, which {path} does not define"
    return DjangoApp(f"{dotted}:{attribute}", interface, path, f"{setting.source} {value}"), None


def propose_django(project: DjangoProject, found: Detection) -> None:
    """Propose django_settings and what the settings read from the environment, with notes on the rest."""
    if project.settings is None:
        found.leave_open("django_settings", project.problem or "no settings module found")
        return
    settings = project.settings
    found.propose("django_settings", settings.dotted, project.settings_source)
    for setting, answer in FROM_ENVIRONMENT:
        _from_environment(settings, setting, answer, found)
    _static_root(settings, found)


def _from_environment(settings: Settings, setting: str, answer: str, found: Detection) -> None:
    assigned = settings.values.get(setting)
    if assigned is None:
        return
    name = settings.env_name(setting)
    if name is not None and _ENV_NAME.fullmatch(name):
        found.propose(answer, name, assigned.source)
        return
    if name is not None:
        found.note(
            f"{assigned.source} is read from {name!r}, not an upper-case variable name: "
            f"pass --{answer.replace('_', '-')}"
        )
        return
    value = settings.constant(setting)
    if value is ...:
        return
    why = {
        "SECRET_KEY": "everyone with the repository or the image has it; read it from the environment "
        '(os.environ["DJANGO_SECRET_KEY"])',
        "DEBUG": "the image would show debug pages to anyone; read it from the environment "
        '(os.environ.get("DJANGO_DEBUG") == "1")',
        "ALLOWED_HOSTS": "with DEBUG off Django answers 400 to every other host, the health check's "
        'included; read it from the environment (os.environ["DJANGO_ALLOWED_HOSTS"].split(","))',
    }[setting]
    shown = "a key" if setting == "SECRET_KEY" else repr(value)
    found.note(f"{assigned.source} is fixed in the code ({shown}): {why}")


def _static_root(settings: Settings, found: Detection) -> None:
    assigned = settings.values.get("STATIC_ROOT")
    if assigned is None:
        if "django.contrib.staticfiles" in settings.strings("INSTALLED_APPS"):
            found.note(
                f"{settings.path}: STATIC_ROOT is not set, so collectstatic has nowhere to write: the image "
                'serves no collected static files (set STATIC_ROOT = BASE_DIR / "staticfiles")'
            )
        return
    path = settings.location("STATIC_ROOT")
    if path is None:
        found.note(f"{assigned.source} is not a path scaffold can read: pass --static-root")
    elif path.startswith(("/", "..")) or path == ".":
        found.note(
            f"{assigned.source} is {path}, not a folder inside the project: the image collects no static "
            "files (pass --static-root with a folder inside it)"
        )
    elif _STATIC_FORM.fullmatch(path):
        found.propose("static_root", path, assigned.source)
