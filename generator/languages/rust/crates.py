"""The crates of a Rust repository: one package, or a Cargo workspace's members, each with its binaries.

``Cargo.toml`` files are parsed with ``tomllib``; :func:`~generator.detect.files.toml_key_line` finds the
line each value sits on. A workspace's ``members`` may hold globs (``crates/*``), expanded as Cargo does
(folders with a ``Cargo.toml``), minus ``exclude``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.detect.files import Hit, Sources, read_text, read_toml, source_files, table, toml_key_line

#: Crates that make a program a web server.
FRAMEWORKS = ("axum", "actix-web", "rocket", "warp", "hyper", "tiny_http", "poem", "salvo", "tide")
#: A listener in the code: the stronger sign, since hyper, for one, is also an HTTP client.
SERVER = re.compile(
    r"\b(?:TcpListener::bind|HttpServer::new|axum::serve|warp::serve|Server::bind|Server::http|rocket::build)\("
)


@dataclass(frozen=True)
class Crate:
    """One package: the repository's, or a workspace member.

    Attributes:
        folder: Its folder relative to the repository, ``.`` for the repository itself.
        root: Its folder.
        manifest: Its ``Cargo.toml``, parsed.
        text: Its ``Cargo.toml``'s text, for line numbers.
    """

    folder: str
    root: Path
    manifest: dict[str, Any]
    text: str

    @property
    def prefix(self) -> str:
        """The folder as a path prefix: ``api/``, or nothing for the repository's own package."""
        return "" if self.folder == "." else f"{self.folder}/"

    @property
    def name(self) -> str | None:
        """The package name."""
        name = table(self.manifest, "package").get("name")
        return name if isinstance(name, str) else None

    def key_source(self, section: str, key: str) -> str:
        """Where a key is: ``api/Cargo.toml:3: package.name``."""
        line = toml_key_line(self.text, section, key)
        where = f"{self.prefix}Cargo.toml" + (f":{line}" if line else "")
        return f"{where}: {section}.{key}" if section else f"{where}: {key}"

    def dependencies(self) -> dict[str, Any]:
        """The ``[dependencies]`` table."""
        return table(self.manifest, "dependencies")

    def sources(self, repo: Path) -> Sources:
        """Its ``src/**/*.rs``, shown relative to the repository."""
        return Sources(repo, source_files(self.root / "src", (".rs",)))

    def binaries(self) -> list[tuple[str, str]]:
        """Its binary targets, each with where it is declared: ``[[bin]]``, ``src/main.rs``, ``src/bin/``."""
        bins = self.manifest.get("bin")
        named = [
            entry["name"]
            for entry in bins or []
            if isinstance(entry, dict) and isinstance(entry.get("name"), str)
        ]
        if named:
            return [
                (
                    name,
                    f"{self.prefix}Cargo.toml:{toml_key_line(self.text, 'bin', 'name', index)}: [[bin]] name",
                )
                for index, name in enumerate(named)
            ]
        found = []
        if (self.root / "src" / "main.rs").is_file() and self.name:
            found.append((self.name, f"{self.key_source('package', 'name')} ({self.prefix}src/main.rs)"))
        found += [
            (path.stem, f"{self.prefix}src/bin/{path.name}")
            for path in sorted((self.root / "src" / "bin").glob("*.rs"))
        ]
        return found

    def serving(self, repo: Path) -> tuple[Hit | None, str | None]:
        """A listener in its source, and the first web framework among its dependencies."""
        framework = next((name for name in FRAMEWORKS if name in self.dependencies()), None)
        return self.sources(repo).find(SERVER), framework


def read_crate(repo: Path, folder: str) -> Crate | None:
    """Read the package in ``folder`` (``.`` for the repository); None without a Cargo.toml."""
    root = repo if folder == "." else repo / folder
    text = read_text(root / "Cargo.toml")
    if text is None:
        return None
    return Crate(folder, root, read_toml(root / "Cargo.toml"), text)


def workspace_members(repo: Path, manifest: dict[str, Any]) -> list[str]:
    """The folders of a workspace's members, in the order listed, globs expanded; the root first if a package.

    Args:
        repo: The workspace's folder.
        manifest: Its Cargo.toml, parsed.
    """
    workspace = table(manifest, "workspace")
    excluded = {_clean(item) for item in workspace.get("exclude") or [] if isinstance(item, str)}
    folders = ["."] if table(manifest, "package") else []
    for pattern in workspace.get("members") or []:
        if not isinstance(pattern, str):
            continue
        cleaned = _clean(pattern)
        if cleaned is None or ".." in cleaned.split("/"):
            continue  # outside the build context: the image could not build it
        matches = sorted(repo.glob(cleaned)) if any(char in cleaned for char in "*?[") else [repo / cleaned]
        for match in matches:
            folder = match.relative_to(repo).as_posix()
            if (match / "Cargo.toml").is_file() and folder not in excluded and folder not in folders:
                folders.append(folder)
    return folders


def _clean(path: str) -> str | None:
    """A member path as a folder relative to the workspace (``./api/`` is ``api``); None if absolute."""
    if path.startswith("/"):
        return None
    parts = [part for part in path.replace("\\", "/").split("/") if part not in {"", "."}]
    return "/".join(parts) or "."
