"""DF017 build-tools-in-final-stage: a multi-stage build installs build tools in the image it ships."""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.dockerfile_syntax import Dockerfile
from generator.check.model import Hit, Rule
from generator.check.packages import kept_build_packages
from generator.check.runs import run_commands, shipped_runs


def _check(dockerfile: Dockerfile) -> Iterator[Hit]:
    if len(dockerfile.stages) == 1:
        return  # DF005 is about single-stage builds
    for run in shipped_runs(dockerfile):
        kept = [name for packages in kept_build_packages(run_commands(run)) for name in packages]
        if kept:
            yield Hit(
                run.line,
                f"the shipped image keeps {', '.join(dict.fromkeys(kept))}: install build tools in the build "
                "stage only, or remove them in the same RUN",
            )


BAD = """\
FROM python:3.12-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev \\
    && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/venv
COPY requirements.txt ./
RUN /opt/venv/bin/pip install --no-cache-dir -r requirements.txt

FROM python:3.12-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev \\
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /opt/venv /opt/venv
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
    id="DF017",
    name="build-tools-in-final-stage",
    severity="warning",
    target="dockerfile",
    title="a multi-stage build installs build tools in the image it ships",
    why=(
        "The build stage exists to keep compilers, headers and source tools out of the image that runs; "
        "installed in the final stage, they ship anyway: a bigger image, and tools for an attacker to use."
    ),
    fix=(
        "Install build tools in the build stage and `COPY --from=build` only the result; the final stage "
        "installs the runtime libraries alone (`libpq5`, not `libpq-dev`)."
    ),
    reported=(
        "in a Dockerfile with more than one stage, each `RUN` of the final stage or a stage it is built "
        "`FROM` that installs compilers, headers or other build tools (`gcc`, `g++`, `make`, "
        "`build-essential`, `build-base`, `*-dev`, `*-devel`, `git`, `cargo`, ... with apt, apk, yum or "
        "dnf) and does not remove them again in the same `RUN` (`apt-get purge`, `apk del`, also of an "
        "`apk add --virtual` group). Build stages that are only copied from are not reported; a "
        "single-stage build is DF005's."
    ),
    related="none",
    bad={"Dockerfile": BAD},
    good={"Dockerfile": GOOD},
    reads=Dockerfile,
    check=_check,
)
