"""DF014 world-writable: a file or folder in the image is made writable by every user."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.check.dockerfile_syntax import Dockerfile
from generator.check.model import Hit, Rule
from generator.check.runs import run_pipelines, shipped_runs
from generator.check.shell import Command

_NUMERIC = re.compile(r"^[0-7]{1,5}$")
_CLAUSE = re.compile(r"^(?P<who>[ugoa]*)(?P<actions>([-+=][rwxXstugo]*)+)$")
# `-m 777`, `-m777`, `-pm 777`, `-Dm755`: the mode option of mkdir and install, alone or in a cluster.
_MODE_OPTION = re.compile(r"^-[A-Za-ln-z]*m(.*)$")
_ACTION = re.compile(r"([-+=])([rwxXstugo]*)")
# Options of xargs that take the next word as their value (the command comes after them).
_XARGS_VALUE_OPTIONS = frozenset({"-a", "-d", "-E", "-e", "-I", "-i", "-L", "-l", "-n", "-P", "-s"})


def _check(dockerfile: Dockerfile) -> Iterator[Hit]:
    lineage = dockerfile.lineage(dockerfile.final)
    for run in shipped_runs(dockerfile):
        for pipeline in run_pipelines(run):
            for command in pipeline:
                for shown, mode in _modes(command):
                    if world_writable(mode):
                        yield Hit(run.line, _message(shown))
    for stage in lineage:
        for instruction in stage.of("COPY", "ADD"):
            chmod = instruction.flag("chmod")
            if chmod and world_writable(chmod):
                yield Hit(instruction.line, _message(f"{instruction.keyword} --chmod={chmod}"))


def _message(shown: str) -> str:
    return (
        f"{shown} makes files writable by every user in the container: give them to the app's user "
        "(chown) and drop write for others (755 or 644)"
    )


def world_writable(mode: str) -> bool:
    """Tell whether a ``chmod`` mode gives others write permission, outside a sticky ``/tmp``-like folder.

    A numeric mode is world-writable when its last digit has the write bit (2, 3, 6, 7); a symbolic one
    when a clause for ``o`` or ``a`` adds or sets ``w``. A clause with no ``ugoa`` is left out: the
    umask (022 in a build) keeps others' write bit off. The sticky bit (``1777``, ``+t``) marks a shared
    folder such as ``/tmp``, where nobody can remove another user's files: that is not reported.
    """
    if _NUMERIC.match(mode):
        bits = int(mode, 8)
        return bool(bits & 0o002) and not bits & 0o1000
    writable = sticky = False
    for clause in mode.split(","):
        match = _CLAUSE.match(clause)
        if match is None:
            return False  # not a mode (a `--reference=` file, a variable): nothing known
        for operator, permissions in _ACTION.findall(match["actions"]):
            if operator == "-":
                continue
            sticky = sticky or "t" in permissions
            if "w" in permissions and ("o" in match["who"] or "a" in match["who"]):
                writable = True
    return writable and not sticky


def _modes(command: Command) -> Iterator[tuple[str, str]]:
    """Yield what a command sets modes with (as shown in the message) and each mode it sets.

    ``chmod MODE``, ``mkdir -m MODE``, ``install -m MODE``, and a ``chmod`` run by ``find -exec`` or
    ``xargs``.
    """
    words = list(command.argv)
    if command.program == "find":
        for index, word in enumerate(words):
            if word in {"-exec", "-execdir"} and index + 1 < len(words):
                yield from _modes(Command(tuple(_until_end(words[index + 1 :]))))
        return
    if command.program == "xargs":
        rest = words[1:]
        while rest and rest[0].startswith("-"):
            rest = rest[2:] if rest[0] in _XARGS_VALUE_OPTIONS else rest[1:]
        if rest:
            yield from _modes(Command((rest[0].rsplit("/", 1)[-1], *rest[1:])))
        return
    if command.program == "chmod":
        # Options come first; a mode that starts with `-` (`-w`) takes write away, so it is skipped too.
        mode = next((word for word in words[1:] if not word.startswith("-")), None)
        if mode is not None:
            yield _shown(words), mode
        return
    if command.program in {"mkdir", "install"}:
        for index, word in enumerate(words[1:], start=1):
            after = words[index + 1] if index + 1 < len(words) else ""
            if word.startswith("--mode"):
                value = word.partition("=")[2] if "=" in word else after
            elif match := _MODE_OPTION.match(word):
                value = match[1] or after
            else:
                continue
            if value:
                yield _shown(words), value


def _shown(words: list[str]) -> str:
    """The command as the message shows it, cut to 60 characters."""
    text = " ".join(words)
    return text if len(text) <= 60 else text[:57] + "..."


def _until_end(words: list[str]) -> list[str]:
    """The command ``find -exec`` runs: its words up to ``;`` or ``+``."""
    end = next((index for index, word in enumerate(words) if word in {";", "+", "\\;"}), len(words))
    return [words[0].rsplit("/", 1)[-1], *words[1:end]] if words else []


BAD = """\
FROM python:3.12-slim
COPY app/ /app/
RUN chmod -R 777 /app
USER 10001:10001
CMD ["python", "/app/main.py"]
"""
GOOD = """\
FROM python:3.12-slim
COPY app/ /app/
RUN mkdir -p /app/data && chown 10001:10001 /app/data
USER 10001:10001
CMD ["python", "/app/main.py"]
"""

RULE = Rule(
    id="DF014",
    name="world-writable",
    severity="warning",
    target="dockerfile",
    title="files in the image are made writable by every user",
    why=(
        "A world-writable file or folder can be changed by any process in the container, whatever user it "
        "runs as: code or config written there is what the app loads next."
    ),
    fix=(
        "Give the files to the user that must write them (`chown 10001:10001 /app/data`, "
        "`COPY --chown=...`) and keep others read-only (755 for folders, 644 for files)."
    ),
    reported=(
        "in the `RUN`s of the final stage and the stages it is built `FROM` (here-documents included), a "
        "`chmod`, `mkdir -m` or `install -m` (also run by `find -exec` or `xargs`) whose mode gives others "
        "write permission: a numeric mode whose last digit is 2, 3, 6 or 7 (`777`, `666`, `0777`), or a "
        "symbolic one that adds or sets `w` for `o` or `a` (`o+w`, `a+rwx`, `ugo=rwx`); also `COPY` or "
        "`ADD` with such a `--chmod`. The sticky bit (`1777`, `+t`) is the shared-folder mode of `/tmp` "
        "and is not reported, nor is a symbolic mode without `o` or `a` (`+w`), which the umask keeps "
        "from others."
    ),
    related="none",
    bad={"Dockerfile": BAD},
    good={"Dockerfile": GOOD},
    reads=Dockerfile,
    check=_check,
)
