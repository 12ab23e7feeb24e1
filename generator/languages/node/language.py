"""Node.js's facts for the registry: its package managers, versions, defaults and entrypoint form.

Kept apart from the package's constants so that ``scaffold check``, which reads only ``check.py``, never
loads the answer expressions these facts are built from.
"""

from __future__ import annotations

import re

from generator.languages.model import Language, PackageManager, Secret
from generator.languages.node import NEXT_STANDALONE, NEXT_START
from generator.spec.expr import Const, If, Var, eq

#: npm, Yarn 1 and pnpm all read the registry and its token from .npmrc.
_NPMRC = Secret("npmrc", ".npmrc", "/root/.npmrc")

LANGUAGE = Language(
    name="node",
    label="node (Node.js)",
    manifests=("package.json",),
    package_managers=(
        PackageManager(
            "npm",
            {"package.json": "the npm project file", "package-lock.json": "run `npm install`"},
            locks=("package-lock.json", "npm-shrinkwrap.json"),
            secret=_NPMRC,
        ),
        PackageManager(
            "yarn",
            {"package.json": "the project file", "yarn.lock": "run `yarn install`"},
            locks=("yarn.lock",),
            secret=_NPMRC,
        ),
        PackageManager(
            "pnpm",
            {"package.json": "the project file", "pnpm-lock.yaml": "run `pnpm install`"},
            locks=("pnpm-lock.yaml",),
            secret=_NPMRC,
        ),
    ),
    runtime_bases={
        "slim": "slim (node:<version>-bookworm-slim, has a shell)",
        "distroless": "distroless (no shell, no package manager; Node {versions})",
    },
    version_field="node_version",
    version_help="Node.js major version",
    default_version="22",
    version_pattern=re.compile(r"1[89]|[2-9][0-9]"),
    version_form="must be a major version from 18, such as 22",
    default_port=3000,
    entrypoint_pattern=re.compile(
        rf"[A-Za-z0-9_][A-Za-z0-9_./-]*\.(js|mjs|cjs)|{re.escape(NEXT_STANDALONE)}|{re.escape(NEXT_START)}"
    ),
    entrypoint_form=(
        "must be a relative path to a .js, .mjs or .cjs file, such as server.js, or a Next.js server: "
        f"{NEXT_STANDALONE} (output: 'standalone') or {NEXT_START} (next start)"
    ),
    entrypoint_help="Entrypoint: the file node runs (server.js, dist/index.js)",
    default_entrypoint=If(eq(Var("app_kind"), "web"), Const("server.js"), Const("worker.js")),
    distroless_versions=("18", "20", "22", "24"),
    own_answers=("node_build",),
)
