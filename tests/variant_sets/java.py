"""Java variants: Maven and Gradle x web and worker x the slim (Temurin JRE) and distroless runtimes.

Extras: a ``ci: github`` variant, an organisation variant (base image registry prefix and extra labels),
and a small and a large memory limit, which change the heap share the Dockerfile gives the JVM.
"""

from __future__ import annotations

import itertools
from typing import Any

from generator.spec.model import Spec

_ENTRYPOINT = {"maven": "target/*.jar", "gradle": "build/libs/*.jar"}
# Spread the supported Java versions over the matrix (distroless exists for 17 and 21 only).
_VERSION = {
    ("maven", "slim"): "21",
    ("maven", "distroless"): "17",
    ("gradle", "slim"): "25",
    ("gradle", "distroless"): "21",
}


def _answers(manager: str, kind: str, base: str) -> dict[str, Any]:
    answers: dict[str, Any] = {
        "app_name": f"java-{manager}-{kind}-{base}",
        "language": "java",
        "package_manager": manager,
        "app_kind": kind,
        "runtime_base": base,
        "java_version": _VERSION[(manager, base)],
        "entrypoint": _ENTRYPOINT[manager],
    }
    if kind == "web":
        # Both health probes: an HTTP path (Spring Boot Actuator's) and a plain TCP connect.
        answers["health_path"] = "/actuator/health" if base == "slim" else ""
    return answers


VARIANTS: dict[str, Spec] = {
    f"java-{manager}-{kind}-{base}": Spec.from_answers(_answers(manager, kind, base))
    for manager, kind, base in itertools.product(
        ("maven", "gradle"), ("web", "worker"), ("slim", "distroless")
    )
}


def _extra(base: str, suffix: str, **changes: Any) -> None:
    name = f"{base}-{suffix}"
    VARIANTS[name] = Spec.from_answers(
        {**VARIANTS[base].answers(), "app_name": name, "description": f"{name} service", **changes}
    )


_extra("java-maven-web-slim", "ci", ci="github")
_extra(
    "java-gradle-web-distroless",
    "org",
    base_registry="registry.example.com/mirror/",
    extra_labels={"org.opencontainers.image.vendor": "Example Corp", "com.example.team": "payments"},
)
# The heap share follows the memory limit: 40% below 256m, 75% from 2g. An exact jar name (no '*') and
# a jar one folder down (a Gradle multi-project build) too.
_extra(
    "java-maven-worker-slim",
    "small",
    memory="128m",
    memory_reservation="64m",
    entrypoint="target/worker.jar",
)
_extra(
    "java-gradle-web-slim",
    "large",
    memory="2g",
    memory_reservation="1g",
    cpus="2",
    entrypoint="app/build/libs/app-*.jar",
)
