"""Rust: the crate's name and Rust version, the binary to build, and whether (and where) it listens.

``Cargo.toml`` and ``rust-toolchain.toml`` are parsed with ``tomllib`` (their lines come from
:func:`~.files.toml_key_line`); ``src/**/*.rs`` is searched with regular expressions. In a Cargo
workspace the package the image builds is the member with a binary that serves (:mod:`.crates`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from generator.detect.files import (
    HEALTH_NAME,
    HEALTH_PATH,
    read_text,
    read_toml,
    table,
    toml_key_line,
)
from generator.detect.findings import Detection, normalise_name
from generator.detect.serving import PortHint, propose_health, propose_port
from generator.languages.rust.crates import Crate, read_crate, workspace_members
from generator.languages.rust.language import LANGUAGE
from generator.languages.rust.native import propose_openssl, propose_sqlx_offline

_ADDRESS = r"(?:(?:\d{1,3}\.){3}\d{1,3}|localhost|\[[0-9a-fA-F:]*\])?"
_PORT_HINTS: tuple[PortHint, ...] = (
    (
        re.compile(
            r'env::var\(\s*"PORT"\s*\)(?:[^\n;]*\n){0,5}?[^\n;]*?\bunwrap_or(?:_else)?\([^\n;]*?"?(\d{2,5})\b'
        ),
        "PORT fallback {port}",
    ),
    # match env::var("PORT") { Ok(port) => ..., Err(_) => 8080 }
    (
        re.compile(r'env::var\(\s*"PORT"\s*\)(?:[^\n]*\n){0,5}?[^\n]*?\bErr\(_\)\s*=>\s*"?(\d{2,5})\b'),
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
    # hyper: match (req.method(), req.uri().path()) { (&Method::GET, "/health") => ... }
    re.compile(rf'\(\s*&?(?:hyper::|http::)?Method::(?:GET|HEAD)\s*,\s*"({HEALTH_PATH})/?"\s*\)\s*=>'),
    # match req.uri().path() { "/health" => ... }
    re.compile(rf'^\s*"({HEALTH_PATH})/?"\s*(?:\|\s*"[^"]*"\s*)*=>', re.MULTILINE),
)


def detect(repo: Path, found: Detection) -> None:
    """Propose the Rust answers for the repository at ``repo``.

    Args:
        repo: The application's folder.
        found: Where the proposals and notes go.

    """
    root = read_crate(repo, ".")
    if root is None:
        return  # without a crate there is no binary to find
    locked = (repo / "Cargo.lock").is_file()
    found.propose("package_manager", "cargo", "Cargo.lock" if locked else "Cargo.toml")
    if not locked:
        found.note(
            "Cargo.lock is missing: run `cargo generate-lockfile` and commit it; "
            "the image builds with --locked"
        )
    crate: Crate | None = root if table(root.manifest, "package") else None
    if "workspace" in root.manifest:
        crate = _workspace(repo, root, found)
    if crate is None:
        _rust_version(repo, root, found)
        return
    if crate.name is not None:
        found.propose("app_name", normalise_name(crate.name), crate.key_source("package", "name"))
    package = table(crate.manifest, "package")
    found.propose_description(package.get("description"), crate.key_source("package", "description"))
    _rust_version(repo, crate, found, workspace=root)
    _binary(crate, found)
    propose_openssl(repo, crate, found)
    propose_sqlx_offline(repo, crate, found)
    _serving(repo, crate, found)


def _workspace(repo: Path, root: Crate, found: Detection) -> Crate | None:
    """Propose the workspace's members and the one to build: the member with a binary that serves."""
    folders = workspace_members(repo, root.manifest)
    if not folders:
        found.note("Cargo.toml is a workspace with no member in this folder: pass --entrypoint")
        return None
    line = toml_key_line(root.text, "workspace", "members")
    found.propose("rust_workspace", " ".join(folders), f"Cargo.toml:{line}: workspace.members")
    crates = [crate for folder in folders if (crate := read_crate(repo, folder)) and crate.name]
    with_bins = [crate for crate in crates if crate.binaries()]
    serving = [crate for crate in with_bins if any(crate.serving(repo))]
    candidates = serving or with_bins
    if len(candidates) == 1:
        crate = candidates[0]
        why = "the one member with a binary that serves" if serving else "the one member with a binary"
        found.propose("rust_package", crate.name, f"{crate.key_source('package', 'name')} ({why})")
        return crate
    if not candidates:
        found.leave_open(
            "rust_package", "no workspace member has a binary target (src/main.rs, src/bin/, [[bin]])"
        )
        return None
    listed = ", ".join(f"{crate.name} ({crate.folder})" for crate in candidates)
    what = "serve" if serving else "have a binary"
    found.leave_open("rust_package", f"several workspace members {what}: {listed}")
    binaries = ", ".join(f"{name} ({crate.name})" for crate in candidates for name, _ in crate.binaries())
    found.leave_open("entrypoint", f"the binary of the member to build: {binaries}")
    return None


def _rust_version(repo: Path, crate: Crate, found: Detection, *, workspace: Crate | None = None) -> None:
    for file in ("rust-toolchain.toml", "rust-toolchain"):
        raw = read_text(repo / file)
        if raw is None:
            continue
        channel = table(read_toml(repo / file), "toolchain").get("channel")
        line = toml_key_line(raw, "toolchain", "channel")
        if channel is None and file == "rust-toolchain" and raw.strip():
            channel, line = raw.strip().splitlines()[0].strip(), 1  # the legacy one-line form
        if isinstance(channel, str):
            _propose_version(channel, f"{file}:{line}: channel {channel!r}", found)
            return
    for owner, section in ((crate, "package"), (workspace, "workspace.package")):
        declared: Any = table(owner.manifest, *section.split(".")).get("rust-version") if owner else None
        if isinstance(declared, str) and owner is not None:
            _propose_version(declared, f"{owner.key_source(section, 'rust-version')} {declared!r}", found)
            return


def _propose_version(value: str, source: str, found: Detection) -> None:
    match = re.match(r"^(1\.\d+)(\.\d+)?$", value.strip())
    if match and LANGUAGE.version_pattern.fullmatch(match.group(1)):
        found.propose("rust_version", match.group(1), source)
    elif match:
        found.note(f"{source}: older than Rust 1.60; pass --rust-version")
    elif value.strip() != "stable":
        found.note(f"{source} names no release; the image builds with the default stable Rust")


def _binary(crate: Crate, found: Detection) -> None:
    binaries = crate.binaries()
    if len(binaries) == 1:
        found.propose("entrypoint", *binaries[0])
    elif binaries:
        names = ", ".join(name for name, _ in binaries)
        where = "" if crate.folder == "." else f" of {crate.name} ({crate.folder})"
        found.leave_open("entrypoint", f"several binary targets{where}: {names}")
    else:
        found.note("no binary target (src/main.rs, src/bin/ or [[bin]]): pass --entrypoint")


def _serving(repo: Path, crate: Crate, found: Detection) -> None:
    server, framework = crate.serving(repo)
    if server is not None:
        found.propose("app_kind", "web", server.source(server.match.group(0).rstrip("(")))
    elif framework is not None:
        found.propose("app_kind", "web", crate.key_source("dependencies", framework))
    else:
        found.propose(
            "app_kind", "worker", f"{crate.prefix}Cargo.toml: no web framework crate, and no listener in src/"
        )
        return
    sources = crate.sources(repo)
    propose_port(found, sources, _PORT_HINTS)
    propose_health(found, sources, _HEALTH_ROUTES)
