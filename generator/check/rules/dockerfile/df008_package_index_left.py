"""DF008 package-index-left: the package index is left in the image."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from generator.check.dockerfile_syntax import Dockerfile, Instruction
from generator.check.fixing import Edit, append_command, escape_character, has_comment_lines, shell_run
from generator.check.model import Hit, Rule
from generator.check.runs import cache_mounts, run_commands, shipped_runs

_APT_LISTS = "/var/lib/apt/lists/*"
_APK_CACHE = "/var/cache/apk/*"


def _check(dockerfile: Dockerfile) -> Iterator[Hit]:
    for run in shipped_runs(dockerfile):
        left = _left(run)
        if left:
            yield Hit(run.line, f"{left[0][1]} leaves the package index in the layer")


def _left(run: Instruction) -> list[tuple[str, str]]:
    """Return each index a RUN leaves behind, as the folder that would remove it and what leaves it."""
    steps = run_commands(run)
    removed = [word for command in steps if command.program == "rm" for word in command.operands()]
    mounts = cache_mounts(run)
    left: dict[str, str] = {}
    for command in steps:
        if command.program in {"apt-get", "apt"} and command.subcommand() == "update":
            cleaned = any(path.startswith("/var/lib/apt") for path in [*removed, *mounts])
            message = f"{command.program} update without rm -rf {_APT_LISTS} in the same RUN"
            folder = _APT_LISTS
        elif command.program == "apk" and command.subcommand() in {"add", "update"}:
            cleaned = command.has("--no-cache") or any(
                path.startswith("/var/cache/apk") for path in [*removed, *mounts]
            )
            message = f"apk {command.subcommand()} without --no-cache"
            folder = _APK_CACHE
        else:
            continue
        if not cleaned:
            left.setdefault(folder, message)
    return list(left.items())


def _fix(dockerfile: Dockerfile, hit: Hit, lines: Sequence[str]) -> Edit | None:
    """End the RUN with `&& rm -rf` of the package index it leaves, on a continuation line of its own."""
    run = shell_run(dockerfile, hit.line)
    if run is None or has_comment_lines(lines, run.line, run.last_line):
        return None
    folders = " ".join(folder for folder, _ in _left(run))
    if not folders:
        return None
    return append_command(lines, run, f"rm -rf {folders}", escape=escape_character(lines))


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
    autofix=_fix,
)
