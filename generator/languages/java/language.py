"""Java's facts for the registry: its package managers, versions, defaults and entrypoint form.

Kept apart from the package's constants so that ``scaffold check``, which reads only ``check.py``, never
loads the answer expressions these facts are built from.
"""

from __future__ import annotations

import re

from generator.languages.java import GRADLE_BUILD_FILES, GRADLE_SETTINGS_FILES, LTS_RELEASES
from generator.languages.model import Language, PackageManager
from generator.spec.expr import Const, If, Var, eq

LANGUAGE = Language(
    name="java",
    label="java",
    manifests=("pom.xml", *GRADLE_BUILD_FILES, *GRADLE_SETTINGS_FILES),
    # Java builds run the project's wrapper, which pins the build tool's version. No private index
    # question: a private Maven repository's credentials go in settings.xml or an init script.
    package_managers=(
        PackageManager(
            "maven",
            {
                "pom.xml": "the Maven project file",
                "mvnw": "add the Maven wrapper with `mvn wrapper:wrapper`",
                ".mvn/wrapper/maven-wrapper.properties": "add the Maven wrapper with `mvn wrapper:wrapper`",
            },
            label="maven (pom.xml, mvnw)",
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
            label="gradle (build.gradle, gradlew)",
        ),
    ),
    runtime_bases={
        "slim": "slim (eclipse-temurin:<version>-jre, has a shell)",
        "distroless": "distroless (java<version>-debian12:nonroot, no shell; Java {versions})",
    },
    version_field="java_version",
    version_help="Java version (an LTS release)",
    default_version="21",
    version_pattern=re.compile("|".join(LTS_RELEASES)),
    version_form=f"must be an LTS release: {', '.join(LTS_RELEASES[:-1])} or {LTS_RELEASES[-1]}",
    default_port=8080,
    entrypoint_pattern=re.compile(r"[A-Za-z0-9_][A-Za-z0-9_./-]*/[A-Za-z0-9_.*-]*\.jar"),
    entrypoint_form=(
        "must be the runnable jar the build writes, as a relative path; '*' may stand for the "
        "version, such as target/*.jar"
    ),
    entrypoint_help="Entrypoint: the runnable jar the build writes ('*' may stand for the version)",
    default_entrypoint=If(
        eq(Var("package_manager"), "gradle"), Const("build/libs/*.jar"), Const("target/*.jar")
    ),
    distroless_versions=("17", "21"),
    compiled_probe=True,
)
