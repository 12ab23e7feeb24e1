"""Java: Maven or Gradle through the project's wrapper, the runnable jar on a Temurin JRE or distroless."""

from __future__ import annotations

#: Gradle's build scripts and settings files, Kotlin first.
GRADLE_BUILD_FILES = ("build.gradle.kts", "build.gradle")
GRADLE_SETTINGS_FILES = ("settings.gradle.kts", "settings.gradle")
#: The Java releases scaffold builds on (the java_version question's choices), oldest first: the LTS
#: releases that Eclipse Temurin publishes JDK and JRE images for.
LTS_RELEASES = ("17", "21", "25")
