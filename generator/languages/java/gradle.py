"""Gradle: read ``build.gradle(.kts)``, ``settings.gradle(.kts)`` and the version catalog into a JavaBuild.

Gradle build files are programs (Groovy or Kotlin), not data: no parser can read them without running
Gradle, so the usual declarations are matched with regular expressions and shown with their lines.
Comment lines are blanked first, so a commented-out dependency or setting is not read.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.detect.files import line_at, read_text, read_toml, table
from generator.languages.java import GRADLE_BUILD_FILES, GRADLE_SETTINGS_FILES
from generator.languages.java.build import JavaBuild, Sourced

BUILD_FILES = GRADLE_BUILD_FILES
SETTINGS_FILES = GRADLE_SETTINGS_FILES
CATALOG = "gradle/libs.versions.toml"
_QUOTED = r"""["']([^"'$]+)["']"""
#: Where the Java release can be set, strongest first; the compatibility settings come last, and of
#: those the highest release counts (a target above the source needs a JDK that targets it).
_JAVA_RELEASE = (
    re.compile(r"""JavaLanguageVersion\.of\(\s*["']?(\d+)["']?\s*\)"""),
    re.compile(r"\bjvmToolchain\(\s*(\d+)\s*\)"),
    re.compile(r"\boptions\.release(?:\.set\(\s*|\s*=\s*)(\d+)"),
)
_COMPATIBILITY = re.compile(
    r"""\b(?:source|target)Compatibility\s*=\s*(?:JavaVersion\.VERSION_((?:1_)?\d+)\b"""
    r"""|JavaVersion\.toVersion\(\s*["']?((?:1\.)?\d+)["']?\s*\)|["']?((?:1\.)?\d+)\b["']?)"""
)
_ROOT_NAME = re.compile(rf"\brootProject\.name\s*=\s*{_QUOTED}")
_DESCRIPTION = re.compile(rf"^description\s*=\s*{_QUOTED}", re.MULTILINE)
_INCLUDE = re.compile(r"^[ \t]*include\b[ \t]*\(?(.*)$", re.MULTILINE)
# A dependency in a configuration: `implementation 'g:a:v'`, `runtimeOnly("g:a")`, the map notation
# `implementation group: 'g', name: 'a'`, or a version catalog entry `implementation(libs.spring.web)`.
_DEPENDENCY = re.compile(
    r"""\b([A-Za-z]\w*)\s*\(?\s*(?:(?:platform|enforcedPlatform)\s*\(\s*)?["'][\w.-]+:([\w.-]+)(?::[^"'\s]*)?["']"""
)
_MAP_DEPENDENCY = re.compile(
    r"""\b([A-Za-z]\w*)\s*\(?\s*group\s*[:=]\s*["'][\w.-]+["']\s*,\s*name\s*[:=]\s*["']([\w.-]+)["']"""
)
_CATALOG_DEPENDENCY = re.compile(r"\b([A-Za-z]\w*)\s*\(?\s*libs\.((?!plugins\.|versions\.|bundles\.)[\w.]+)")
# Configurations whose dependencies never reach the runnable jar.
_NOT_RUNTIME = frozenset({"developmentOnly", "annotationProcessor", "compileOnly", "kapt", "ksp"})
_PLUGIN = re.compile(
    r"""\bid\s*\(?\s*["']([\w.-]+)["']|\bapply\s*\(?\s*plugin\s*[:=]\s*["']([\w.-]+)["']"""
    r"""|\balias\s*\(\s*libs\.plugins\.([\w.]+)\s*\)"""
)
_SPRING_BOOT_PLUGIN = "org.springframework.boot"
# The Shadow plugin's shadowJar (part of assemble) writes <name>-<version>-all.jar beside the plain jar.
_SHADOW_PLUGINS = frozenset(
    {"com.github.johnrengelman.shadow", "com.gradleup.shadow", "io.github.goooler.shadow"}
)
_MAIN_CLASS = re.compile(r"Main-Class")
_COMMENT_LINE = re.compile(r"^[ \t]*//.*$", re.MULTILINE)
_BLOCK_COMMENT = re.compile(r"^[ \t]*/\*.*?\*/", re.MULTILINE | re.DOTALL)


def read(repo: Path) -> JavaBuild:
    """Read the Gradle build in ``repo``.

    Args:
        repo: The application's folder (it holds build.gradle(.kts) or settings.gradle(.kts)).

    Returns:
        What the build files say.

    """
    script = next((name for name in BUILD_FILES if (repo / name).is_file()), None)
    settings_file = next((name for name in SETTINGS_FILES if (repo / name).is_file()), None)
    # The file sources name: the build script, else (a settings file alone) the settings file.
    build_file = script or settings_file or BUILD_FILES[-1]
    build = JavaBuild(
        tool="gradle", build_file=build_file, wrapper="gradlew" if (repo / "gradlew").is_file() else None
    )
    text = code(read_text(repo / script) or "") if script else ""
    settings = code(read_text(repo / settings_file) or "") if settings_file else ""
    libraries, plugin_ids = _catalog(repo)
    # Without rootProject.name the project is named after its folder, which inside the image is not the
    # host's: the name is left to the folder name (app_name) and the jar is matched whatever its name.
    if match := _ROOT_NAME.search(settings):
        build.name = (match.group(1), f"{settings_file}:{line_at(settings, match.start())}: rootProject.name")
    if match := _DESCRIPTION.search(text):
        build.description = (match.group(1), f"{build_file}:{line_at(text, match.start())}: description")
    build.java = _java_release(text, build_file)
    _dependencies(text, build_file, libraries, build)
    plugins = _plugins(text, plugin_ids)
    if _SPRING_BOOT_PLUGIN in plugins:
        build.spring_boot = f"{build_file}:{plugins[_SPRING_BOOT_PLUGIN]}: plugin {_SPRING_BOOT_PLUGIN}"
    subprojects = _subprojects(settings)
    shadow = next((plugin for plugin in plugins if plugin in _SHADOW_PLUGINS), None)
    if subprojects:
        line, names = subprojects
        candidates = ", ".join(f"{name}/build/libs/*.jar" for name in names)
        build.unsettled["entrypoint"] = (
            f"{settings_file}:{line}: a multi-project build: each subproject writes its own jar to its own "
            f"build/libs folder; candidates: {candidates}"
        )
    elif shadow is not None:
        build.jar = ("build/libs/*-all.jar", f"{build_file}:{plugins[shadow]}: plugin {shadow} (shadowJar)")
    elif build.spring_boot:
        build.jar = ("build/libs/*.jar", f"{build.spring_boot} (the one runnable jar in build/libs/)")
    elif main_class := _MAIN_CLASS.search(text):
        line = line_at(text, main_class.start())
        build.jar = (
            "build/libs/*.jar",
            f"{build_file}:{line}: Main-Class (the one runnable jar in build/libs/)",
        )
    else:
        build.unsettled["entrypoint"] = (
            f"{build_file}: nothing gives the jar a Main-Class (no Spring Boot or Shadow plugin, no "
            "Main-Class in the jar's manifest), so `java -jar` cannot start it; no candidate found"
        )
    return build


def code(text: str) -> str:
    """Blank the comment lines of a Groovy or Kotlin script, keeping every other character where it was."""

    def blank(match: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))

    return _COMMENT_LINE.sub(blank, _BLOCK_COMMENT.sub(blank, text))


