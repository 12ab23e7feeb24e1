"""The heartbeat file a worker writes, so that the health probe can check the file's age.

A write is a call on a literal path (or a module-level name bound to one, or an environment read with a
literal default): ``Path("/tmp/heartbeat").touch()``, ``os.utime("/tmp/heartbeat")``, and, when the path
or the name it is held in says heartbeat, alive, health or liveness, ``open(path, "w")`` or
``path.write_text(...)``. A touch is only ever a heartbeat; any other write counts only by that name. The
worker's own module is searched first. Only a file under /tmp is proposed: it is the one writable place in
the container (a tmpfs in compose).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from generator.detect.findings import Detection
from generator.languages.python.modules import Module, Modules

_TOUCHES = frozenset({"touch"})
_WRITES = frozenset({"write_text", "write_bytes"})
_ENV_READS = frozenset({"os.environ.get", "os.getenv"})
_NAMED = re.compile(r"heart|alive|health|liveness", re.IGNORECASE)
_PATH_FORM = re.compile(r"/tmp(/[A-Za-z0-9._-]+)+")
# A touch is always read; any other write only where a heartbeat is named.
_WRITE_WORDS = ("touch(", "utime(", "heart", "alive", "health", "liveness")


def propose_heartbeat(modules: Modules, first: Module | None, found: Detection) -> None:
    """Propose heartbeat_file from the first heartbeat write found; note one outside /tmp."""
    for module in modules.containing(_WRITE_WORDS, first=first):
        for path, line, how in _writes(module):
            source = f"{module.where(line)}: {how} {path}"
            if _PATH_FORM.fullmatch(path):
                found.propose("heartbeat_file", path, source)
            else:
                found.note(
                    f"{source}: the container's file system is read-only but for /tmp, so the worker cannot "
                    "write its heartbeat there: write it under /tmp (then pass --heartbeat-file)"
                )
            return


def _writes(module: Module) -> Iterator[tuple[str, int, str]]:
    constants = _constants(module)
    for node in ast.walk(module.tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        target: ast.expr | None = None
        how = ""
        named = False
        if isinstance(func, ast.Attribute) and func.attr in _TOUCHES | _WRITES:
            target, how, named = func.value, func.attr, func.attr in _TOUCHES
        elif module.qualified(func) == "os.utime" and node.args:
            target, how, named = node.args[0], "os.utime", True
        elif module.qualified(func) == "open" and len(node.args) > 1 and _writing(node.args[1]):
            target, how = node.args[0], "open"
        if target is None:
            continue
        path = _literal(module, target, constants)
        if path is None or not path.startswith("/"):
            continue
        label = target.id if isinstance(target, ast.Name) else ""
        if named or _NAMED.search(path) or _NAMED.search(label):
            yield path, node.lineno, how


def _writing(mode: ast.expr) -> bool:
    return (
        isinstance(mode, ast.Constant) and isinstance(mode.value, str) and bool(set(mode.value) & set("wa"))
    )


def _constants(module: Module) -> dict[str, ast.expr]:
    """Module-level names and the expressions they are bound to."""
    bound: dict[str, ast.expr] = {}
    for node in module.tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            bound[node.targets[0].id] = node.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            bound[node.target.id] = node.value
    return bound


def _literal(module: Module, node: ast.expr, constants: dict[str, ast.expr], depth: int = 0) -> str | None:
    """The path an expression holds: a string, ``Path("...")``, a module constant, an env read's default."""
    if depth > 4:
        return None
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name) and node.id in constants:
        return _literal(module, constants[node.id], constants, depth + 1)
    if isinstance(node, ast.Call) and node.args:
        qualified = module.qualified(node.func)
        if qualified in {"pathlib.Path", "Path", "str", "os.fspath"}:
            return _literal(module, node.args[0], constants, depth + 1)
        if qualified in _ENV_READS and len(node.args) > 1:
            return _literal(module, node.args[1], constants, depth + 1)
    return None
