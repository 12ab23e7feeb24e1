"""Rust's facts for the registry: its package managers, versions, defaults and entrypoint form.

Kept apart from the package's constants so that ``scaffold check``, which reads only ``check.py``, never
loads the answer expressions these facts are built from.
"""

from __future__ import annotations

import re

from generator.languages.model import Language, PackageManager
from generator.spec.expr import Var

LANGUAGE = Language(
    name="rust",
    label="rust",
    manifests=("Cargo.toml",),
    # No private index question: an alternative registry's token goes in Cargo's credentials.toml.
    package_managers=(
        PackageManager(
            "cargo",
            {"Cargo.toml": "the Cargo manifest", "Cargo.lock": "run `cargo generate-lockfile`"},
            locks=("Cargo.lock",),
        ),
    ),
    runtime_bases={
        "distroless": "distroless (cc-debian12:nonroot: glibc and libgcc, no shell)",
        "slim": "slim (debian:12-slim, has a shell)",
    },
    version_field="rust_version",
    version_help="Rust version (1.minor)",
    default_version="1.83",
    version_pattern=re.compile(r"1\.([6-9][0-9]|[1-9][0-9]{2})"),
    version_form="must be 1.minor, from 1.60, such as 1.83",
    default_port=8080,
    entrypoint_pattern=re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]{0,63}"),
    entrypoint_form="must be the name of a Cargo binary target: letters, digits, '-' or '_'",
    entrypoint_help="Entrypoint: the Cargo binary target to build and run",
    default_entrypoint=Var("app_name"),
    compiled_probe=True,
    own_answers=("rust_workspace", "rust_package", "rust_openssl", "sqlx_offline"),
)
