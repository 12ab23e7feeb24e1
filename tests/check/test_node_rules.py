"""Dockerfile rules on Node.js builds: npm, Yarn and pnpm installs, the tools that run them, and caches."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.check.dockerfile import check_dockerfile
from generator.check.dockerfile_syntax import parse_dockerfile

# A final stage that breaks no rule, to append to cases that test one thing.
GOOD_TAIL = 'USER 10001\nHEALTHCHECK CMD ["node", "-e", "0"]\nCMD ["node", "server.js"]\n'
# A runtime stage after a build stage: the build stage's installs are then no single-stage build (DF005).
RUNTIME = "FROM node:22-bookworm-slim\nCOPY --from=builder /app /app\n" + GOOD_TAIL
TOOLS = "RUN --mount=type=cache,target=/root/.npm npm install --global --prefix /opt/tools pnpm@10.34.9\n"


def _rules(text: str) -> list[tuple[int, str]]:
    findings = check_dockerfile(parse_dockerfile(text, path=Path("Dockerfile")))
    return sorted((finding.line, finding.rule.id) for finding in findings)


@pytest.mark.parametrize(
    "install",
    [
        "npm ci --omit=dev",
        "yarn install --frozen-lockfile --production",
        "yarn --frozen-lockfile",
        "pnpm install --frozen-lockfile --prod",
        "/opt/tools/bin/pnpm install --frozen-lockfile",
    ],
)
def test_installing_from_the_manifests_before_the_source_is_right(install: str) -> None:
    # The manifests (a glob for an optional one) first, then the install, the source and the build.
    text = (
        "FROM node:22-bookworm-slim AS builder\n"
        + TOOLS
        + "COPY package.json pnpm-lock.yaml pnpm-workspace.yam[l] ./\n"
        f"RUN --mount=type=cache,target=/root/.cache {install}\n"
        "COPY . .\nRUN npm run build\n"
    )
    assert _rules(text + RUNTIME) == []


@pytest.mark.parametrize(
    "install",
    [
        "npm ci",
        "npm install",
        "yarn install --frozen-lockfile",
        "yarn",
        "pnpm install --frozen-lockfile",
        "pnpm i",
    ],
)
def test_installing_after_the_source_is_reported_at_the_copy(install: str) -> None:
    # The global tool install before the source is not the app's install: the one after it is.
    text = (
        "FROM node:22-bookworm-slim AS builder\n"
        + TOOLS
        + f"COPY . .\nRUN --mount=type=cache,target=/root/.cache {install}\n"
    )
    assert _rules(text + RUNTIME) == [(3, "DF006")]


def test_running_the_build_script_is_not_an_install() -> None:
    text = (
        "FROM node:22-bookworm-slim AS builder\nCOPY . .\n"
        "RUN npm run build && yarn run build && pnpm run build\n"
    )
    assert _rules(text + RUNTIME) == []


@pytest.mark.parametrize(
    "run",
    [
        "RUN yarn install --frozen-lockfile && yarn cache clean",
        "RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install --frozen-lockfile",
        "RUN --mount=type=cache,target=/root/.cache/yarn yarn install --cache-folder /root/.cache/yarn",
        "RUN --mount=type=cache,target=/var/cache/js yarn install --cache-folder /var/cache/js/v6",
        "RUN --mount=type=cache,target=/var/cache/js yarn install --cache-folder=/var/cache/js",
        "ENV YARN_CACHE_FOLDER=/var/cache/js\nRUN --mount=type=cache,target=/var/cache/js yarn",
        "RUN yarn install --cache-folder /var/cache/js && rm -rf /var/cache/js",
        # pnpm's store is hard-linked into node_modules: not a second copy.
        "RUN pnpm install --frozen-lockfile --prod",
    ],
)
def test_no_yarn_cache_left_behind(run: str) -> None:
    # The install is in the final stage (a single-stage build, DF005): its layers ship.
    text = f"FROM node:22-bookworm-slim\nCOPY package.json yarn.lock ./\n{run}\n"
    assert "DF009" not in {rule for _, rule in _rules(text + GOOD_TAIL)}


@pytest.mark.parametrize(
    "run",
    [
        "RUN yarn install --frozen-lockfile --production",
        "RUN yarn",
        "RUN --mount=type=cache,target=/var/cache/js yarn install --cache-folder /var/cache/jsx",
        "RUN --mount=type=secret,id=npmrc,target=/root/.npmrc yarn install --frozen-lockfile",
    ],
)
def test_yarn_cache_left_behind(run: str) -> None:
    text = f"FROM node:22-bookworm-slim\nCOPY package.json yarn.lock ./\n{run}\n"
    assert _rules(text + GOOD_TAIL) == [(3, "DF005"), (3, "DF009")]


def test_a_yarn_cache_in_a_build_stage_does_not_ship() -> None:
    text = (
        "FROM node:22-bookworm-slim AS builder\nCOPY package.json yarn.lock ./\n"
        "RUN yarn install --frozen-lockfile --production\n"
        "FROM gcr.io/distroless/nodejs22-debian12:nonroot\n"
        "COPY --from=builder /node_modules /app/node_modules\n"
    )
    assert _rules(text + GOOD_TAIL) == []
