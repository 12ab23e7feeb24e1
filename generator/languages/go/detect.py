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
from generator.languages.go import LANGUAGE

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
    module = _read_go_mod(repo, found)
    if (repo / "go.mod").is_file():
        found.propose("package_manager", "go", "go.mod")
    mains = _main_packages(repo)
    if not mains:
        found.note("no main package (package main with func main) found: pass --entrypoint")
        return
    if len(mains) > 1:
        listed = ", ".join(package for package, _ in mains)
        found.note(f"several main packages ({listed}): pass --entrypoint with the one to build")
        return
    package, func_main = mains[0]
    found.propose("entrypoint", package, func_main.source("func main"))
    sources = Sources(repo, _program_files(repo, package, module))
    _serving(sources, package, found)


def _read_go_mod(repo: Path, found: Detection) -> str | None:
    """Propose the name and Go version from go.mod; return the module path."""
    text = read_text(repo / "go.mod")
    if text is None:
        return None
    module = version = None
    requires = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("//", 1)[0].strip()
        if match := re.fullmatch(r"module\s+\"?([^\s\"]+)\"?", line):
            module = match.group(1)
            elements = [part for part in module.split("/") if not re.fullmatch(r"v\d+", part)]
            found.propose(
                "app_name", normalise_name(elements[-1] if elements else module), f"go.mod:{number}: {line}"
            )
        elif match := re.fullmatch(r"go\s+(1\.\d+)(?:\.\d+)?", line):
            version = version or (match.group(1), f"go.mod:{number}: {line}")
        elif match := re.fullmatch(r"toolchain\s+go(1\.\d+)(?:\.\d+)?\S*", line):
            # The toolchain line names the Go that builds the module; it wins over the minimum in `go`.
            version = (match.group(1), f"go.mod:{number}: {line}")
        elif line.startswith("require"):
            requires = True
    if version is not None:
        if LANGUAGE.version_pattern.fullmatch(version[0]):
            found.propose("go_version", *version)
        else:
            found.note(f"{version[1]}: older than Go 1.19; the default Go version builds it")
    if requires and not (repo / "go.sum").is_file():
        found.note(
            "go.sum is missing: run `go mod tidy` and commit it; the image's module download checks it"
        )
    return module


def _main_packages(repo: Path) -> list[tuple[str, Hit]]:
    """Find the main packages: the root's, else those under cmd/, else any (a few levels deep)."""
    root = _func_main(repo, repo)
    if root is not None:
        return [(".", root)]
    for folders in (_subfolders(repo / "cmd", depth=1), _subfolders(repo, depth=_MAX_DEPTH)):
        found = [
            (f"./{relative(repo, folder)}", hit) for folder in folders if (hit := _func_main(repo, folder))
        ]
        if found:
            return found
    return []


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


def _program_files(repo: Path, package: str, module: str | None) -> list[Path]:
    """The main package's files, then those of the module's own packages it imports, transitively."""
    queue = [repo / package]
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
                if module and imported.startswith(f"{module}/"):
                    queue.append(repo / imported[len(module) + 1 :])
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
