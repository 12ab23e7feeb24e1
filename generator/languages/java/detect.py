"""Java: Maven or Gradle, the Java LTS to build on, the runnable jar, and whether (and where) it serves.

The build files are read by :mod:`.maven` and :mod:`.gradle`; the port by :mod:`.config` (Spring Boot,
Quarkus, Micronaut) or, for a plain Java server, from hints in ``src/main``. A repository with both a POM
and a Gradle build is built with the one whose wrapper is there; with both wrappers or neither, the build
tool is left for the user to choose.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.detect.files import HEALTH_PATH, Sources, source_files
from generator.detect.findings import Detection, normalise_name
from generator.detect.serving import PortHint, propose_health, propose_port
from generator.languages.java import LTS_RELEASES, gradle, maven
from generator.languages.java import config as jvm_config
from generator.languages.java.build import JavaBuild
from generator.languages.java.frameworks import HEALTH_DEPENDENCIES, SPRING_WEB_STARTERS, WEB_FRAMEWORKS

_LTS = tuple(int(release) for release in LTS_RELEASES)
_SERVER = re.compile(r"\b(?:HttpServer\.create|new\s+ServerSocket|Javalin\.create|embeddedServer)\(")
_PORT_HINTS: tuple[PortHint, ...] = (
    (re.compile(r'getenv\(\)\.getOrDefault\(\s*"PORT"\s*,\s*"(\d{2,5})"'), 'PORT fallback "{port}"'),
    (re.compile(r'getenv\(\s*"PORT"\s*\)[^;\n]*?"(\d{2,5})"'), 'PORT fallback "{port}"'),
    (re.compile(r"new\s+InetSocketAddress\(\s*(?:\"[^\"]*\"\s*,\s*)?(\d{2,5})\s*\)"), "{text}"),
    (re.compile(r"\.(?:start|port)\(\s*(\d{2,5})\s*\)"), "{text}"),
)
_HEALTH_ROUTES = (
    re.compile(rf'createContext\(\s*"({HEALTH_PATH})/?"'),
    re.compile(rf'@(?:Get|Request)Mapping\(\s*(?:(?:value|path)\s*=\s*)?\{{?\s*"({HEALTH_PATH})/?"'),
    re.compile(rf'@(?:Path|Get)\(\s*"({HEALTH_PATH})/?"\s*\)'),
    re.compile(rf'\.(?:get|head)\(\s*"({HEALTH_PATH})/?"'),
)
_WRAPPERS = {"maven": "mvnw", "gradle": "gradlew"}
_LABELS = {"maven": "Maven", "gradle": "Gradle"}
#: With both build tools' files and no wrapper to choose by, these answers are read from both builds and
#: proposed only where the two agree; the entrypoint follows the tool chosen (target/ or build/libs/).
_TOOL_BOUND = frozenset({"package_manager", "entrypoint", "java_version"})


def detect(repo: Path, found: Detection) -> None:
    """Propose the Java answers for the repository at ``repo``.

    Args:
        repo: The application's folder.
        found: Where the proposals and notes go.

    """
    builds = []
    if (repo / "pom.xml").is_file():
        builds.append(maven.read(repo))
    if any((repo / name).is_file() for name in (*gradle.BUILD_FILES, *gradle.SETTINGS_FILES)):
        builds.append(gradle.read(repo))
    if len(builds) == 1:
        _read(repo, builds[0], found)
    elif len(builds) == 2:
        _both(repo, builds[0], builds[1], found)
    # No build file: nothing names the jar.


def _both(repo: Path, pom: JavaBuild, gradle_build: JavaBuild, found: Detection) -> None:
    """A POM and a Gradle build side by side: the one with its wrapper wins, else the user chooses."""
    wrapped = [build for build in (pom, gradle_build) if build.wrapper]
    if len(wrapped) == 1:
        chosen = wrapped[0]
        other = gradle_build if chosen is pom else pom
        without = f"{other.build_file} is here too, without {_WRAPPERS[other.tool]}"
        _read(repo, chosen, found, tool_source=f"{chosen.tool_source} ({without})")
        return
    wrappers = "each with its wrapper" if wrapped else "neither with its wrapper (mvnw, gradlew)"
    found.leave_open(
        "package_manager",
        f"this repository has the build files of Maven ({pom.tool_source}) and Gradle "
        f"({gradle_build.tool_source}), {wrappers}",
    )
    read = {build.tool: Detection() for build in (pom, gradle_build)}
    for build in (pom, gradle_build):
        _read(repo, build, read[build.tool])
    first, second = read["maven"], read["gradle"]
    for name in {**first.unsettled, **second.unsettled}:
        found.leave_open(name, first.unsettled.get(name) or second.unsettled[name])
    for note in (*first.notes, *second.notes):
        found.note(note)  # each once: an answer left open above was noted the same way
    # Either build compiles on the newer of the two Java releases they ask for.
    versions = [d.findings["java_version"] for d in (first, second) if "java_version" in d.findings]
    if versions:
        newest = max(versions, key=lambda finding: int(finding.value))
        found.propose("java_version", newest.value, newest.source)
    for name, finding in first.findings.items():
        theirs = second.findings.get(name)
        if name not in _TOOL_BOUND and theirs is not None and theirs.value == finding.value:
            sources = (
                finding.source if theirs.source == finding.source else f"{finding.source}; {theirs.source}"
            )
            found.propose(name, finding.value, sources)


def _read(repo: Path, build: JavaBuild, found: Detection, *, tool_source: str | None = None) -> None:
    """Propose what one build file says."""
    for note in build.notes:
        found.note(note)
    for name, why in build.unsettled.items():
        found.leave_open(name, why)
    found.propose("package_manager", build.tool, tool_source or build.tool_source)
    if build.name is not None:
        found.propose("app_name", normalise_name(build.name[0]), build.name[1])
    if build.description is not None:
        found.propose_description(*build.description)
    if build.java is not None:
        _java_version(*build.java, found)
    if build.jar is not None:
        found.propose("entrypoint", *build.jar)
    if build.spring_boot:
        _spring_boot(repo, build, found)
    else:
        _plain(repo, build, found)


def _java_version(release: str, source: str, found: Detection) -> None:
    """Propose the LTS that builds code for ``release``: itself, or the nearest one above it."""
    match = re.fullmatch(r"(?:1\.)?(\d+)", release.strip())
    if match is None:
        found.note(
            f"{source}: not a Java release scaffold can read; the image builds on Java "
            f"{LTS_RELEASES[1]} unless --java-version says otherwise"
        )
        return
    wanted = int(match.group(1))
    fitting = next((lts for lts in _LTS if lts >= wanted), None)
    if fitting is None:
        accepted = ", ".join(LTS_RELEASES)
        found.leave_open(
            "java_version",
            f"{source}: Java {wanted} is newer than the newest LTS release scaffold builds on; "
            f"accepted versions: {accepted}",
        )
        return
    found.propose("java_version", str(fitting), source)
    if fitting != wanted:
        why = (
            "is not an LTS release" if wanted > _LTS[0] else "is older than the oldest LTS scaffold builds on"
        )
        found.note(f"{source}: Java {wanted} {why}; using {fitting}, which runs code built for it")


def _spring_boot(repo: Path, build: JavaBuild, found: Detection) -> None:
    web = next((name for name in build.dependencies if name in SPRING_WEB_STARTERS), None)
    if web is None:
        found.propose("app_kind", "worker", f"{build.spring_boot} (no web starter among the dependencies)")
        return
    found.propose("app_kind", "web", build.dependencies[web])
    configured = jvm_config.setting(repo, "server.port")
    if configured is not None and configured[0].isdigit():
        found.propose("port", int(configured[0]), configured[1])
    elif configured is None:
        found.propose("port", 8080, f"{build.spring_boot} (Spring Boot's default port)")
    if "spring-boot-starter-actuator" in build.dependencies:
        if jvm_config.setting(repo, "management.server.port") is not None:
            found.note(
                "management.server.port moves the actuator off the app's port: the health check uses TCP"
            )
            return
        base = jvm_config.setting(repo, "management.endpoints.web.base-path")
        path = f"{base[0].rstrip('/')}/health" if base else "/actuator/health"
        found.propose("health_path", path, build.dependencies["spring-boot-starter-actuator"])
        return
    propose_health(found, _sources(repo), _HEALTH_ROUTES)


def _plain(repo: Path, build: JavaBuild, found: Detection) -> None:
    sources = _sources(repo)
    framework = next((name for name in WEB_FRAMEWORKS if name in build.dependencies), None)
    server = sources.find(_SERVER)
    if framework is not None:
        found.propose("app_kind", "web", build.dependencies[framework])
    elif server is not None:
        found.propose("app_kind", "web", server.source(server.match.group(0).rstrip("(")))
    else:
        found.propose(
            "app_kind", "worker", f"{build.tool_source}: no web framework, and no server in src/main"
        )
        return
    key = WEB_FRAMEWORKS.get(framework or "")
    configured = jvm_config.setting(repo, key) if key else None
    if configured is not None and configured[0].isdigit():
        found.propose("port", int(configured[0]), configured[1])
    propose_port(found, sources, _PORT_HINTS)
    health = next((name for name in HEALTH_DEPENDENCIES if name in build.dependencies), None)
    if health is not None:
        found.propose("health_path", HEALTH_DEPENDENCIES[health], build.dependencies[health])
    propose_health(found, sources, _HEALTH_ROUTES)


def _sources(repo: Path) -> Sources:
    return Sources(repo, source_files(repo / "src" / "main", (".java", ".kt")))
