"""The project's modules, parsed with :mod:`ast` (never imported), and the names each one imports.

A call such as ``FastAPI()`` or ``fa.FastAPI()`` is resolved through the module's imports to
``fastapi.FastAPI``, relative imports included, so a framework is known by where its class comes from,
not by the name a module gives it. Parsing is what costs (a project that vendors a library has hundreds
of modules), so :class:`Modules` parses a module only when a search asks for it, and each search first
keeps the modules whose text holds a word it looks for.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator.detect.files import read_text
from generator.languages.python.layout import module_name, python_files

#: Larger files are generated or vendored, never an app's module; parsing them would only cost time.
_MAX_BYTES = 512 * 1024


@dataclass(frozen=True, eq=False)
class Module:
    """One parsed module (compared by identity: :class:`Modules` parses each file once).

    Attributes:
        path: The file, relative to the repository.
        name: Its import name (``src/`` dropped), or None when it cannot be imported by name.
        tree: The parsed module.
        imports: Each name the module binds by an import, to what it is (``FastAPI``:
            ``fastapi.FastAPI``; ``fa``: ``fastapi``; ``create_app``: ``shop.app.create_app``).

    """

    path: str
    name: str | None
    tree: ast.Module
    imports: dict[str, str] = field(default_factory=dict)

    def qualified(self, node: ast.expr) -> str | None:
        """Return what a name or attribute chain refers to (``fa.FastAPI``: ``fastapi.FastAPI``).

        A name the module does not import is returned as it is written.
        """
        parts: list[str] = []
        while isinstance(node, ast.Attribute):
            parts.insert(0, node.attr)
            node = node.value
        if not isinstance(node, ast.Name):
            return None
        head = self.imports.get(node.id, node.id)
        return ".".join([head, *parts])

    def where(self, line: int) -> str:
        """Return ``path:line``."""
        return f"{self.path}:{line}"


def parse(repo: Path, path: str) -> Module | None:
    """Parse one module; None when it cannot be read or parsed."""
    file = repo / path
    try:
        if file.stat().st_size > _MAX_BYTES:
            return None
    except OSError:
        return None
    text = read_text(file)
    if text is None:
        return None
    try:
        tree = ast.parse(text, filename=path)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    name = module_name(path)
    return Module(path, name, tree, _imports(tree, name, is_package=path.endswith("__init__.py")))


class Modules:
    """The project's module files (see :func:`~.layout.python_files`), each read and parsed once, on demand.

    Args:
        repo: The project folder.

    """

    def __init__(self, repo: Path) -> None:
        self.repo = repo
        self.paths = python_files(repo)
        self._texts: dict[str, str | None] = {}
        self._parsed: dict[str, Module | None] = {}

    def get(self, path: str | None) -> Module | None:
        """The module at ``path`` (relative to the repository), parsed; None if it cannot be."""
        if path is None:
            return None
        if path not in self._parsed:
            self._parsed[path] = parse(self.repo, path)
        return self._parsed[path]

    def containing(self, words: Iterable[str], *, first: Module | None = None) -> list[Module]:
        """The parsed modules whose text holds one of ``words``, ``first`` (when given) before the others."""
        found = [first] if first is not None else []
        wanted = tuple(words)
        for path in self.paths:
            text = self._text(path)
            # A substring test, not a regular expression: it is the one thing done to every file.
            if (first is not None and path == first.path) or text is None:
                continue
            if not any(word in text for word in wanted):
                continue
            module = self.get(path)
            if module is not None:
                found.append(module)
        return found

    def _text(self, path: str) -> str | None:
        if path not in self._texts:
            file = self.repo / path
            try:
                small = file.stat().st_size <= _MAX_BYTES
            except OSError:
                small = False
            self._texts[path] = read_text(file) if small else None
        return self._texts[path]


def _imports(tree: ast.Module, name: str | None, *, is_package: bool) -> dict[str, str]:
    package = (name or "") if is_package else (name or "").rpartition(".")[0]
    bound: dict[str, str] = {}
    for node in _statements(tree.body):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    bound[alias.asname] = alias.name
                else:
                    head = alias.name.split(".", 1)[0]
                    bound[head] = head
        elif isinstance(node, ast.ImportFrom):
            origin = _origin(node, package)
            for alias in node.names:
                if alias.name != "*":
                    bound[alias.asname or alias.name] = f"{origin}.{alias.name}" if origin else alias.name
    return bound


def _statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement, nested ones included, without walking into expressions (imports are statements)."""
    pending = list(reversed(body))
    while pending:
        node = pending.pop()
        yield node
        nested: list[ast.stmt] = []
        for name in ("body", "orelse", "finalbody"):
            value = getattr(node, name, None)
            if isinstance(value, list):
                nested += [item for item in value if isinstance(item, ast.stmt)]
        for handler in getattr(node, "handlers", None) or []:
            nested += handler.body
        for case in getattr(node, "cases", None) or []:
            nested += case.body
        pending += reversed(nested)


def _origin(node: ast.ImportFrom, package: str) -> str:
    """The absolute module of ``from <module> import ...``, relative levels resolved against ``package``."""
    if not node.level:
        return node.module or ""
    parts = package.split(".") if package else []
    base = parts[: len(parts) - (node.level - 1)] if node.level - 1 <= len(parts) else []
    return ".".join([*base, *([node.module] if node.module else [])])


def module_level_names(tree: ast.Module) -> set[str]:
    """The names a module binds at its top level: assignments, definitions and imports."""
    names: set[str] = set()
    for node in tree.body:
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = list(node.targets)
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
            targets = [node.target]
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((alias.asname or alias.name).split(".", 1)[0] for alias in node.names)
        elif isinstance(node, (ast.If, ast.Try)):
            names |= module_level_names(
                ast.Module(body=[*node.body, *getattr(node, "orelse", [])], type_ignores=[])
            )
        for target in targets:
            names.update(item.id for item in ast.walk(target) if isinstance(item, ast.Name))
    return names
