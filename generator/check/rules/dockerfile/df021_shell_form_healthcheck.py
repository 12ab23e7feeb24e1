"""DF021 shell-form-healthcheck: the HEALTHCHECK is in shell form."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from generator.check.dockerfile_syntax import Dockerfile, Instruction
from generator.check.fixing import Edit, exec_form, has_comment_lines, plain_words, single_quoted_array
from generator.check.images import without_shell
from generator.check.model import Hit, Rule

# `CMD` and what follows it in a HEALTHCHECK's arguments (its options are flags, read apart).
_CMD = re.compile(r"^\s*(?P<cmd>cmd)\s+(?P<command>.*)$", re.IGNORECASE | re.DOTALL)


def _check(dockerfile: Dockerfile) -> Iterator[Hit]:
    lineage = dockerfile.lineage(dockerfile.final)
    checks = [instruction for stage in lineage for instruction in stage.of("HEALTHCHECK")]
    if not checks:
        return
    last = checks[-1]
    command = _command(last)
    if command is None or _exec_form(command) is not None:
        return
    shown = command if len(command) <= 60 else command[:57] + "..."
    reason = (
        "is not a valid JSON array (double quotes only), so Docker runs it in shell form"
        if command.lstrip().startswith("[")
        else "is in shell form"
    )
    base = lineage[0].image
    if without_shell(base):
        consequence = f"{base} has no /bin/sh, so the probe never runs and the container never turns healthy"
    else:
        consequence = "each probe starts /bin/sh -c to run it"
    yield Hit(last.line, f"HEALTHCHECK CMD {shown} {reason}: {consequence}")


def _command(healthcheck: Instruction) -> str | None:
    """Return what a ``HEALTHCHECK CMD`` runs, as written; None for ``HEALTHCHECK NONE`` or no command."""
    found = _CMD.match(healthcheck.args)
    if found is None or not found.group("command").strip():
        return None
    return found.group("command").strip()


def _exec_form(command: str) -> list[str] | None:
    """Return the command as an exec-form array, or None when Docker runs it in shell form."""
    return Instruction("CMD", 0, (), command).exec_form()


def _fix(dockerfile: Dockerfile, hit: Hit, lines: Sequence[str]) -> Edit | None:
    """Write the reported HEALTHCHECK's command as a JSON array, keeping its options.

    Only a plain word list is rewritten (no quotes, variables, globs, pipes, `||`, `&&` or redirections,
    which need the shell), or an array in single quotes; the instruction becomes one line.
    """
    found = [i for i in dockerfile.instructions if i.line == hit.line and i.keyword == "HEALTHCHECK"]
    if not found or has_comment_lines(lines, found[0].line, found[0].last_line):
        return None
    instruction = found[0]
    written = _CMD.match(instruction.args)
    keyword = re.match(r"^\s*\S+", lines[instruction.line - 1])
    if written is None or keyword is None:
        return None
    command = written.group("command").strip()
    words = single_quoted_array(command) if command.startswith("[") else plain_words(command)
    if words is None:
        return None
    options = [f"--{name}={value}" if value else f"--{name}" for name, value in instruction.flags]
    parts = [keyword.group(), *options, written.group("cmd"), exec_form(words)]
    return Edit(instruction.line, instruction.last_line, (" ".join(parts),))


BAD = """\
FROM nginx:1.27-alpine
HEALTHCHECK --interval=30s --timeout=5s CMD wget -q --spider http://127.0.0.1/
"""
GOOD = """\
FROM nginx:1.27-alpine
HEALTHCHECK --interval=30s --timeout=5s CMD ["wget", "-q", "--spider", "http://127.0.0.1/"]
"""

RULE = Rule(
    id="DF021",
    name="shell-form-healthcheck",
    severity="info",
    target="dockerfile",
    title="the HEALTHCHECK is in shell form",
    why=(
        "The shell form runs `/bin/sh -c` for every probe, one more process each time; in an image with "
        "no shell (`scratch`, distroless) the probe can never run, so the container never turns healthy."
    ),
    fix=(
        'Write the command as a JSON array of strings: `HEALTHCHECK --interval=30s CMD ["curl", "-f", '
        '"http://127.0.0.1/"]` (curl fails on an error status by itself, no `|| exit 1` needed).'
    ),
    reported=(
        "the `HEALTHCHECK` the shipped image runs (the last in the shipped stage or the stages it is built "
        "`FROM`, as DF002 reads it) when its `CMD` is not a JSON array of strings; an array in single "
        "quotes is not JSON and the message says so. `HEALTHCHECK NONE` is not reported (DF002 reports it "
        'in a service image), nor an exec-form probe that runs a shell itself (`CMD ["sh", "-c", '
        '"..."]`). The severity is `info`, for the shell process each probe starts; when the shipped '
        "image is built on one known to have no `/bin/sh` (`scratch`, a `gcr.io/distroless` image other "
        "than a `debug` tag) the message says the probe can never run, which is a broken health check "
        "whatever the severity (a shell copied into such an image is not looked for)."
    ),
    related="none",
    bad={"Dockerfile": BAD},
    good={"Dockerfile": GOOD},
    reads=Dockerfile,
    check=_check,
    autofix=_fix,
)
