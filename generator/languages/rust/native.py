"""What a Rust build needs beyond Cargo: the system OpenSSL (openssl-sys) and sqlx's offline query data.

``Cargo.lock`` is parsed with ``tomllib`` and walked from the package the image builds, so a crate only
another workspace member uses does not count. The lock lists every target's dependencies, so
``native-tls`` leads to ``openssl-sys`` whichever platform builds: on Linux, that is what it links.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.detect.files import read_text, read_toml, relative, text_line
from generator.detect.findings import Detection
from generator.languages.rust.crates import Crate

#: Why an image build of sqlx's checked queries needs ``cargo sqlx prepare`` first, and how.
NO_QUERY_DATA = (
    "sqlx's query macros check each query against a live database while compiling, and there is no .sqlx/ "
    "query data for an offline build (SQLX_OFFLINE=true): run `cargo sqlx prepare` (`--workspace` in a "
    "workspace) and commit .sqlx/"
)
#: sqlx's macros that check a query against a database while compiling: ``query!``, ``query_as!``,
#: ``query_scalar!``, their ``_file`` and ``_unchecked`` forms.
_SQLX_MACRO = re.compile(r"\b((?:sqlx::)?query(?:_file)?(?:_as|_scalar)?(?:_unchecked)?!)\s*\(")
_LOCK_DEPENDENCY = re.compile(r"^(\S+)")


def propose_openssl(repo: Path, crate: Crate, found: Detection) -> None:
    """Propose ``rust_openssl``: whether the package's dependencies in Cargo.lock reach openssl-sys."""
    lock = repo / "Cargo.lock"
    if not lock.is_file():
        return  # scaffold new notes the missing Cargo.lock; there is nothing to read the graph from
    graph = _graph(lock)
    start = crate.name if crate.name in graph else None
    path = _path_to(graph, start, "openssl-sys") if start else None
    if start is None and "openssl-sys" in graph:
        path = ["openssl-sys"]  # a package the lock does not list: any openssl-sys in it counts
    if path is None:
        found.propose("rust_openssl", False, "Cargo.lock: no openssl-sys")
        return
    line = text_line(read_text(lock) or "", r'^name = "openssl-sys"$')
    through = f", through {' → '.join(path[1:-1])}" if len(path) > 2 else ""
    found.propose("rust_openssl", True, f"Cargo.lock:{line}: openssl-sys{through} (the system OpenSSL)")


def propose_sqlx_offline(repo: Path, crate: Crate, found: Detection) -> None:
    """Propose ``sqlx_offline`` when the package checks queries at compile time; note missing query data.

    The query macros (or the ``macros`` feature asked for by name) connect to ``DATABASE_URL`` while
    compiling, which an image build has none of; ``SQLX_OFFLINE=true`` makes them read the data
    ``cargo sqlx prepare`` writes to ``.sqlx/`` (``sqlx-data.json`` before sqlx 0.7) instead. Without
    that data the image cannot build either way: ``scaffold new`` then stops (see :mod:`.startable`).
    """
    if "sqlx" not in crate.dependencies():
        return
    hit = crate.sources(repo).find(_SQLX_MACRO)
    if hit is not None:
        sign = hit.source(hit.match.group(1))
    elif "macros" in _features(crate.dependencies()["sqlx"]):
        sign = crate.key_source("dependencies", "sqlx") + ' features "macros"'
    else:
        return
    data = _offline_data(repo, crate)
    found.propose("sqlx_offline", True, f"{sign}, with {data}" if data else sign)
    if data is None:
        found.note(f"{sign}: {NO_QUERY_DATA}")


def offline_data_present(repo: Path) -> bool:
    """Whether ``repo`` or a folder up to two levels down holds sqlx's offline query data."""
    candidates = [repo, *repo.glob("*"), *repo.glob("*/*")]
    return any(_data_in(folder) for folder in candidates if folder.is_dir())


def _offline_data(repo: Path, crate: Crate) -> str | None:
    """The query data the build would read: the crate's own, else the workspace's (``api/.sqlx/``)."""
    for folder in dict.fromkeys((crate.root, repo)):
        found = _data_in(folder)
        if found is not None:
            where = relative(repo, folder)
            return found if where in {"", "."} else f"{where}/{found}"
    return None


def _data_in(folder: Path) -> str | None:
    if (folder / ".sqlx").is_dir() and any((folder / ".sqlx").glob("*.json")):
        return ".sqlx/"
    if (folder / "sqlx-data.json").is_file():
        return "sqlx-data.json"
    return None


def _features(spec: object) -> list[str]:
    if isinstance(spec, dict):
        features = spec.get("features")
        return (
            [item for item in features or [] if isinstance(item, str)] if isinstance(features, list) else []
        )
    return []


def _graph(lock: Path) -> dict[str, set[str]]:
    """Each package name in Cargo.lock with the names it depends on (all its versions together)."""
    graph: dict[str, set[str]] = {}
    for package in read_toml(lock).get("package") or []:
        if not isinstance(package, dict) or not isinstance(package.get("name"), str):
            continue
        depends = graph.setdefault(package["name"], set())
        for item in package.get("dependencies") or []:
            if isinstance(item, str) and (match := _LOCK_DEPENDENCY.match(item)):
                depends.add(match.group(1))
    return graph


def _path_to(graph: dict[str, set[str]], start: str, goal: str) -> list[str] | None:
    """The shortest chain of dependencies from ``start`` to ``goal``, both included; None if there is none."""
    previous: dict[str, str] = {}
    queue = [start]
    seen = {start}
    while queue:
        name = queue.pop(0)
        if name == goal:
            chain = [name]
            while chain[-1] != start:
                chain.append(previous[chain[-1]])
            return chain[::-1]
        for child in sorted(graph.get(name, ())):
            if child not in seen:
                seen.add(child)
                previous[child] = name
                queue.append(child)
    return None
