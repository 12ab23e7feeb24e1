"""The port a Python web app listens on, from the command that starts it or from its code.

Hints, strongest first: the Procfile's ``web:`` command (``${PORT:-5000}``, ``--port 8000``, ``-b
0.0.0.0:8000``, ``runserver 0.0.0.0:8000``); the same flags in a start script (``*.sh`` at the top level
or in ``scripts/`` or ``bin/``); then the code, the app's own module first: ``PORT`` read from the
environment with a default (``int(os.environ.get("PORT", 5000))``, ``os.getenv("PORT", "8080")``), then a
literal ``app.run(port=5000)``, ``uvicorn.run(app, port=8000)`` or ``web.run_app(app, port=8080)``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from generator.detect.files import read_text
from generator.detect.findings import Detection
from generator.detect.serving import propose_port_number
from generator.languages.python.commands import port_in
from generator.languages.python.modules import Module, Modules
from generator.languages.python.procfile import WebProcess

_ENV_READS = frozenset({"os.environ.get", "os.getenv", "os.environ.setdefault"})
_RUNS = frozenset({"run", "run_app", "serve"})
_SCRIPT_FOLDERS = ("", "scripts", "bin")
_PORT_WORDS = ("PORT", "port")


def propose_port(
    repo: Path, web: WebProcess | None, modules: Modules, first: Module | None, found: Detection
) -> None:
    """Propose the port of the strongest hint (see the module's description)."""
    if web is not None and web.command is not None and web.command.port is not None:
        propose_port_number(found, web.command.port, f"Procfile:{web.line}: {web.command.port_text}")
        return
    for file in _start_scripts(repo):
        for number, text in enumerate((read_text(repo / file) or "").splitlines(), start=1):
            named = port_in(text)
            if named is not None:
                propose_port_number(found, named[0], f"{file}:{number}: {named[1]}")
                return
    ordered = modules.containing(_PORT_WORDS, first=first)
    for finder in (_env_defaults, _run_ports):
        for module in ordered:
            for port, line, what in finder(module):
                propose_port_number(found, port, f"{module.where(line)}: {what}")
                return


def _start_scripts(repo: Path) -> list[str]:
    scripts: list[str] = []
    for folder in _SCRIPT_FOLDERS:
        base = repo / folder if folder else repo
        try:
            entries = sorted(base.iterdir()) if base.is_dir() else []
        except OSError:
            continue
        scripts += [
            entry.relative_to(repo).as_posix()
            for entry in entries
            if entry.is_file() and entry.suffix == ".sh"
        ]
    return scripts


def _env_defaults(module: Module) -> Iterator[tuple[int, int, str]]:
    """``os.environ.get("PORT", 5000)`` and ``os.environ.get("PORT") or 5000``."""
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Call) and _reads_port(module, node) and len(node.args) > 1:
            port = _number(node.args[1])
            if port is not None:
                yield port, node.lineno, f"PORT default {port}"
        elif isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or) and len(node.values) == 2:
            read, fallback = node.values
            port = _number(fallback)
            if isinstance(read, ast.Call) and _reads_port(module, read) and port is not None:
                yield port, node.lineno, f"PORT default {port}"


def _reads_port(module: Module, call: ast.Call) -> bool:
    first = call.args[0] if call.args else None
    return (
        module.qualified(call.func) in _ENV_READS
        and isinstance(first, ast.Constant)
        and first.value == "PORT"
    )


def _run_ports(module: Module) -> Iterator[tuple[int, int, str]]:
    """``app.run(port=5000)``, ``uvicorn.run(app, port=8000)``, ``web.run_app(app, port=8080)``."""
    for node in ast.walk(module.tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = (
            func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
        )
        if name not in _RUNS:
            continue
        for keyword in node.keywords:
            port = _number(keyword.value) if keyword.arg == "port" else None
            if port is not None:
                yield port, node.lineno, f"{name}(port={port})"


def _number(node: ast.expr) -> int | None:
    """A port written as an int or a string of digits."""
    if isinstance(node, ast.Constant):
        if isinstance(node.value, int) and not isinstance(node.value, bool):
            return node.value
        if isinstance(node.value, str) and node.value.isdigit():
            return int(node.value)
    return None
