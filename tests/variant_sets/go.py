"""Go variants: each app kind on each runtime base, the main package at the module root or in ./cmd/<name>,
plus CI files, an organisation's settings, cgo, a vendored module and a go.work workspace."""

from __future__ import annotations

from typing import Any

from generator.spec.model import Spec


def _go(name: str, **answers: Any) -> Spec:
    return Spec.from_answers({"app_name": name, "language": "go", **answers})


VARIANTS: dict[str, Spec] = {
    # Both health probes (HTTP path and plain TCP) and both entrypoint forms across the four.
    "go-go-web-distroless": _go("go-go-web-distroless", health_path="/healthz"),
    "go-go-web-scratch": _go("go-go-web-scratch", runtime_base="scratch", entrypoint="./cmd/api"),
    "go-go-worker-distroless": _go("go-go-worker-distroless", app_kind="worker", entrypoint="./cmd/worker"),
    "go-go-worker-scratch": _go("go-go-worker-scratch", app_kind="worker", runtime_base="scratch"),
    "go-go-web-distroless-ci": _go("go-go-web-distroless-ci", health_path="/healthz", ci="github"),
    # An organisation's settings: both base images through a mirror; on scratch only the builder's
    # (scratch is no image to pull).
    "go-go-web-distroless-org": _go(
        "go-go-web-distroless-org",
        health_path="/healthz",
        base_registry="registry.example.com/mirror/",
        extra_labels={"org.opencontainers.image.vendor": "Example Corp", "com.example.team": "payments"},
    ),
    "go-go-worker-scratch-org": _go(
        "go-go-worker-scratch-org",
        app_kind="worker",
        runtime_base="scratch",
        entrypoint="./cmd/worker",
        base_registry="registry.example.com:5000/",
    ),
}
# cgo (go-sqlite3 and the like): built on the target's platform, run on distroless base (glibc).
VARIANTS["go-go-web-distroless-cgo"] = _go("go-go-web-distroless-cgo", health_path="/healthz", cgo=True)
# Vendored dependencies: no module download, -mod=vendor.
VARIANTS["go-go-worker-scratch-vendor"] = _go(
    "go-go-worker-scratch-vendor", app_kind="worker", runtime_base="scratch", go_vendor=True
)
# A go.work workspace: each module's go.mod before the source, the main package in one of them.
VARIANTS["go-go-web-distroless-workspace"] = _go(
    "go-go-web-distroless-workspace",
    health_path="/healthz",
    go_workspace="api shared",
    entrypoint="./api/cmd/server",
)
