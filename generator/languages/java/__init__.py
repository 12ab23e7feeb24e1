"""Java: Maven or Gradle through the project's wrapper, the runnable jar on a Temurin JRE or distroless."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from generator.languages.model import Language, PackageManager

#: Gradle's build scripts and settings files, Kotlin first.
GRADLE_BUILD_FILES = ("build.gradle.kts", "build.gradle")
GRADLE_SETTINGS_FILES = ("settings.gradle.kts", "settings.gradle")


def _default_entrypoint(answers: Mapping[str, Any]) -> str:
    return "build/libs/*.jar" if answers.get("package_manager") == "gradle" else "target/*.jar"


LANGUAGE = Language(
    name="java",
    manifests=("pom.xml", *GRADLE_BUILD_FILES, *GRADLE_SETTINGS_FILES),
    # Java builds run the project's wrapper, which pins the build tool's version.
    package_managers=(
        PackageManager(
            "maven",
            {
                "pom.xml": "the Maven project file",
                "mvnw": "add the Maven wrapper with `mvn wrapper:wrapper`",
                ".mvn/wrapper/maven-wrapper.properties": "add the Maven wrapper with `mvn wrapper:wrapper`",
            },
        ),
        PackageManager(
            "gradle",
            {
                "build.gradle or build.gradle.kts": "the Gradle build script",
                "gradlew": "add the Gradle wrapper with `gradle wrapper`",
                "gradle/wrapper/gradle-wrapper.properties": "add the Gradle wrapper with `gradle wrapper`",
                "gradle/wrapper/gradle-wrapper.jar": (
                    "add the Gradle wrapper with `gradle wrapper` and commit the jar (a `*.jar` line in "
                    ".gitignore often leaves it out)"
                ),
            },
        ),
    ),
    runtime_bases=("slim", "distroless"),
    version_field="java_version",
    default_version="21",
    version_pattern=re.compile(r"17|21|25"),
    version_form="must be an LTS release: 17, 21 or 25",
    default_port=8080,
    entrypoint_pattern=re.compile(r"[A-Za-z0-9_][A-Za-z0-9_./-]*/[A-Za-z0-9_.*-]*\.jar"),
    entrypoint_form=(
        "must be the runnable jar the build writes, as a relative path; '*' may stand for the "
        "version, such as target/*.jar"
    ),
    default_entrypoint=_default_entrypoint,
    distroless_versions=("17", "21"),
    compiled_probe=True,
)
