"""Go: the Go version, the main package, and whether (and where) it serves HTTP.

``go.mod`` is a line-oriented format, read line by line. Go source is searched with regular expressions
in the main package and the module's own packages it imports (where the server often lives).
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.detect.files import HEALTH_PATH, SKIPPED_DIRS, Hit, Sources, read_text, relative
from generator.detect.findings import Detection, normalise_name
from generator.detect.serving import propose_health, propose_port
from generator.languages.go.cgo import propose_cgo
from generator.languages.go.gomod import GoFile, Line, read_go_file, workspace_folder
from generator.languages.go.language import LANGUAGE

#: How many of the module's packages are followed from the main package, at most.
_MAX_PACKAGES = 40
_MAX_DEPTH = 3
_PACKAGE_MAIN = re.compile(r"^package\s+main\b", re.MULTILINE)
_FUNC_MAIN = re.compile(r"^func\s+main\s*\(\s*\)", re.MULTILINE)
_IMPORT_BLOCK = re.compile(r"^import\s*\((.*?)\)", re.MULTILINE | re.DOTALL)
_IMPORT_LINE = re.compile(r'^import\s+(?:[\w.]+\s+)?"([^"]+)"', re.MULTILINE)
_QUOTED = re.compile(r'"([^"]+)"')
_FRAMEWORKS = (
    "github.com/gin-gonic/gin",
    "github.com/labstack/echo",
    "github.com/go-chi/chi",
    "github.com/gofiber/fiber",
    "github.com/gorilla/mux",
)
#: What makes a program a server: a listener, or handlers registered on net/http's mux.
_SERVER = re.compile(
    r"\b(?:ListenAndServe(?:TLS)?\(|net\.Listen\(|http\.Server\s*\{|http\.HandleFunc\(|http\.Handle\()"
)
_PORT = r"(\d{2,5})"
_PORT_HINTS = (
    (
        re.compile(rf'os\.(?:Getenv|LookupEnv)\(\s*"PORT"\s*\)(?:[^\n]*\n){{0,4}}?[^\n]*?":?{_PORT}"'),
        'PORT fallback "{port}"',
    ),
    (re.compile(rf'ListenAndServe(?:TLS)?\(\s*"[^"]*:{_PORT}"'), 'ListenAndServe ":{port}"'),
    (re.compile(rf'\bAddr:\s*"[^"]*:{_PORT}"'), 'Addr ":{port}"'),
    (re.compile(rf'net\.Listen\(\s*"tcp[46]?"\s*,\s*"[^"]*:{_PORT}"'), 'net.Listen ":{port}"'),
    (re.compile(rf'\.(?:Run|Start|Listen)\(\s*"[^"]*:{_PORT}"'), 'listen ":{port}"'),
)
_HEALTH_ROUTES = (
    re.compile(rf'\b(?:HandleFunc|Handle)\(\s*"(?:(?:GET|HEAD)\s+)?({HEALTH_PATH})/?"'),
    re.compile(rf'\.(?:GET|Get|HEAD|Head|Any|Handle)\(\s*"({HEALTH_PATH})/?"'),
)


def detect(repo: Path, found: Detection) -> None:
    """Propose the Go answers for the repository at ``repo``.

    Args:
        repo: The application's folder.
        found: Where the proposals and notes go.

    """
    work = read_go_file(repo, repo / "go.work")
    folders = _workspace(repo, work, found) if work is not None else []
    modules = [repo / folder for folder in folders] if folders else [repo]
    if folders:
        found.propose("package_manager", "go", "go.work")
        if work is not None and work.version is not None:
            # go.work's Go must be at least each module's: it is the one that builds them all.
            _propose_version(work.version, found)
    elif (repo / "go.mod").is_file():
        found.propose("package_manager", "go", "go.mod")
    mains = [main for module in modules for main in _main_packages(repo, module)]
    # The module the main package is in names the app; in a workspace, the others are its libraries.
    home = _home(modules, repo / mains[0][0]) if len(mains) == 1 else modules[0]
    read = [(module, go_file) for module in modules if (go_file := read_go_file(repo, module / "go.mod"))]
    go_files = [go_file for _, go_file in read]
    # The workspace's own modules, which no download (and no go.sum line) provides; with vendor/, none is.
    local = {go_file.module.value: module for module, go_file in read if go_file.module}
    vendored = (repo / "vendor" / "modules.txt").is_file()
    for go_file in sorted(go_files, key=lambda go_file: go_file.name != relative(repo, home / "go.mod")):
        _read_go_mod(repo, go_file, found, local=None if vendored else set(local))
    _vendor(repo, found)
    propose_cgo(repo, modules, go_files, found)
    if not mains:
        found.note("no main package (package main with func main) found: pass --entrypoint")
        return
    if len(mains) > 1:
        found.leave_open("entrypoint", f"several main packages: {', '.join(package for package, _ in mains)}")
        return
    package, func_main = mains[0]
    found.propose("entrypoint", package, func_main.source("func main"))
    sources = Sources(repo, _program_files(repo / package, local))
    _serving(sources, package, found)


def _home(modules: list[Path], package: Path) -> Path:
    """The module a package folder belongs to: the innermost module folder that holds it."""
    holding = [module for module in modules if package.resolve().is_relative_to(module.resolve())]
    return max(holding, key=lambda module: len(module.resolve().parts)) if holding else modules[0]


def _workspace(repo: Path, work: GoFile, found: Detection) -> list[str]:
    """Propose ``go_workspace`` from go.work's ``use`` folders; return them (none when one is outside)."""
    folders = [workspace_folder(use.value) for use in work.uses]
    outside = [use.value for use, folder in zip(work.uses, folders, strict=True) if folder is None]
    if outside:
        found.note(
            f"go.work uses {', '.join(outside)}, outside this folder: the image builds without the "
            "workspace (its .dockerignore leaves go.work out), so those modules come from go.mod's "
            "requirements"
        )
        return []
    kept = [folder for folder in folders if folder is not None and (repo / folder / "go.mod").is_file()]
    if not kept:
        return []
    where = (
        work.uses[0].source
        if len(work.uses) == 1
        else f"go.work: use {', '.join(use.value for use in work.uses)}"
    )
    found.propose("go_workspace", " ".join(kept), where)
    return kept


