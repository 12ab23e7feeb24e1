"""A Django settings module read with :mod:`ast`, never imported: its final values, as Django would see them.

Settings are plain assignments, in order, with ``from .base import *`` bringing in another settings module
(cookiecutter-django's ``production.py`` on ``base.py``); the last assignment of a name wins, and ``if``
and ``try`` blocks are read in order too. A value is only ever looked at, never run:

- the environment variable it reads: ``os.environ["X"]``, ``os.environ.get("X")``, ``os.getenv("X")``,
  django-environ's ``env("X")``, ``env.bool("X")``, ``env.list("X")``, ``env.str("X")`` (``env`` being an
  ``environ.Env()``), python-decouple's ``config("X")``, wherever in the expression they are
  (``os.environ.get("DEBUG", "0") == "1"``);
- a constant it is fixed to (``DEBUG = True``);
- a path built from the module's ``__file__`` (``BASE_DIR / "staticfiles"``, ``os.path.join(BASE_DIR,
  "static")``, ``str(ROOT_DIR("staticfiles"))`` with django-environ's ``environ.Path(__file__) - 3``),
  made relative to the project.
"""

from __future__ import annotations

import ast
import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from generator.languages.python.layout import module_file
from generator.languages.python.modules import Module, parse

_OS_ENV_CALLS = frozenset({"os.environ.get", "os.getenv", "os.environ.setdefault"})
_ENV_CLASSES = frozenset({"environ.Env", "environ.environ.Env", "decouple.AutoConfig", "decouple.Config"})
_PATH_CALLS = frozenset({"pathlib.Path", "Path", "pathlib.PurePath", "environ.Path", "str", "os.fspath"})
_SAME_PATH = frozenset({"resolve", "absolute", "expanduser"})
_OS_SAME_PATH = frozenset({"os.path.abspath", "os.path.realpath", "os.path.normpath"})
# Star imports nest a few levels at most (local.py on base.py); a loop must not run forever.
_MAX_DEPTH = 8


@dataclass(frozen=True)
class Setting:
    """One assignment of a setting.

    Attributes:
        name: The setting (``STATIC_ROOT``).
        value: The expression assigned.
        module: The module it is assigned in (its ``__file__`` and imports).
        line: The assignment's line.

    """

    name: str
    value: ast.expr
    module: Module
    line: int

    @property
    def source(self) -> str:
        """``mysite/settings.py:28: STATIC_ROOT``."""
        return f"{self.module.where(self.line)}: {self.name}"


