"""DF013 shell-form-command: CMD or ENTRYPOINT is in shell form."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from generator.check.dockerfile_syntax import Dockerfile, Instruction, Stage, env_pairs
from generator.check.fixing import Edit, exec_form, has_comment_lines, plain_words, single_quoted_array
from generator.check.model import Hit, Rule

_TINI = frozenset({"tini", "tini-static", "docker-init"})


def _check(dockerfile: Dockerfile) -> Iterator[Hit]:
    lineage = dockerfile.lineage(dockerfile.final)
    last_of: dict[str, Instruction | None] = {
        keyword: next((i for stage in reversed(lineage) for i in reversed(list(stage.of(keyword)))), None)
        for keyword in ("ENTRYPOINT", "CMD")
    }
    for keyword in ("ENTRYPOINT", "CMD"):
        last = last_of[keyword]
        if last is None or last.exec_form() is not None:
            continue
        entrypoint = last_of["ENTRYPOINT"]
        front = entrypoint.exec_form() if keyword == "CMD" and entrypoint is not None else None
        if front and _init_signals_group(front, _environment(lineage)):
            continue
        shown = last.args if len(last.args) <= 60 else last.args[:57] + "..."
        reason = (
            "is not a valid JSON array (double quotes only), so Docker runs it in shell form"
            if last.looks_like_json()
            else "is in shell form"
        )
        yield Hit(last.line, f"{keyword} {shown} {reason}: {_consequence(front)}")


def _consequence(entrypoint: list[str] | None) -> str:
    """Say who gets SIGTERM: /bin/sh as PID 1, or the exec-form ENTRYPOINT that runs /bin/sh -c."""
    if not entrypoint:
        return "/bin/sh is PID 1 and the app never gets SIGTERM"
    program = entrypoint[0].rsplit("/", 1)[-1]
    return f"{program} is PID 1 and passes SIGTERM to /bin/sh -c, which does not pass it on to the app"


def _init_signals_group(entrypoint: list[str], env: dict[str, str]) -> bool:
    """Tell whether an init ENTRYPOINT sends signals to the whole process group, the app included.

    dumb-init does so unless told ``--single-child`` (``-c``); tini (``docker-init`` is tini) only with
    ``-g`` or ``TINI_KILL_PROCESS_GROUP`` set.
    """
    program, options = entrypoint[0].rsplit("/", 1)[-1], _init_options(entrypoint[1:])
    if program == "dumb-init":
        return not ({"-c", "--single-child"} & options)
    if program in _TINI:
        return "-g" in options or bool(env.get("TINI_KILL_PROCESS_GROUP"))
    return False


def _init_options(words: list[str]) -> set[str]:
    """Return an init's options up to ``--`` or the command, single letters split (``-sg`` is ``-s -g``)."""
    found: set[str] = set()
    for word in words:
        if word == "--" or not word.startswith("-"):
            break
        if word.startswith("--"):
            found.add(word.partition("=")[0])
        else:
            found.update(f"-{letter}" for letter in word[1:])
    return found


def _environment(lineage: list[Stage]) -> dict[str, str]:
    env: dict[str, str] = {}
    for stage in lineage:
        for instruction in stage.of("ENV"):
            env.update(env_pairs(instruction))
    return env


def _fix(dockerfile: Dockerfile, hit: Hit, lines: Sequence[str]) -> Edit | None:
    """Write the reported CMD or ENTRYPOINT as a JSON array, when that changes nothing but PID 1.

    Only a plain word list is rewritten (no quotes, variables, globs, pipes, `&&` or redirections,
    which need the shell), or an array in single quotes. A shell-form ENTRYPOINT is left when the image
    has a CMD: in exec form the CMD would become its arguments.
    """
    found = [i for i in dockerfile.instructions if i.line == hit.line and i.keyword in {"CMD", "ENTRYPOINT"}]
    if not found or has_comment_lines(lines, found[0].line, found[0].last_line):
        return None
    instruction = found[0]
    if instruction.keyword == "ENTRYPOINT" and any(
        next(stage.of("CMD"), None) for stage in dockerfile.lineage(dockerfile.final)
    ):
        return None
    if instruction.looks_like_json():
        words = single_quoted_array(instruction.args)
    else:
        words = plain_words(instruction.args)
    written = re.match(r"^\s*\S+", lines[instruction.line - 1])
    if words is None or written is None:
        return None
    return Edit(instruction.line, instruction.last_line, (f"{written.group()} {exec_form(words)}",))


BAD = """\
FROM python:3.12-slim
CMD python app.py
"""
GOOD = """\
FROM python:3.12-slim
CMD ["python", "app.py"]
"""

RULE = Rule(
    id="DF013",
    name="shell-form-command",
    severity="warning",
    target="dockerfile",
    title="CMD or ENTRYPOINT is in shell form",
    why=(
        'The shell form runs `/bin/sh -c "..."`: the shell is PID 1 and does not pass SIGTERM on, so '
        "`docker stop` waits 10 s and kills the app with no clean shutdown (and an image without a "
        "shell cannot start it at all)."
    ),
    fix='Write it as a JSON array of strings: `CMD ["python", "app.py"]`.',
    reported=(
        "the `CMD` and the `ENTRYPOINT` the final image runs (the last of each in the final stage or the "
        "stages it is built `FROM`) when they are not a JSON array of strings. An array in single quotes "
        "is not JSON, and Docker runs it as a shell command; the message says so. A shell-form `CMD` under "
        "an exec-form `ENTRYPOINT` runs as `/bin/sh -c` under that program (the message names it), and "
        "is not reported under an init that signals the whole process group: `dumb-init` (not with "
        "`--single-child`), `tini -g` or `tini` with `TINI_KILL_PROCESS_GROUP` set."
    ),
    related="hadolint DL3025",
    bad={"Dockerfile": BAD},
    good={"Dockerfile": GOOD},
    reads=Dockerfile,
    check=_check,
    autofix=_fix,
)
