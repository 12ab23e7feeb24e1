"""The file node runs in the image: read from the start scripts, ``main`` and the framework's layout.

Candidates, strongest first: ``scripts.start:prod``, then ``scripts.start``, when either is ``node
[options] <file>``; ``main``; the file ``nest build`` or an Nx build writes; the TypeScript a
development script runs, compiled by the build; ``index.js``, ``server.js``, ``app.js``, ``main.js``. A
TypeScript candidate becomes the file the build writes for it. The first candidate the image will have
wins: a file in the repository outside the build output the build context leaves out, or one the build
script writes. A development command (``nodemon``, ``ts-node``, ``nest start --watch``, ``next dev``)
never becomes the CMD. When nothing fits, the entrypoint is left open. A Next.js app without a server file
of its own is read by :mod:`.next` instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from generator.detect.findings import Detection
from generator.languages.node import scripts
from generator.languages.node.builds import TS_SUFFIXES, Build, nest_tsconfig, nx_build
from generator.languages.node.language import LANGUAGE
from generator.languages.node.package import JsonFile

#: Files node runs when package.json names none (npm's own default first).
DEFAULT_ENTRIES = ("index.js", "server.js", "app.js", "main.js")
#: Folders the generated .dockerignore leaves out of the build context (build output: the image builds
#: its own). A file under one reaches the image only if the build writes it there.
CONTEXT_EXCLUDED = ("dist", "build")
#: Scripts that, by convention, run the app for development.
_DEV_SCRIPTS = ("start:dev", "dev", "develop", "serve", "watch", "start:watch")


@dataclass(frozen=True)
class Entry:
    """A file node could run.

    Attributes:
        path: The file, relative to the repository.
        source: Where it was read, as a finding source.
        built_from: The source file the build writes it from, when known.
        strong: Named by a start script or ``main`` (skipping it is worth a note).
        guess: Only a usual file name (``index.js``): never used over a start script or ``main`` that
            names a file the image cannot run (express-generator's ``app.js`` only exports the app that
            ``node ./bin/www`` starts).

    """

    path: str
    source: str
    built_from: str | None = None
    strong: bool = False
    guess: bool = False


@dataclass
class _Reading:
    """What package.json says about the file to run: candidates, strongest first, and what was passed over."""

    candidates: list[Entry] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    dev_files: list[str] = field(default_factory=list)


def choose_entry(repo: Path, package: JsonFile, build: Build, found: Detection) -> Entry | None:
    """Propose the entrypoint, or leave it open naming the candidates; return the one proposed."""
    reading = _start_scripts(repo, package)
    _other_candidates(repo, package, build, reading)
    reasons = reading.reasons
    skipped: list[str] = []
    for candidate in reading.candidates:
        if candidate.guess and skipped:
            continue
        runnable, problem = _runnable(repo, candidate, build)
        if runnable is None:
            skipped += [problem] if candidate.strong else []
            reasons += [problem] if problem not in reasons else []
            continue
        found.propose("entrypoint", runnable.path, runnable.source)
        # What the start scripts or main say but the image does not do: worth knowing, and it still starts.
        passed_over = [*skipped, *(reasons if not candidate.strong else [])]
        for note in dict.fromkeys(passed_over):
            found.note(f"{note}: the image runs {runnable.path} instead ({runnable.source})")
        return runnable
    others = [
        file
        for file in dict.fromkeys(reading.dev_files)
        if LANGUAGE.entrypoint_pattern.fullmatch(file) and _shipped(repo, file)
    ]
    if build.in_place is not None:
        # What tsc writes beside the sources under a usual entry name is where the app likely starts.
        others += [file for file in sorted(build.in_place[0]) if PurePosixPath(file).name in DEFAULT_ENTRIES]
    if not reasons:
        defaults = f"{', '.join(DEFAULT_ENTRIES[:-1])} or {DEFAULT_ENTRIES[-1]}"
        reasons.append(
            "package.json names no file to run (no scripts.start:prod or scripts.start running "
            f"`node <file>`, no main), and there is no {defaults}"
        )
    listed = f"candidates: {', '.join(others)}" if others else "no candidate found"
    found.leave_open("entrypoint", f"{'; '.join(reasons)}; {listed}")
    return None


def _start_scripts(repo: Path, package: JsonFile) -> _Reading:
    """The files ``scripts.start:prod`` and ``scripts.start`` run with node, or why they run none."""
    reading = _Reading()
    for key in ("scripts.start:prod", "scripts.start"):
        command = package.text(key)
        if command is None:
            continue
        file = scripts.node_file(command, repo)
        if file == ".":
            file = _tidy(package.text("main") or "index.js")
        if file is not None:
            reading.candidates.append(Entry(file, package.source(key), strong=True))
            continue
        dev = scripts.dev_run(command, repo)
        if dev is not None:
            reading.reasons.append(f"{package.source(key)} runs {command!r}, a development command")
            reading.dev_files += [dev.file] if dev.file else []
        elif key == "scripts.start":
            reading.reasons.append(f"{package.source(key)} runs {command!r}, not `node <file>`")
    return reading


def _other_candidates(repo: Path, package: JsonFile, build: Build, reading: _Reading) -> None:
    """Add main, the framework's built entry, development scripts' TypeScript and the default files."""
    main = package.text("main")
    if main is not None:
        reading.candidates.append(Entry(_tidy(main), package.source("main"), strong=True))
    reading.candidates += _framework_entries(repo, package, build)
    for name in _DEV_SCRIPTS:
        command = package.text(f"scripts.{name}")
        dev = scripts.dev_run(command, repo) if command else None
        if dev is not None and dev.file:
            reading.dev_files.append(dev.file)
    # The TypeScript a development script runs is the app's source: what tsc writes for it can run.
    reading.candidates += [
        Entry(file, f"{_dev_source(package, file)} for development")
        for file in dict.fromkeys(reading.dev_files)
        if PurePosixPath(file).suffix in TS_SUFFIXES
    ]
    reading.candidates += [
        Entry(name, f"{name} (no start script or main in package.json names a file)", guess=True)
        for name in DEFAULT_ENTRIES
        if (repo / name).is_file()
    ]


def _framework_entries(repo: Path, package: JsonFile, build: Build) -> list[Entry]:
    """The file a NestJS or Nx build writes for the app's entry, when the build is theirs."""
    found: list[Entry] = []
    nest = package.get("dependencies.@nestjs/core") is not None
    if nest and ((repo / "nest-cli.json").is_file() or "nest build" in (build.script or "")):
        cli = JsonFile.read(repo, "nest-cli.json")
        source_root = _tidy(cli.text("sourceRoot") or "src")
        entry_file = cli.text("entryFile") or "main"
        where = "nest-cli.json" if (repo / "nest-cli.json").is_file() else "package.json: @nestjs/core"
        found.append(
            Entry(
                f"{source_root}/{entry_file}.ts",
                f"{where}: sourceRoot {source_root}, entryFile {entry_file} ({nest_tsconfig(repo)})",
            )
        )
    nx = nx_build(repo)
    if nx is not None and build.nx_output is not None:
        found.append(Entry(nx.file, nx.evidence, built_from=nx.main))
    return found


