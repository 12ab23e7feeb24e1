"""What a package.json script runs: the tools it calls, the file each runs, and whether it is for development.

A script is a shell command line: it is split with :mod:`shlex` into simple commands at ``&&``, ``||``,
``;`` and ``|``; environment assignments (``NODE_ENV=production``) and launchers (``npx``,
``cross-env``) before the tool are skipped.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

#: Tools that run the app for development (watching files, compiling on the fly, needing dev
#: dependencies): what they run never becomes the image's CMD as it stands.
DEV_TOOLS = frozenset(
    {
        "ts-node",
        "ts-node-dev",
        "tsnd",
        "tsx",
        "nodemon",
        "node-dev",
        "babel-node",
        "vite",
        "webpack-dev-server",
    }
)
#: Tools whose subcommand starts a development server (``nest start --watch``, ``next dev``, ``nx serve``).
DEV_SUBCOMMANDS = {
    "nest": frozenset({"start"}),
    "next": frozenset({"dev"}),
    "nx": frozenset({"serve"}),
    "webpack": frozenset({"serve"}),
    "react-scripts": frozenset({"start"}),
}
#: node's own options that make a run a development one.
_DEV_NODE_OPTIONS = ("--watch", "--watch-path", "--inspect", "--inspect-brk")
#: Options that take the next word as their value, per tool (``node -r dotenv/config server.js``).
_VALUE_OPTIONS = {
    "node": frozenset({"-r", "--require", "--import", "--loader", "--experimental-loader", "--env-file"}),
    "nodemon": frozenset({"-w", "--watch", "-e", "--ext", "-x", "--exec", "-i", "--ignore", "-d", "--delay"}),
    "ts-node": frozenset({"-r", "--require", "-P", "--project", "-O", "--compiler-options", "-C", "--cwd"}),
    "ts-node-dev": frozenset({"-r", "--require", "-P", "--project", "--ignore-watch", "--watch"}),
    "tsx": frozenset({"--tsconfig", "--import", "--require", "--env-file", "--include", "--exclude"}),
    "babel-node": frozenset({"--presets", "--plugins", "-x", "--extensions", "--config-file"}),
}
_VALUE_OPTIONS["tsnd"] = _VALUE_OPTIONS["ts-node-dev"]
#: Tools that run one script file, given as their first argument that is not an option.
_FILE_RUNNERS = frozenset(_VALUE_OPTIONS) | {"node-dev"}
#: Words before the tool that only launch it.
_LAUNCHERS = frozenset({"npx", "cross-env", "env", "exec"})
_SEPARATORS = frozenset({"&&", "||", ";", "|", "&"})


@dataclass(frozen=True)
class Run:
    """One tool a script calls.

    Attributes:
        tool: The program, such as ``node``, ``nodemon`` or ``nest``.
        subcommand: Its first argument that is not an option (``build`` in ``nest build``), if any.
        file: The script file it runs, for tools that run one (``dist/main.js`` in ``node dist/main``).
        dev: Whether this is a development run (a watcher, an on-the-fly compiler, a dev server).
        words: Its arguments.

    """

    tool: str
    subcommand: str | None
    file: str | None
    dev: bool
    words: tuple[str, ...]


def runs(command: str, repo: Path) -> list[Run]:
    """Return each tool ``command`` calls, in order; an unparsable command calls none.

    Args:
        command: A package.json script.
        repo: The project folder, to tell ``node lib`` (a folder's index.js) from ``node server``.

    """
    try:
        words = shlex.split(command)
    except ValueError:
        return []
    found: list[Run] = []
    simple: list[str] = []
    for word in [*words, ";"]:
        if word not in _SEPARATORS:
            simple.append(word)
            continue
        run = _run(simple, repo)
        if run is not None:
            found.append(run)
        simple = []
    return found


def node_file(command: str, repo: Path) -> str | None:
    """Return the file of the first ``node [options] <file>`` in ``command`` that is not a development run."""
    for run in runs(command, repo):
        if run.tool == "node" and not run.dev and run.file is not None:
            return run.file
    return None


def dev_run(command: str, repo: Path) -> Run | None:
    """Return the first development run in ``command`` (``nodemon src/index.ts``, ``nest start --watch``)."""
    return next((run for run in runs(command, repo) if run.dev), None)


def script_named(run: Run) -> str | None:
    """Return the package.json script an ``npm run x``, ``yarn x`` or ``pnpm run x`` runs, if it is one."""
    rest = [word for word in run.words if not word.startswith("-")]
    if run.tool in {"npm", "pnpm"} and rest[:1] in (["run"], ["run-script"]) and len(rest) > 1:
        return rest[1]
    if run.tool == "yarn" and rest:
        return rest[1] if rest[0] == "run" and len(rest) > 1 else rest[0]
    return None


def _run(words: list[str], repo: Path) -> Run | None:
    index = 0
    while index < len(words) and (words[index] in _LAUNCHERS or _is_assignment(words[index])):
        index += 1
    if index >= len(words):
        return None
    tool = PurePosixPath(words[index]).name
    rest = tuple(words[index + 1 :])
    subcommand = next((word for word in rest if not word.startswith("-")), None)
    file = _file(tool, rest, repo) if tool in _FILE_RUNNERS else None
    dev = tool in DEV_TOOLS or subcommand in DEV_SUBCOMMANDS.get(tool, frozenset())
    if tool == "node":
        dev = any(word.split("=", 1)[0] in _DEV_NODE_OPTIONS for word in rest)
    return Run(tool, subcommand, file, dev, rest)


def _is_assignment(word: str) -> bool:
    name, equals, _ = word.partition("=")
    return bool(equals) and name.replace("_", "a").isalnum() and not name[:1].isdigit()


def _file(tool: str, words: tuple[str, ...], repo: Path) -> str | None:
    """The first argument that is not an option nor an option's value: the script the tool runs."""
    takes_value = _VALUE_OPTIONS.get(tool, frozenset())
    skip = False
    for position, word in enumerate(words):
        if skip:
            skip = False
        elif word.startswith("-"):
            if word in {"-e", "--eval", "-p", "--print"} and tool == "node":
                return None  # node -e runs code, not a file
            skip = word in takes_value
        elif tool == "tsx" and position == 0 and word == "watch":
            continue
        else:
            return _resolve(word, repo)
    return None


def _resolve(word: str, repo: Path) -> str:
    """Tidy a script path the way node resolves it: ``dist/main`` is dist/main.js, ``lib`` lib/index.js."""
    path = word.strip()
    while path.startswith("./"):
        path = path[2:]
    if path in {"", "."} or PurePosixPath(path).suffix or (repo / path).is_file():
        return path or "."
    return f"{path}/index.js" if (repo / path).is_dir() else f"{path}.js"
