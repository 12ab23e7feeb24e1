"""What package.json's build script writes, where scaffold can tell: tsc, ``nest build`` and ``nx build``.

The image runs the build script (``node_build``), so a file the build writes need not exist in the
repository. tsc writes each ``<rootDir>/x.ts`` to ``<outDir>/x.js`` (``tsconfig.json``, following
relative ``extends``; without ``rootDir``, the common folder of the files it compiles); ``nest build``
does the same with ``nest-cli.json``'s tsconfig; an Nx build writes its ``main`` into ``outputPath``
(``project.json``'s build target): bundlers (webpack, esbuild, rollup) as ``<outputPath>/main.js``, the
``@nx/js:tsc`` and ``@nx/js:swc`` compilers at the ``main``'s place under the project root (or the
target's ``rootDir``), such as ``<outputPath>/src/main.js``.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.detect.files import source_files
from generator.languages.node import scripts
from generator.languages.node.package import JsonFile

#: TypeScript sources and the JavaScript tsc writes for each.
TS_SUFFIXES = {".ts": ".js", ".tsx": ".js", ".mts": ".mjs", ".cts": ".cjs"}
#: Nx executors that compile file by file, keeping each source's place under the root folder.
_NX_COMPILERS = frozenset({"@nx/js:tsc", "@nx/js:swc", "@nrwl/js:tsc", "@nrwl/js:swc"})
#: What tsc leaves out when a tsconfig has no ``exclude``.
_DEFAULT_EXCLUDE = ("node_modules", "bower_components", "jspm_packages")


@dataclass(frozen=True)
class TsOutput:
    """Where tsc writes a project's JavaScript.

    Attributes:
        config: The tsconfig file, relative to the repository.
        out_dir: ``outDir``, relative to the repository (``dist``).
        root_dir: ``rootDir`` or the common folder of the compiled files (``src``; ``""`` for the root).
        evidence: Where ``outDir`` is set, such as ``tsconfig.json:9: outDir ./dist``.

    """

    config: str
    out_dir: str
    root_dir: str
    evidence: str

    def compile(self, source: str) -> str | None:
        """Return the file tsc writes for a TypeScript source, or None if it does not compile it."""
        path = PurePosixPath(source)
        suffix = TS_SUFFIXES.get(path.suffix)
        if suffix is None or not _under(source, self.root_dir):
            return None
        inside = posixpath.relpath(source, self.root_dir or ".")
        return posixpath.join(self.out_dir, str(PurePosixPath(inside).with_suffix(suffix)))

    def origin(self, output: str, repo: Path) -> str | None:
        """Return the TypeScript source tsc compiles to ``output``, if it is in the repository."""
        if not _under(output, self.out_dir):
            return None
        inside = PurePosixPath(posixpath.relpath(output, self.out_dir))
        for source, written in TS_SUFFIXES.items():
            if inside.suffix == written:
                candidate = posixpath.join(self.root_dir, str(inside.with_suffix(source)))
                if (repo / candidate).is_file():
                    return candidate
        return None


@dataclass(frozen=True)
class NxOutput:
    """What an Nx build target writes.

    Attributes:
        folder: ``outputPath`` (``dist/api``).
        main: The source it builds from (``src/main.ts``).
        file: The file it writes for ``main``, the one node runs (``dist/api/main.js``).
        evidence: Where ``outputPath`` is set, with the main.

    """

    folder: str
    main: str
    file: str
    evidence: str


@dataclass(frozen=True)
class Build:
    """What the build script writes.

    Attributes:
        script: The build script, or None when package.json has none.
        source: Where it is (``package.json:7: scripts.build``).
        tsc: Where tsc (or ``nest build``) writes the JavaScript, when the build runs it and it can be told.
        nx_output: What the Nx build target the build runs writes.
        in_place: When the build's tsc compiles with a tsconfig that sets no ``outDir``: the files it
            then writes, each ``.js`` beside its ``.ts``, and where that is said.

    """

    script: str | None
    source: str
    tsc: TsOutput | None = None
    nx_output: NxOutput | None = None
    in_place: tuple[frozenset[str], str] | None = None

    @property
    def folders(self) -> tuple[str, ...]:
        """The folders the build is known to write; empty when scaffold cannot tell."""
        found = [self.tsc.out_dir] if self.tsc else []
        found += [self.nx_output.folder] if self.nx_output else []
        return tuple(found)

    def writes(self, path: str) -> bool | None:
        """Whether the build writes ``path``: True, False, or None when scaffold cannot tell."""
        if self.script is None:
            return False
        if not self.folders:
            return None if self.in_place is None else path in self.in_place[0]
        return any(_under(path, folder) for folder in self.folders)

    def evidence(self, path: str) -> str | None:
        """Where the output folder holding ``path`` is set, when the build is known to write there."""
        if self.tsc is not None and _under(path, self.tsc.out_dir):
            return self.tsc.evidence
        if self.nx_output is not None and _under(path, self.nx_output.folder):
            return self.nx_output.evidence
        return None

    def compile(self, source: str) -> tuple[str, str] | None:
        """Return the file the build writes for a TypeScript source, with the evidence, if it compiles it."""
        if self.tsc is not None:
            output = self.tsc.compile(source)
            if output is not None:
                return output, self.tsc.evidence
        if self.in_place is not None:
            output = _beside(source)
            if output in self.in_place[0]:
                return output, self.in_place[1]
        return None

    def origin(self, output: str, repo: Path) -> str | None:
        """Return the source the build writes ``output`` from, if scaffold can tell."""
        if self.nx_output is not None and output == self.nx_output.file:
            return self.nx_output.main
        return self.tsc.origin(output, repo) if self.tsc is not None else None


def read_build(repo: Path, package: JsonFile) -> Build:
    """Read what package.json's build script writes (following ``npm run x`` into script ``x``)."""
    script = package.text("scripts.build")
    if script is None:
        return Build(None, "package.json: no scripts.build")
    tools = _tools(repo, package, script, depth=0)
    tsc: TsOutput | None = None
    nx_output = None
    in_place = None
    for run in tools:
        if run.tool == "tsc" and tsc is None:
            tsc = _ts_output(repo, _project(run))
            if tsc is None and in_place is None and (repo / _project(run)).is_file():
                in_place = _in_place(repo, _project(run))
        elif run.tool == "nest" and run.subcommand == "build" and tsc is None:
            tsc = _ts_output(repo, nest_tsconfig(repo))
        elif run.tool == "nx" and nx_output is None and any("build" in word for word in run.words):
            nx_output = nx_build(repo)
    return Build(script, package.source("scripts.build"), tsc, nx_output, in_place)