def _runnable(repo: Path, entry: Entry, build: Build) -> tuple[Entry | None, str]:
    """Return the entry as the image will run it (TypeScript compiled by the build), or why it cannot."""
    path = entry.path
    if PurePosixPath(path).suffix in TS_SUFFIXES:
        compiled = build.compile(path)
        if compiled is None:
            return (
                None,
                f"{entry.source}: {path} is TypeScript, and no build script compiles it to a known file",
            )
        output, evidence = compiled
        entry = Entry(
            output, f"{entry.source}, compiled by tsc ({evidence})", built_from=path, strong=entry.strong
        )
        path = output
    if not LANGUAGE.entrypoint_pattern.fullmatch(path):
        return None, f"{entry.source}: node cannot run {path} as the entrypoint ({LANGUAGE.entrypoint_form})"
    if _shipped(repo, path):
        return entry, ""
    writes = build.writes(path)
    if writes is None or writes:
        # Say why a file that is not in the repository will be in the image, unless the source says it.
        written_by = build.evidence(path)
        source = entry.source
        if written_by is not None and written_by not in source:
            source = f"{source} (the build writes it: {written_by})"
        return Entry(entry.path, source, entry.built_from or build.origin(path, repo), entry.strong), ""
    if build.script is None:
        if (repo / path).is_file():
            return None, (
                f"{entry.source}: {path} is build output ({path.split('/', 1)[0]}/ stays out of the image's "
                "build context), and package.json has no build script to write it in the image"
            )
        return (
            None,
            f"{entry.source}: {path} does not exist, and package.json has no build script to write it",
        )
    if build.in_place is not None:
        said = build.in_place[1]
    else:
        said = f"writes {', '.join(f'{folder}/' for folder in build.folders)}"
    return None, f"{entry.source}: {path} does not exist, and the build ({build.source}) {said}"


def _shipped(repo: Path, path: str) -> bool:
    """Whether the file is in the repository and reaches the image as it is."""
    return (repo / path).is_file() and path.split("/", 1)[0] not in CONTEXT_EXCLUDED


def _dev_source(package: JsonFile, file: str) -> str:
    for name in ("start:prod", "start", *_DEV_SCRIPTS):
        command = package.text(f"scripts.{name}")
        if command and file in command:
            return f"{package.source(f'scripts.{name}')} runs {file}"
    return f"package.json: a script runs {file}"


def _tidy(path: str) -> str:
    path = path.strip()
    while path.startswith("./"):
        path = path[2:]
    return path
