"""DF007 apt-recommends: apt installs without --no-install-recommends."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from generator.check.dockerfile_syntax import Dockerfile
from generator.check.fixing import Edit, has_comment_lines, shell_run
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


# `apt-get install` or `apt install` (options before `install` allowed: `apt-get -y install`) and the
# options right after it that take no separate value (`-y`, `-qq`, `--yes`), after which the new one goes.
_INSTALL = re.compile(
    r"(?<![\w./-])(?:apt-get|apt)(?:\s+-[\w=.:-]+)*\s+install(?![\w-])(?:[ \t]+-(?!o(?:\s|$))[\w=.:-]+)*"
)
# Where one command ends: `&&`, `||`, `;`, `|`, `&` or the end of the instruction.
_COMMAND_END = re.compile(r"&&|\|\||[;|&]")


def _fix(dockerfile: Dockerfile, hit: Hit, lines: Sequence[str]) -> Edit | None:
    """Add `--no-install-recommends` right after `install` in each apt install of the RUN that lacks it.

    The RUN's lines keep their layout: only the option is inserted. A RUN in exec form, with a
    here-document or with a comment line inside it is left alone.
    """
    run = shell_run(dockerfile, hit.line)
    if run is None or has_comment_lines(lines, run.line, run.last_line):
        return None
    text = "\n".join(lines[run.line - 1 : run.last_line])
    pieces: list[str] = []
    done = 0
    for match in _INSTALL.finditer(text):
        end = _COMMAND_END.search(text, match.end())
        command = text[match.start() : end.start() if end else len(text)]
        if "--no-install-recommends" in command or "Install-Recommends" in command:
            continue
        pieces += [text[done : match.end()], " --no-install-recommends"]
        done = match.end()
    if not pieces:
        return None
    return Edit(run.line, run.last_line, tuple("".join([*pieces, text[done:]]).split("\n")))


BAD = """\
FROM debian:12-slim
RUN apt-get update && apt-get install -y ca-certificates \\
    && rm -rf /var/lib/apt/lists/*
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
    autofix=_fix,
)
