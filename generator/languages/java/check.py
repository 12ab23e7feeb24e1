"""What ``scaffold check`` knows about Java: its dependency fetches and its slimmer images.

The Maven and Gradle calls, wrappers included, that fetch the project's dependencies; the slim
``openjdk`` tags and the Eclipse Temurin JRE beside each JDK.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from generator.languages.checking import DEBIAN_RELEASE, VERSION, CheckFacts, SlimTag

if TYPE_CHECKING:
    from generator.check.shell import Command

# Maven resolves the project's dependencies for every lifecycle phase from compile on, and for the
# dependency plugin's goals (dependency:go-offline, dependency:resolve, ...).
_MAVEN = frozenset({"mvn", "mvnw", "mvnd"})
_MAVEN_PHASES = frozenset(
    {"compile", "test-compile", "test", "package", "integration-test", "verify", "install", "deploy"}
)
# Gradle resolves dependencies for any task but those that only describe or set up the build.
_GRADLE = frozenset({"gradle", "gradlew"})
_GRADLE_NO_FETCH = frozenset({"help", "tasks", "wrapper", "init", "projects", "properties"})


def installer(command: Command, *, dependencies_only: bool) -> str | None:
    """Name the Java build tool a command fetches the dependencies with.

    Args:
        command: One simple command (``sh ./mvnw`` already reads as ``mvnw``).
        dependencies_only: Unused: every call named here reads the project's build files.

    Returns:
        ``maven`` (``mvn``, ``mvnw`` or ``mvnd`` with a lifecycle phase from ``compile`` on, or a
        ``dependency:`` or go-offline goal) or ``gradle`` (``gradle`` or ``gradlew`` with any task that is
        not ``help``, ``tasks``, ``wrapper``, ``init``, ``projects`` or ``properties``); None otherwise.
    """
    program, operands = command.program, command.operands()
    if program in _MAVEN and any(
        goal in _MAVEN_PHASES or goal.startswith("dependency:") or "go-offline" in goal for goal in operands
    ):
        return "maven"
    if program in _GRADLE and any(task not in _GRADLE_NO_FETCH for task in operands):
        return "gradle"
    return None


#: ``openjdk:17-jdk`` to ``openjdk:17-jdk-slim``, ``openjdk:17-bookworm`` to ``openjdk:17-slim-bookworm``.
_OPENJDK_SLIM = SlimTag(
    re.compile(rf"^(?P<v>{VERSION})(?P<k>-jdk|-jre)?(?:-(?P<c>{DEBIAN_RELEASE}))?$"), "{v}{k}-slim{-c}"
)
# Eclipse Temurin: a JDK tag (`21`, `21-jdk`, `21-jdk-noble`, `21-alpine`) has a JRE of the same version
# and OS beside it, which runs the same jar without the compiler and the JDK's tools.
_TEMURIN_JRE = SlimTag(
    re.compile(rf"^(?P<v>{VERSION}(?:_\d+)?)(?:-jdk)?(?:-(?P<c>(?!jre)[a-z][a-z0-9-]*))?$"), "{v}-jre{-c}"
)

#: What scaffold check reads from this folder.
FACTS = CheckFacts(installer=installer, slim_tags={"openjdk": _OPENJDK_SLIM, "eclipse-temurin": _TEMURIN_JRE})
