"""Web framework objects in the project's modules: ``app = FastAPI()``, Flask factories, and the like.

Every module of the project is parsed (see :mod:`.layout` for the folders skipped). A candidate is:

- a module-level ``name = Framework(...)`` (FastAPI, Flask, APIFlask, Falcon, Starlette, Litestar, Quart,
  Sanic), the class resolved through the module's imports;
- a module-level ``name = f(...)`` where ``f`` is a function of the project that builds one (``app =
  create_app()`` in cookiecutter-flask's ``autoapp.py``, ``app = get_application()``);
- a factory, ``create_app``, ``make_app`` or ``app_factory``, callable without arguments, that builds one
  (Flask's tutorial), run as ``module:create_app()``.

Several candidates can be one app: an instance made by a factory is that factory's app (the instance is
run, the module was written for it), and an app another candidate's module imports (a sub-application it
mounts, a blueprint-style factory) is not the one to run. What remains, one per app, is returned; two or
more are different apps and the caller leaves the entrypoint open.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass

from generator.languages.python.modules import Module, Modules

#: Framework classes, by the module they come from, with their name and the interface a server runs them
#: by (Sanic apps are ASGI applications too; Sanic's own server is not one scaffold writes a CMD for).
FRAMEWORKS = {
    "fastapi.FastAPI": ("FastAPI", "asgi"),
    "fastapi.applications.FastAPI": ("FastAPI", "asgi"),
    "flask.Flask": ("Flask", "wsgi"),
    "flask.app.Flask": ("Flask", "wsgi"),
    "apiflask.APIFlask": ("APIFlask", "wsgi"),
    "starlette.applications.Starlette": ("Starlette", "asgi"),
    "litestar.Litestar": ("Litestar", "asgi"),
    "litestar.app.Litestar": ("Litestar", "asgi"),
    "quart.Quart": ("Quart", "asgi"),
    "quart.app.Quart": ("Quart", "asgi"),
    "sanic.Sanic": ("Sanic", "asgi"),
    "sanic.app.Sanic": ("Sanic", "asgi"),
    "falcon.App": ("Falcon", "wsgi"),
    "falcon.app.App": ("Falcon", "wsgi"),
    "falcon.API": ("Falcon", "wsgi"),
    "falcon.asgi.App": ("Falcon", "asgi"),
    "falcon.asgi.app.App": ("Falcon", "asgi"),
}
#: Class names too generic to count without the import that says whose they are (``falcon.App()``).
_GENERIC = frozenset({"App", "API"})
# A class called by its bare name without an import (a star import, a snippet) still counts.
_BARE = {
    name: facts
    for qualified, facts in FRAMEWORKS.items()
    if (name := qualified.rsplit(".", 1)[1]) not in _GENERIC
}
#: Words a module must hold to be parsed for a framework object.
_WORDS = (*_BARE, "falcon")
#: Factory names a server can call (``gunicorn 'module:create_app()'``, ``uvicorn --factory``).
FACTORY_NAMES = ("create_app", "make_app", "app_factory")
#: The module names an app is usually run from, in the order one is preferred over another for one app.
_RUN_MODULES = ("wsgi", "asgi", "autoapp", "app", "main", "server", "api")


@dataclass(frozen=True)
class App:
    """A web app object a server can run.

    Attributes:
        framework: Its framework's class name (``FastAPI``).
        interface: ``asgi`` or ``wsgi``.
        module: The module it is in.
        attribute: The name a server loads: ``app``, or ``create_app()`` for a factory.
        line: The line it is made on.
        origin: What makes it (the function or the module and name): candidates with one origin are one app.

    """

    framework: str
    interface: str
    module: Module
    attribute: str
    line: int
    origin: str

    @property
    def spec(self) -> str:
        """The app spec a server loads: ``shop.main:app``."""
        return f"{self.module.name}:{self.attribute}"

    @property
    def source(self) -> str:
        """Where it is made: ``app.py:5: Flask app``, ``shop/app.py:8: Flask app factory create_app()``."""
        kind = f"app factory {self.attribute}" if self.attribute.endswith("()") else "app"
        return f"{self.module.where(self.line)}: {self.framework} {kind}"


def find_candidates(modules: Modules) -> list[App]:
    """Return every framework object and factory in ``modules``, before one app is told from another."""
    # Only a module that names a framework class can make an app (an alias still names it in its import).
    naming = modules.containing(_WORDS)
    builders = _builders(naming)
    # An instance a builder makes (app = create_app()) may be in a module that names no framework.
    called = {key.rsplit(".", 1)[1] for key in builders}
    callers = modules.containing(called) if called else []
    candidates: list[App] = []
    for module in dict.fromkeys([*naming, *callers]):
        if module.name is not None:
            candidates += _instances(module, builders)
            candidates += [
                App(framework, interface, module, f"{node.name}()", node.lineno, key)
                for key, (framework, interface, owner, node) in builders.items()
                if owner is module and node.name in FACTORY_NAMES and _callable_bare(node)
            ]
    return candidates


def distinct_apps(candidates: list[App]) -> list[App]:
    """Return one candidate per app (see the module's description), best first."""
    kept = [app for app in candidates if not _imported_elsewhere(app, candidates)]
    kept = [app for app in kept if not _mounted(app, kept)]
    # One app per origin: an instance beats the factory it comes from, then the usual module names.
    best: dict[str, App] = {}
    for app in sorted(kept, key=_preference):
        best.setdefault(app.origin, app)
    return list(best.values())


def framework_of(module: Module, call: ast.expr) -> tuple[str, str] | None:
    """The framework and interface of ``call`` when it constructs a framework object."""
    if not isinstance(call, ast.Call):
        return None
    qualified = module.qualified(call.func)
    if qualified is None:
        return None
    return FRAMEWORKS.get(qualified) or (_BARE.get(qualified) if "." not in qualified else None)


def _builders(modules: list[Module]) -> dict[str, tuple[str, str, Module, ast.FunctionDef]]:
    """Module-level functions that build a framework object, by qualified name (``shop.app.create_app``)."""
    found: dict[str, tuple[str, str, Module, ast.FunctionDef]] = {}
    for module in modules:
        if module.name is None:
            continue
        for node in module.tree.body:
            if not isinstance(node, ast.FunctionDef):
                continue
            for inner in ast.walk(node):
                facts = framework_of(module, inner) if isinstance(inner, ast.expr) else None
                if facts is not None:
                    found[f"{module.name}.{node.name}"] = (*facts, module, node)
                    break
    return found


def _callable_bare(node: ast.FunctionDef) -> bool:
    """Whether a server can call the function with no arguments (every parameter has a default)."""
    arguments = node.args
    required = len(arguments.posonlyargs) + len(arguments.args) - len(arguments.defaults)
    kw_required = sum(default is None for default in arguments.kw_defaults)
    return required <= 0 and kw_required == 0


def _assignments(module: Module) -> Iterator[tuple[str, ast.expr, int]]:
    for node in module.tree.body:
        if isinstance(node, ast.Assign):
            # ``app = application = falcon.App()`` binds one object twice: the first name stands for it.
            names = [target.id for target in node.targets if isinstance(target, ast.Name)]
            if names:
                yield names[0], node.value, node.lineno
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            yield node.target.id, node.value, node.lineno


def _instances(module: Module, builders: dict[str, tuple[str, str, Module, ast.FunctionDef]]) -> list[App]:
    found: list[App] = []
    for name, value, line in _assignments(module):
        facts = framework_of(module, value)
        if facts is not None:
            found.append(App(*facts, module, name, line, f"{module.name}.{name}"))
            continue
        if isinstance(value, ast.Call):
            called = module.qualified(value.func) or ""
            # A local function is called by its bare name: qualify it with the module's own name.
            key = called if called in builders else f"{module.name}.{called}"
            if key in builders:
                framework, interface, _, _ = builders[key]
                found.append(App(framework, interface, module, name, line, key))
    return found


def _imported_elsewhere(app: App, candidates: list[App]) -> bool:
    """Whether another candidate's module imports this app (or its factory) to use it."""
    target = app.origin if app.attribute.endswith("()") else f"{app.module.name}.{app.attribute}"
    return any(
        other.module is not app.module and target in other.module.imports.values() for other in candidates
    )


def _mounted(app: App, candidates: list[App]) -> bool:
    """Whether the app is passed to another app of its module (``app.mount("/v1", v1)``): a sub-app."""
    others = {other.attribute for other in candidates if other.module is app.module and other is not app}
    for node in ast.walk(app.module.tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id in others
            and any(isinstance(arg, ast.Name) and arg.id == app.attribute for arg in node.args)
        ):
            return True
    return False


def _preference(app: App) -> tuple[int, int, int, str]:
    stem = app.module.path.rsplit("/", 1)[-1].removesuffix(".py")
    usual = _RUN_MODULES.index(stem) if stem in _RUN_MODULES else len(_RUN_MODULES)
    factory = 1 if app.attribute.endswith("()") else 0
    return (factory, app.module.path.count("/"), usual, app.module.path)
