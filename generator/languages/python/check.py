"""What ``scaffold check`` knows about Python: pip, uv, Poetry and Pipenv installs, caches, the slim image."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.languages.checking import SLIM_AFTER_VERSION, CheckFacts, RunContext, package_name

if TYPE_CHECKING:
    from generator.check.shell import Command

# Installing only packaging tools is not installing the app's dependencies.
_TOOLS = frozenset({"pip", "setuptools", "wheel", "uv", "poetry", "poetry-plugin-export", "pipenv"})


def installer(command: Command, *, dependencies_only: bool) -> str | None:
    """Name the Python package manager a command installs with.

    Args:
        command: One simple command (``python -m pip`` already reads as ``pip``).
        dependencies_only: Ignore ``pip install`` of packaging tools only (``pip install --upgrade pip``).

    Returns:
        ``pip`` (``pip install``), ``uv`` (``uv sync``, ``uv pip install``, ``uv pip sync``), ``poetry``
        or ``pipenv`` (``install``); None for anything else.
    """
    program, sub = command.program, command.subcommand()
    operands = command.operands()
    if program == "pip" and sub == "install":
        named = [package_name(word) for word in operands[1:]]
        tools_only = bool(named) and not command.has("-r", "--requirement", "-e", "--editable")
        tools_only = tools_only and all(name in _TOOLS for name in named)
        return None if dependencies_only and tools_only else "pip"
    if program == "uv" and (sub == "sync" or operands[:2] in (["pip", "install"], ["pip", "sync"])):
        return "uv"
    if program in {"poetry", "pipenv"} and sub == "install":
        return program
    return None


def cache_left(command: Command, run: RunContext) -> str | None:
    """Return ``pip`` or ``uv`` when the command installs with it and its cache stays in the layer.

    pip keeps ~/.cache/pip unless ``--no-cache-dir`` or ``PIP_NO_CACHE_DIR``; uv keeps ~/.cache/uv unless
    ``--no-cache``, ``UV_NO_CACHE`` or ``uv cache clean``; a cache mount over the folder, or removing it
    in the same ``RUN``, keeps either out.
    """
    tool = installer(command, dependencies_only=False)
    if tool == "pip":
        kept = not (
            command.has("--no-cache-dir")
            or run.switched_on("PIP_NO_CACHE_DIR")
            or run.covers(".cache", "pip")
        )
        return "pip" if kept else None
    if tool == "uv":
        kept = not (
            command.has("--no-cache", "-n")
            or run.switched_on("UV_NO_CACHE")
            or run.covers(".cache", "uv")
            or any(other.argv[:3] == ("uv", "cache", "clean") for other in run.commands)
        )
        return "uv" if kept else None
    return None


#: What scaffold check reads from this folder.
FACTS = CheckFacts(installer=installer, cache_left=cache_left, slim_tags={"python": SLIM_AFTER_VERSION})
