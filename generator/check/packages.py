"""Recognise package manager calls in shell commands: what they install and what they leave behind.

The language-neutral part: system package managers and the build packages they install, installers of
languages scaffold does not generate for, and the dispatch over the registered languages, each of which
knows its own package managers (``generator/languages/<name>/check.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import cache

from generator.check.shell import Command
from generator.languages import check_facts
from generator.languages.checking import CheckFacts, RunContext, package_name

_SYSTEM_INSTALL = {
    "apt-get": {"install"},
    "apt": {"install"},
    "aptitude": {"install"},
    "apk": {"add"},
    "yum": {"install"},
    "dnf": {"install"},
    "microdnf": {"install"},
}
_SYSTEM_REMOVE = {
    "apt-get": {"remove", "purge"},
    "apt": {"remove", "purge"},
    "aptitude": {"remove", "purge"},
    "apk": {"del"},
    "yum": {"remove", "erase"},
    "dnf": {"remove", "erase"},
    "microdnf": {"remove"},
}
_BUILD_PACKAGES = frozenset(
    {
        "autoconf",
        "automake",
        "build-base",
        "build-essential",
        "cargo",
        "clang",
        "cmake",
        "g++",
        "gcc",
        "gfortran",
        "git",
        "golang",
        "golang-go",
        "libtool",
        "linux-headers",
        "make",
        "pkg-config",
        "pkgconf",
        "rustc",
    }
)
_BUILD_PACKAGE = re.compile(r"^((gcc|g\+\+|clang)-[\d.]+|.+-dev|.+-devel)$")
# Installers of languages scaffold writes no Dockerfile for, and the subcommand that installs with each:
# the rules still see their installs. The languages scaffold generates for name theirs in their own
# folder (generator/languages/<name>/check.py).
_OTHER_LANGUAGE_INSTALLERS = {"bundle": "install", "composer": "install"}


def build_packages(command: Command) -> list[str]:
    """Return the compilers and ``-dev`` packages a system package manager call installs.

    Args:
        command: One simple command.

    Returns:
        The build packages named (``gcc``, ``libpq-dev``), empty for any other command.

    """
    if command.subcommand() not in _SYSTEM_INSTALL.get(command.program, set()):
        return []
    virtual = virtual_package(command)
    packages = [package_name(word) for word in command.operands()[1:] if word != virtual]
    return [name for name in packages if name in _BUILD_PACKAGES or _BUILD_PACKAGE.match(name)]


def kept_build_packages(commands: Sequence[Command]) -> list[list[str]]:
    """Return, for each command of one ``RUN``, the build packages it installs that no later one removes.

    ``apt-get purge gcc`` (or ``remove``, ``apk del``, ``yum remove``) later in the same ``RUN`` keeps them
    out of the layer; ``apk del .build-deps`` removes what ``apk add --virtual .build-deps`` added. The
    ``RUN`` is read once, from its end, however many commands it has.

    Args:
        commands: The ``RUN``'s commands, in order.

    Returns:
        One list per command, in the same order: the build packages left in the layer (empty for any
        command that installs none).

    """
    kept: list[list[str]] = []
    removed: set[str] = set()
    for command in reversed(commands):
        virtual = virtual_package(command)
        if virtual is not None and virtual in removed:
            kept.append([])
        else:
            kept.append([name for name in build_packages(command) if name not in removed])
        removed.update(removed_packages(command))
    return kept[::-1]


def removed_packages(command: Command) -> list[str]:
    """Return the packages a system package manager call removes (``apt-get purge``, ``apk del``).

    Args:
        command: One simple command.

    Returns:
        The names removed (an ``apk`` virtual package's name among them), empty for any other command.

    """
    if command.subcommand() not in _SYSTEM_REMOVE.get(command.program, set()):
        return []
    return [package_name(word) for word in command.operands()[1:]]


def virtual_package(command: Command) -> str | None:
    """Return the virtual package an ``apk add --virtual NAME`` (or ``-t NAME``) groups its packages in.

    ``apk del NAME`` later removes every package that call installed.
    """
    if command.program != "apk" or command.subcommand() != "add":
        return None
    words = command.argv[1:]
    for index, word in enumerate(words):
        if word.startswith("--virtual="):
            return word.partition("=")[2] or None
        if word in {"--virtual", "-t"} and index + 1 < len(words):
            return words[index + 1]
    return None


def installer(command: Command, *, dependencies_only: bool = False) -> str | None:
    """Name the language package manager a command installs packages with.

    Each registered language names its own (see its ``check.py``): ``pip``, ``uv``, ``poetry``,
    ``pipenv``, ``npm``, ``yarn``, ``pnpm``, ``go``, ``cargo``, ``maven`` and ``gradle`` today; ``bundle``
    and ``composer`` install are known besides.

    Args:
        command: One simple command.
        dependencies_only: Ignore installs of packaging tools only (``pip install --upgrade pip``,
            ``npm install -g pnpm``, ``cargo install NAME``): they do not read the app's dependency
            manifests.

    Returns:
        The package manager's name, None for anything else.

    """
    for facts in _language_facts():
        tool = facts.installer(command, dependencies_only=dependencies_only)
        if tool is not None:
            return tool
    installs = _OTHER_LANGUAGE_INSTALLERS.get(command.program)
    return command.program if installs is not None and command.subcommand() == installs else None


def cache_left(
    commands: Iterable[Command], *, cache_mounts: Iterable[str], env: Mapping[str, str]
) -> list[str]:
    """Name the package managers in one ``RUN`` that leave their download cache in the layer.

    Args:
        commands: The ``RUN``'s commands.
        cache_mounts: Targets of its cache and tmpfs mounts (a cache there never lands in a layer).
        env: The environment the ``RUN`` sees (``ENV`` instructions before it).

    Returns:
        The package managers whose cache stays (``pip``, ``uv``, ``npm`` and ``yarn`` are the ones the
        languages report), each at most once.

    """
    everything = tuple(commands)
    removed = [word for command in everything if command.program == "rm" for word in command.operands()]
    covered = (*cache_mounts, *removed)
    left: list[str] = []
    for command in everything:
        variables = {**env, **dict(word.split("=", 1) for word in command.env)}
        run = RunContext(commands=everything, covered=covered, variables=variables)
        for facts in _language_facts():
            tool = facts.cache_left(command, run)
            if tool and tool not in left:
                left.append(tool)
    return left


@cache
def _language_facts() -> tuple[CheckFacts, ...]:
    """What every registered language's ``check.py`` says, in the registry's order."""
    return check_facts()
