"""Node.js variants: npm, Yarn 1 and pnpm, each app kind on each runtime base; the build step (package.json's
build script) for each package manager; Next.js standalone and next start; a private registry; CI files; an
organisation's settings."""

from __future__ import annotations

import itertools
from typing import Any

from generator.spec.model import Spec

#: The health probe each package manager's web variants use, so the matrix covers HTTP and plain TCP.
_HEALTH_PATHS = {"npm": "/healthz", "yarn": "", "pnpm": "/health"}
#: A Node.js version per runtime base, so the matrix covers more than the default.
_VERSIONS = {"slim": "22", "distroless": "20"}


def _node(name: str, **answers: Any) -> Spec:
    return Spec.from_answers({"app_name": name, "language": "node", **answers})


def _matrix() -> dict[str, Spec]:
    variants = {}
    for manager, kind, base in itertools.product(
        ("npm", "yarn", "pnpm"), ("web", "worker"), ("slim", "distroless")
    ):
        name = f"node-{manager}-{kind}-{base}"
        answers: dict[str, Any] = {
            "package_manager": manager,
            "app_kind": kind,
            "runtime_base": base,
            "node_version": _VERSIONS[base],
        }
        if kind == "web":
            answers["health_path"] = _HEALTH_PATHS[manager]
        variants[name] = _node(name, **answers)
    return variants


VARIANTS: dict[str, Spec] = _matrix()

VARIANTS.update(
    {
        # The build step: a full install and `<manager> run build` in the builder; the image gets its output.
        "node-npm-web-slim-build": _node(
            "node-npm-web-slim-build", health_path="/healthz", entrypoint="dist/server.js", node_build=True
        ),
        "node-pnpm-web-distroless-build": _node(
            "node-pnpm-web-distroless-build",
            package_manager="pnpm",
            runtime_base="distroless",
            node_version="24",
            entrypoint="dist/index.mjs",
            node_build=True,
        ),
        "node-yarn-worker-slim-build": _node(
            "node-yarn-worker-slim-build",
            package_manager="yarn",
            app_kind="worker",
            node_version="18",
            entrypoint="build/worker.cjs",
            node_build=True,
        ),
        # Next.js: next build's standalone server.js, and next start from the production node_modules.
        "node-npm-web-slim-next-standalone": _node(
            "node-npm-web-slim-next-standalone",
            health_path="/api/health",
            entrypoint=".next/standalone/server.js",
        ),
        "node-pnpm-web-distroless-next-standalone": _node(
            "node-pnpm-web-distroless-next-standalone",
            package_manager="pnpm",
            runtime_base="distroless",
            node_version="20",
            entrypoint=".next/standalone/server.js",
        ),
        "node-yarn-web-distroless-next-start": _node(
            "node-yarn-web-distroless-next-start",
            package_manager="yarn",
            runtime_base="distroless",
            health_path="/api/healthz",
            entrypoint="node_modules/next/dist/bin/next",
            kubernetes=True,
        ),
        "node-npm-web-slim-next-start": _node(
            "node-npm-web-slim-next-start", port=4000, entrypoint="node_modules/next/dist/bin/next"
        ),
        # A private registry: .npmrc mounted as a BuildKit secret for each install.
        "node-npm-web-slim-private": _node(
            "node-npm-web-slim-private", health_path="/healthz", private_index=True
        ),
        "node-pnpm-web-distroless-build-private": _node(
            "node-pnpm-web-distroless-build-private",
            package_manager="pnpm",
            runtime_base="distroless",
            entrypoint="dist/server.js",
            node_build=True,
            private_index=True,
        ),
        # CI files: the GitHub Actions workflow and Dependabot, with and without the registry secret.
        "node-npm-web-slim-ci": _node("node-npm-web-slim-ci", health_path="/healthz", ci="github"),
        "node-yarn-web-distroless-private-ci": _node(
            "node-yarn-web-distroless-private-ci",
            package_manager="yarn",
            runtime_base="distroless",
            private_index=True,
            ci="github",
        ),
        # An organisation's settings: both base images through a mirror, extra OCI labels.
        "node-npm-web-slim-org": _node(
            "node-npm-web-slim-org",
            health_path="/healthz",
            base_registry="registry.example.com/mirror/",
            extra_labels={"org.opencontainers.image.vendor": "Example Corp", "com.example.team": "payments"},
        ),
        "node-pnpm-worker-distroless-org": _node(
            "node-pnpm-worker-distroless-org",
            package_manager="pnpm",
            app_kind="worker",
            runtime_base="distroless",
            base_registry="registry.example.com:5000/",
        ),
    }
)
