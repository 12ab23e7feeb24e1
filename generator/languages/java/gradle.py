"""Gradle: read ``build.gradle(.kts)`` and ``settings.gradle(.kts)`` into a JavaBuild.

Gradle build files are programs (Groovy or Kotlin), not data: no parser can read them without running
Gradle, so the usual declarations are matched with regular expressions and shown with their lines.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.detect.files import line_at, read_text
from generator.languages.java import GRADLE_BUILD_FILES, GRADLE_SETTINGS_FILES
from generator.languages.java.build import JavaBuild

BUILD_FILES = GRADLE_BUILD_FILES
SETTINGS_FILES = GRADLE_SETTINGS_FILES
_QUOTED = r"""["']([^"'$]+)["']"""
#: Where the Java release can be set, strongest first.
_JAVA_RELEASE = (
    re.compile(r"JavaLanguageVersion\.of\(\s*(\d+)\s*\)"),
    re.compile(r"\bjvmToolchain\(\s*(\d+)\s*\)"),
    re.compile(r"\boptions\.release(?:\.set\(\s*|\s*=\s*)(\d+)"),
    re.compile(r"\bsourceCompatibility\s*=\s*JavaVersion\.VERSION_((?:1_)?\d+)"),
    re.compile(r"""\bsourceCompatibility\s*=\s*["']?((?:1\.)?\d+)["']?"""),
)
_ROOT_NAME = re.compile(rf"\brootProject\.name\s*=\s*{_QUOTED}")
_INCLUDE = re.compile(r"^\s*include\b\s*\(?\s*[\"']", re.MULTILINE)
_VERSION = re.compile(r"^\s*version\s*(?:=\s*)?[\"']", re.MULTILINE)
_VERSION_PROPERTY = re.compile(r"^\s*version\s*[=:]", re.MULTILINE)
_ARCHIVE_FILE = re.compile(rf"\barchiveFileName(?:\.set\(\s*|\s*=\s*){_QUOTED}")
_ARCHIVE_BASE = re.compile(rf"\barchiveBaseName(?:\.set\(\s*|\s*=\s*){_QUOTED}")
_DEPENDENCY = re.compile(r"""["']([\w.-]+):([\w.-]+)(?::[^"'\s]*)?["']""")
_SPRING_BOOT = re.compile(
    r"""\bid\s*\(?\s*["']org\.springframework\.boot["']|\bapply\s*\(?\s*plugin\s*[:=]\s*["']org\.springframework\.boot"""
)
_APPLICATION = re.compile(r"^\s*(?:id\s*\(?\s*[\"'])?application\b", re.MULTILINE)


def read(repo: Path) -> JavaBuild:
    """Read the Gradle build in ``repo``.

    Args:
        repo: The application's folder (it holds build.gradle(.kts) or settings.gradle(.kts)).

    Returns:
        What the build files say.

    """
    build_file = next((name for name in BUILD_FILES if (repo / name).is_file()), None)
    settings_file = next((name for name in SETTINGS_FILES if (repo / name).is_file()), None)
    wrapper = ", gradlew" if (repo / "gradlew").is_file() else ""
    build = JavaBuild(tool="gradle", tool_source=f"{build_file or settings_file}{wrapper}")
    text = read_text(repo / build_file) if build_file else ""
    settings = read_text(repo / settings_file) if settings_file else ""
    text, settings = text or "", settings or ""
    folder = repo.resolve().name
    name = (folder, f"folder name {folder!r} (no rootProject.name)")
    if match := _ROOT_NAME.search(settings):
        name = (match.group(1), f"{settings_file}:{line_at(settings, match.start())}: rootProject.name")
    build.name = name
    for pattern in _JAVA_RELEASE:
        if match := pattern.search(text):
            release = match.group(1).replace("_", ".")
            build.java = (release, f"{build_file}:{line_at(text, match.start())}: {match.group(0)}")
            break
    for match in _DEPENDENCY.finditer(text):
        build.dependencies.setdefault(
            match.group(2), f"{build_file}:{line_at(text, match.start())}: dependency {match.group(2)}"
        )
    if match := _SPRING_BOOT.search(text):
        build.spring_boot = f"{build_file}:{line_at(text, match.start())}: plugin org.springframework.boot"
    if settings and _INCLUDE.search(settings):
        build.notes.append(
            f"{settings_file} includes subprojects: pass --entrypoint with the jar of the one to run "
            "(such as app/build/libs/app-*.jar)"
        )
        return build
    versioned = bool(
        _VERSION.search(text) or _VERSION_PROPERTY.search(read_text(repo / "gradle.properties") or "")
    )
    build.jar = _jar(text, build_file, name, versioned=versioned)
    # Spring Boot's plugin also writes a -plain.jar that the glob matches; the Dockerfile skips
    # *-plain.jar when it picks the runnable jar, so that needs no note.
    if _APPLICATION.search(text) and "Main-Class" not in text and not build.spring_boot:
        build.notes.append(
            f"{build_file}: the jar needs a Main-Class manifest attribute (and its dependencies) to run "
            "with java -jar"
        )
    return build


def _jar(text: str, build_file: str | None, name: tuple[str, str], *, versioned: bool) -> tuple[str, str]:
    if match := _ARCHIVE_FILE.search(text):
        return f"build/libs/{match.group(1)}", f"{build_file}:{line_at(text, match.start())}: archiveFileName"
    base, source = name
    if match := _ARCHIVE_BASE.search(text):
        base, source = match.group(1), f"{build_file}:{line_at(text, match.start())}: archiveBaseName"
    # Gradle adds "-<version>" only when the project sets a version.
    return (f"build/libs/{base}-*.jar" if versioned else f"build/libs/{base}.jar"), source
