"""Java apps as start.spring.io lays them out (Spring Boot 3 and 4, Maven and Gradle), through the CLI.

``scaffold detect`` is asserted field by field with its sources on each app in tests/apps; the lint tier
renders the same apps with ``scaffold new --defaults`` and lints the output (tests/lint/
test_detected_defaults.py). Their dependencies come from Maven Central, which tests cannot reach, so no
image is built from them here. Where the repository points only at something that would not build or
start, ``--defaults`` exits 2 with one message naming the flag to pass and the candidates found.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from generator.answers.gather import gather
from generator.detect import detect
from generator.detect.findings import Finding

from .conftest import Invoke
from .prompt_keys import CLEAR, DOWN, ENTER, keys, record_prompts

APPS = Path(__file__).resolve().parent / "apps"
_ERROR = "scaffold: error: "
_OPEN = " (without it, scaffold new asks, or with --defaults stops)"
_BOOT_JAR = "(the one runnable jar in {folder})"

EXPECTED: dict[str, dict[str, tuple[Any, str]]] = {
    "java-spring3-maven": {
        "app_name": ("orders", "pom.xml:12: artifactId"),
        "description": ("Order service for Spring Boot 3", "pom.xml:15: description"),
        "language": ("java", "pom.xml"),
        "package_manager": ("maven", "pom.xml, mvnw"),
        "java_version": ("21", "pom.xml:30: java.version 21"),
        "app_kind": ("web", "pom.xml:39: dependency spring-boot-starter-web"),
        "entrypoint": (
            "target/*.jar",
            "pom.xml:7: parent spring-boot-starter-parent (the one runnable jar in target/)",
        ),
        "port": (8080, "pom.xml:7: parent spring-boot-starter-parent (Spring Boot's default port)"),
        "health_path": ("/actuator/health", "pom.xml:35: dependency spring-boot-starter-actuator"),
    },
    # Spring Boot 4: the webmvc starter, its test starters (test scope, never a sign of anything).
    "java-spring4-maven": {
        "app_name": ("catalog", "pom.xml:12: artifactId"),
        "description": ("Catalog service for Spring Boot 4", "pom.xml:15: description"),
        "language": ("java", "pom.xml"),
        "package_manager": ("maven", "pom.xml, mvnw"),
        "java_version": ("25", "pom.xml:30: java.version 25"),
        "app_kind": ("web", "pom.xml:39: dependency spring-boot-starter-webmvc"),
        "entrypoint": (
            "target/*.jar",
            "pom.xml:7: parent spring-boot-starter-parent (the one runnable jar in target/)",
        ),
        "port": (8081, "src/main/resources/application.yaml:5: server.port=${PORT:8081}"),
        "health_path": ("/actuator/health", "pom.xml:35: dependency spring-boot-starter-actuator"),
    },
    "java-spring3-gradle": {
        "app_name": ("quotes", "settings.gradle:1: rootProject.name"),
        "description": ("Quote service for Spring Boot 3", "build.gradle:9: description"),
        "language": ("java", "build.gradle"),
        "package_manager": ("gradle", "build.gradle, gradlew"),
        "java_version": ("17", "build.gradle:13: JavaLanguageVersion.of(17)"),
        "app_kind": ("web", "build.gradle:22: dependency spring-boot-starter-webflux"),
        "entrypoint": (
            "build/libs/*.jar",
            "build.gradle:3: plugin org.springframework.boot (the one runnable jar in build/libs/)",
        ),
        "port": (8080, "build.gradle:3: plugin org.springframework.boot (Spring Boot's default port)"),
        "health_path": (
            "/healthz",
            "src/main/java/com/example/quotes/GreetingController.java:10: route /healthz",
        ),
    },
    "java-spring4-gradle-kts": {
        "app_name": ("billing", "settings.gradle.kts:1: rootProject.name"),
        "description": ("Billing service for Spring Boot 4", "build.gradle.kts:9: description"),
        "language": ("java", "build.gradle.kts"),
        "package_manager": ("gradle", "build.gradle.kts, gradlew"),
        "java_version": ("21", "build.gradle.kts:13: JavaLanguageVersion.of(21)"),
        "app_kind": ("web", "build.gradle.kts:23: dependency spring-boot-starter-webmvc"),
        "entrypoint": (
            "build/libs/*.jar",
            "build.gradle.kts:3: plugin org.springframework.boot (the one runnable jar in build/libs/)",
        ),
        "port": (8080, "build.gradle.kts:3: plugin org.springframework.boot (Spring Boot's default port)"),
        "health_path": ("/actuator/health", "build.gradle.kts:22: dependency spring-boot-starter-actuator"),
    },
    # No settings.gradle: Gradle names the project (and its jar) after the folder, which in the image is
    # /build, so the jar is matched whatever its name. The webmvc starter is a test dependency only.
    "java-spring4-gradle-nosettings": {
        "app_name": ("java-spring4-gradle-nosettings", "folder name 'java-spring4-gradle-nosettings'"),
        "description": ("Nightly report worker for Spring Boot 4", "build.gradle:9: description"),
        "language": ("java", "build.gradle"),
        "package_manager": ("gradle", "build.gradle, gradlew"),
        "java_version": ("25", "build.gradle:12: sourceCompatibility = JavaVersion.VERSION_24"),
        "app_kind": (
            "worker",
            "build.gradle:3: plugin org.springframework.boot (no web starter among the dependencies)",
        ),
        "entrypoint": (
            "build/libs/*.jar",
            "build.gradle:3: plugin org.springframework.boot (the one runnable jar in build/libs/)",
        ),
    },
    # pom.xml with mvnw, build.gradle without gradlew: Maven, whose wrapper is here, builds it.
    "java-both-tools": {
        "app_name": ("inventory", "pom.xml:12: artifactId"),
        "description": ("Inventory service moving from Maven to Gradle", "pom.xml:15: description"),
        "language": ("java", "pom.xml"),
        "package_manager": ("maven", "pom.xml, mvnw (build.gradle is here too, without gradlew)"),
        "java_version": ("17", "pom.xml:30: java.version 17"),
        "app_kind": ("web", "pom.xml:35: dependency spring-boot-starter-web"),
        "entrypoint": (
            "target/*.jar",
            "pom.xml:7: parent spring-boot-starter-parent (the one runnable jar in target/)",
        ),
        "port": (9090, "src/main/resources/application.properties:2: server.port=9090"),
    },
}
NOTES = {
    "java-spring4-gradle-nosettings": [
        "build.gradle:12: sourceCompatibility = JavaVersion.VERSION_24: Java 24 is not an LTS release; "
        "using 25, which runs code built for it"
    ],
}


def _copy(name: str, tmp_path: Path) -> Path:
    dest = tmp_path / name
    shutil.copytree(APPS / name, dest)
    return dest


def _write(repo: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text)
    return repo


def _written(app: Path) -> list[str]:
    return sorted(path.name for path in app.iterdir() if path.name in {"Dockerfile", "compose.yaml"})


def test_every_java_app_is_expected() -> None:
    assert sorted(EXPECTED) == sorted(
        path.name for path in APPS.iterdir() if path.name.startswith(("java-spring", "java-both"))
    )


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_detect_reads_each_app_field_by_field(name: str, cli_invoke: Invoke) -> None:
    shown = json.loads(cli_invoke(["detect", str(APPS / name), "--json"]).stdout)
    answers = {field: (found["value"], found["source"]) for field, found in shown["answers"].items()}
    assert answers == EXPECTED[name]
    assert shown["notes"] == NOTES.get(name, [])


@pytest.mark.usefixtures("fast_template")
@pytest.mark.parametrize(
    ("name", "runtime_base", "folder"),
    [
        ("java-spring4-gradle-nosettings", "slim", "build/libs"),
        ("java-spring4-gradle-kts", "distroless", "build/libs"),
        ("java-spring4-maven", "slim", "target"),
    ],
)
def test_the_runnable_jar_is_picked_in_the_builder_whatever_its_name(
    cli_invoke: Invoke, tmp_path: Path, name: str, runtime_base: str, folder: str
) -> None:
    app = _copy(name, tmp_path)
    cli_invoke(["new", str(app), "--defaults", "--runtime-base", runtime_base])
    dockerfile = (app / "Dockerfile").read_text()
    builder, runtime = dockerfile.split(" AS runtime\n")
    # The builder (which has a shell) picks the one jar in the folder, whatever its name, skipping the
    # jars that are not runnable, and gives it a fixed name ...
    assert f"RUN find {folder} -maxdepth 1 -type f -name '*.jar' ! -name '*-plain.jar' " in builder
    assert "! -name 'original-*' > /tmp/jars" in builder
    assert '&& cp "$(cat /tmp/jars)" /opt/app.jar' in builder
    # ... which the runtime (distroless has no shell) copies as it is; no name of the host's appears.
    assert "COPY --from=builder /opt/app.jar /app/app.jar\n" in runtime
    assert [line for line in dockerfile.splitlines() if ".jar" in line and _app_name(name) in line] == []
    assert 'CMD ["java", ' in runtime and '"-jar", "/app/app.jar"]' in runtime


def _app_name(name: str) -> str:
    return str(EXPECTED[name]["app_name"][0])


@pytest.mark.parametrize(
    ("starter", "kind"),
    [
        ("spring-boot-starter-web", "web"),
        ("spring-boot-starter-webmvc", "web"),
        ("spring-boot-starter-webflux", "web"),
        ("spring-boot-starter-jersey", "web"),
        ("spring-boot-starter-undertow", "web"),
        ("spring-boot-starter-websocket", "web"),
        ("spring-boot-starter-webclient", "worker"),
        ("spring-boot-starter-batch", "worker"),
    ],
)
def test_spring_boot_web_starters_of_both_generations(tmp_path: Path, starter: str, kind: str) -> None:
    build = (
        "plugins {\n    id 'org.springframework.boot' version '4.0.0'\n}\n"
        f"dependencies {{\n    implementation 'org.springframework.boot:{starter}'\n}}\n"
    )
    found = detect(_write(tmp_path, {"build.gradle": build}))
    assert found.answers()["app_kind"] == kind
    if kind == "web":
        assert found.findings["app_kind"].source == f"build.gradle:5: dependency {starter}"


def test_test_and_development_dependencies_do_not_make_a_web_app(tmp_path: Path) -> None:
    pom = (
        "<project>\n  <parent><artifactId>spring-boot-starter-parent</artifactId></parent>\n"
        "  <artifactId>jobs</artifactId>\n  <dependencies>\n"
        "    <dependency><artifactId>spring-boot-starter-webflux</artifactId>"
        "<scope>test</scope></dependency>\n"
        "  </dependencies>\n</project>\n"
    )
    assert detect(_write(tmp_path / "maven", {"pom.xml": pom})).answers()["app_kind"] == "worker"
    build = (
        'plugins {\n    id("org.springframework.boot") version "3.5.7"\n}\ndependencies {\n'
        '    testImplementation("org.springframework.boot:spring-boot-starter-webflux")\n'
        '    developmentOnly("org.springframework.boot:spring-boot-starter-tomcat")\n'
        '    // implementation("org.springframework.boot:spring-boot-starter-web")\n'
        '    /* implementation("org.springframework.boot:spring-boot-starter-jetty") */\n}\n'
    )
    assert detect(_write(tmp_path / "gradle", {"build.gradle.kts": build})).answers()["app_kind"] == "worker"


def test_a_version_catalog_names_the_plugin_and_the_starters(tmp_path: Path) -> None:
    catalog = (
        '[versions]\nspring-boot = "4.0.0"\n\n[libraries]\n'
        'spring-boot-starter-webmvc = { module = "org.springframework.boot:spring-boot-starter-webmvc" }\n'
        'boot-actuator = { group = "org.springframework.boot", name = "spring-boot-starter-actuator" }\n\n'
        '[plugins]\nspring-boot = { id = "org.springframework.boot", version.ref = "spring-boot" }\n'
    )
    build = (
        "plugins {\n    java\n    alias(libs.plugins.spring.boot)\n}\n"
        "dependencies {\n    implementation(libs.spring.boot.starter.webmvc)\n"
        "    implementation(libs.boot.actuator)\n}\n"
    )
    found = detect(_write(tmp_path, {"build.gradle.kts": build, "gradle/libs.versions.toml": catalog}))
    assert found.findings["app_kind"] == Finding(
        "web", "build.gradle.kts:6: dependency spring-boot-starter-webmvc"
    )
    assert found.findings["health_path"] == Finding(
        "/actuator/health", "build.gradle.kts:7: dependency spring-boot-starter-actuator"
    )
    assert found.findings["entrypoint"].value == "build/libs/*.jar"


@pytest.mark.parametrize(
    ("java", "line", "release"),
    [
        ("java {\n    toolchain {\n        languageVersion = JavaLanguageVersion.of(25)\n    }\n}", 4, "25"),
        (
            "java {\n    toolchain {\n        languageVersion.set(JavaLanguageVersion.of(17))\n    }\n}",
            4,
            "17",
        ),
        ("kotlin {\n    jvmToolchain(21)\n}", 3, "21"),
        ("java {\n    sourceCompatibility = '17'\n    targetCompatibility = '21'\n}", 4, "21"),
        ("java.sourceCompatibility = JavaVersion.VERSION_1_8", 2, "17"),
        ("sourceCompatibility = JavaVersion.toVersion(21)", 2, "21"),
        ("tasks.withType(JavaCompile) {\n    options.release = 21\n}", 3, "21"),
    ],
)
def test_gradle_java_release(tmp_path: Path, java: str, line: int, release: str) -> None:
    build = "plugins { id 'org.springframework.boot' }\n" + java + "\n"
    found = detect(_write(tmp_path, {"build.gradle": build}))
    assert found.answers()["java_version"] == release
    assert found.findings["java_version"].source.startswith(f"build.gradle:{line}: ")


def test_a_shadow_jar_is_the_runnable_one(tmp_path: Path) -> None:
    build = "plugins {\n    id 'application'\n    id 'com.gradleup.shadow' version '8.3.5'\n}\n"
    found = detect(_write(tmp_path, {"build.gradle": build}))
    assert found.findings["entrypoint"] == Finding(
        "build/libs/*-all.jar", "build.gradle:3: plugin com.gradleup.shadow (shadowJar)"
    )


def test_a_spring_boot_classifier_is_the_runnable_jar(tmp_path: Path) -> None:
    pom = (
        "<project>\n  <parent><artifactId>spring-boot-starter-parent</artifactId></parent>\n"
        "  <artifactId>jobs</artifactId>\n  <build><plugins><plugin>\n"
        "    <artifactId>spring-boot-maven-plugin</artifactId>\n"
        "    <configuration><classifier>exec</classifier></configuration>\n"
        "  </plugin></plugins></build>\n</project>\n"
    )
    found = detect(_write(tmp_path, {"pom.xml": pom}))
    assert found.findings["entrypoint"] == Finding(
        "target/*-exec.jar", "pom.xml:6: spring-boot-maven-plugin classifier exec"
    )


# Both build tools


_POM = (
    "<project>\n  <parent><artifactId>spring-boot-starter-parent</artifactId></parent>\n"
    "  <artifactId>inventory</artifactId>\n  <properties><java.version>17</java.version></properties>\n"
    "  <dependencies>\n    <dependency><artifactId>spring-boot-starter-web</artifactId></dependency>\n"
    "  </dependencies>\n</project>\n"
)
_GRADLE = (
    "plugins {\n    id 'org.springframework.boot' version '3.5.7'\n}\n"
    "java {\n    toolchain {\n        languageVersion = JavaLanguageVersion.of(21)\n    }\n}\n"
    "dependencies {\n    implementation 'org.springframework.boot:spring-boot-starter-web'\n}\n"
)


@pytest.mark.parametrize(
    ("wrappers", "said"),
    [
        ({}, "Maven (pom.xml) and Gradle (build.gradle), neither with its wrapper (mvnw, gradlew)"),
        (
            {"mvnw": "", "gradlew": ""},
            "Maven (pom.xml, mvnw) and Gradle (build.gradle, gradlew), each with its wrapper",
        ),
    ],
)
def test_both_build_tools_without_one_wrapper_leave_the_package_manager_open(
    tmp_path: Path, wrappers: dict[str, str], said: str
) -> None:
    found = detect(_write(tmp_path / "inventory", {"pom.xml": _POM, "build.gradle": _GRADLE, **wrappers}))
    why = f"this repository has the build files of {said}"
    assert found.unsettled == {"package_manager": why}
    assert found.notes == [f"{why}: pass --package-manager{_OPEN}"]
    # What both builds say is proposed; Java, the newer of the two releases (either builds on it); the
    # jar is left to the tool chosen (target/*.jar or build/libs/*.jar).
    assert found.findings["app_kind"] == Finding(
        "web",
        "pom.xml:6: dependency spring-boot-starter-web; build.gradle:10: dependency spring-boot-starter-web",
    )
    assert found.findings["java_version"] == Finding("21", "build.gradle:6: JavaLanguageVersion.of(21)")
    assert found.findings["port"].value == 8080
    assert "entrypoint" not in found.findings and "package_manager" not in found.findings


@pytest.mark.usefixtures("fast_template")
def test_both_build_tools_stop_naming_both(cli_invoke: Invoke, tmp_path: Path) -> None:
    app = _write(tmp_path / "inventory", {"pom.xml": _POM, "build.gradle": _GRADLE})
    result = cli_invoke(["new", str(app), "--defaults"], expect=2)
    assert result.stderr == (
        f"{_ERROR}--package-manager: must be chosen: this repository has the build files of Maven (pom.xml) "
        "and Gradle (build.gradle), neither with its wrapper (mvnw, gradlew)\n"
    )
    assert _written(app) == []
    cli_invoke(["new", str(app), "--defaults", "--package-manager", "gradle"])
    dockerfile = (app / "Dockerfile").read_text()
    assert "sh ./gradlew --no-daemon assemble" in dockerfile
    assert "RUN find build/libs -maxdepth 1" in dockerfile
    assert "ARG JAVA_VERSION=21\n" in dockerfile


def test_both_build_tools_are_asked_interactively(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    app = _write(tmp_path / "inventory", {"pom.xml": _POM, "build.gradle": _GRADLE})
    shown = record_prompts(monkeypatch)
    # The package manager (maven, gradle: down once), then runtime base, the jar (offered as the chosen
    # tool's output folder), limits, CI, change: as offered.
    with keys(DOWN + ENTER + ENTER * 5):
        spec = gather(app, {}, interactive=True).spec
    assert shown[0].choices == ("maven", "gradle")
    assert shown[2].message.startswith("Entrypoint: the runnable jar")
    assert spec.package_manager == "gradle"
    assert spec.entrypoint == "build/libs/*.jar"
    assert (
        "package_manager must be chosen: this repository has the build files of Maven"
        in capsys.readouterr().err
    )


# Other builds that would not build or start


@pytest.mark.usefixtures("fast_template")
@pytest.mark.parametrize(
    ("files", "flag", "message", "answer"),
    [
        (
            {"pom.xml": _POM.replace("<java.version>17<", "<java.version>26<")},
            "--java-version",
            "pom.xml:4: java.version 26: Java 26 is newer than the newest LTS release scaffold builds on; "
            "accepted versions: 17, 21, 25",
            "25",
        ),
        (
            {
                "pom.xml": "<project>\n  <artifactId>shop</artifactId>\n  <packaging>pom</packaging>\n"
                "  <modules>\n    <module>api</module>\n    <module>app</module>\n  </modules>\n</project>\n",
                "mvnw": "",
            },
            "--entrypoint",
            "pom.xml:4: a multi-module build: each module writes its own jar to its own target folder, and "
            "the root writes none; candidates: api/target/*.jar, app/target/*.jar",
            "app/target/*.jar",
        ),
        (
            {"settings.gradle": "rootProject.name = 'shop'\ninclude 'api', 'app'\n", "build.gradle": ""},
            "--entrypoint",
            "settings.gradle:2: a multi-project build: each subproject writes its own jar to its own "
            "build/libs folder; candidates: api/build/libs/*.jar, app/build/libs/*.jar",
            "app/build/libs/*.jar",
        ),
        (
            {"pom.xml": _POM.replace("<artifactId>inventory</artifactId>", "<packaging>war</packaging>")},
            "--entrypoint",
            "pom.xml:3: packaging 'war' writes no runnable jar (the image runs `java -jar` on one); "
            "no candidate found",
            None,
        ),
        (
            {
                "build.gradle": "plugins {\n    id 'application'\n}\n"
                "application {\n    mainClass = 'a.Main'\n}\n"
            },
            "--entrypoint",
            "build.gradle: nothing gives the jar a Main-Class (no Spring Boot or Shadow plugin, no "
            "Main-Class in the jar's manifest), so `java -jar` cannot start it; no candidate found",
            None,
        ),
    ],
    ids=["java-too-new", "maven-modules", "gradle-subprojects", "war", "no-main-class"],
)
def test_a_build_that_would_not_build_or_start_stops(
    cli_invoke: Invoke, tmp_path: Path, files: dict[str, str], flag: str, message: str, answer: str | None
) -> None:
    app = _write(tmp_path / "shop", files)
    result = cli_invoke(["new", str(app), "--defaults"], expect=2)
    assert result.stderr == f"{_ERROR}{flag}: must be chosen: {message}\n"
    assert _written(app) == []
    if answer is not None:
        cli_invoke(["new", str(app), "--defaults", flag, answer])
        assert answer.replace("/*.jar", "") in (app / "Dockerfile").read_text()


def test_a_java_release_left_open_is_asked_interactively(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pom = _POM.replace("<java.version>17<", "<java.version>26<")
    app = _write(tmp_path / "inventory", {"pom.xml": pom, "mvnw": ""})
    shown = record_prompts(monkeypatch)
    # The runtime base, then the Java version (typed over the default), limits, CI, change: as offered.
    with keys(ENTER + CLEAR + "25" + ENTER + ENTER * 3):
        spec = gather(app, {}, interactive=True).spec
    assert (shown[1].kind, shown[1].message) == ("text", "Java version (an LTS release)")
    assert spec.java_version == "25"
    assert (
        "java_version must be chosen: pom.xml:4: java.version 26: Java 26 is newer" in capsys.readouterr().err
    )
