"""Node.js: npm, Yarn 1 or pnpm; production node_modules from a frozen install, on node slim or distroless."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from generator.languages.model import Language, PackageManager


def _default_entrypoint(answers: Mapping[str, Any]) -> str:
    return "server.js" if answers.get("app_kind", "web") == "web" else "worker.js"


LANGUAGE = Language(
    name="node",
    manifests=("package.json",),
    package_managers=(
        PackageManager(
            "npm",
            {"package.json": "the npm project file", "package-lock.json": "run `npm install`"},
            locks=("package-lock.json", "npm-shrinkwrap.json"),
        ),
        PackageManager(
            "yarn",
            {"package.json": "the project file", "yarn.lock": "run `yarn install`"},
            locks=("yarn.lock",),
        ),
        PackageManager(
            "pnpm",
            {"package.json": "the project file", "pnpm-lock.yaml": "run `pnpm install`"},
            locks=("pnpm-lock.yaml",),
        ),
    ),
    runtime_bases=("slim", "distroless"),
    version_field="node_version",
    default_version="22",
    version_pattern=re.compile(r"1[89]|[2-9][0-9]"),
    version_form="must be a major version from 18, such as 22",
    default_port=3000,
    entrypoint_pattern=re.compile(r"[A-Za-z0-9_][A-Za-z0-9_./-]*\.(js|mjs|cjs)"),
    entrypoint_form="must be a relative path to a .js, .mjs or .cjs file, such as server.js",
    default_entrypoint=_default_entrypoint,
    distroless_versions=("18", "20", "22", "24"),
    private_index=True,
    own_answers=("node_build",),
)
