"""DF015 download-piped-to-shell: a downloaded script is run without being checked."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.check.dockerfile_syntax import Dockerfile, Instruction
from generator.check.model import Hit, Rule
from generator.check.runs import run_pipelines, run_scripts
from generator.check.shell import Command, commands

_SHELLS = frozenset({"sh", "bash", "dash", "ash", "zsh", "ksh"})
_INTERPRETER = re.compile(r"^(python(\d+(\.\d+)?)?|perl|ruby|node|php)$")
# A shell or interpreter that runs a command or process substitution as its program:
# `sh -c "$(curl ...)"`, `bash <(curl ...)`, `eval "$(wget -qO- ...)"`, `. <(curl ...)`.
_SUBSTITUTED = re.compile(
    r"(?:^|[\s;&|(])(?P<runner>(?:[\w.-]*/)*(?:sh|bash|dash|ash|zsh|ksh|eval|source|\.|python[\d.]*|perl|ruby|node))"
    r"(?:\s+-[A-Za-z-]+)*\s+[\"']?(?:\$\(|<\(|`)(?P<inner>[^)`]*)"
)


def _check(dockerfile: Dockerfile) -> Iterator[Hit]:
    for stage in dockerfile.stages:
        for run in stage.of("RUN"):
            found = _piped(run) or _substituted(run)
            if found is not None:
                downloader, runner = found
                yield Hit(
                    run.line,
                    f"{downloader} output is run by {runner} unchecked: download to a file, verify its "
                    "sha256 (sha256sum -c), then run it",
                )


def _piped(run: Instruction) -> tuple[str, str] | None:
    """Find ``curl ... | sh``: a download to standard output piped into a program read from its input."""
    for pipeline in run_pipelines(run):
        # The last program that reads its code from the pipe, then a download anywhere before it.
        last = next((i for i in range(len(pipeline) - 1, 0, -1) if _reads_program_from_stdin(pipeline[i])), 0)
        downloader = next((command for command in pipeline[:last] if downloads_to_stdout(command)), None)
        if downloader is not None:
            return downloader.program, pipeline[last].program
    return None


def _substituted(run: Instruction) -> tuple[str, str] | None:
    """Find ``sh -c "$(curl ...)"`` and ``bash <(curl ...)``."""
    for script in run_scripts(run):
        for match in _SUBSTITUTED.finditer(script.replace("\\\n", " ")):
            inner = commands(match["inner"])
            if inner and downloads_to_stdout(inner[0]):
                return inner[0].program, match["runner"].rsplit("/", 1)[-1]
    return None


def downloads_to_stdout(command: Command) -> bool:
    """Tell whether a command is ``curl`` or ``wget`` writing what it downloads to standard output.

    ``curl`` does unless told ``-o FILE`` or ``-O``; ``wget`` only with ``-O -`` (``-qO-``).
    """
    if command.program == "curl":
        output = _option_value(command, short="o", long="--output")
        remote_name = any(
            word in {"--remote-name", "--remote-name-all"} or _short_cluster(word, "O") is not None
            for word in command.argv[1:]
        )
        return not remote_name and output in {None, "-"}
    if command.program == "wget":
        return _option_value(command, short="O", long="--output-document") == "-"
    return False


def _option_value(command: Command, *, short: str, long: str) -> str | None:
    """Return the value of an option given as ``-x VALUE``, ``-x VALUE`` in a cluster, or ``--long=VALUE``."""
    words = command.argv[1:]
    for index, word in enumerate(words):
        after = words[index + 1] if index + 1 < len(words) else ""
        if word == long:
            return after
        if word.startswith(long + "="):
            return word.partition("=")[2]
        attached = _short_cluster(word, short)
        if attached is not None:
            return attached or after
    return None


def _short_cluster(word: str, letter: str) -> str | None:
    """Return what follows ``letter`` in a cluster of short options (``-qO-`` has ``-`` after ``O``)."""
    if not word.startswith("-") or word.startswith("--") or letter not in word[1:]:
        return None
    return word[word.index(letter, 1) + 1 :]


def _reads_program_from_stdin(command: Command) -> bool:
    """Tell whether a shell or interpreter reads the program it runs from its standard input.

    It does with no script named, with ``-`` or (a shell) with ``-s``; not with ``-c`` (``-e`` for
    Perl, Ruby and Node, ``-m`` for Python) or a script file (``python3 -c 'import json; ...'``
    reads data from the pipe, not code).
    """
    shell = command.program in _SHELLS
    if not shell and not _INTERPRETER.match(command.program):
        return False
    for word in command.argv[1:]:
        if word in {"-", "-s"} or (
            shell and word.startswith("-") and not word.startswith("--") and "s" in word
        ):
            return True
        if word in {"-c", "-e", "-m"} or (shell and word.startswith("-") and "c" in word[1:]):
            return False
        if not word.startswith("-"):
            return False
    return True


BAD = """\
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl \\
    && rm -rf /var/lib/apt/lists/*
RUN curl -fsSL https://example.com/install.sh | sh
USER 10001:10001
CMD ["tool"]
"""
GOOD = """\
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl \\
    && rm -rf /var/lib/apt/lists/*
ARG INSTALL_SHA256=4f5a1b3c9e0d2a7b6c8d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b
RUN curl -fsSL -o /tmp/install.sh https://example.com/install.sh \\
    && echo "${INSTALL_SHA256}  /tmp/install.sh" | sha256sum -c - \\
    && sh /tmp/install.sh && rm /tmp/install.sh
USER 10001:10001
CMD ["tool"]
"""

RULE = Rule(
    id="DF015",
    name="download-piped-to-shell",
    severity="warning",
    target="dockerfile",
    title="a downloaded script is run without being checked",
    why=(
        "`curl ... | sh` runs whatever the server sends that day: a compromised or changed script goes "
        "into the image unnoticed, and a download cut short runs half a script."
    ),
    fix=(
        "Download to a file, check it against a known sha256 (`sha256sum -c`), then run it; or install the "
        "tool from a package manager or a pinned release with a checksum (`ADD --checksum=...`)."
    ),
    reported=(
        "a `RUN` in any stage (here-documents and `sh -c` scripts included) that pipes `curl` (without "
        "`-o FILE` or `-O`) or `wget -O -` into `sh`, `bash`, `dash`, `ash`, `zsh`, `ksh`, `python`, "
        "`perl`, `ruby`, `node` or `php` reading its program from the pipe (no script named, `-` or "
        "`-s`; `sudo` in front is seen through), or runs such a download as a substitution: "
        '`sh -c "$(curl ...)"`, `bash <(curl ...)`, `eval "$(wget -qO- ...)"`, `. <(curl ...)`. A pipe '
        "into a program given its code with `-c` (`python3 -c 'import json ...'`), into `tar`, `gpg` or "
        "`sha256sum`, and a download saved to a file are not reported. Once per `RUN`."
    ),
    related="none",
    bad={"Dockerfile": BAD},
    good={"Dockerfile": GOOD},
    reads=Dockerfile,
    check=_check,
)
