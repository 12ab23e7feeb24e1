"""Kubernetes variants (``kubernetes: true``): a cross-section, not the whole matrix again.

Every language, each app kind, each kind of runtime base (slim, distroless, scratch), each health probe
(an HTTP path, a plain TCP connect, the image's own probe command for a worker), the Python worker whose
image stops on SIGINT, a uid other than the default, and limits whose conversion to Kubernetes quantities
is not the default's (whole CPUs, a hundredth of one, gibibytes).
"""

from __future__ import annotations

from typing import Any

from generator.spec.model import Spec


def _variant(name: str, **answers: Any) -> Spec:
    return Spec.from_answers(
        {"app_name": name, "description": f"{name} service", "kubernetes": True, **answers}
    )


VARIANTS: dict[str, Spec] = {
    # Python: an HTTP probe on slim; a plain TCP port on distroless; a SIGINT worker on distroless.
    "pip-web-slim-k8s": _variant("pip-web-slim-k8s", entrypoint="app:app", health_path="/health"),
    "poetry-web-distroless-k8s": _variant(
        "poetry-web-distroless-k8s",
        package_manager="poetry",
        runtime_base="distroless",
        entrypoint="app:app",
        uid="20000",
    ),
    "uv-worker-distroless-k8s": _variant(
        "uv-worker-distroless-k8s",
        package_manager="uv",
        runtime_base="distroless",
        app_kind="worker",
        entrypoint="-m worker",
        memory="1g",
        memory_reservation="768m",
        cpus="2",
        cpus_reservation="0.75",
    ),
    # Node.js: an HTTP probe on distroless, a worker on slim.
    "node-npm-web-distroless-k8s": _variant(
        "node-npm-web-distroless-k8s", language="node", runtime_base="distroless", health_path="/healthz"
    ),
    "node-yarn-worker-slim-k8s": _variant(
        "node-yarn-worker-slim-k8s", language="node", package_manager="yarn", app_kind="worker"
    ),
    # Go: a TCP port on scratch, a worker on distroless with small limits.
    "go-go-web-scratch-k8s": _variant("go-go-web-scratch-k8s", language="go", runtime_base="scratch"),
    "go-go-worker-distroless-k8s": _variant(
        "go-go-worker-distroless-k8s",
        language="go",
        app_kind="worker",
        memory="64m",
        memory_reservation="32m",
        cpus="0.1",
        cpus_reservation="0.05",
    ),
    # Rust: a TCP port on slim.
    "rust-cargo-web-slim-k8s": _variant(
        "rust-cargo-web-slim-k8s", language="rust", runtime_base="slim", entrypoint="server"
    ),
    # Java: an HTTP probe (Spring Boot Actuator's) on slim, a worker in a second JVM on distroless.
    "java-gradle-web-slim-k8s": _variant(
        "java-gradle-web-slim-k8s",
        language="java",
        package_manager="gradle",
        entrypoint="build/libs/*.jar",
        health_path="/actuator/health",
    ),
    "java-maven-worker-distroless-k8s": _variant(
        "java-maven-worker-distroless-k8s",
        language="java",
        runtime_base="distroless",
        app_kind="worker",
        java_version="21",
        memory="1536m",
        memory_reservation="1g",
        cpus="1.25",
        cpus_reservation="0.5",
    ),
}
