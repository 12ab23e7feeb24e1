"""DF007 apt-recommends: apt installs without --no-install-recommends."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.check.dockerfile_syntax import Dockerfile
from generator.check.model import Hit, Rule
from generator.check.runs import run_commands, shipped_runs
from generator.check.shell import Command


def _check(dockerfile: Dockerfile) -> Iterator[Hit]:
    for run in shipped_runs(dockerfile):
        for command in run_commands(run):
            if _installs_recommends(command):
                yield Hit(
                    run.line,
                    f"{command.program} install without --no-install-recommends also installs every "
                    "recommended package",
                )
                break


def _installs_recommends(command: Command) -> bool:
    if command.program not in {"apt-get", "apt"} or command.subcommand() != "install":
        return False
    return not (
        command.has("--no-install-recommends")
        or any(re.search(r"Install-Recommends=(false|0)", word) for word in command.argv)
    )


BAD = """\
FROM debian:12-slim
RUN apt-get update && apt-get install -y ca-certificates && rm -rf /var/lib/apt/lists/*
"""
GOOD = """\
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates \\
    && rm -rf /var/lib/apt/lists/*
"""

RULE = Rule(
    id="DF007",
    name="apt-recommends",
    severity="info",
    target="dockerfile",
    title="apt installs without --no-install-recommends",
    why=(
        "apt also installs every package the requested ones merely recommend: often tens of MB the app "
        "never uses, each one more thing to patch."
    ),
    fix="Write `apt-get install -y --no-install-recommends <packages>`.",
    reported=(
        "`apt-get install` or `apt install` in a stage that ships, without `--no-install-recommends` or "
        "`-o APT::Install-Recommends=false`."
    ),
    related="hadolint DL3015; Trivy DS-0029",
    bad={"Dockerfile": BAD},
    good={"Dockerfile": GOOD},
    reads=Dockerfile,
    check=_check,
)
