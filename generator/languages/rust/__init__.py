"""Rust: a release build with the dependencies compiled before the source, run on distroless cc or slim."""

from __future__ import annotations

import re

from generator.languages.model import Language, PackageManager

LANGUAGE = Language(
    name="rust",
    manifests=("Cargo.toml",),
    package_managers=(
        PackageManager(
            "cargo",
            {"Cargo.toml": "the Cargo manifest", "Cargo.lock": "run `cargo generate-lockfile`"},
            locks=("Cargo.lock",),
        ),
    ),
    runtime_bases=("distroless", "slim"),
    version_field="rust_version",
    default_version="1.83",
    version_pattern=re.compile(r"1\.([6-9][0-9]|[1-9][0-9]{2})"),
    version_form="must be 1.minor, from 1.60, such as 1.83",
    default_port=8080,
    entrypoint_pattern=re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]{0,63}"),
    entrypoint_form="must be the name of a Cargo binary target: letters, digits, '-' or '_'",
    default_entrypoint=lambda answers: str(answers.get("app_name", "app")),
    compiled_probe=True,
)