def nest_tsconfig(repo: Path) -> str:
    """The tsconfig ``nest build`` compiles with: nest-cli.json's ``tsConfigPath``, else its default."""
    configured = JsonFile.read(repo, "nest-cli.json").text("compilerOptions.tsConfigPath")
    for name in (configured, "tsconfig.build.json"):
        if name and (repo / name).is_file():
            return _tidy(name)
    return "tsconfig.json"


def nx_build(repo: Path) -> NxOutput | None:
    """Return what an Nx project's build target writes, read from project.json, if it says."""
    project = JsonFile.read(repo, "project.json")
    output = project.text("targets.build.options.outputPath")
    main = project.text("targets.build.options.main")
    if output is None or main is None:
        return None
    folder, source = _tidy(output), _tidy(main)
    file = posixpath.join(folder, "main.js")
    if project.text("targets.build.executor") in _NX_COMPILERS:
        # Each file keeps its place under the root folder: src/main.ts becomes <outputPath>/src/main.js.
        root = _tidy(project.text("targets.build.options.rootDir") or posixpath.dirname(project.name))
        inside = posixpath.relpath(source, root or ".")
        suffix = TS_SUFFIXES.get(PurePosixPath(inside).suffix, PurePosixPath(inside).suffix)
        file = posixpath.join(folder, str(PurePosixPath(inside).with_suffix(suffix)))
    where = project.source("targets.build.options.outputPath", f"targets.build.options.outputPath {output}")
    return NxOutput(folder, source, _tidy(file), f"{where} (main {main})")


def _tools(repo: Path, package: JsonFile, script: str, *, depth: int) -> list[scripts.Run]:
    found = []
    for run in scripts.runs(script, repo):
        named = scripts.script_named(run)
        inner = package.text(f"scripts.{named}") if named else None
        if inner is not None and depth < 3:
            found += _tools(repo, package, inner, depth=depth + 1)
        else:
            found.append(run)
    return found


def _project(run: scripts.Run) -> str:
    """The tsconfig a tsc run compiles with (``-p``/``--project``, a file or a folder)."""
    words = list(run.words)
    for flag in ("-p", "--project", "-b", "--build"):
        if flag in words[:-1]:
            value = _tidy(words[words.index(flag) + 1])
            if value.startswith("-"):
                continue
            return value if value.endswith(".json") else posixpath.join(value, "tsconfig.json")
    return "tsconfig.json"


