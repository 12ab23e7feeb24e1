"""Python: the package manager, Python version, the Flask/FastAPI app object and its health route.

The app's modules are parsed with :mod:`ast` (never imported); pyproject.toml with ``tomllib``.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from packaging.specifiers import InvalidSpecifier, SpecifierSet

from generator.detect.files import HEALTH_PATH, read_text, read_toml, table
from generator.detect.findings import Detection, normalise_name
from generator.languages.python import APP_FILES
from generator.languages.python import DEFAULT_VERSION as DEFAULT_PYTHON

#: Python versions scaffold proposes, newest last.
_KNOWN_PYTHONS = ("3.9", "3.10", "3.11", "3.12", "3.13", "3.14")
_WSGI = {"Flask": "gunicorn", "Quart": "uvicorn", "FastAPI": "uvicorn", "Starlette": "uvicorn"}
_HEALTH_ROUTE = re.compile(rf"^{HEALTH_PATH}/?$")
_WEB_PACKAGES = {"flask", "fastapi", "starlette", "quart", "django", "gunicorn", "uvicorn"}


def detect(repo: Path, found: Detection) -> None:
    """Propose the Python answers for the repository at ``repo``.

    Args:
        repo: The application's folder.
        found: Where the proposals and notes go.

    """
    pyproject = read_toml(repo / "pyproject.toml")
    _detect_name(pyproject, found)
    _detect_package_manager(repo, pyproject, found)
    _detect_python_version(repo, pyproject, found)
    dependencies = _dependency_names(repo, pyproject)
    _detect_entrypoint(repo, dependencies, found)


def _detect_name(pyproject: dict[str, Any], found: Detection) -> None:
    project = table(pyproject, "project") or table(pyproject, "tool", "poetry")
    if isinstance(project.get("name"), str):
        found.propose("app_name", normalise_name(project["name"]), "pyproject.toml: name")
    found.propose_description(project.get("description"), "pyproject.toml: description")


def _detect_package_manager(repo: Path, pyproject: dict[str, Any], found: Detection) -> None:
    if (repo / "uv.lock").is_file():
        found.propose("package_manager", "uv", "uv.lock")
    elif (repo / "poetry.lock").is_file():
        found.propose("package_manager", "poetry", "poetry.lock")
    elif (repo / "requirements.txt").is_file():
        found.propose("package_manager", "pip", "requirements.txt")
    elif "poetry" in table(pyproject, "tool"):
        found.propose("package_manager", "poetry", "pyproject.toml: [tool.poetry]")
    elif "uv" in table(pyproject, "tool"):
        found.propose("package_manager", "uv", "pyproject.toml: [tool.uv]")


def _detect_python_version(repo: Path, pyproject: dict[str, Any], found: Detection) -> None:
    pinned = repo / ".python-version"
    # A pin that is not UTF-8 text says nothing.
    first = (read_text(pinned) or "").strip().splitlines() if pinned.is_file() else []
    match = re.match(r"^(?:python-?)?(3\.\d+)", first[0]) if first else None
    if match:
        found.propose("python_version", match.group(1), ".python-version")
        return
    requires = table(pyproject, "project").get("requires-python")
    if not isinstance(requires, str):
        return
    try:
        allowed = SpecifierSet(requires)
    except InvalidSpecifier:
        found.note(f"pyproject.toml: requires-python {requires!r} is not a valid specifier")
        return
    fitting = [version for version in _KNOWN_PYTHONS if allowed.contains(f"{version}.0")]
    if fitting:
        choice = DEFAULT_PYTHON if DEFAULT_PYTHON in fitting else fitting[-1]
        found.propose("python_version", choice, f"pyproject.toml: requires-python {requires!r}")


def _dependency_names(repo: Path, pyproject: dict[str, Any]) -> set[str]:
    names: set[str] = set()
    requirement = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
    listed = table(pyproject, "project").get("dependencies")
    declared = list(listed) if isinstance(listed, list) else []
    poetry = table(pyproject, "tool", "poetry").get("dependencies", {})
    declared.extend(poetry if isinstance(poetry, dict) else [])
    requirements = repo / "requirements.txt"
    if requirements.is_file():
        declared.extend(requirements.read_text(encoding="utf-8", errors="replace").splitlines())
    for line in declared:
        match = requirement.match(str(line))
        if match and not str(line).lstrip().startswith("-"):
            names.add(match.group(1).lower().replace("_", "-"))
    return names


def _detect_entrypoint(repo: Path, dependencies: set[str], found: Detection) -> None:
    for filename in APP_FILES:
        path = repo / filename
        if not path.is_file():
            continue
        tree = _parse(path)
        if tree is None:
            continue
        web = _find_web_app(tree)
        if web is not None:
            framework, spec, line = web
            server = _WSGI[framework]
            module = filename[:-3]
            source = f"{filename}:{line}: {framework} app"
            found.propose("app_kind", "web", source)
            found.propose("entrypoint", f"{module}:{spec}", source)
            found.propose("server", server, source)
            health = _find_health_route(tree)
            if health is not None:
                found.propose("health_path", health[0], f"{filename}:{health[1]}: route {health[0]}")
            if dependencies and server not in dependencies:
                found.note(f"{server} is not among the dependencies: add it, the image runs the app with it")
            return
    for filename in ("main.py", "worker.py", "app.py"):
        path = repo / filename
        if path.is_file() and _parse(path) is not None and not dependencies & _WEB_PACKAGES:
            found.propose(
                "app_kind", "worker", f"{filename}: a script and no web framework in the dependencies"
            )
            found.propose("entrypoint", filename, filename)
            return


def _parse(path: Path) -> ast.Module | None:
    try:
        return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except (OSError, UnicodeDecodeError, SyntaxError, ValueError):
        return None


def _constructor_name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Name):
            return func.id
        if isinstance(func, ast.Attribute):
            return func.attr
    return None


def _find_web_app(tree: ast.Module) -> tuple[str, str, int] | None:
    """Find ``name = Flask(...)`` at module level, or a ``create_app`` factory that builds one."""
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            framework = _constructor_name(node.value)
            if framework in _WSGI:
                return framework, node.targets[0].id, node.lineno
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and not node.args.args:
            for inner in ast.walk(node):
                framework = _constructor_name(inner) if isinstance(inner, ast.expr) else None
                if framework in _WSGI and node.name in {"create_app", "make_app", "app_factory"}:
                    return framework, f"{node.name}()", node.lineno
    return None


def _route_literals(tree: ast.Module) -> Iterator[tuple[str, int]]:
    for node in ast.walk(tree):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for decorator in node.decorator_list:
            if (
                isinstance(decorator, ast.Call)
                and isinstance(decorator.func, ast.Attribute)
                and decorator.func.attr in {"route", "get", "head", "api_route"}
                and decorator.args
                and isinstance(decorator.args[0], ast.Constant)
                and isinstance(decorator.args[0].value, str)
            ):
                yield decorator.args[0].value, decorator.lineno


def _find_health_route(tree: ast.Module) -> tuple[str, int] | None:
    for path, line in _route_literals(tree):
        if _HEALTH_ROUTE.match(path):
            return path, line
    return None