def _java_release(text: str, build_file: str) -> Sourced | None:
    for pattern in _JAVA_RELEASE:
        if match := pattern.search(text):
            return match.group(1), f"{build_file}:{line_at(text, match.start())}: {match.group(0)}"
    found = [
        (next(group for group in match.groups() if group).replace("_", "."), match)
        for match in _COMPATIBILITY.finditer(text)
    ]
    if not found:
        return None
    release, match = max(found, key=lambda item: int(item[0].removeprefix("1.")))
    return release, f"{build_file}:{line_at(text, match.start())}: {' '.join(match.group(0).split())}"


def _dependencies(text: str, build_file: str, libraries: dict[str, str], build: JavaBuild) -> None:
    found = [
        (match, match.group(2)) for match in (*_DEPENDENCY.finditer(text), *_MAP_DEPENDENCY.finditer(text))
    ]
    for match in _CATALOG_DEPENDENCY.finditer(text):
        artifact = libraries.get(match.group(2).lower())
        if artifact is not None:
            found.append((match, artifact))
    for match, artifact in sorted(found, key=lambda item: item[0].start()):
        configuration = match.group(1)
        # A test dependency (webflux for WebTestClient, say) never runs in the image.
        if "test" in configuration.lower() or configuration in _NOT_RUNTIME:
            continue
        build.dependencies.setdefault(
            artifact, f"{build_file}:{line_at(text, match.start())}: dependency {artifact}"
        )


def _plugins(text: str, plugin_ids: dict[str, str]) -> dict[str, int]:
    """Each plugin the build file applies (by id, or through the version catalog), with its line."""
    plugins: dict[str, int] = {}
    for match in _PLUGIN.finditer(text):
        plugin = match.group(1) or match.group(2) or plugin_ids.get((match.group(3) or "").lower())
        if plugin:
            plugins.setdefault(plugin, line_at(text, match.start()))
    return plugins


def _subprojects(settings: str) -> tuple[int, list[str]] | None:
    """The subprojects settings.gradle includes (``api``, ``libs/core``), with the first include's line."""
    names: list[str] = []
    first = None
    for match in _INCLUDE.finditer(settings):
        first = first or line_at(settings, match.start())
        names += [name.strip(":").replace(":", "/") for name in re.findall(_QUOTED, match.group(1))]
    return (first, names) if first is not None and names else None


def _catalog(repo: Path) -> tuple[dict[str, str], dict[str, str]]:
    """The version catalog's libraries (accessor to artifact) and plugins (accessor to id).

    ``spring-boot-starter = { module = "g:a" }`` is ``libs.spring.boot.starter`` in a build script:
    Gradle turns every '-' and '_' in an alias into a '.'.
    """
    data = read_toml(repo / CATALOG)

    def accessor(alias: str) -> str:
        return re.sub(r"[-_]", ".", alias).lower()

    libraries: dict[str, str] = {}
    for alias, entry in table(data, "libraries").items():
        module = entry if isinstance(entry, str) else entry.get("module") if isinstance(entry, dict) else None
        if isinstance(module, str) and module.count(":") >= 1:
            libraries[accessor(alias)] = module.split(":")[1]
        elif isinstance(entry, dict) and isinstance(entry.get("name"), str):
            libraries[accessor(alias)] = entry["name"]
    plugins: dict[str, str] = {}
    for alias, entry in table(data, "plugins").items():
        plugin = (
            entry.split(":")[0]
            if isinstance(entry, str)
            else entry.get("id")
            if isinstance(entry, dict)
            else None
        )
        if isinstance(plugin, str):
            plugins[accessor(alias)] = plugin
    return libraries, plugins