def _ts_output(repo: Path, config: str) -> TsOutput | None:
    """Read ``outDir`` and ``rootDir`` from a tsconfig and the relative configs it extends."""
    out_dir = root_dir = evidence = None
    chain = _chain(repo, config)
    for tsconfig in chain:  # the config itself first, then what it extends
        folder = posixpath.dirname(tsconfig.name)
        if out_dir is None and tsconfig.text("compilerOptions.outDir"):
            value = str(tsconfig.text("compilerOptions.outDir"))
            out_dir = _tidy(posixpath.join(folder, value))
            evidence = tsconfig.source("compilerOptions.outDir", f"outDir {value}")
        if root_dir is None and tsconfig.text("compilerOptions.rootDir"):
            root_dir = _tidy(posixpath.join(folder, str(tsconfig.text("compilerOptions.rootDir"))))
    if out_dir is None or evidence is None or not chain:
        return None  # tsc writes each .js beside its .ts: nothing to map
    if root_dir is None:
        root_dir = _common_folder(repo, chain[0], out_dir)
    return TsOutput(chain[0].name, out_dir, root_dir, evidence)


def _in_place(repo: Path, config: str) -> tuple[frozenset[str], str]:
    """The files tsc writes beside the TypeScript under the config's folder, when no outDir is set."""
    folder = posixpath.dirname(config)
    written = {
        _beside(path)
        for path in (file.relative_to(repo).as_posix() for file in source_files(repo, tuple(TS_SUFFIXES)))
        if not path.endswith(".d.ts") and _under(path, folder)
    }
    said = f"runs tsc with {config}, which sets no outDir: tsc writes each .js beside its .ts"
    return frozenset(written), said


def _beside(source: str) -> str:
    """The file tsc writes for a TypeScript source when there is no outDir: the same path, in JavaScript."""
    path = PurePosixPath(source)
    return str(path.with_suffix(TS_SUFFIXES.get(path.suffix, path.suffix)))


def _chain(repo: Path, config: str) -> list[JsonFile]:
    """A tsconfig and the configs it extends by relative path (a package's shared config is not read)."""
    chain: list[JsonFile] = []
    name: str | None = config
    while name is not None and len(chain) < 5 and (repo / name).is_file():
        tsconfig = JsonFile.read(repo, name)
        chain.append(tsconfig)
        extends = tsconfig.get("extends")
        parent = extends[0] if isinstance(extends, list) and extends else extends
        name = None
        if isinstance(parent, str) and parent.startswith("."):
            parent = parent if parent.endswith(".json") else f"{parent}.json"
            name = _tidy(posixpath.join(posixpath.dirname(tsconfig.name), parent))
    return chain


def _common_folder(repo: Path, tsconfig: JsonFile, out_dir: str) -> str:
    """The rootDir tsc uses when none is set: the deepest folder holding every file the config compiles."""
    folder = posixpath.dirname(tsconfig.name)
    include = tsconfig.get("include")
    exclude = tsconfig.get("exclude")
    includes = (
        [_pattern(folder, item) for item in include]
        if isinstance(include, list)
        else [_pattern(folder, "**/*")]
    )
    excludes = [_pattern(folder, item) for item in exclude] if isinstance(exclude, list) else []
    excludes += [_pattern(folder, item) for item in (*_DEFAULT_EXCLUDE, out_dir)]
    compiled = [
        path
        for path in (file.relative_to(repo).as_posix() for file in source_files(repo, tuple(TS_SUFFIXES)))
        if not path.endswith(".d.ts")
        and any(pattern.match(path) for pattern in includes)
        and not any(pattern.match(path) for pattern in excludes)
    ]
    if not compiled:
        return folder
    common = posixpath.commonpath([posixpath.dirname(path) or "." for path in compiled])
    return "" if common == "." else common


def _pattern(folder: str, item: object) -> re.Pattern[str]:
    """A tsconfig ``include``/``exclude`` entry as a regex; a name without wildcards is a folder or file."""
    text = _tidy(posixpath.join(folder, str(item)))
    out = []
    index = 0
    while index < len(text):
        if text.startswith("**/", index):
            out.append("(?:.*/)?")
            index += 3
            continue
        char = text[index]
        out.append("[^/]*" if char == "*" else "[^/]" if char == "?" else re.escape(char))
        index += 1
    return re.compile("^" + "".join(out) + "(?:/.*)?$")


def _under(path: str, folder: str) -> bool:
    return not folder or path == folder or path.startswith(folder.rstrip("/") + "/")


def _tidy(path: str) -> str:
    tidy = posixpath.normpath(path.strip())
    return "" if tidy == "." else tidy
