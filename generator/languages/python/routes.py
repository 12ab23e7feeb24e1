"""The health route: a route on one of the usual health paths, found in the app's modules.

Routes are read from route decorators (``@app.get("/health")``, ``@router.route(...)``, Litestar's
``@get(...)``), from route calls (``app.add_url_rule``, ``app.add_api_route``, Starlette's ``Route(...)``)
and from Django's ``path("healthz/", ...)``, which is served with its trailing slash.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from generator.detect.files import HEALTH_NAME
from generator.detect.findings import Detection
from generator.languages.python.modules import Module, Modules

_DECORATORS = frozenset({"route", "get", "head", "api_route"})
_CALLS = frozenset({"add_url_rule", "add_api_route", "add_route", "Route"})
_HEALTH = re.compile(rf"^/?{HEALTH_NAME}/?$")
_HEALTH_WORDS = ("health", "livez", "readyz", "ping")


def propose_health(found: Detection, modules: Modules, first: Module | None) -> None:
    """Propose the first health route, searching the app's own module before the others."""
    for module in modules.containing(_HEALTH_WORDS, first=first):
        for path, line in _routes(module):
            if _HEALTH.match(path):
                route = path if path.startswith("/") else f"/{path}"
                found.propose("health_path", route, f"{module.where(line)}: route {route}")
                return


def _routes(module: Module) -> Iterator[tuple[str, int]]:
    for node in ast.walk(module.tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for decorator in node.decorator_list:
                if isinstance(decorator, ast.Call) and _name(decorator.func) in _DECORATORS:
                    literal = _first_string(decorator)
                    if literal is not None:
                        yield literal, decorator.lineno
        elif isinstance(node, ast.Call):
            name = _name(node.func)
            django = name == "path" and module.qualified(node.func) in {"django.urls.path", "path"}
            if name in _CALLS or django:
                literal = _first_string(node)
                if literal is not None and (django or literal.startswith("/")):
                    yield literal, node.lineno


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else None


def _first_string(call: ast.Call) -> str | None:
    first = call.args[0] if call.args else None
    if first is None:
        first = next((keyword.value for keyword in call.keywords if keyword.arg in {"path", "rule"}), None)
    if isinstance(first, ast.Constant) and isinstance(first.value, str):
        return first.value
    return None
