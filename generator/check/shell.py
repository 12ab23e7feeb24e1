"""Read the shell commands of a ``RUN``: which programs run, with which arguments.

This is not a shell parser; it splits a script into simple commands on ``&&``, ``||``, ``;``, ``|``
and newlines, and reads each one's words, which is what the rules need to recognise package manager
calls (``apt-get install``, ``pip install``, ``npm ci``) and clean-ups (``rm -rf /var/lib/apt/lists/*``).
:func:`pipelines` keeps the commands a ``|`` joins together (``curl ... | sh``).
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

# Programs that run the rest of the line as a command of their own.
_WRAPPERS = frozenset({"sudo", "env", "exec", "command", "time", "nice", "nohup"})
_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
_PYTHON = re.compile(r"^python(\d+(\.\d+)?)?$")
# Shells: `sh ./mvnw package` runs the script ./mvnw, so the script is the program.
_SCRIPT_RUNNERS = frozenset({"sh", "bash", "dash"})
_OPERATOR = re.compile(r"^[;&|()]+$")
# `|` and `|&` join two commands into a pipeline (after a subshell, `(...)|`); `||` and the rest do not.
_PIPE = re.compile(r"^\)*\|&?$")
_MAVEN_VALUE_OPTIONS = frozenset(
    {
        "-f",
        "-s",
        "-gs",
        "-pl",
        "-P",
        "-T",
        "-rf",
        "-l",
        "-t",
        "-b",
        "--file",
        "--settings",
        "--global-settings",
        "--projects",
        "--activate-profiles",
        "--threads",
        "--resume-from",
        "--log-file",
        "--toolchains",
        "--builder",
    }
)
_GRADLE_VALUE_OPTIONS = frozenset(
    {
        "-x",
        "-p",
        "-g",
        "-c",
        "-b",
        "-I",
        "--exclude-task",
        "--project-dir",
        "--gradle-user-home",
        "--settings-file",
        "--build-file",
        "--init-script",
        "--console",
        "--warning-mode",
    }
)
# Options that take the next word as their value, for the programs the rules read; that word is not an
# operand (`apt-get -o Acquire::Retries=3 install curl` installs curl, not "Acquire::Retries=3").
_VALUE_OPTIONS = {
    "apt-get": frozenset({"-o", "-c", "-t", "--option", "--config-file", "--target-release"}),
    "apt": frozenset({"-o", "-c", "-t", "--option", "--config-file", "--target-release"}),
    "pip": frozenset(
        {
            "-r",
            "-c",
            "-e",
            "-t",
            "-i",
            "-f",
            "--requirement",
            "--constraint",
            "--editable",
            "--target",
            "--index-url",
            "--extra-index-url",
            "--find-links",
            "--prefix",
            "--root",
            # pip 22.3+: install into another interpreter's environment (`pip --python /opt/venv/bin/python`).
            "--python",
        }
    ),
    "mvn": _MAVEN_VALUE_OPTIONS,
    "mvnw": _MAVEN_VALUE_OPTIONS,
    "gradle": _GRADLE_VALUE_OPTIONS,
    "gradlew": _GRADLE_VALUE_OPTIONS,
    "cargo": frozenset(
        {
            "-p",
            "-j",
            "-F",
            "--package",
            "--bin",
            "--example",
            "--features",
            "--target",
            "--target-dir",
            "--manifest-path",
            "--profile",
            "--jobs",
            "--path",
            "--root",
            "--config",
            "--color",
        }
    ),
}


@dataclass(frozen=True)
class Command:
    """One simple command.

    Attributes:
        argv: The program (its base name, ``/opt/venv/bin/pip`` becomes ``pip``) and its arguments.
        env: Variables assigned in front of it (``PIP_NO_CACHE_DIR=1 pip install ...``).

    """

    argv: tuple[str, ...]
    env: tuple[str, ...] = ()

    @property
    def program(self) -> str:
        """The program's base name."""
        return self.argv[0]

    def operands(self) -> list[str]:
        """Return the arguments that are neither options nor the values of options."""
        takes_value = _VALUE_OPTIONS.get(self.program, frozenset())
        operands: list[str] = []
        skip = False
        for word in self.argv[1:]:
            if skip:
                skip = False
            elif word.startswith("-"):
                skip = word in takes_value
            else:
                operands.append(word)
        return operands

    def has(self, *options: str) -> bool:
        """Tell whether any of ``options`` is among the arguments (``--opt`` or ``--opt=value``)."""
        return any(
            word == option or word.startswith(option + "=") for word in self.argv for option in options
        )

    def subcommand(self) -> str | None:
        """Return the first argument that is not an option (``install`` in ``pip -q install x``)."""
        operands = self.operands()
        return operands[0] if operands else None


