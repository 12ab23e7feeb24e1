"""What ``scaffold check`` knows about Node.js: npm, Yarn and pnpm installs, their caches, the slim image."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from generator.languages.checking import DEBIAN_RELEASE, VERSION, CheckFacts, RunContext, SlimTag

if TYPE_CHECKING:
    from generator.check.shell import Command

_NPM_INSTALL = frozenset({"install", "i", "ci", "add"})


def installer(command: Command, *, dependencies_only: bool) -> str | None:
    """Name the Node.js package manager a command installs with.

    Args:
        command: One simple command.
        dependencies_only: Ignore global installs (``npm install -g pnpm``): they install tools, not the
            app's dependencies.

    Returns:
        ``npm`` or ``pnpm`` (``install``, ``i``, ``ci``, ``add``), ``yarn`` (``yarn`` alone or ``yarn
        install``); None for anything else.
    """
    program, sub = command.program, command.subcommand()
    if program in {"npm", "pnpm"} and sub in _NPM_INSTALL:
        return None if dependencies_only and command.has("-g", "--global") else program
    if program == "yarn" and sub in {None, "install"}:
        return "yarn"
    return None


def cache_left(command: Command, run: RunContext) -> str | None:
    """Return ``npm`` or ``yarn`` when the command installs with it and its cache stays in the layer.

    pnpm is never named: its store is hard-linked into node_modules, so it adds little to the layer.
    """
    tool = installer(command, dependencies_only=False)
    if tool == "npm":
        kept = not (run.runs("npm", "cache", "clean") or run.covers(".npm"))
        return "npm" if kept else None
    if tool == "yarn":
        # Yarn 1 copies each package from its cache (/usr/local/share/.cache/yarn for root, or
        # --cache-folder, or YARN_CACHE_FOLDER) into node_modules: the cache is a second copy.
        folder = _option_value(command, "--cache-folder") or run.variables.get("YARN_CACHE_FOLDER", "")
        covered = [path.rstrip("/") for path in run.covered]
        kept = not (
            run.runs("yarn", "cache", "clean")
            or any(".cache" in path or "yarn" in path for path in covered)
            or bool(folder and any(folder == path or folder.startswith(path + "/") for path in covered))
        )
        return "yarn" if kept else None
    return None


def _option_value(command: Command, option: str) -> str | None:
    """Return the value of ``--option value`` or ``--option=value``; None when the option is absent."""
    words = list(command.argv[1:])
    for index, word in enumerate(words):
        if word.startswith(option + "="):
            return word.split("=", 1)[1]
        if word == option and index + 1 < len(words):
            return words[index + 1]
    return None


#: ``node:20`` to ``node:20-slim``, ``node:lts-bookworm`` to ``node:lts-bookworm-slim``: slim goes last.
_NODE_SLIM = SlimTag(
    re.compile(rf"^(?P<v>{VERSION}|lts|current)(?:-(?P<c>{DEBIAN_RELEASE}))?$"), "{v}{-c}-slim"
)

#: What scaffold check reads from this folder.
FACTS = CheckFacts(installer=installer, cache_left=cache_left, slim_tags={"node": _NODE_SLIM})
