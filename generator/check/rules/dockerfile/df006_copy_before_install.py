"""DF006 copy-before-install: the whole build context is copied before the dependency install."""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.dockerfile_syntax import Dockerfile, Instruction
from generator.check.model import Hit, Rule
from generator.check.packages import installer
from generator.check.runs import run_commands

_WHOLE_CONTEXT = frozenset({".", "./", "*", "./*"})


def _check(dockerfile: Dockerfile) -> Iterator[Hit]:
    for stage in dockerfile.stages:
        whole_copy: Instruction | None = None
        for instruction in stage.instructions:
            if (
                whole_copy is None
                and instruction.copies_from_context()
                and _WHOLE_CONTEXT.intersection(instruction.sources())
            ):
                whole_copy = instruction
            elif instruction.keyword == "RUN":
                tools = [installer(command, dependencies_only=True) for command in run_commands(instruction)]
                tool = next((tool for tool in tools if tool), None)
                if tool is None:
                    continue
                if whole_copy is not None:
                    yield Hit(
                        whole_copy.line,
                        f"{whole_copy.keyword} {whole_copy.args} comes before the {tool} install on line "
                        f"{instruction.line}: every code change reinstalls the dependencies",
                    )
                break  # the dependencies were installed before the source arrived


BAD = """\
FROM python:3.12-slim
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir -r requirements.txt
"""
GOOD = """\
FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
"""

RULE = Rule(
    id="DF006",
    name="copy-before-install",
    severity="info",
    target="dockerfile",
    title="the whole build context is copied before the dependency install",
    why=(
        "Docker reuses a cached layer only if nothing before it changed: with all the source copied "
        "first, every code edit reinstalls every dependency."
    ),
    fix=(
        "Copy the dependency manifests first (`COPY requirements.txt ./`), install, and only then `COPY . .`."
    ),
    reported=(
        "in any stage, a `COPY` or `ADD` of `.` (or `*`) from the build context followed by a dependency "
        "install (`pip install`, `uv sync`, `npm ci`, `go mod download`, ...) with no dependency install "
        "before it. An install of packaging tools only (`pip install --upgrade pip`, `npm install -g "
        "pnpm`, `cargo install NAME`) does not count. Cargo has no install-only step: `cargo build` "
        "compiles the dependencies with the app, so it counts unless `cargo fetch` or a build of the "
        "manifests alone (a placeholder `src/main.rs`, or cargo-chef's `cargo chef cook`) came before the "
        "source. Maven and Gradle (`mvn`, `gradle`, or the wrappers `./mvnw`, `sh ./gradlew`) fetch "
        "dependencies for any build: a Maven phase from `compile` on or a `dependency:` goal counts, and "
        "so does any Gradle task but `help`, `tasks`, `wrapper`, `init`, `projects` and `properties`; "
        "`dependency:go-offline` or `gradle dependencies` on the build files alone, before the source, is "
        "the install step."
    ),
    related="none",
    bad={"Dockerfile": BAD},
    good={"Dockerfile": GOOD},
    reads=Dockerfile,
    check=_check,
)
