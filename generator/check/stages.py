"""Which stage of a Dockerfile ships: the one the rules about the running image judge.

The choice, in order:

1. a target named for the build: ``build.target`` of the compose service that builds the Dockerfile,
   ``--target``, or ``target`` in the ``[check]`` configuration;
2. otherwise the last stage, passing over stages at the end of the file that only test or lint: a stage
   named like one (``test``, ``unit-test``, ``ci``, ``lint``, ``check``, ``verify``, ...), or one that no
   other stage is built ``FROM`` or copies from, has no ``CMD``, ``ENTRYPOINT`` or ``EXPOSE``, and whose
   every ``RUN`` runs a test or lint command (``pytest``, ``go test``, ``npm test``, ``ruff``, ...).
   Such a stage is built by CI with ``--target``; the image that ships is the stage before it.

If every stage looks like a test stage, the last one is judged, as Docker builds it by default.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from generator.check.dockerfile_syntax import Dockerfile, Stage
from generator.check.runs import run_commands
from generator.check.shell import Command
from generator.check.source import InputError

# A stage name made of words such as `test`, `unit-test`, `ci`, `lint-go`, `run_checks`.
_CHECK_WORDS = frozenset(
    {"test", "tests", "testing", "ci", "lint", "lints", "linter", "check", "checks", "verify", "e2e", "unit"}
)
_NAME_SPLIT = re.compile(r"[-_.:]")
# Programs that only test or lint, whatever their arguments.
_CHECKERS = frozenset(
    {
        "pytest",
        "tox",
        "nox",
        "ruff",
        "flake8",
        "mypy",
        "pylint",
        "black",
        "isort",
        "bandit",
        "eslint",
        "prettier",
        "jest",
        "vitest",
        "mocha",
        "golangci-lint",
        "staticcheck",
        "shellcheck",
        "hadolint",
        "phpunit",
        "rspec",
        "rubocop",
    }
)
# Subcommands that only test or lint, by program (`go test`, `npm run lint`, `mvn verify`).
_CHECKING_SUBCOMMANDS = {
    "go": frozenset({"test", "vet"}),
    "cargo": frozenset({"test", "clippy", "fmt"}),
    "npm": frozenset({"test", "t"}),
    "yarn": frozenset({"test", "lint"}),
    "pnpm": frozenset({"test", "lint"}),
    "make": frozenset({"test", "tests", "check", "lint"}),
    "mvn": frozenset({"test", "verify"}),
    "mvnw": frozenset({"test", "verify"}),
    "gradle": frozenset({"test", "check"}),
    "gradlew": frozenset({"test", "check"}),
    "dotnet": frozenset({"test"}),
}
_SCRIPT_RUNNERS = frozenset({"npm", "yarn", "pnpm"})


@dataclass(frozen=True)
class Shipped:
    """The stage judged as the shipped image, and why it was chosen.

    Attributes:
        index: The stage's index in :attr:`Dockerfile.stages`.
        why: How it was chosen, for messages (``build.target of compose.yaml``, ``the last stage``).

    """

    index: int
    why: str


def choose(dockerfile: Dockerfile, *, target: str | None = None, given_by: str = "--target") -> Shipped:
    """Choose the stage that ships.

    Args:
        dockerfile: The parsed Dockerfile.
        target: The stage named for the build, if any (compared without case, as Docker does).
        given_by: What named it, for messages (``--target``, ``build.target of compose.yaml``).

    Returns:
        The stage and why it was chosen.

    Raises:
        InputError: ``target`` names no stage of the Dockerfile: Docker would refuse to build it.

    """
    if target is not None:
        for stage in dockerfile.stages:
            if stage.name == target.lower():
                return Shipped(stage.index, given_by)
        raise InputError(
            path=dockerfile.path,
            reason=f"{given_by} names stage {target!r}, which this Dockerfile does not have",
        )
    last = len(dockerfile.stages) - 1
    index = last
    while index > 0 and check_only(dockerfile, dockerfile.stages[index]):
        index -= 1
    if check_only(dockerfile, dockerfile.stages[index]):
        return Shipped(last, "the last stage")
    if index == last:
        return Shipped(last, "the last stage")
    skipped = ", ".join(_label(stage) for stage in dockerfile.stages[index + 1 :])
    return Shipped(index, f"the last stage that ships; {skipped} only tests or lints")


def ship(dockerfile: Dockerfile, shipped: Shipped) -> Dockerfile:
    """Return the Dockerfile with ``shipped`` as the stage the rules about the running image judge."""
    return dataclasses.replace(dockerfile, shipped_index=shipped.index)


def check_only(dockerfile: Dockerfile, stage: Stage) -> bool:
    """Tell whether a stage only tests or lints, so it is never the image that ships.

    Args:
        dockerfile: The parsed Dockerfile.
        stage: One of its stages.

    Returns:
        True for a stage named like a test stage, or one nothing builds on that has no command or port
        and only runs test or lint commands.

    """
    if stage.name is not None and any(word in _CHECK_WORDS for word in _NAME_SPLIT.split(stage.name)):
        return True
    if _used(dockerfile, stage) or any(stage.of("CMD", "ENTRYPOINT", "EXPOSE")):
        return False
    runs = list(stage.of("RUN"))
    return bool(runs) and all(any(_checks(command) for command in run_commands(run)) for run in runs)


def label(dockerfile: Dockerfile, index: int) -> str:
    """Name a stage for messages: ``stage 'runtime'``, or ``stage 2`` (Docker's index) when unnamed."""
    return _label(dockerfile.stages[index])


def _label(stage: Stage) -> str:
    return f"stage {stage.name!r}" if stage.name else f"stage {stage.index}"


def _used(dockerfile: Dockerfile, stage: Stage) -> bool:
    """Tell whether another stage is built ``FROM`` this one or copies from it."""
    names = {str(stage.index)} | ({stage.name} if stage.name else set())
    for other in dockerfile.stages:
        if other.parent == stage.index:
            return True
        for instruction in other.of("COPY", "ADD"):
            source = instruction.flag("from")
            if source is not None and source.lower() in names:
                return True
        for run in other.of("RUN"):
            for mount in run.flag_values("mount"):
                if any(f"from={name}" in mount.lower().split(",") for name in names):
                    return True
    return False


def _checks(command: Command) -> bool:
    """Tell whether a command only tests or lints."""
    program = command.program
    if program in _CHECKERS:
        return True
    if program in {"python", "python3"} and command.has("-m"):
        module = command.argv[command.argv.index("-m") + 1] if "-m" in command.argv[:-1] else ""
        return module in _CHECKERS or module == "unittest"
    subcommand = command.subcommand()
    if program in _SCRIPT_RUNNERS and subcommand == "run":
        operands = command.operands()
        return len(operands) > 1 and any(word in _CHECK_WORDS for word in _NAME_SPLIT.split(operands[1]))
    return subcommand in _CHECKING_SUBCOMMANDS.get(program.removeprefix("./"), frozenset())
