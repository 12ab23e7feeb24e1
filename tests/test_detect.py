"""Detection proposes the right defaults, says where each came from, and wins over nothing explicit."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.answers.gather import gather
from generator.answers.questions import applicable_answers
from generator.detect import Finding, detect, normalise_name
from generator.errors import InvalidAnswerError
from generator.languages import LANGUAGES
from generator.spec.model import Spec

from .conftest import APPS, REPO, Invoke

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "detect"


def test_flask_with_requirements(copy_app: Callable[[str], Path]) -> None:
    found = detect(copy_app("flask-pip"))
    assert found.answers() == {
        "app_name": "flask-pip",
        "language": "python",
        "package_manager": "pip",
        "app_kind": "web",
        "requirements_files": "requirements.txt",
        "entrypoint": "app:app",
        "server": "gunicorn",
        "server_install": "",
        "health_path": "/health",
    }
    assert found.findings["entrypoint"].source == "app.py:5: Flask app"
    assert found.findings["health_path"].source.startswith("app.py:13")
    assert found.notes == []


def test_fastapi_with_uv(copy_app: Callable[[str], Path]) -> None:
    found = detect(copy_app("fastapi-uv"))
    answers = found.answers()
    assert answers["app_name"] == "fastapi-uv"
    assert answers["description"] == "A small FastAPI app for the uv + uvicorn variant"
    assert answers["package_manager"] == "uv"
    assert answers["python_version"] == "3.14"
    assert found.findings["python_version"].source == "pyproject.toml:5: requires-python '>=3.11'"
    assert (answers["entrypoint"], answers["server"], answers["health_path"]) == (
        "main:app",
        "uvicorn",
        "/healthz",
    )


def test_poetry_factory_and_python_version_file(copy_app: Callable[[str], Path]) -> None:
    found = detect(copy_app("poetry-web"))
    answers = found.answers()
    assert answers["package_manager"] == "poetry"
    assert answers["python_version"] == "3.11"
    assert found.findings["python_version"].source == (
        ".python-version:1: 3.11; pyproject.toml:5: requires-python '>=3.10'"
    )
    assert (answers["entrypoint"], answers["server"]) == ("wsgi:create_app()", "gunicorn")
    assert "health_path" not in answers


def test_worker_without_web_framework(copy_app: Callable[[str], Path]) -> None:
    answers = detect(copy_app("worker-pip")).answers()
    assert (answers["app_kind"], answers["entrypoint"]) == ("worker", "main.py")
    assert "port" not in answers


def test_empty_folder_proposes_only_a_name(tmp_path: Path) -> None:
    folder = tmp_path / "My Service!"
    folder.mkdir()
    assert detect(folder).answers() == {"app_name": "my-service"}


def test_lock_files_win_and_a_missing_server_is_noted(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname="x"\n\n[tool.uv]\ndev-dependencies=[]\n')
    (tmp_path / "app.py").write_text("from fastapi import FastAPI\napp = FastAPI()\n")
    (tmp_path / "requirements.txt").write_text("fastapi\n")
    found = detect(tmp_path)
    assert found.answers()["package_manager"] == "pip"  # requirements.txt is the stronger signal
    assert any("uvicorn is not among the dependencies" in note for note in found.notes)
    (tmp_path / "requirements.txt").unlink()
    found = detect(tmp_path)
    assert found.answers()["package_manager"] == "uv"


def test_requires_python_picks_a_version_inside_the_range(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname="x"\nrequires-python=">=3.9,<3.12"\n')
    assert detect(tmp_path).answers()["python_version"] == "3.11"


def test_unparsable_files_are_ignored(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("this is [not toml")
    (tmp_path / "app.py").write_text("def broken(:\n")
    assert set(detect(tmp_path).answers()) == {"app_name", "language"}


def test_explicit_answers_win_and_stale_proposals_are_dropped(copy_app: Callable[[str], Path]) -> None:
    proposed = detect(copy_app("flask-pip")).answers()
    merged = applicable_answers({"entrypoint": "-m flask_pip", "app_kind": "web"}, proposed)
    assert merged["entrypoint"] == "-m flask_pip"
    assert "server" not in merged  # only applies to module:attr entrypoints
    worker = applicable_answers({"app_kind": "worker", "entrypoint": "main.py"}, proposed)
    assert "health_path" not in worker


def test_normalise_name() -> None:
    assert normalise_name("My_Project.API") == "my_project-api"
    assert normalise_name("---") == "app"


def test_detect_command_shows_values_and_sources(cli_invoke: Invoke, copy_app: Callable[[str], Path]) -> None:
    app = copy_app("fastapi-uv")
    text = cli_invoke(["detect", str(app)]).stdout
    assert "health_path" in text and "/healthz" in text and "(main.py:13: route /healthz)" in text
    parsed = json.loads(cli_invoke(["detect", "--json", str(app)]).stdout)
    assert parsed["answers"]["server"] == {"value": "uvicorn", "source": "main.py:5: FastAPI app"}
    assert parsed["notes"] == []


def test_detect_command_refuses_a_missing_folder(cli_invoke: Invoke, tmp_path: Path) -> None:
    result = cli_invoke(["detect", str(tmp_path / "missing")], expect=2)
    assert result.stderr.strip() == f"scaffold: error: PATH: {tmp_path / 'missing'} is not an existing folder"


# Every fixture repository's detection, field by field: (value, source).
EXPECTED: dict[str, dict[str, tuple[Any, str]]] = {
    "node-npm": {
        "app_name": ("orders-api", "package.json:2: name"),
        "description": ("Orders API for the shop", "package.json:4: description"),
        "language": ("node", "package.json"),
        "package_manager": ("npm", "package-lock.json"),
        "node_version": ("24", "package.json:12: engines.node '>=20'"),
        "app_kind": ("web", "package.json:15: dependencies.express"),
        "entrypoint": ("server.js", "package.json:8: scripts.start"),
        "node_build": (False, "package.json: no scripts.build"),
        "port": (3000, "server.js:17: PORT fallback 3000"),
        "health_path": ("/healthz", "server.js:8: route /healthz"),
    },
    "node-yarn": {
        "app_name": ("metrics-gateway", "package.json:2: name"),
        "language": ("node", "package.json"),
        "package_manager": ("yarn", "yarn.lock"),
        "node_version": ("20", "package.json:12: engines.node '^20.11'"),
        "app_kind": ("web", "src/index.ts:6: createServer()"),
        "entrypoint": (
            "dist/index.js",
            "package.json:8: scripts.start (the build writes it: tsconfig.json:5: outDir dist)",
        ),
        "node_build": (True, "package.json:7: scripts.build"),
        "port": (8081, "src/index.ts:4: PORT fallback 8081"),
        "health_path": ("/readyz", "src/index.ts:7: route /readyz"),
    },
    "node-pnpm": {
        "app_name": ("thumbnailer", "package.json:2: name"),
        "description": ("Resizes uploaded images from the queue", "package.json:4: description"),
        "language": ("node", "package.json"),
        "package_manager": ("pnpm", "pnpm-lock.yaml"),
        "node_version": ("22", ".node-version:1: 22.3.0"),
        "app_kind": ("worker", "package.json: no web framework in dependencies, and no server in the source"),
        "entrypoint": ("worker.mjs", "package.json:8: scripts.start"),
        "node_build": (False, "package.json: no scripts.build"),
    },
    # `nest new` with npm: `nest build` compiles src/ to dist/ (tsconfig.build.json extends tsconfig.json).
    "node-nest": {
        "app_name": ("billing-api", "package.json:2: name"),
        "language": ("node", "package.json"),
        "package_manager": ("npm", "package-lock.json"),
        "app_kind": ("web", "package.json:24: dependencies.@nestjs/core"),
        "entrypoint": (
            "dist/main.js",
            "package.json:14: scripts.start:prod (the build writes it: tsconfig.json:15: outDir ./dist)",
        ),
        "node_build": (True, "package.json:9: scripts.build"),
        "port": (3000, "src/main.ts:6: PORT fallback 3000"),
    },
    # Express in TypeScript: `tsc --init`'s commented tsconfig with rootDir ./src and outDir ./dist.
    "node-express-ts": {
        "app_name": ("express-typescript", "package.json:2: name"),
        "language": ("node", "package.json"),
        "package_manager": ("npm", "package-lock.json"),
        "app_kind": ("web", "package.json:16: dependencies.express"),
        "entrypoint": (
            "dist/index.js",
            "package.json:8: scripts.start (the build writes it: tsconfig.json:31: outDir ./dist)",
        ),
        "node_build": (True, "package.json:7: scripts.build"),
        "port": (3000, "src/index.ts:7: PORT fallback 3000"),
        "health_path": ("/health", "src/index.ts:13: route /health"),
    },
    # An Nx standalone app: `nx build` writes project.json's outputPath, `nx serve` is for development.
    "node-nx": {
        "app_name": ("inventory", "project.json:2: name"),
        "language": ("node", "package.json"),
        "package_manager": ("npm", "package-lock.json"),
        "app_kind": ("web", "package.json:13: dependencies.express"),
        "entrypoint": (
            "dist/inventory/main.js",
            "project.json:14: targets.build.options.outputPath dist/inventory (main src/main.ts)",
        ),
        "node_build": (True, "package.json:7: scripts.build"),
        "port": (3000, "src/main.ts:4: PORT fallback 3000"),
    },
    # Express's hello world with both yarn.lock and package-lock.json: nothing says which (see UNSETTLED).
    "node-two-locks": {
        "app_name": ("myapp", "package.json:2: name"),
        "language": ("node", "package.json"),
        "app_kind": ("web", "package.json:13: dependencies.express"),
        "entrypoint": ("index.js", "package.json:5: main"),
        "node_build": (False, "package.json: no scripts.build"),
        "port": (3000, "index.js:3: port = 3000"),
    },
    # The same, with packageManager naming yarn.
    "node-two-locks-yarn": {
        "app_name": ("myapp", "package.json:2: name"),
        "language": ("node", "package.json"),
        "package_manager": ("yarn", "package.json:12: packageManager yarn@1.22.22"),
        "app_kind": ("web", "package.json:14: dependencies.express"),
        "entrypoint": ("index.js", "package.json:5: main"),
        "node_build": (False, "package.json: no scripts.build"),
        "port": (3000, "index.js:3: port = 3000"),
    },
    # node:http alone, routing with `switch (req.url) { case '/healthz': ... }`.
    "node-http-switch": {
        "app_name": ("status-board", "package.json:2: name"),
        "description": ("Status board served by node:http alone", "package.json:4: description"),
        "language": ("node", "package.json"),
        "package_manager": ("npm", "package-lock.json"),
        "node_version": ("24", "package.json:12: engines.node '>=22'"),
        "app_kind": ("web", "server.js:8: createServer()"),
        "entrypoint": ("server.js", "package.json:7: scripts.start"),
        "node_build": (False, "package.json: no scripts.build"),
        "port": (8080, "server.js:6: PORT fallback 8080"),
        "health_path": ("/healthz", "server.js:10: route /healthz"),
    },
    # create-next-app without standalone output: node runs the next CLI's `next start`.
    "node-next": {
        "app_name": ("storefront", "package.json:2: name"),
        "language": ("node", "package.json"),
        "package_manager": ("npm", "package-lock.json"),
        "app_kind": ("web", "package.json:14: dependencies.next"),
        "entrypoint": (
            "node_modules/next/dist/bin/next",
            "package.json:8: scripts.start 'next start' (no output: 'standalone' in next.config.ts)",
        ),
        "node_build": (True, "package.json:7: scripts.build"),
        "port": (3000, "Next.js's default port (next start and the standalone server.js)"),
    },
    "go-web": {
        "app_name": ("inventory", "go.mod:1: module github.com/acme/inventory/v2"),
        "language": ("go", "go.mod"),
        "package_manager": ("go", "go.mod"),
        "cgo": (False, 'go.mod: no module that needs cgo, and no import "C"'),
        "go_version": ("1.23", "go.mod:5: toolchain go1.23.1"),
        "app_kind": ("web", "internal/server/server.go:25: ListenAndServe"),
        "entrypoint": (".", "main.go:10: func main"),
        "port": (9090, 'internal/server/server.go:23: PORT fallback "9090"'),
        "health_path": ("/healthz", "internal/server/server.go:15: route /healthz"),
    },
    "go-cmd": {
        "app_name": ("mailer", "go.mod:1: module example.com/mailer"),
        "language": ("go", "go.mod"),
        "package_manager": ("go", "go.mod"),
        "cgo": (False, 'go.mod: no module that needs cgo, and no import "C"'),
        "go_version": ("1.22", "go.mod:3: go 1.22"),
        "app_kind": ("worker", "./cmd/worker: no listener, net/http handler or web framework"),
        "entrypoint": ("./cmd/worker", "cmd/worker/main.go:14: func main"),
    },
    "rust-web": {
        "app_name": ("echo_server", "Cargo.toml:2: package.name"),
        "description": (
            "Echoes requests back, with the standard library only",
            "Cargo.toml:6: package.description",
        ),
        "language": ("rust", "Cargo.toml"),
        "package_manager": ("cargo", "Cargo.lock"),
        "rust_openssl": (False, "Cargo.lock: no openssl-sys"),
        "rust_version": ("1.83", "rust-toolchain.toml:2: channel '1.83.0'"),
        "app_kind": ("web", "src/main.rs:19: TcpListener::bind"),
        "entrypoint": ("echo_server", "Cargo.toml:2: package.name (src/main.rs)"),
        "port": (7878, 'src/main.rs:19: "0.0.0.0:7878"'),
        "health_path": ("/health", "src/main.rs:12: route /health"),
    },
    "rust-worker": {
        "app_name": ("ledger", "Cargo.toml:2: package.name"),
        "language": ("rust", "Cargo.toml"),
        "package_manager": ("cargo", "Cargo.lock"),
        "rust_openssl": (False, "Cargo.lock: no openssl-sys"),
        "rust_version": ("1.80", "Cargo.toml:5: package.rust-version '1.80.1'"),
        "app_kind": ("worker", "Cargo.toml: no web framework crate, and no listener in src/"),
        "entrypoint": ("ledger-reaper", "Cargo.toml:8: [[bin]] name"),
    },
    "java-maven": {
        "app_name": ("payments", "pom.xml:12: artifactId"),
        "description": ("Payments service", "pom.xml:15: description"),
        "language": ("java", "pom.xml"),
        "package_manager": ("maven", "pom.xml, mvnw"),
        "java_version": ("21", "pom.xml:17: java.version 21"),
        "app_kind": ("web", "pom.xml:22: dependency spring-boot-starter-web"),
        "entrypoint": (
            "target/*.jar",
            "pom.xml:7: parent spring-boot-starter-parent (the one runnable jar in target/)",
        ),
        "port": (9090, "src/main/resources/application.properties:3: server.port=9090"),
        "health_path": ("/actuator/health", "pom.xml:26: dependency spring-boot-starter-actuator"),
    },
    "java-gradle": {
        "app_name": ("inventory-service", "settings.gradle.kts:1: rootProject.name"),
        "language": ("java", "build.gradle.kts"),
        "package_manager": ("gradle", "build.gradle.kts, gradlew"),
        "java_version": ("17", "build.gradle.kts:14: JavaLanguageVersion.of(17)"),
        "app_kind": ("web", "src/main/java/com/example/inventory/Main.java:13: HttpServer.create"),
        "entrypoint": (
            "build/libs/*.jar",
            "build.gradle.kts:28: Main-Class (the one runnable jar in build/libs/)",
        ),
        "port": (8081, 'src/main/java/com/example/inventory/Main.java:12: PORT fallback "8081"'),
        "health_path": ("/healthz", "src/main/java/com/example/inventory/Main.java:14: route /healthz"),
    },
    "monorepo": {
        "app_name": ("platform-tools", "pyproject.toml:2: name"),
        "description": ("Repository tooling: release scripts and checks", "pyproject.toml:4: description"),
        "language": ("python", "pyproject.toml"),
        "python_version": ("3.14", "pyproject.toml:5: requires-python '>=3.11'"),
    },
}
# Answers a fixture leaves open (scaffold new --defaults stops on them), by fixture.
UNSETTLED: dict[str, dict[str, str]] = {
    "node-two-locks": {
        "package_manager": "this repository has lock files of npm (package-lock.json) and yarn (yarn.lock), "
        "and package.json has no packageManager field",
    },
}
_OPEN = " (without it, scaffold new asks, or with --defaults stops)"
# The notes of each fixture, besides one per unsettled answer.
NOTES: dict[str, list[str]] = {
    "node-nx": [
        "package.json:6: scripts.start runs 'nx serve', a development command: the image runs "
        "dist/inventory/main.js instead (project.json:14: targets.build.options.outputPath dist/inventory "
        "(main src/main.ts))"
    ],
    "node-two-locks-yarn": [
        "package-lock.json is also here; package.json:12: packageManager yarn@1.22.22 names yarn, so the "
        "image installs from yarn.lock"
    ],
}
EVERY_REPO = sorted([*FIXTURES.iterdir(), FIXTURES / "monorepo" / "services" / "api", *APPS.iterdir()])


@pytest.fixture
def copy_fixture(tmp_path: Path) -> Callable[[str], Path]:
    """Copy a fixture repository from tests/fixtures/detect into a temporary folder."""

    def copy(name: str) -> Path:
        dest = tmp_path / name
        shutil.copytree(FIXTURES / name, dest)
        return dest

    return copy


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_fixture_field_by_field(name: str) -> None:
    found = detect(FIXTURES / name)
    expected = {field: Finding(value, source) for field, (value, source) in EXPECTED[name].items()}
    assert found.findings == expected
    unsettled = UNSETTLED.get(name, {})
    assert found.unsettled == unsettled
    opened = [f"{why}: pass --{field.replace('_', '-')}{_OPEN}" for field, why in unsettled.items()]
    assert found.notes == [*NOTES.get(name, []), *opened]


@pytest.mark.parametrize("repo", EVERY_REPO, ids=lambda repo: str(repo.relative_to(REPO / "tests")))
@pytest.mark.parametrize("language", [None, *LANGUAGES])
def test_every_proposal_passes_the_spec(repo: Path, language: str | None) -> None:
    answers = detect(repo, language=language).answers()
    explicit = {"language": language} if language else {}
    Spec.from_answers({**answers, **explicit})
    Spec.from_answers(applicable_answers(explicit, answers))


def test_every_fixture_is_checked() -> None:
    assert {path.name for path in FIXTURES.iterdir()} == {*EXPECTED, "ambiguous"}


def test_findings_are_in_question_order() -> None:
    order = list(Spec.model_fields)
    for name in EXPECTED:
        fields = list(detect(FIXTURES / name).findings)
        assert fields == sorted(fields, key=order.index)


def test_manifests_of_two_languages_propose_no_language() -> None:
    found = detect(FIXTURES / "ambiguous")
    assert found.answers() == {"app_name": "ambiguous"}
    assert found.notes == [
        "manifests of more than one language: node (package.json), python (pyproject.toml); pass --language "
        "to choose (without it, scaffold new asks, or with --defaults stops)"
    ]


def test_a_language_hint_settles_an_ambiguous_repository() -> None:
    node = detect(FIXTURES / "ambiguous", language="node")
    assert node.answers() == {
        "app_name": "reports-frontend",
        "language": "node",
        "package_manager": "npm",
        "app_kind": "worker",
        "node_build": True,
    }
    assert node.findings["node_build"].source == "package.json:5: scripts.build"
    assert node.unsettled == {
        "entrypoint": "package.json names no file to run (no scripts.start:prod or scripts.start running "
        "`node <file>`, no main), and there is no index.js, server.js, app.js or main.js; no candidate found"
    }
    assert node.notes == [
        f"{node.unsettled['entrypoint']}: pass --entrypoint (without it, scaffold new asks, or with "
        "--defaults stops)"
    ]
    python = detect(FIXTURES / "ambiguous", language="python").answers()
    assert (python["language"], python["entrypoint"], python["health_path"]) == (
        "python",
        "app:app",
        "/health",
    )
    assert "node_build" not in python


def test_a_hint_without_its_manifest_says_so(tmp_path: Path) -> None:
    found = detect(tmp_path, language="rust")
    assert found.findings["language"] == Finding("rust", "--language")
    assert found.notes == ["--language rust: no rust manifest here (Cargo.toml), so little can be read"]
    assert set(detect(tmp_path, language="cobol").answers()) == {"app_name"}


def test_an_empty_repository_proposes_a_name_and_says_why_nothing_else(tmp_path: Path) -> None:
    found = detect(tmp_path)
    assert set(found.answers()) == {"app_name"}
    (note,) = found.notes
    assert note.startswith("no manifest found: none of pyproject.toml, requirements.txt, ")
    assert "package.json, go.mod, go.work, Cargo.toml, pom.xml, build.gradle.kts" in note


def test_python_sources_without_a_manifest_are_python(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text("from flask import Flask\napp = Flask(__name__)\n")
    found = detect(tmp_path)
    assert found.findings["language"] == Finding("python", "app.py (a Python source file; no manifest)")
    assert found.answers()["entrypoint"] == "app:app"


def test_a_monorepo_folder_is_read_on_its_own() -> None:
    api = detect(FIXTURES / "monorepo" / "services" / "api")
    assert api.findings == {
        "app_name": Finding("api", "package.json:2: name"),
        "language": Finding("node", "package.json"),
        "package_manager": Finding("npm", "package-lock.json"),
        "node_version": Finding("20", "package.json:6: engines.node '20.x'"),
        "app_kind": Finding("web", "package.json:9: dependencies.fastify"),
        "entrypoint": Finding("src/server.js", "package.json:4: main"),
        "node_build": Finding(False, "package.json: no scripts.build"),
        "port": Finding(4000, "src/server.js:7: listen({ port: 4000 })"),
        "health_path": Finding("/livez", "src/server.js:5: route /livez"),
    }
    assert detect(FIXTURES / "monorepo").answers()["language"] == "python"


def test_gather_uses_an_explicit_language_to_read_the_repository(copy_fixture: Callable[[str], Path]) -> None:
    repo = copy_fixture("ambiguous")
    spec = gather(repo, {"language": "node", "entrypoint": "static/ssr.js"}, interactive=False).spec
    assert (spec.language, spec.package_manager, spec.node_build, spec.app_name) == (
        "node",
        "npm",
        True,
        "reports-frontend",
    )
    with pytest.raises(InvalidAnswerError, match=r"^language: must be chosen: .*node .*python"):
        gather(repo, {}, interactive=False)
    # Read as Node.js, nothing names the file node runs: without anyone to ask, that stops too.
    with pytest.raises(InvalidAnswerError, match=r"^entrypoint: must be chosen: package\.json names no file"):
        gather(repo, {"language": "node"}, interactive=False)


@pytest.mark.parametrize("name", sorted(set(EXPECTED) - set(UNSETTLED)))
def test_gather_takes_the_detected_answers(copy_fixture: Callable[[str], Path], name: str) -> None:
    repo = copy_fixture(name)
    answers = gather(repo, {}, interactive=False).spec.answers()
    for field, (value, _source) in EXPECTED[name].items():
        assert answers[field] == value, field


@pytest.mark.parametrize("name", sorted(UNSETTLED))
def test_gather_without_prompts_stops_on_an_answer_left_open(
    copy_fixture: Callable[[str], Path], name: str
) -> None:
    ((field, why),) = UNSETTLED[name].items()
    with pytest.raises(InvalidAnswerError) as raised:
        gather(copy_fixture(name), {}, interactive=False)
    assert (raised.value.field, raised.value.accepted) == (field, f"must be chosen: {why}")


def _has_template(language: str) -> bool:
    return (REPO / "includes" / language / "Dockerfile.jinja").is_file()


@pytest.mark.usefixtures("fast_template")
@pytest.mark.parametrize("name", ["node-npm", "go-web", "rust-web", "java-maven"])
def test_new_dry_run_uses_the_detected_language(
    cli_invoke: Invoke, copy_fixture: Callable[[str], Path], name: str
) -> None:
    language = EXPECTED[name]["language"][0]
    if not _has_template(language):
        pytest.skip(f"no {language} template yet (includes/{language}/Dockerfile.jinja)")
    repo = copy_fixture(name)
    result = cli_invoke(["new", str(repo), "--defaults", "--dry-run"])
    assert f"language: {language}" in result.stdout
    assert "nothing was written" in result.stdout


@pytest.mark.usefixtures("fast_template")
def test_new_dry_run_with_a_language_on_an_ambiguous_repository(
    cli_invoke: Invoke, copy_fixture: Callable[[str], Path]
) -> None:
    repo = copy_fixture("ambiguous")
    result = cli_invoke(["new", str(repo), "--defaults", "--dry-run", "--language", "python"])
    assert "language: python" in result.stdout and "app:app" in result.stdout
    assert "manifests of more than one language" not in result.stderr
    # Without --language and with nobody to ask, scaffold stops rather than guess, and writes nothing.
    result = cli_invoke(["new", str(repo), "--defaults"], expect=2)
    assert result.stderr == (
        "scaffold: error: --language: must be chosen: this repository has manifests of "
        "node (package.json), python (pyproject.toml)\n"
    )
    assert not (repo / "Dockerfile").exists()


def test_detect_json_has_answers_with_sources_and_notes(cli_invoke: Invoke) -> None:
    parsed = json.loads(cli_invoke(["detect", str(FIXTURES / "node-yarn"), "--json"]).stdout)
    assert set(parsed) == {"answers", "notes"}
    assert parsed["answers"] == {
        field: {"value": value, "source": source} for field, (value, source) in EXPECTED["node-yarn"].items()
    }
    assert parsed["notes"] == []
    ambiguous = json.loads(cli_invoke(["detect", "--json", str(FIXTURES / "ambiguous")]).stdout)
    assert list(ambiguous["answers"]) == ["app_name"] and len(ambiguous["notes"]) == 1


def test_detect_text_is_aligned(cli_invoke: Invoke) -> None:
    text = cli_invoke(["detect", str(FIXTURES / "node-npm")]).stdout
    lines = text.splitlines()
    assert lines[0] == "app_name         orders-api               (package.json:2: name)"
    assert "node_build       false                    (package.json: no scripts.build)" in lines
    assert len({line.index(" (") for line in lines}) == 1  # every source starts in the same column
    # A value longer than the column overflows its own line only.
    long = cli_invoke(["detect", str(FIXTURES / "rust-web")]).stdout.splitlines()
    starts = [line.index("  (") for line in long if not line.startswith("description")]
    assert len(set(starts)) == 1


def test_detect_language_option(cli_invoke: Invoke) -> None:
    text = cli_invoke(["detect", str(FIXTURES / "ambiguous"), "--language", "node"]).stdout
    assert re.search(r"^language +node +\(package\.json\)$", text, flags=re.MULTILINE)
    result = cli_invoke(["detect", str(FIXTURES / "ambiguous"), "--language", "cobol"], expect=2)
    assert result.stderr.strip() == (
        "scaffold: error: --language: must be one of python, node, go, rust, java (got 'cobol')"
    )


def test_usage_doc_example_is_real_output(cli_invoke: Invoke) -> None:
    usage = (REPO / "docs" / "usage.md").read_text(encoding="utf-8")
    examples = re.findall(r"```console\n\$ scaffold detect (\S+)\n(.*?)```", usage, flags=re.DOTALL)
    assert examples
    for path, output in examples:
        assert cli_invoke(["detect", str(REPO / path)]).stdout == output
