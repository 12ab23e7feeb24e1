"""Maven: read ``pom.xml`` with :mod:`xml.etree.ElementTree` (namespaced or not) into a JavaBuild."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

from generator.detect.files import read_text, text_line
from generator.languages.java.build import JavaBuild, Sourced

#: Where the Java release can be set, strongest first: (property or compiler setting, how it reads).
_RELEASE_PROPERTIES = ("maven.compiler.release", "maven.compiler.source", "java.version")
_COMPILER_SETTINGS = ("release", "source")
_PROPERTY = re.compile(r"\$\{([^}]+)\}")


def read(repo: Path) -> JavaBuild:
    """Read ``pom.xml`` in ``repo``.

    Args:
        repo: The application's folder (it holds pom.xml).

    Returns:
        What the POM says; a POM that is not valid XML yields a note and nothing else.

    """
    wrapper = ", mvnw" if (repo / "mvnw").is_file() else ""
    build = JavaBuild(tool="maven", tool_source=f"pom.xml{wrapper}")
    text = read_text(repo / "pom.xml") or ""
    try:
        project = ET.fromstring(text)
    except ET.ParseError as error:
        build.notes.append(f"pom.xml is not valid XML ({error}): nothing more was read from it")
        return build
    for element in project.iter():
        # Maven's namespace (or none) is irrelevant here: compare local names only.
        element.tag = element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else element.tag
    properties = {child.tag: (child.text or "").strip() for child in project.findall("properties/*")}
    artifact = _text(project, "artifactId")
    version = _text(project, "version") or _text(project, "parent/version")
    properties.update({"project.artifactId": artifact, "project.version": version, "version": version})

    def resolve(value: str) -> str:
        return _PROPERTY.sub(lambda match: properties.get(match.group(1), match.group(0)), value)

    def line_of(tag: str, value: str) -> int | None:
        return text_line(text, rf"<{re.escape(tag)}>\s*{re.escape(value)}\s*</{re.escape(tag)}>")

    if artifact:
        build.name = (artifact, f"pom.xml:{line_of('artifactId', artifact)}: artifactId")
    description = _text(project, "description")
    if description:
        build.description = (description, f"pom.xml:{text_line(text, '<description>')}: description")
    build.java = _java_release(project, properties, text, resolve)
    packaging = _text(project, "packaging") or "jar"
    final_name = _text(project, "build/finalName")
    if packaging != "jar":
        build.notes.append(
            f"pom.xml:{line_of('packaging', packaging)}: packaging {packaging!r} builds no runnable jar: "
            "pass --entrypoint with the jar of the module to run"
        )
    elif final_name:
        # An unresolved property (${revision}) becomes '*', so the path survives version bumps.
        jar = "target/" + _PROPERTY.sub("*", resolve(final_name)) + ".jar"
        build.jar = (jar, f"pom.xml:{line_of('finalName', final_name)}: build.finalName")
    elif artifact:
        build.jar = (f"target/{artifact}-*.jar", f"pom.xml:{line_of('artifactId', artifact)}: artifactId")
    for dependency in project.findall("dependencies/dependency"):
        name = _text(dependency, "artifactId")
        if name:
            build.dependencies.setdefault(name, f"pom.xml:{line_of('artifactId', name)}: dependency {name}")
    parent = _text(project, "parent/artifactId")
    plugins = {_text(plugin, "artifactId") for plugin in project.findall("build/plugins/plugin")}
    if parent == "spring-boot-starter-parent":
        build.spring_boot = f"pom.xml:{line_of('artifactId', parent)}: parent {parent}"
    elif "spring-boot-maven-plugin" in plugins:
        build.spring_boot = (
            f"pom.xml:{line_of('artifactId', 'spring-boot-maven-plugin')}: spring-boot-maven-plugin"
        )
    return build


def _text(element: ET.Element, path: str) -> str:
    found = element.find(path)
    return " ".join((found.text or "").split()) if found is not None else ""


def _java_release(
    project: ET.Element, properties: dict[str, str], text: str, resolve: Callable[[str], str]
) -> Sourced | None:
    for name in _RELEASE_PROPERTIES:
        value = properties.get(name)
        if value:
            return resolve(value), f"pom.xml:{text_line(text, f'<{re.escape(name)}>')}: {name} {value}"
    for plugin in project.findall("build/plugins/plugin") + project.findall(
        "build/pluginManagement/plugins/plugin"
    ):
        if _text(plugin, "artifactId") != "maven-compiler-plugin":
            continue
        for setting in _COMPILER_SETTINGS:
            value = _text(plugin, f"configuration/{setting}")
            if value:
                line = text_line(text, f"<{setting}>")
                return resolve(value), f"pom.xml:{line}: maven-compiler-plugin {setting} {value}"
    return None