def commands(script: str) -> list[Command]:
    """Split a shell script (a ``RUN`` line or a here-document body) into simple commands.

    Args:
        script: The shell text.

    Returns:
        The simple commands in order, with ``python -m pip`` read as ``pip`` and wrappers such as
        ``sudo`` removed.

    """
    found: list[Command] = []
    # The shell ends a command at a newline only, not at the other breaks str.splitlines knows.
    for line in script.replace("\\\n", " ").split("\n"):
        current: list[str] = []
        for token in _tokens(line):
            if _OPERATOR.match(token):
                found.extend(_command(current))
                current = []
            else:
                current.append(token)
        found.extend(_command(current))
    return found


def pipelines(script: str) -> list[list[Command]]:
    """Split a shell script into pipelines: the simple commands that ``|`` joins, in order.

    Args:
        script: The shell text.

    Returns:
        Each pipeline's commands (read as :func:`commands` reads them); a command alone is a pipeline
        of one.

    """
    found: list[list[Command]] = []
    for line in script.replace("\\\n", " ").split("\n"):
        pipeline: list[Command] = []
        current: list[str] = []
        for token in _tokens(line):
            if not _OPERATOR.match(token):
                current.append(token)
                continue
            pipeline.extend(_command(current))
            current = []
            # A subshell's end does not end its pipeline: `(cat log) | tee out` pipes the subshell.
            if not _PIPE.match(token) and token.strip(")"):
                if pipeline:
                    found.append(pipeline)
                pipeline = []
        pipeline.extend(_command(current))
        if pipeline:
            found.append(pipeline)
    return found


def exec_command(argv: list[str]) -> list[Command]:
    """Read an exec-form ``RUN ["pip", "install", "x"]`` as one command."""
    return _command(list(argv))


def _tokens(line: str) -> list[str]:
    lexer = shlex.shlex(line, posix=True, punctuation_chars=";&|()")
    lexer.whitespace_split = True
    try:
        return list(lexer)
    except ValueError:
        # Unbalanced quotes: words are still good enough to recognise a program and its options.
        return line.split()


def _command(words: list[str]) -> list[Command]:
    env: list[str] = []
    while words and _ASSIGNMENT.match(words[0]):
        env.append(words.pop(0))
    while words and words[0].rsplit("/", 1)[-1] in _WRAPPERS:
        words.pop(0)
        while words and (words[0].startswith("-") or _ASSIGNMENT.match(words[0])):
            if _ASSIGNMENT.match(words[0]):
                env.append(words[0])
            words.pop(0)
    if not words:
        return []
    if words[0].rsplit("/", 1)[-1] in _SCRIPT_RUNNERS and len(words) > 1 and not words[1].startswith("-"):
        words = words[1:]
    program = words[0].rsplit("/", 1)[-1]
    rest = words[1:]
    if _PYTHON.match(program) and rest[:2] == ["-m", "pip"]:
        program, rest = "pip", rest[2:]
    if re.match(r"^pip\d*(\.\d+)?$", program):
        program = "pip"
    return [Command((program, *rest), tuple(env))]
