"""DF008 package-index-left: the package index is left in the image."""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.dockerfile_syntax import Dockerfile
from generator.check.model import Hit, Rule
from generator.check.runs import cache_mounts, run_commands, shipped_runs


def _check(dockerfile: Dockerfile) -> Iterator[Hit]:
    for run in shipped_runs(dockerfile):
        steps = run_commands(run)
        removed = [word for command in steps if command.program == "rm" for word in command.operands()]
        mounts = cache_mounts(run)
        for command in steps:
            if command.program in {"apt-get", "apt"} and command.subcommand() == "update":
                cleaned = any(path.startswith("/var/lib/apt") for path in [*removed, *mounts])
                message = f"{command.program} update without rm -rf /var/lib/apt/lists/* in the same RUN"
            elif command.program == "apk" and command.subcommand() in {"add", "update"}:
                cleaned = command.has("--no-cache") or any(
                    path.startswith("/var/cache/apk") for path in [*removed, *mounts]
                )
                message = f"apk {command.subcommand()} without --no-cache"
            else:
                continue
            if not cleaned:
                yield Hit(
                    run.line,
                    f"{message} leaves the package index in the layer",
                )
                break


BAD = """\
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates
"""
GOOD = """\
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates \\
    && rm -rf /var/lib/apt/lists/*
"""

RULE = Rule(
    id="DF008",
    name="package-index-left",
    severity="info",
    target="dockerfile",
    title="the package index is left in the image",
    why=(
        "`apt-get update` (or apk without --no-cache) downloads package lists into the layer; a later "
        "RUN that deletes them cannot shrink the earlier layer, so they ship."
    ),
    fix=(
        "End the same RUN with `&& rm -rf /var/lib/apt/lists/*` (apk: `apk add --no-cache`), or mount a "
        "BuildKit cache on the index folder."
    ),
    reported=(
        "in a stage that ships, a `RUN` with `apt-get update` (or `apt update`) that does not remove "
        "`/var/lib/apt/lists` and has no cache mount there, or an `apk add` / `apk update` without "
        "`--no-cache` that does not remove `/var/cache/apk`."
    ),
    related="hadolint DL3009, DL3019",
    bad={"Dockerfile": BAD},
    good={"Dockerfile": GOOD},
    reads=Dockerfile,
    check=_check,
)
