"""Whether a Go app needs cgo: its own ``import "C"``, or a required module that compiles C code.

A binary built with ``CGO_ENABLED=0`` from such a module either fails to build or, like
``mattn/go-sqlite3``, builds and then fails at run time ("Binary was compiled with 'CGO_ENABLED=0',
go-sqlite3 requires cgo to work"). So a sign of cgo is enough: building with cgo an app that would also
have built without it costs a static binary, never a start.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from generator.detect.files import Hit, Sources, read_text, relative, source_files
from generator.detect.findings import Detection
from generator.languages.go.gomod import GoFile

#: Modules that compile C code through cgo and need only a C compiler and the C library (no other
#: system library at run time), each with what it is. Pure-Go drivers (modernc.org/sqlite,
#: github.com/glebarez/sqlite, github.com/ncruces/go-sqlite3) are not here: they build without cgo.
CGO_MODULES: dict[str, str] = {
    "github.com/mattn/go-sqlite3": "SQLite compiled through cgo",
    "gorm.io/driver/sqlite": "GORM's SQLite driver, which uses mattn/go-sqlite3",
    "github.com/confluentinc/confluent-kafka-go": "librdkafka, linked through cgo",
    "github.com/confluentinc/confluent-kafka-go/v2": "librdkafka, linked through cgo",
    "github.com/DataDog/zstd": "zstd's C library, compiled through cgo",
    "github.com/valyala/gozstd": "zstd's C library, compiled through cgo",
}
#: ``import "C"`` on its own, or inside an import block.
_IMPORT_C = (
    re.compile(r'^import\s+("C")', re.MULTILINE),
    re.compile(r'^import\s*\([^)]*?^\s*("C")\s*$', re.MULTILINE),
)
#: A go.sum line for a module's content (``/go.mod`` lines only hash the module's go.mod).
_SUM = re.compile(r"^(\S+) (v[^\s/]+) h1:", re.MULTILINE)


def propose_cgo(repo: Path, modules: Sequence[Path], go_files: Sequence[GoFile], found: Detection) -> None:
    """Propose ``cgo``: true with the first sign of it, else false saying what was looked at.

    Args:
        repo: The application's folder.
        modules: The folders of the modules the image builds (the workspace's, or the repository).
        go_files: Their go.mod files, read.
        found: Where the proposal goes.
    """
    hit = _import_c(repo, modules)
    if hit is not None:
        found.propose("cgo", True, hit.source('import "C"'))
        return
    for go_file in go_files:
        for requirement in go_file.requires:
            what = CGO_MODULES.get(requirement.value)
            if what is not None:
                found.propose("cgo", True, f"{requirement.source} ({what})")
                return
    for module in modules:
        sign = _in_go_sum(repo, module / "go.sum")
        if sign is not None:
            found.propose("cgo", True, sign)
            return
    files = ", ".join(go_file.name for go_file in go_files) or "go.mod"
    found.propose("cgo", False, f'{files}: no module that needs cgo, and no import "C"')


def _import_c(repo: Path, modules: Sequence[Path]) -> Hit | None:
    files = [
        path
        for module in modules
        for path in source_files(module, (".go",))
        if not path.name.endswith("_test.go") and "testdata" not in path.relative_to(module).parts
    ]
    return Sources(repo, files).find(*_IMPORT_C)


def _in_go_sum(repo: Path, path: Path) -> str | None:
    """Name a cgo module whose content go.sum lists (an indirect one an older go.mod does not name)."""
    text = read_text(path) or ""
    for match in _SUM.finditer(text):
        what = CGO_MODULES.get(match.group(1))
        if what is not None:
            number = text.count("\n", 0, match.start()) + 1
            return f"{relative(repo, path)}:{number}: {match.group(1)} {match.group(2)} ({what})"
    return None
