"""Java: Maven or Gradle, the Java LTS to build on, the runnable jar, and whether (and where) it serves.

The build files are read by :mod:`.maven` and :mod:`.gradle`; the port by :mod:`.jvm_config` (Spring
Boot, Quarkus, Micronaut) or, for a plain Java server, from hints in ``src/main``.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.detect.files import HEALTH_PATH, Sources, source_files
from generator.detect.findings import Detection, normalise_name
from generator.detect.serving import PortHint, propose_health, propose_port
from generator.languages.java import config as jvm_config
from generator.languages.java import gradle, maven
from generator.languages.java.build import JavaBuild

#: The Java releases scaffold builds on (the java_version question's choices), oldest first.
_LTS = (17, 21, 25)
_SPRING_WEB = ("spring-boot-starter-web", "spring-boot-starter-webflux", "spring-boot-starter-jersey")
#: Dependencies that make a Java app a web server, with the config key holding its port (if it has one).
_FRAMEWORKS = {
    "quarkus-rest": "quarkus.http.port",
    "quarkus-resteasy": "quarkus.http.port",
    "quarkus-resteasy-reactive": "quarkus.http.port",
    "micronaut-http-server-netty": "micronaut.server.port",
    "javalin": "",
    "spark-core": "",
    "vertx-web": "",
    "helidon-webserver": "",
    "dropwizard-core": "",
    "jetty-server": "",
    "undertow-core": "",
    "ktor-server-core": "",
}
#: Health endpoints a dependency adds, at their default paths.
_HEALTH_DEPENDENCIES = {
    "spring-boot-starter-actuator": "/actuator/health",
    "quarkus-smallrye-health": "/q/health",
    "micronaut-management": "/health",
}
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


def detect(repo: Path, found: Detection) -> None:
    """Propose the Java answers for the repository at ``repo``.

    Args:
        repo: The application's folder.
        found: Where the proposals and notes go.

    """
    if (repo / "pom.xml").is_file():
        build = maven.read(repo)
    elif any((repo / name).is_file() for name in (*gradle.BUILD_FILES, *gradle.SETTINGS_FILES)):
        build = gradle.read(repo)
    else:
        return  # no build file: nothing names the jar
    for note in build.notes:
        found.note(note)
    found.propose("package_manager", build.tool, build.tool_source)
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
    match = re.fullmatch(r"(?:1\.)?(\d+)", release.strip())
    if match is None:
        found.note(f"{source}: not a Java release scaffold can read; pass --java-version")
        return
    wanted = int(match.group(1))
    fitting = next((lts for lts in _LTS if lts >= wanted), None)
    if fitting is None:
        found.note(f"{source}: Java {wanted} is newer than the newest LTS scaffold builds on ({_LTS[-1]})")
        return
    found.propose("java_version", str(fitting), source)
    if fitting != wanted:
        why = (
            "is not an LTS release" if wanted > _LTS[0] else "is older than the oldest LTS scaffold builds on"
        )
        found.note(f"{source}: Java {wanted} {why}; using {fitting}, which runs code built for it")


def _spring_boot(repo: Path, build: JavaBuild, found: Detection) -> None:
    web = next((name for name in _SPRING_WEB if name in build.dependencies), None)
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
    framework = next((name for name in _FRAMEWORKS if name in build.dependencies), None)
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
    key = _FRAMEWORKS.get(framework or "")
    configured = jvm_config.setting(repo, key) if key else None
    if configured is not None and configured[0].isdigit():
        found.propose("port", int(configured[0]), configured[1])
    propose_port(found, sources, _PORT_HINTS)
    health = next((name for name in _HEALTH_DEPENDENCIES if name in build.dependencies), None)
    if health is not None:
        found.propose("health_path", _HEALTH_DEPENDENCIES[health], build.dependencies[health])
    propose_health(found, sources, _HEALTH_ROUTES)


def _sources(repo: Path) -> Sources:
    return Sources(repo, source_files(repo / "src" / "main", (".java", ".kt")))
