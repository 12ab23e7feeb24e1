"""Node.js: package manager, Node version, the file node runs, its build step, port and health route.

``package.json`` is parsed with :mod:`json` (its lines come from :func:`~.files.json_key_lines`); the
app's JavaScript or TypeScript is searched with regular expressions for a listener and routes.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from generator.detect.files import (
    HEALTH_PATH,
    Sources,
    json_key_lines,
    read_json_object,
    read_text,
    source_files,
)
from generator.detect.findings import Detection, normalise_name
from generator.detect.serving import propose_health, propose_port
from generator.languages.node import LANGUAGE
from generator.languages.node import versions as node_versions

#: Lock files and the package manager each belongs to, in the order they win.
_LOCK_FILES = tuple((lock, manager.name) for manager in LANGUAGE.package_managers for lock in manager.locks)
#: Frameworks whose presence among the dependencies makes an app a web app.
_FRAMEWORKS = ("express", "fastify", "koa", "@hapi/hapi", "hapi", "next", "@nestjs/core", "restify", "hono")
#: Files node runs when package.json names none (npm's own default first).
_DEFAULT_ENTRIES = ("index.js", "server.js", "app.js", "main.js")
#: node's options that take a value as the next word (``node -r dotenv/config server.js``).
_VALUE_OPTIONS = frozenset({"-r", "--require", "--import", "--loader", "--experimental-loader", "--env-file"})
_BUILD_OUTPUT = ("dist", "build", "out", "lib")
_SCRIPT_SUFFIXES = (".js", ".mjs", ".cjs", ".ts", ".mts", ".cts")

_PORT = r"(\d{2,5})\b"
#: Port hints, strongest first, each with how its source reads.
_PORT_HINTS = (
    (re.compile(rf"""\bPORT\b['"]?\]?\)?\s*(?:\|\||\?\?)\s*['"]?{_PORT}"""), "PORT fallback {port}"),
    (re.compile(rf"\.listen\(\s*{_PORT}"), "listen({port})"),
    (re.compile(rf"\.listen\(\s*\{{[^}}]*?\bport\s*:\s*{_PORT}"), "listen({{ port: {port} }})"),
    (re.compile(rf"\b(?:const|let|var)\s+(?:port|PORT)\s*(?::\s*\w+\s*)?=\s*{_PORT}"), "port = {port}"),
)
_SERVER = re.compile(r"\b(?:createServer|\.listen)\(")
_HEALTH_ROUTES = (
    re.compile(rf"""\.(?:get|head|all|route|use)\(\s*['"`]({HEALTH_PATH})/?['"`]"""),
    re.compile(rf"""\b(?:url|path)\s*(?:===?|:)\s*['"`]({HEALTH_PATH})/?['"`]"""),
)


@dataclass(frozen=True)
class _Package:
    """package.json: its values and the line of each key."""

    data: dict[str, Any]
    lines: dict[str, int]

    @classmethod
    def read(cls, repo: Path) -> _Package:
        text = read_text(repo / "package.json") or ""
        return cls(read_json_object(repo / "package.json"), json_key_lines(text))

    def get(self, dotted: str) -> Any:
        value: Any = self.data
        for key in dotted.split("."):
            value = value.get(key) if isinstance(value, dict) else None
        return value

    def source(self, dotted: str, what: str = "") -> str:
        line = self.lines.get(dotted)
        where = f"package.json:{line}" if line else "package.json"
        return f"{where}: {what or dotted}"


def detect(repo: Path, found: Detection) -> None:
    """Propose the Node.js answers for the repository at ``repo``.

    Args:
        repo: The application's folder.
        found: Where the proposals and notes go.

    """
    if not (repo / "package.json").is_file():
        return  # everything below reads package.json or the files it names
    package = _Package.read(repo)
    name = package.get("name")
    if isinstance(name, str) and name.strip():
        # A scoped name (@org/api) names the image after the package, not the organisation.
        found.propose("app_name", normalise_name(name.rsplit("/", 1)[-1]), package.source("name"))
    found.propose_description(package.get("description"), package.source("description"))
    _package_manager(repo, package, found)
    _node_version(repo, package, found)
    entry = _entrypoint(repo, package, found)
    _build(package, entry, found)
    _serving(repo, package, entry, found)


def _package_manager(repo: Path, package: _Package, found: Detection) -> None:
    locks = [(file, manager) for file, manager in _LOCK_FILES if (repo / file).is_file()]
    declared_field = package.get("packageManager")
    declared = None
    if isinstance(declared_field, str):
        match = re.match(r"^(npm|yarn|pnpm)@", declared_field)
        declared = match.group(1) if match else None
    if locks:
        file, manager = locks[0]
        found.propose("package_manager", manager, file)
        if file == "npm-shrinkwrap.json" and not (repo / "package-lock.json").is_file():
            found.notes.append(
                "npm-shrinkwrap.json: the Dockerfile copies package-lock.json for `npm ci`; rename the "
                "file (npm reads either) or edit the COPY line"
            )
        others = sorted({other for _, other in locks} - {manager})
        if others:
            found.note(
                f"lock files of several package managers ({', '.join(f for f, _ in locks)}): using {file}"
            )
        if declared and declared != manager:
            found.note(
                f"{package.source('packageManager', f'packageManager {declared_field}')} names {declared}, "
                f"but the lock file is {file}: the image installs with {manager}"
            )
        return
    manager = declared or "npm"
    if declared:
        found.propose(
            "package_manager", declared, package.source("packageManager", f"packageManager {declared_field}")
        )
    found.note(
        f"no lock file (package-lock.json, yarn.lock or pnpm-lock.yaml): the Dockerfile's frozen install "
        f"needs one; run `{manager} install` and commit {LANGUAGE.package_manager(manager).lock}"
    )


