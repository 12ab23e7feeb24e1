"""Rust: the crate's name and Rust version, the binary to build, and whether (and where) it listens.

``Cargo.toml`` and ``rust-toolchain.toml`` are parsed with ``tomllib`` (their lines come from
:func:`~.files.toml_key_line`); ``src/**/*.rs`` is searched with regular expressions.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from generator.detect.files import (
    HEALTH_NAME,
    HEALTH_PATH,
    Sources,
    read_text,
    read_toml,
    source_files,
    toml_key_line,
)
from generator.detect.findings import Detection, normalise_name
from generator.detect.serving import PortHint, propose_health, propose_port
from generator.languages.rust import LANGUAGE

#: Crates that make a program a web server.
_FRAMEWORKS = ("axum", "actix-web", "rocket", "warp", "hyper", "tiny_http", "poem", "salvo", "tide")
_SERVER = re.compile(
    r"\b(?:TcpListener::bind|HttpServer::new|axum::serve|warp::serve|Server::bind|Server::http|rocket::build)\("
)
_ADDRESS = r"(?:(?:\d{1,3}\.){3}\d{1,3}|localhost|\[[0-9a-fA-F:]*\])?"
_PORT_HINTS: tuple[PortHint, ...] = (
    (
        re.compile(
            r'env::var\(\s*"PORT"\s*\)(?:[^\n;]*\n){0,3}?[^\n;]*?\bunwrap_or(?:_else)?\([^\n;]*?"?(\d{2,5})\b'
        ),
        "PORT fallback {port}",
    ),
    (re.compile(rf'"{_ADDRESS}:(\d{{2,5}})"'), "{text}"),
    (re.compile(r'\bbind\(\s*\(\s*"[^"]*"\s*,\s*(\d{2,5})\s*\)\s*\)'), "{text}"),
    (re.compile(r"SocketAddr::from\(\(\s*\[[\d,\s]+\]\s*,\s*(\d{2,5})\s*\)\)"), "{text}"),
)
_HEALTH_ROUTES = (
    re.compile(rf'\.route\(\s*"({HEALTH_PATH})/?"'),
    re.compile(rf'#\[(?:get|head)\(\s*"({HEALTH_PATH})/?"'),
    re.compile(rf'"(?:GET|HEAD) ({HEALTH_PATH})/?[ "]'),
    re.compile(rf'\b(?:resource|at|path)\(\s*"({HEALTH_PATH})/?"'),
    re.compile(rf'\bpath!\(\s*"({HEALTH_NAME})"\s*\)'),
)


def detect(repo: Path, found: Detection) -> None:
    """Propose the Rust answers for the repository at ``repo``.

    Args:
        repo: The application's folder.
        found: Where the proposals and notes go.

    """
    if not (repo / "Cargo.toml").is_file():
        return  # without a crate there is no binary to find
    text = read_text(repo / "Cargo.toml") or ""
    cargo = read_toml(repo / "Cargo.toml")
    package = _table(cargo, "package")
    name = package.get("name")
    line = toml_key_line(text, "package", "name")
    name_source = f"Cargo.toml:{line}: package.name" if line else "Cargo.toml: package.name"
    if isinstance(name, str):
        found.propose("app_name", normalise_name(name), name_source)
    line = toml_key_line(text, "package", "description")
    found.propose_description(package.get("description"), f"Cargo.toml:{line}: package.description")
    locked = (repo / "Cargo.lock").is_file()
    found.propose("package_manager", "cargo", "Cargo.lock" if locked else "Cargo.toml")
    if not locked:
        found.note(
            "Cargo.lock is missing: run `cargo generate-lockfile` and commit it; "
            "the image builds with --locked"
        )
    if "workspace" in cargo and not package:
        found.note(
            "Cargo.toml is a workspace: run scaffold on the member crate's folder, or pass --entrypoint"
        )
    _rust_version(repo, cargo, text, found)
    _binary(repo, cargo, text, name if isinstance(name, str) else None, name_source, found)
    _serving(repo, cargo, text, found)


def _rust_version(repo: Path, cargo: dict[str, Any], text: str, found: Detection) -> None:
    for file in ("rust-toolchain.toml", "rust-toolchain"):
        raw = read_text(repo / file)
        if raw is None:
            continue
        channel = _table(read_toml(repo / file), "toolchain").get("channel")
        line = toml_key_line(raw, "toolchain", "channel")
        if channel is None and file == "rust-toolchain" and raw.strip():
            channel, line = raw.strip().splitlines()[0].strip(), 1  # the legacy one-line form
        if isinstance(channel, str):
            _propose_version(channel, f"{file}:{line}: channel {channel!r}", found)
            return
    declared = _table(cargo, "package").get("rust-version")
    if isinstance(declared, str):
        line = toml_key_line(text, "package", "rust-version")
        _propose_version(declared, f"Cargo.toml:{line}: package.rust-version {declared!r}", found)


def _propose_version(value: str, source: str, found: Detection) -> None:
    match = re.match(r"^(1\.\d+)(\.\d+)?$", value.strip())
    if match and LANGUAGE.version_pattern.fullmatch(match.group(1)):
        found.propose("rust_version", match.group(1), source)
    elif match:
        found.note(f"{source}: older than Rust 1.60; pass --rust-version")
    elif value.strip() != "stable":
        found.note(f"{source} names no release; the image builds with the default stable Rust")


def _binary(
    repo: Path, cargo: dict[str, Any], text: str, package: str | None, package_source: str, found: Detection
) -> None:
    bins = cargo.get("bin")
    bins = bins if isinstance(bins, list) else []
    names = [
        entry["name"] for entry in bins if isinstance(entry, dict) and isinstance(entry.get("name"), str)
    ]
    if len(names) == 1:
        found.propose(
            "entrypoint", names[0], f"Cargo.toml:{toml_key_line(text, 'bin', 'name')}: [[bin]] name"
        )
    elif names:
        found.note(
            f"several binaries in Cargo.toml ({', '.join(names)}): pass --entrypoint with the one to run"
        )
    elif (repo / "src" / "main.rs").is_file() and package:
        found.propose("entrypoint", package, f"{package_source} (src/main.rs)")
    else:
        extra = sorted(path.stem for path in (repo / "src" / "bin").glob("*.rs"))
        if len(extra) == 1:
            found.propose("entrypoint", extra[0], f"src/bin/{extra[0]}.rs")
        elif extra:
            found.note(
                f"several binaries in src/bin ({', '.join(extra)}): pass --entrypoint with the one to run"
            )
        elif package or not cargo.get("workspace"):
            found.note("no binary target (src/main.rs, src/bin/ or [[bin]]): pass --entrypoint")


def _serving(repo: Path, cargo: dict[str, Any], text: str, found: Detection) -> None:
    sources = Sources(repo, source_files(repo / "src", (".rs",)))
    dependencies = _table(cargo, "dependencies")
    framework = next((name for name in _FRAMEWORKS if name in dependencies), None)
    # A listener in the code is the stronger sign: hyper, for one, is also an HTTP client.
    server = sources.find(_SERVER)
    if server is not None:
        found.propose("app_kind", "web", server.source(server.match.group(0).rstrip("(")))
    elif framework is not None:
        line = toml_key_line(text, "dependencies", framework)
        found.propose("app_kind", "web", f"Cargo.toml:{line}: dependencies.{framework}")
    else:
        found.propose("app_kind", "worker", "Cargo.toml: no web framework crate, and no listener in src/")
        return
    propose_port(found, sources, _PORT_HINTS)
    propose_health(found, sources, _HEALTH_ROUTES)


def _table(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    return value if isinstance(value, dict) else {}
