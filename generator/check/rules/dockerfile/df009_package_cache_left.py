"""DF009 package-cache-left: a pip, uv, npm or Yarn download cache is left in the image."""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.dockerfile_syntax import Dockerfile, env_pairs
from generator.check.model import Hit, Rule
from generator.check.packages import cache_left
from generator.check.runs import cache_mounts, run_commands


def _check(dockerfile: Dockerfile) -> Iterator[Hit]:
    env: dict[str, str] = dict(dockerfile.global_args)
    for stage in dockerfile.lineage(dockerfile.final):
        for instruction in stage.instructions:
            if instruction.keyword == "ENV":
                env.update(env_pairs(instruction))
            if instruction.keyword != "RUN":
                continue
            left = cache_left(run_commands(instruction), cache_mounts=cache_mounts(instruction), env=env)
            if left:
                yield Hit(
                    instruction.line,
                    f"{' and '.join(left)} install keeps its download cache in the image (no "
                    "no-cache option, cache clean-up or cache mount)",
                )


BAD = """\
FROM python:3.12-slim
COPY requirements.txt ./
RUN pip install -r requirements.txt
"""
GOOD = """\
FROM python:3.12-slim
COPY requirements.txt ./
RUN --mount=type=cache,target=/root/.cache/pip \\
    pip install -r requirements.txt
"""

RULE = Rule(
    id="DF009",
    name="package-cache-left",
    severity="info",
    target="dockerfile",
    title="a pip, uv, npm or Yarn download cache is left in the image",
    why=(
        "pip, uv, npm and Yarn keep a copy of every package they download (~/.cache/pip, ~/.cache/uv, "
        "~/.npm, /usr/local/share/.cache/yarn); in the image that copy is dead weight, often as big as the "
        "dependencies themselves."
    ),
    fix=(
        "Use `pip install --no-cache-dir`, `uv ... --no-cache`, `npm ci && npm cache clean --force` or "
        "`yarn install --frozen-lockfile && yarn cache clean`, or keep the cache out of the layer with "
        "`RUN --mount=type=cache,target=/root/.cache/pip`."
    ),
    reported=(
        "in a stage that ships, `pip install` (also `python -m pip` and pip by path) without "
        "`--no-cache-dir` or `PIP_NO_CACHE_DIR`; `uv sync` or `uv pip install` without `--no-cache` or "
        "`UV_NO_CACHE`; `npm install` or `npm ci` without `npm cache clean` in the same `RUN`; `yarn` or "
        "`yarn install` without `yarn cache clean` in the same `RUN`; in each case unless a cache or "
        "tmpfs mount covers the cache folder (for Yarn also the one `--cache-folder` or "
        "`YARN_CACHE_FOLDER` names) or the same `RUN` deletes it. pnpm is not reported: its store is "
        "hard-linked into node_modules, so it adds little to the layer."
    ),
    related="hadolint DL3042 (pip found by name only)",
    bad={"Dockerfile": BAD},
    good={"Dockerfile": GOOD},
    reads=Dockerfile,
    check=_check,
)
