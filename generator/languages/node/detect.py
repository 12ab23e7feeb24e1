"""Node.js: package manager, Node version, the file node runs, its build step, port and health route.

``package.json`` is parsed with :mod:`json` (its lines come from :func:`~.files.json_key_lines`); the
file node runs comes from :mod:`.entry`; the app's JavaScript or TypeScript is searched with regular
expressions for a listener and routes.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from generator.detect.files import HEALTH_NAME, HEALTH_PATH, Sources, read_text, source_files
from generator.detect.findings import Detection, normalise_name
from generator.detect.serving import propose_health, propose_port
from generator.languages.node import next as next_app
from generator.languages.node import versions as node_versions
from generator.languages.node.builds import Build, read_build
from generator.languages.node.entry import CONTEXT_EXCLUDED, Entry, choose_entry
from generator.languages.node.imports import loaded_modules
from generator.languages.node.language import LANGUAGE
from generator.languages.node.package import JsonFile
from generator.languages.node.startable import dev_only_import

#: Lock files and the package manager each belongs to, in the order they win.
_LOCK_FILES = tuple((lock, manager.name) for manager in LANGUAGE.package_managers for lock in manager.locks)
#: Frameworks whose presence among the dependencies makes an app a web app.
_FRAMEWORKS = ("express", "fastify", "koa", "@hapi/hapi", "hapi", "next", "@nestjs/core", "restify", "hono")
_BUILD_OUTPUT = ("dist", "build", "out", "lib")
_SCRIPT_SUFFIXES = (".js", ".mjs", ".cjs", ".ts", ".mts", ".cts")

_PORT = r"(\d{2,5})\b"
#: Port hints, strongest first, each with how its source reads.
_PORT_HINTS = (
    (re.compile(rf"""\bPORT\b['"]?\]?\)?\s*(?:\|\||\?\?)\s*['"]?{_PORT}"""), "PORT fallback {port}"),
    # Nx's starter: `process.env.PORT ? Number(process.env.PORT) : 3000`.
    (re.compile(rf"""\bPORT\b['"]?\]?\)?\s*\?[^:;\n]{{0,60}}:\s*['"]?{_PORT}"""), "PORT fallback {port}"),
    (re.compile(rf"\.listen\(\s*{_PORT}"), "listen({port})"),
    (re.compile(rf"\.listen\(\s*\{{[^}}]*?\bport\s*:\s*{_PORT}"), "listen({{ port: {port} }})"),
    # Hono on node: `serve({ fetch: app.fetch, port: 3000 })` (@hono/node-server).
    (re.compile(rf"\bserve\(\s*\{{[^}}]*?\bport\s*:\s*{_PORT}"), "serve({{ port: {port} }})"),
    (re.compile(rf"\b(?:const|let|var)\s+(?:port|PORT)\s*(?::\s*\w+\s*)?=\s*{_PORT}"), "port = {port}"),
)
_SERVER = re.compile(r"\b(?:createServer|\.listen)\(")
_HEALTH_ROUTES = (
    re.compile(rf"""\.(?:get|head|all|route|use)\(\s*['"`]({HEALTH_PATH})/?['"`]"""),
    re.compile(rf"""\b(?:url|path)\s*(?:===?|:)\s*['"`]({HEALTH_PATH})/?['"`]"""),
    # A plain node:http server routing with `switch (req.url) { case '/health': ... }`.
    re.compile(rf"""\bcase\s+['"`]({HEALTH_PATH})/?['"`]\s*:"""),
    # NestJS: a controller of its own (`@Controller('health')`), or a route of a controller without a
    # prefix (`@Controller()` ... `@Get('health')`).
    re.compile(rf"""@Controller\(\s*['"`](/?{HEALTH_NAME})/?['"`]\s*\)"""),
    re.compile(
        rf"""@Controller\(\s*\)(?:(?!@Controller)[\s\S])*?@(?:Get|Head|All)\(\s*['"`](/?{HEALTH_NAME})/?['"`]"""
    ),
)


def detect(repo: Path, found: Detection) -> None:
    """Propose the Node.js answers for the repository at ``repo``.

    Args:
        repo: The application's folder.
        found: Where the proposals and notes go.

    """
    if not (repo / "package.json").is_file():
        return  # everything below reads package.json or the files it names
    package = JsonFile.read(repo, "package.json")
    _app_name(repo, package, found)
    found.propose_description(package.get("description"), package.source("description"))
    _package_manager(repo, package, found)
    _node_version(repo, package, found)
    build = read_build(repo, package)
    # A Next.js app runs next build's server (next.py): no file of its own is the entrypoint.
    entry = None if next_app.detect(repo, package, found) else choose_entry(repo, package, build, found)
    found.propose("node_build", build.script is not None, build.source)
    if entry is not None:
        loaded = dev_only_import(repo, entry.path)
        if loaded is not None:
            found.note(loaded)
    _serving(repo, package, build, entry, found)