def _vendor(repo: Path, found: Detection) -> None:
    if (repo / "vendor" / "modules.txt").is_file():
        found.propose("go_vendor", True, "vendor/modules.txt")
    elif (repo / "vendor").is_dir():
        found.note("vendor/ has no modules.txt: run `go mod vendor` (the build would refuse the folder)")


def _read_go_mod(repo: Path, go_file: GoFile, found: Detection, *, local: set[str] | None) -> None:
    """Propose the name and Go version from a go.mod; note a missing go.sum.

    Args:
        repo: The application's folder.
        go_file: The go.mod, read.
        found: Where the proposals and notes go.
        local: The workspace's own module paths, which need no go.sum line; None when the build
            downloads nothing (vendor/), so no go.sum is needed at all.
    """
    if go_file.module is not None:
        module = go_file.module.value
        elements = [part for part in module.split("/") if not re.fullmatch(r"v\d+", part)]
        found.propose("app_name", normalise_name(elements[-1] if elements else module), go_file.module.source)
    if go_file.version is not None:
        _propose_version(go_file.version, found)
    folder = go_file.name.rsplit("go.mod", 1)[0]
    fetched = [line for line in go_file.requires if local is not None and line.value not in local]
    if fetched and not (repo / folder / "go.sum").is_file():
        found.note(
            f"{folder}go.sum is missing: run `go mod tidy` and commit it; the image's module download "
            "checks it"
        )


def _propose_version(version: Line, found: Detection) -> None:
    if LANGUAGE.version_pattern.fullmatch(version.value):
        found.propose("go_version", version.value, version.source)
    else:
        found.note(f"{version.source}: older than Go 1.19; the default Go version builds it")


def _main_packages(repo: Path, module: Path) -> list[tuple[str, Hit]]:
    """Find a module's main packages: its root's, else those under cmd/, else any (a few levels deep)."""
    root = _func_main(repo, module)
    if root is not None:
        return [(_package(repo, module), root)]
    for folders in (_subfolders(module / "cmd", depth=1), _subfolders(module, depth=_MAX_DEPTH)):
        found = [(_package(repo, folder), hit) for folder in folders if (hit := _func_main(repo, folder))]
        if found:
            return found
    return []


def _package(repo: Path, folder: Path) -> str:
    """A package folder as ``go build`` takes it from the repository: ``.`` or ``./cmd/api``."""
    path = relative(repo, folder)
    return "." if path in {"", "."} else f"./{path}"


def _subfolders(root: Path, *, depth: int) -> list[Path]:
    if depth == 0 or not root.is_dir():
        return []
    folders = []
    for entry in sorted(root.iterdir()):
        if entry.is_dir() and entry.name not in SKIPPED_DIRS | {"testdata"} and entry.name[0] not in "._":
            folders.append(entry)
            folders += _subfolders(entry, depth=depth - 1)
    return folders


def _go_files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.glob("*.go") if not path.name.endswith("_test.go"))


def _func_main(repo: Path, folder: Path) -> Hit | None:
    sources = Sources(repo, _go_files(folder))
    if sources.find(_PACKAGE_MAIN) is None:
        return None
    return sources.find(_FUNC_MAIN)


def _program_files(main: Path, modules: dict[str, Path]) -> list[Path]:
    """The main package's files, then those of the modules' own packages it imports, transitively.

    Args:
        main: The main package's folder.
        modules: Each module path the build has locally (the module, or the workspace's), with its folder.
    """
    queue = [main]
    seen: list[Path] = []
    files: list[Path] = []
    while queue and len(seen) < _MAX_PACKAGES:
        folder = queue.pop(0)
        if folder in seen:
            continue
        seen.append(folder)
        for path in _go_files(folder):
            files.append(path)
            for imported in _imports(read_text(path) or ""):
                for module, root in modules.items():
                    if imported == module or imported.startswith(f"{module}/"):
                        queue.append(root / imported[len(module) + 1 :])
    return files


def _imports(text: str) -> list[str]:
    found = [path for block in _IMPORT_BLOCK.findall(text) for path in _QUOTED.findall(block)]
    return found + _IMPORT_LINE.findall(text)


def _serving(sources: Sources, package: str, found: Detection) -> None:
    framework = next(
        (
            hit
            for name in _FRAMEWORKS
            if (hit := sources.find(re.compile(rf'^\s*(?:[\w.]+\s+)?"({re.escape(name)})(?:/v\d+)?"', re.M)))
        ),
        None,
    )
    server = sources.find(_SERVER)
    evidence = server or framework
    if evidence is None:
        found.propose("app_kind", "worker", f"{package}: no listener, net/http handler or web framework")
        return
    what = (
        f"import {evidence.match.group(1)}"
        if evidence is framework
        else evidence.match.group(0).rstrip("({ ")
    )
    found.propose("app_kind", "web", evidence.source(what.strip()))
    propose_port(found, sources, _PORT_HINTS)
    propose_health(found, sources, _HEALTH_ROUTES)