def _node_version(repo: Path, package: _Package, found: Detection) -> None:
    for file in (".nvmrc", ".node-version"):
        text = read_text(repo / file)
        if text is None:
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            value = line.split("#", 1)[0].strip()
            if not value:
                continue
            major = node_versions.from_pin(value)
            if major is not None and int(major) >= node_versions.OLDEST:
                found.propose("node_version", major, f"{file}:{number}: {value}")
                return
            found.note(f"{file}:{number}: {value!r} is not a Node.js {node_versions.OLDEST}+ version")
            break
    engines = package.get("engines.node")
    if not isinstance(engines, str):
        return
    source = package.source("engines.node", f"engines.node {engines!r}")
    major = node_versions.from_range(engines)
    if major is None:
        found.note(f"{source} allows no Node.js {node_versions.OLDEST} or newer that scaffold can read")
        return
    found.propose("node_version", major, source)
    if major not in node_versions.LTS:
        found.note(f"{source}: Node.js {major} is not a long-term-support release")


def _entrypoint(repo: Path, package: _Package, found: Detection) -> str | None:
    start = package.get("scripts.start")
    main = package.get("main")
    # NestJS and others start a dev server from `start` and the built app from `start:prod`.
    for script in ("scripts.start", "scripts.start:prod"):
        command = package.get(script)
        file = _file_node_runs(repo, command) if isinstance(command, str) else None
        if file == "." and isinstance(main, str):
            file = main  # `node .` runs the main field
        if file is not None and file != ".":
            entry = _tidy(file)
            found.propose("entrypoint", entry, package.source(script))
            return entry
    if isinstance(main, str) and main.strip():
        entry = _tidy(main)
        found.propose("entrypoint", entry, package.source("main"))
        return entry
    for name in _DEFAULT_ENTRIES:
        if (repo / name).is_file():
            found.propose("entrypoint", name, f"{name} (no scripts.start or main in package.json)")
            return name
    if isinstance(start, str):
        found.note(
            f"{package.source('scripts.start')} runs {start!r}, not `node <file>`: pass --entrypoint "
            "with the file node should run"
        )
    else:
        found.note(
            f"package.json has no scripts.start or main, and there is no {', '.join(_DEFAULT_ENTRIES)}: "
            "pass --entrypoint with the file node should run"
        )
    return None


def _file_node_runs(repo: Path, command: str) -> str | None:
    """Return the script in ``node [options] <file>`` within a start command, if it has one."""
    try:
        words = shlex.split(command)
    except ValueError:
        return None
    for index, word in enumerate(words):
        if word == "node" or word.endswith("/node"):
            rest = words[index + 1 :]
            break
    else:
        return None
    skip = False
    for word in rest:
        if skip:
            skip = False
        elif word in {"&&", "||", ";", "|"}:
            return None
        elif word.startswith("-"):
            skip = word in _VALUE_OPTIONS
        else:
            if PurePosixPath(word).suffix or word == ".":
                return word
            # node resolves `node dist/main` to dist/main.js, or to a folder's index.js.
            return f"{word}/index.js" if (repo / word).is_dir() else f"{word}.js"
    return None


def _tidy(path: str) -> str:
    path = path.strip()
    while path.startswith("./"):
        path = path[2:]
    return path


def _build(package: _Package, entry: str | None, found: Detection) -> None:
    if isinstance(package.get("scripts.build"), str):
        found.propose("node_build", True, package.source("scripts.build"))
        return
    found.propose("node_build", False, "package.json: no scripts.build")
    if entry and entry.split("/", 1)[0] in _BUILD_OUTPUT and "/" in entry:
        found.note(f"{entry} looks like build output, but package.json has no build script to write it")


def _app_sources(repo: Path, entry: str | None) -> Sources:
    """The entry file, the TypeScript it is built from, then the rest of the app's source."""
    files: list[Path] = []
    if entry:
        files.append(repo / entry)
        parts = PurePosixPath(entry).parts
        if len(parts) > 1 and parts[0] in _BUILD_OUTPUT:
            stem = PurePosixPath("src", *parts[1:]).with_suffix("")
            files += [repo / f"{stem}{suffix}" for suffix in (".ts", ".mts", ".cts", ".js", ".mjs")]
    files += source_files(repo / "src", _SCRIPT_SUFFIXES)
    files += [
        path
        for path in source_files(repo, _SCRIPT_SUFFIXES, recursive=False)
        if ".config." not in path.name and not path.name.endswith(".d.ts")
    ]
    unique = [path for index, path in enumerate(files) if path.is_file() and path not in files[:index]]
    return Sources(repo, [path for path in unique if not path.name.endswith(".d.ts")])


def _serving(repo: Path, package: _Package, entry: str | None, found: Detection) -> None:
    sources = _app_sources(repo, entry)
    dependencies = package.get("dependencies")
    framework = next(
        (name for name in _FRAMEWORKS if isinstance(dependencies, dict) and name in dependencies), None
    )
    server = sources.find(_SERVER)
    if framework is not None:
        found.propose("app_kind", "web", package.source(f"dependencies.{framework}"))
    elif server is not None:
        found.propose("app_kind", "web", server.source(server.match.group(0).lstrip(".") + ")"))
    else:
        found.propose(
            "app_kind",
            "worker",
            "package.json: no web framework in dependencies, and no server in the source",
        )
        return
    propose_port(found, sources, _PORT_HINTS)
    propose_health(found, sources, _HEALTH_ROUTES)
