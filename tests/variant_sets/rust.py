"""Rust variants: Cargo x web and worker x the distroless (cc) and slim (Debian 12) runtimes.

Extras: a ``ci: github`` variant, an organisation variant (base image registry prefix and extra
labels), OpenSSL on each runtime, a Cargo workspace and sqlx's offline query data.
"""

from __future__ import annotations

import itertools
from typing import Any

from generator.spec.model import Spec

# The default Rust version, and the one the stand-in builder image provides (tests/stand-ins/40-rust).
_VERSION = {"distroless": "1.83", "slim": "1.96"}


def _answers(kind: str, base: str) -> dict[str, Any]:
    answers: dict[str, Any] = {
        "app_name": f"rust-cargo-{kind}-{base}",
        "language": "rust",
        "package_manager": "cargo",
        "app_kind": kind,
        "runtime_base": base,
        "rust_version": _VERSION[base],
        # A binary target named apart from the app, as in a crate with several [[bin]] targets.
        "entrypoint": "server" if kind == "web" else "worker",
    }
    if kind == "web":
        # Both health probes: an HTTP path and a plain TCP connect.
        answers["health_path"] = "/healthz" if base == "distroless" else ""
    return answers


VARIANTS: dict[str, Spec] = {
    f"rust-cargo-{kind}-{base}": Spec.from_answers(_answers(kind, base))
    for kind, base in itertools.product(("web", "worker"), ("distroless", "slim"))
}


def _extra(base: str, suffix: str, **changes: Any) -> None:
    name = f"{base}-{suffix}"
    VARIANTS[name] = Spec.from_answers(
        {**VARIANTS[base].answers(), "app_name": name, "description": f"{name} service", **changes}
    )


_extra("rust-cargo-web-distroless", "ci", ci="github")
_extra(
    "rust-cargo-web-slim",
    "org",
    base_registry="registry.example.com/mirror/",
    extra_labels={"org.opencontainers.image.vendor": "Example Corp", "com.example.team": "payments"},
)
# openssl-sys (native-tls): libssl-dev in the builder; libssl3 from apt on slim, distroless cc's own.
_extra("rust-cargo-web-slim", "openssl", rust_openssl=True)
_extra("rust-cargo-web-distroless", "openssl", rust_openssl=True)
# A Cargo workspace: every member's manifest and placeholders before the source, -p for the member.
_extra(
    "rust-cargo-web-distroless",
    "workspace",
    rust_workspace="api common",
    rust_package="api",
    entrypoint="api",
)
# sqlx's query macros built from .sqlx/.
_extra("rust-cargo-worker-slim", "sqlx", sqlx_offline=True)