def _app_name(repo: Path, package: JsonFile, found: Detection) -> None:
    # An Nx workspace's package is `@<name>/source`: its project.json names the app.
    project = JsonFile.read(repo, "project.json")
    if project.text("targets.build.options.outputPath") and project.text("name"):
        found.propose("app_name", normalise_name(str(project.text("name"))), project.source("name"))
    name = package.text("name")
    if name is not None:
        # A scoped name (@org/api) names the image after the package, not the organisation.
        found.propose("app_name", normalise_name(name.rsplit("/", 1)[-1]), package.source("name"))


def _package_manager(repo: Path, package: JsonFile, found: Detection) -> None:
    locks = [(file, manager) for file, manager in _LOCK_FILES if (repo / file).is_file()]
    declared_field = package.text("packageManager")
    match = re.match(r"^(npm|yarn|pnpm)@", declared_field or "")
    declared = match.group(1) if match else None
    declared_source = package.source("packageManager", f"packageManager {declared_field}")
    managers: dict[str, str] = {}
    for file, manager in locks:
        managers.setdefault(manager, file)
    if len(managers) > 1:
        _several_lock_files(managers, declared, declared_source, found)
        return
    if locks:
        file, manager = locks[0]
        found.propose("package_manager", manager, file)
        if file == "npm-shrinkwrap.json" and not (repo / "package-lock.json").is_file():
            found.note(
                "npm-shrinkwrap.json: the Dockerfile copies package-lock.json for `npm ci`; rename the "
                "file (npm reads either) or edit the COPY line"
            )
        if declared and declared != manager:
            found.note(
                f"{declared_source} names {declared}, but the lock file is {file}: "
                f"the image installs with {manager}"
            )
        return
    manager = declared or "npm"
    if declared:
        found.propose("package_manager", declared, declared_source)
    found.note(
        f"no lock file (package-lock.json, yarn.lock or pnpm-lock.yaml): the Dockerfile's frozen install "
        f"needs one; run `{manager} install` and commit {LANGUAGE.package_manager(manager).lock}"
    )


def _several_lock_files(
    managers: dict[str, str], declared: str | None, declared_source: str, found: Detection
) -> None:
    """Lock files of several package managers: package.json's packageManager decides, or nothing does."""
    named = [f"{manager} ({file})" for manager, file in managers.items()]
    listed = f"{', '.join(named[:-1])} and {named[-1]}"
    if declared in managers:
        found.propose("package_manager", declared, declared_source)
        others = " and ".join(file for manager, file in managers.items() if manager != declared)
        found.note(
            f"{others} is also here; {declared_source} names {declared}, so the image installs from "
            f"{managers[declared]}"
        )
        return
    said = f"{declared_source} names neither" if declared else "package.json has no packageManager field"
    found.leave_open("package_manager", f"this repository has lock files of {listed}, and {said}")


def _node_version(repo: Path, package: JsonFile, found: Detection) -> None:
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


def _app_sources(repo: Path, build: Build, entry: Entry | None) -> Sources:
    """The entry file, the source it is built from, then the rest of the app's source."""
    files: list[Path] = []
    if entry:
        files.append(repo / entry.path)
        origin = entry.built_from or build.origin(entry.path, repo)
        if origin:
            files.append(repo / origin)
        parts = PurePosixPath(entry.path).parts
        if len(parts) > 1 and parts[0] in _BUILD_OUTPUT:
            stem = PurePosixPath("src", *parts[1:]).with_suffix("")
            files += [repo / f"{stem}{suffix}" for suffix in (".ts", ".mts", ".cts", ".js", ".mjs")]
    # The modules the entry loads by relative path (routes/, a router file), wherever they are kept.
    files += loaded_modules(repo, [path for path in files if path.is_file()])
    files += source_files(repo / "src", _SCRIPT_SUFFIXES)
    files += [
        path
        for path in source_files(repo, _SCRIPT_SUFFIXES, recursive=False)
        if ".config." not in path.name and not path.name.endswith(".d.ts")
    ]
    unique = [path for index, path in enumerate(files) if path.is_file() and path not in files[:index]]
    # Build output on the host is not the app's source (it may be stale): the source it comes from is.
    return Sources(
        repo,
        [
            path
            for path in unique
            if not path.name.endswith(".d.ts") and path.relative_to(repo).parts[0] not in CONTEXT_EXCLUDED
        ],
    )


def _serving(repo: Path, package: JsonFile, build: Build, entry: Entry | None, found: Detection) -> None:
    sources = _app_sources(repo, build, entry)
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