@dataclass
class Settings:
    """A settings module and the settings modules it star-imports.

    Attributes:
        dotted: The settings module's import name.
        path: Its file, relative to the repository (None when it is not there).
        values: Each setting's last assignment.
        env_objects: Names bound to a django-environ ``Env()`` or decouple's ``config``.

    """

    dotted: str
    path: str | None = None
    values: dict[str, Setting] = field(default_factory=dict)
    env_objects: set[str] = field(default_factory=set)

    @classmethod
    def read(cls, repo: Path, dotted: str) -> Settings:
        """Read the settings module ``dotted`` of the project at ``repo``."""
        settings = cls(dotted, module_file(repo, dotted))
        if settings.path is not None:
            settings._load(repo, settings.path, ())
        return settings

    def _load(self, repo: Path, path: str, chain: tuple[str, ...]) -> None:
        module = parse(repo, path)
        if module is None or path in chain or len(chain) > _MAX_DEPTH:
            return
        self.env_objects |= {name for name, target in module.imports.items() if target == "decouple.config"}
        self._statements(repo, module, module.tree.body, (*chain, path))

    def _statements(self, repo: Path, module: Module, body: list[ast.stmt], chain: tuple[str, ...]) -> None:
        for node in body:
            if isinstance(node, ast.ImportFrom) and any(alias.name == "*" for alias in node.names):
                origin = _star_origin(module, node)
                path = module_file(repo, origin) if origin else None
                if path is not None:
                    self._load(repo, path, chain)
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if node.value is None:
                    continue
                for target in targets:
                    if isinstance(target, ast.Name):
                        self.values[target.id] = Setting(target.id, node.value, module, node.lineno)
                        if (
                            isinstance(node.value, ast.Call)
                            and module.qualified(node.value.func) in _ENV_CLASSES
                        ):
                            self.env_objects.add(target.id)
            elif isinstance(node, ast.If):
                self._statements(repo, module, [*node.body, *node.orelse], chain)
            elif isinstance(node, ast.Try):
                self._statements(repo, module, [*node.body, *node.orelse, *node.finalbody], chain)

    def env_name(self, name: str) -> str | None:
        """The environment variable the setting is read from, if it is read from one."""
        setting = self.values.get(name)
        if setting is None:
            return None
        for node in ast.walk(setting.value):
            found = self._env_read(setting.module, node)
            if found is not None:
                return found
        return None

    def _env_read(self, module: Module, node: ast.AST) -> str | None:
        if isinstance(node, ast.Subscript) and module.qualified(node.value) == "os.environ":
            return _string(node.slice)
        if not isinstance(node, ast.Call) or not node.args:
            return None
        func = node.func
        if module.qualified(func) in _OS_ENV_CALLS:
            return _string(node.args[0])
        # env("X"), env.bool("X"), config("X"): a name bound to an Env() or decouple's config.
        head = func.value if isinstance(func, ast.Attribute) else func
        if isinstance(head, ast.Name) and head.id in self.env_objects:
            return _string(node.args[0])
        return None

    def constant(self, name: str) -> object:
        """The setting's value when it is a constant (``True``, ``"key"``, ``["a", "b"]``); else ``...``."""
        setting = self.values.get(name)
        if setting is None:
            return ...
        try:
            return ast.literal_eval(setting.value)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            return ...

    def strings(self, name: str) -> list[str]:
        """A list of strings, joined from named lists (``INSTALLED_APPS = DJANGO_APPS + LOCAL_APPS``)."""
        setting = self.values.get(name)
        return self._strings(setting.value, 0) if setting else []

    def _strings(self, node: ast.expr, depth: int) -> list[str]:
        if depth > _MAX_DEPTH:
            return []
        if isinstance(node, (ast.List, ast.Tuple)):
            return [
                item.value
                for item in node.elts
                if isinstance(item, ast.Constant) and isinstance(item.value, str)
            ]
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return self._strings(node.left, depth + 1) + self._strings(node.right, depth + 1)
        if isinstance(node, ast.Name) and node.id in self.values:
            return self._strings(self.values[node.id].value, depth + 1)
        return []

    def location(self, name: str) -> str | None:
        """The setting as a path: relative to the project (``staticfiles``), or absolute; None if unknown.

        A path above the project starts with ``..``.
        """
        setting = self.values.get(name)
        if setting is None:
            return None
        value = self._path(setting.value, setting.module, 0)
        return posixpath.normpath(value) if value is not None else None

    def _path(self, node: ast.expr, module: Module, depth: int) -> str | None:
        if depth > _MAX_DEPTH * 4:
            return None
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.Name):
            if node.id == "__file__":
                return module.path
            setting = self.values.get(node.id)
            return self._path(setting.value, setting.module, depth + 1) if setting else None
        if isinstance(node, ast.Attribute) and node.attr == "parent":
            return _parent(self._path(node.value, module, depth + 1))
        if (
            isinstance(node, ast.Subscript)
            and isinstance(node.value, ast.Attribute)
            and node.value.attr == "parents"
        ):
            index = node.slice
            if isinstance(index, ast.Constant) and isinstance(index.value, int):
                value = self._path(node.value.value, module, depth + 1)
                for _ in range(index.value + 1):
                    value = _parent(value)
                return value
            return None
        if isinstance(node, ast.BinOp):
            return self._operation(node, module, depth)
        if isinstance(node, ast.JoinedStr):
            parts = [
                self._path(part.value, module, depth + 1)
                if isinstance(part, ast.FormattedValue)
                else _string(part)
                for part in node.values
            ]
            return "".join(parts) if all(part is not None for part in parts) else None  # type: ignore[arg-type]
        if isinstance(node, ast.Call):
            return self._call(node, module, depth)
        return None

    def _operation(self, node: ast.BinOp, module: Module, depth: int) -> str | None:
        left = self._path(node.left, module, depth + 1)
        if isinstance(node.op, ast.Div):
            right = self._path(node.right, module, depth + 1)
            return posixpath.join(left, right) if left is not None and right is not None else None
        if (
            isinstance(node.op, ast.Sub)
            and isinstance(node.right, ast.Constant)
            and isinstance(node.right.value, int)
        ):
            # django-environ: environ.Path(__file__) - 3 is three folders up from the file.
            for _ in range(node.right.value):
                left = _parent(left)
            return left
        return None

    def _call(self, node: ast.Call, module: Module, depth: int) -> str | None:
        func = node.func
        qualified = module.qualified(func) or ""
        arguments = [self._path(arg, module, depth + 1) for arg in node.args]
        if qualified == "os.path.join":
            return posixpath.join(*arguments) if arguments and None not in arguments else None  # type: ignore[arg-type]
        if qualified == "os.path.dirname" and len(arguments) == 1:
            return _parent(arguments[0])
        if (qualified in _OS_SAME_PATH or qualified in _PATH_CALLS) and len(arguments) == 1:
            return arguments[0]
        if isinstance(func, ast.Attribute) and func.attr in _SAME_PATH:
            return self._path(func.value, module, depth + 1)
        if isinstance(func, ast.Attribute) and func.attr == "path" and len(arguments) == 1:
            base = self._path(func.value, module, depth + 1)  # ROOT_DIR.path("static")
            return (
                posixpath.join(base, arguments[0]) if base is not None and arguments[0] is not None else None
            )
        if isinstance(func, ast.Name) and func.id in self.values and len(arguments) == 1:
            base = self._path(func, module, depth + 1)  # ROOT_DIR("staticfiles"): an environ.Path called
            return (
                posixpath.join(base, arguments[0]) if base is not None and arguments[0] is not None else None
            )
        return None


def _parent(path: str | None) -> str | None:
    if path is None:
        return None
    normal = posixpath.normpath(path)
    if normal == ".":
        return ".."
    if normal == ".." or normal.endswith("/.."):
        return f"{normal}/.."
    return posixpath.dirname(normal) or "."


def _string(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _star_origin(module: Module, node: ast.ImportFrom) -> str | None:
    """The module ``from <x> import *`` reads, relative levels resolved."""
    if not node.level:
        return node.module
    is_package = module.path.endswith("__init__.py")
    package = (module.name or "") if is_package else (module.name or "").rpartition(".")[0]
    parts = package.split(".") if package else []
    if node.level - 1 > len(parts):
        return None
    base = parts[: len(parts) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])]) or None
