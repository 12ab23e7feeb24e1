"""Maven: read ``pom.xml`` with :mod:`xml.etree.ElementTree` (namespaced or not) into a JavaBuild."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

from generator.detect.files import line_at, read_text, text_line
from generator.languages.java.build import JavaBuild, Sourced

#: Where the Java release can be set, strongest first: properties, then the compiler plugin's settings.
_RELEASE_PROPERTIES = (
    "maven.compiler.release",
    "maven.compiler.target",
    "maven.compiler.source",
    "java.version",
)
_COMPILER_SETTINGS = ("release", "target", "source")
_PROPERTY = re.compile(r"\$\{([^}]+)\}")
# What gives a jar the Main-Class attribute `java -jar` needs: the jar, shade or assembly plugin's
# <mainClass> (or a Main-Class manifest entry), or a property such plugins read (exec.mainClass).
_MAIN_CLASS = re.compile(r"mainClass|Main-Class", re.IGNORECASE)


def read(repo: Path) -> JavaBuild:
    """Read ``pom.xml`` in ``repo``.

    Args:
        repo: The application's folder (it holds pom.xml).

    Returns:
        What the POM says; a POM that is not valid XML yields a note and nothing else.

    """
    build = JavaBuild(
        tool="maven", build_file="pom.xml", wrapper="mvnw" if (repo / "mvnw").is_file() else None
    )
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
    for dependency in project.findall("dependencies/dependency"):
        name = _text(dependency, "artifactId")
        # A test dependency (webflux for WebTestClient, say) never runs in the image.
        if name and _text(dependency, "scope") != "test":
            build.dependencies.setdefault(name, f"pom.xml:{line_of('artifactId', name)}: dependency {name}")
    parent = _text(project, "parent/artifactId")
    plugins = {_text(plugin, "artifactId"): plugin for plugin in project.findall("build/plugins/plugin")}
    if parent == "spring-boot-starter-parent":
        build.spring_boot = f"pom.xml:{line_of('artifactId', parent)}: parent {parent}"
    elif "spring-boot-maven-plugin" in plugins:
        build.spring_boot = (
            f"pom.xml:{line_of('artifactId', 'spring-boot-maven-plugin')}: spring-boot-maven-plugin"
        )
    packaging = _text(project, "packaging") or "jar"
    modules = [_text(module, ".") for module in project.findall("modules/module")]
    if modules:
        candidates = ", ".join(f"{module}/target/*.jar" for module in modules if module)
        build.unsettled["entrypoint"] = (
            f"pom.xml:{text_line(text, '<modules>')}: a multi-module build: each module writes its own jar "
            f"to its own target folder, and the root writes none; candidates: {candidates}"
        )
    elif packaging != "jar":
        build.unsettled["entrypoint"] = (
            f"pom.xml:{line_of('packaging', packaging)}: packaging {packaging!r} writes no runnable jar "
            "(the image runs `java -jar` on one); no candidate found"
        )
    elif build.spring_boot:
        build.jar = _jar(plugins.get("spring-boot-maven-plugin"), build.spring_boot, line_of)
    elif main_class := _MAIN_CLASS.search(text):
        runnable = f"pom.xml:{line_at(text, main_class.start())}: {main_class.group(0)}"
        build.jar = _jar(None, runnable, line_of)
    else:
        build.unsettled["entrypoint"] = (
            "pom.xml: nothing gives the jar a Main-Class (no Spring Boot, no mainClass for the jar, shade or "
            "assembly plugin), so `java -jar` cannot start it; no candidate found"
        )
    return build


def _jar(boot_plugin: ET.Element | None, runnable: str, line_of: Callable[[str, str], int | None]) -> Sourced:
    """The jar ``package`` writes to target/, whatever its name (artifactId, version, finalName)."""
    # The Spring Boot plugin with a classifier keeps the plain jar beside the runnable one.
    classifier = _text(boot_plugin, "configuration/classifier") if boot_plugin is not None else ""
    if classifier:
        return f"target/*-{classifier}.jar", (
            f"pom.xml:{line_of('classifier', classifier)}: spring-boot-maven-plugin classifier {classifier}"
        )
    return "target/*.jar", f"{runnable} (the one runnable jar in target/)"


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
