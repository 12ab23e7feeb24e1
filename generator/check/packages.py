"""Recognise package manager calls in shell commands: what they install and what they leave behind."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from generator.check.shell import Command

_SYSTEM_INSTALL = {
    "apt-get": {"install"},
    "apt": {"install"},
    "aptitude": {"install"},
    "apk": {"add"},
    "yum": {"install"},
    "dnf": {"install"},
    "microdnf": {"install"},
}
_BUILD_PACKAGES = frozenset(
    {
        "autoconf",
        "automake",
        "build-base",
        "build-essential",
        "clang",
        "cmake",
        "g++",
        "gcc",
        "gfortran",
        "libtool",
        "linux-headers",
        "make",
        "pkg-config",
        "pkgconf",
    }
)
_BUILD_PACKAGE = re.compile(r"^((gcc|g\+\+|clang)-[\d.]+|.+-dev|.+-devel)$")
# Installing only packaging tools is not installing the app's dependencies.
_PIP_TOOLS = frozenset({"pip", "setuptools", "wheel", "uv", "poetry", "poetry-plugin-export", "pipenv"})
_NPM_INSTALL = frozenset({"install", "i", "ci", "add"})
_FALSE = frozenset({"", "0", "false", "no", "off"})
# Maven resolves the project's dependencies for every lifecycle phase from compile on, and for the
# dependency plugin's goals (dependency:go-offline, dependency:resolve, ...).
_MAVEN = frozenset({"mvn", "mvnw", "mvnd"})
_MAVEN_PHASES = frozenset(
    {"compile", "test-compile", "test", "package", "integration-test", "verify", "install", "deploy"}
)
# Gradle resolves dependencies for any task but those that only describe or set up the build.
_GRADLE = frozenset({"gradle", "gradlew"})
_GRADLE_NO_FETCH = frozenset({"help", "tasks", "wrapper", "init", "projects", "properties"})


def build_packages(command: Command) -> list[str]:
    """Return the compilers and ``-dev`` packages a system package manager call installs.

    Args:
        command: One simple command.

    Returns:
        The build packages named (``gcc``, ``libpq-dev``), empty for any other command.

    """
    if command.subcommand() not in _SYSTEM_INSTALL.get(command.program, set()):
        return []
    packages = [_package_name(word) for word in command.operands()[1:]]
    return [name for name in packages if name in _BUILD_PACKAGES or _BUILD_PACKAGE.match(name)]


def installer(command: Command, *, dependencies_only: bool = False) -> str | None:
    """Name the language package manager a command installs packages with.

    Args:
        command: One simple command.
        dependencies_only: Ignore installs of packaging tools only (``pip install --upgrade pip``,
            ``npm install -g pnpm``): they do not read the app's dependency manifests.

    Returns:
        ``pip``, ``uv``, ``poetry``, ``pipenv``, ``npm``, ``yarn``, ``pnpm``, ``bundle``, ``composer``,
        ``go`` (``go mod download``), ``cargo`` (``cargo fetch``, ``cargo build``, ``cargo install``,
        ``cargo chef cook``), ``maven`` (a lifecycle phase from ``compile`` on, or a ``dependency:``
        goal; ``mvn``, ``mvnw``, ``sh ./mvnw``) or ``gradle`` (any task that is not ``help``,
        ``tasks``, ``wrapper``, ``init``, ``projects`` or ``properties``); None for anything else.

    """
    program, sub = command.program, command.subcommand()
    operands = command.operands()
    if program == "pip" and sub == "install":
        named = [_package_name(word) for word in operands[1:]]
        tools_only = bool(named) and not command.has("-r", "--requirement", "-e", "--editable")
        tools_only = tools_only and all(name in _PIP_TOOLS for name in named)
        return None if dependencies_only and tools_only else "pip"
    if program == "uv" and (sub == "sync" or operands[:2] in (["pip", "install"], ["pip", "sync"])):
        return "uv"
    if program in {"poetry", "pipenv", "bundle", "composer"} and sub == "install":
        return program
    if program in {"npm", "pnpm"} and sub in _NPM_INSTALL:
        return None if dependencies_only and command.has("-g", "--global") else program
    if program == "yarn" and sub in {None, "install"}:
        return "yarn"
    if program == "go" and operands[:2] == ["mod", "download"]:
        return "go"
    if program == "cargo":
        return _cargo(command, dependencies_only=dependencies_only)
    if program in _MAVEN and any(
        goal in _MAVEN_PHASES or goal.startswith("dependency:") or "go-offline" in goal for goal in operands
    ):
        return "maven"
    if program in _GRADLE and any(task not in _GRADLE_NO_FETCH for task in operands):
        return "gradle"
    return None


def _cargo(command: Command, *, dependencies_only: bool) -> str | None:
    # Cargo has no step that only installs: `cargo build` downloads and compiles every dependency
    # along with the app, so it is the install that must come before the source (after a placeholder
    # build or `cargo fetch`). `cargo install NAME` installs a tool; `cargo install --path .` builds the
    # app itself.
    operands = command.operands()
    sub = command.subcommand()
    if sub in {"fetch", "build", "b"} or operands[:2] == ["chef", "cook"]:
        return "cargo"
    if sub == "install":
        return None if dependencies_only and not command.has("--path") else "cargo"
    return None


def cache_left(
    commands: Iterable[Command], *, cache_mounts: Iterable[str], env: Mapping[str, str]
) -> list[str]:
    """Name the package managers in one ``RUN`` that leave their download cache in the layer.

    Args:
        commands: The ``RUN``'s commands.
        cache_mounts: Targets of its cache and tmpfs mounts (a cache there never lands in a layer).
        env: The environment the ``RUN`` sees (``ENV`` instructions before it).

    Returns:
        ``pip``, ``uv``, ``npm`` and ``yarn``, each at most once, for the calls whose cache stays.

    """
    commands = list(commands)
    mounts = list(cache_mounts)
    removed = [word for command in commands if command.program == "rm" for word in command.operands()]
    left: list[str] = []
    for command in commands:
        tool = _cached_tool(command, commands=commands, mounts=mounts, removed=removed, env=env)
        if tool and tool not in left:
            left.append(tool)
    return left


def _cached_tool(
    command: Command,
    *,
    commands: list[Command],
    mounts: list[str],
    removed: list[str],
    env: Mapping[str, str],
) -> str | None:
    tool = installer(command)
    variables = {**env, **dict(word.split("=", 1) for word in command.env)}
    if tool == "pip":
        kept = not (
            command.has("--no-cache-dir")
            or variables.get("PIP_NO_CACHE_DIR", "0").lower() not in _FALSE
            or any(".cache" in path or "pip" in path for path in [*mounts, *removed])
        )
        return "pip" if kept else None
    if tool == "uv":
        kept = not (
            command.has("--no-cache", "-n")
            or variables.get("UV_NO_CACHE", "0").lower() not in _FALSE
            or any(".cache" in path or "uv" in path for path in [*mounts, *removed])
            or any(other.argv[:3] == ("uv", "cache", "clean") for other in commands)
        )
        return "uv" if kept else None
    if tool == "npm":
        kept = not (
            any(other.program == "npm" and other.operands()[:2] == ["cache", "clean"] for other in commands)
            or any(".npm" in path for path in [*mounts, *removed])
        )
        return "npm" if kept else None
    if tool == "yarn":
        # Yarn 1 copies each package from its cache (/usr/local/share/.cache/yarn for root, or
        # --cache-folder, or YARN_CACHE_FOLDER) into node_modules: the cache is a second copy.
        folder = _option_value(command, "--cache-folder") or variables.get("YARN_CACHE_FOLDER", "")
        covered = [path.rstrip("/") for path in [*mounts, *removed]]
        kept = not (
            any(other.program == "yarn" and other.operands()[:2] == ["cache", "clean"] for other in commands)
            or any(".cache" in path or "yarn" in path for path in covered)
            or bool(folder and any(folder == path or folder.startswith(path + "/") for path in covered))
        )
        return "yarn" if kept else None
    return None


def _option_value(command: Command, option: str) -> str | None:
    """Return the value of ``--option value`` or ``--option=value``; None when the option is absent."""
    words = list(command.argv[1:])
    for index, word in enumerate(words):
        if word.startswith(option + "="):
            return word.split("=", 1)[1]
        if word == option and index + 1 < len(words):
            return words[index + 1]
    return None


def _package_name(word: str) -> str:
    """Strip a version or architecture from a package argument (``gcc=4:12.2``, ``flask==3.0``)."""
    return re.split(r"[=<>!~:\[;@ ]", word, maxsplit=1)[0].lower()
