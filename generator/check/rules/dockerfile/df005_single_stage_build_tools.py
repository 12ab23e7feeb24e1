"""DF005 single-stage-build-tools: a single-stage build ships its build tools."""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.dockerfile_syntax import Dockerfile
from generator.check.model import Hit, Rule
from generator.check.packages import installer, kept_build_packages
from generator.check.runs import run_commands


def _check(dockerfile: Dockerfile) -> Iterator[Hit]:
    if len(dockerfile.stages) != 1:
        return
    for run in dockerfile.final.of("RUN"):
        commands = run_commands(run)
        for command, packages in zip(commands, kept_build_packages(commands), strict=True):
            tool = installer(command)
            if packages or tool:
                what = ", ".join(packages) if packages else f"packages with {tool}"
                yield Hit(
                    run.line,
                    f"single-stage build installs {what}: the tools stay in the image that runs",
                )
                return


BAD = """\
FROM python:3.12-slim
RUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev \\
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt
"""
GOOD = """\
FROM python:3.12-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev \\
    && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/venv
COPY requirements.txt ./
RUN /opt/venv/bin/pip install --no-cache-dir -r requirements.txt

FROM python:3.12-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 \\
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /opt/venv /opt/venv
"""

RULE = Rule(
    id="DF005",
    name="single-stage-build-tools",
    severity="warning",
    target="dockerfile",
    title="a single-stage build ships its build tools",
    why=(
        "With one stage, everything used to build (compilers, -dev headers, pip or npm and what they "
        "downloaded) stays in the image that runs: bigger, and tools for an attacker to use."
    ),
    fix=(
        "Install and compile in a build stage (`FROM ... AS build`), then start a slim final stage and "
        "`COPY --from=build` only the result (a virtualenv, node_modules, a binary)."
    ),
    reported=(
        "a Dockerfile with one stage whose `RUN` installs compilers, headers or other build tools (`gcc`, "
        "`g++`, `make`, `build-essential`, `build-base`, `*-dev`, `*-devel`, `git`, `cargo`, ... with apt, "
        "apk, yum or dnf), or installs "
        "packages with pip, uv, Poetry, Pipenv, npm, yarn, pnpm, Bundler, Composer, `go mod download`, "
        "Cargo (`cargo fetch`, `cargo build`, `cargo install`), Maven or Gradle (a build, through the "
        "wrapper or not). Reported once, at the first such `RUN`. Build packages the same `RUN` removes "
        "again (`apt-get purge` or `remove`, `apk del`, also of an `apk add --virtual` group, `yum` or "
        "`dnf remove`) do not count."
    ),
    related="none",
    bad={"Dockerfile": BAD},
    good={"Dockerfile": GOOD},
    reads=Dockerfile,
    check=_check,
)
