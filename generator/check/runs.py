"""What a Dockerfile's ``RUN`` instructions do: their commands, their cache mounts, and which ones ship.

Several Dockerfile rules read the same things from a ``RUN`` (the package manager calls in it, where it
mounts caches), so they are worked out here once, on top of :mod:`generator.check.shell`: each ``RUN``'s
scripts, commands and pipelines are read once and kept, since half the rules ask for them again.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from generator.check.dockerfile_syntax import Dockerfile, Instruction, heredoc_opener, shell_words
from generator.check.shell import Command, commands, exec_command, pipelines

_SHELLS = frozenset({"sh", "bash", "dash", "ash", "zsh"})
#: How many ``RUN`` instructions' readings are kept. A reading depends only on the instruction's own
#: fields, so a kept one is right for any file; the bound keeps a long-lived process from growing.
_KEPT_RUNS = 1024


def shipped_runs(dockerfile: Dockerfile) -> Iterator[Instruction]:
    """Yield the ``RUN`` instructions whose layers ship: the final stage's and its ``FROM`` stages'.

    Args:
        dockerfile: The parsed Dockerfile.

    Yields:
        The instructions, in file order.

    """
    for stage in dockerfile.lineage(dockerfile.final):
        yield from stage.of("RUN")


def run_commands(run: Instruction) -> list[Command]:
    """Read a ``RUN``'s commands: exec form, shell form, and here-document scripts.

    Args:
        run: A ``RUN`` instruction.

    Returns:
        The simple commands it runs, in order.

    """
    return list(_run_commands(run))


@lru_cache(maxsize=_KEPT_RUNS)
def _run_commands(run: Instruction) -> tuple[Command, ...]:
    argv = run.exec_form()
    if argv is not None:
        return tuple(exec_command(argv))
    return tuple(command for script in _run_scripts(run) for command in commands(script))


def run_pipelines(run: Instruction) -> list[list[Command]]:
    """Read a ``RUN``'s pipelines (``curl ... | sh``), as :func:`run_commands` reads its commands.

    An exec-form ``RUN ["sh", "-c", "..."]`` is read as the command it is and as the script it runs.

    Args:
        run: A ``RUN`` instruction.

    Returns:
        The pipelines, in order; a command alone is a pipeline of one.

    """
    return [list(pipeline) for pipeline in _run_pipelines(run)]


@lru_cache(maxsize=_KEPT_RUNS)
def _run_pipelines(run: Instruction) -> tuple[tuple[Command, ...], ...]:
    argv = run.exec_form()
    found = [exec_command(argv)] if argv is not None else []
    found += [pipeline for script in _run_scripts(run) for pipeline in pipelines(script)]
    return tuple(tuple(pipeline) for pipeline in found)


def run_scripts(run: Instruction) -> list[str]:
    """Return the shell text a ``RUN`` runs.

    Args:
        run: A ``RUN`` instruction.

    Returns:
        The shell form's text and each here-document a shell runs; for the exec form, the script of a
        ``["sh", "-c", "..."]`` (nothing for any other program).

    """
    return list(_run_scripts(run))


@lru_cache(maxsize=_KEPT_RUNS)
def _run_scripts(run: Instruction) -> tuple[str, ...]:
    argv = run.exec_form()
    if argv is not None:
        shell = len(argv) >= 3 and argv[0].rsplit("/", 1)[-1] in _SHELLS and argv[1] == "-c"
        return (argv[2],) if shell else ()
    scripts = [run.args]
    head = [word for word in shell_words(run.args) if heredoc_opener(word) is None]
    for body in run.heredocs:
        # `RUN <<EOF` and `RUN bash <<EOF` run the body as a script; `RUN python <<EOF` feeds it to Python.
        if (not head or head[0].rsplit("/", 1)[-1] in _SHELLS) and not _foreign_shebang(body):
            scripts.append(body)
    return tuple(scripts)


def cache_mounts(run: Instruction) -> list[str]:
    """Return the targets of a ``RUN``'s cache and tmpfs mounts: nothing written there reaches the layer.

    Args:
        run: A ``RUN`` instruction.

    Returns:
        The mount targets, in flag order.

    """
    targets = []
    for mount in run.flag_values("mount"):
        options = dict(part.partition("=")[::2] for part in mount.split(","))
        if options.get("type", "bind") in {"cache", "tmpfs"}:
            target = options.get("target") or options.get("dst") or options.get("destination")
            if target:
                targets.append(target)
    return targets


def _foreign_shebang(body: str) -> bool:
    first = body.lstrip().split("\n", 1)[0]
    return first.startswith("#!") and not any(shell in first.split("/")[-1].split() for shell in _SHELLS)
