"""``scaffold detect --json`` on the Node.js reference apps, field by field, with the file and line of each.

Each app under tests/apps/ named below is laid out as its framework's starter lays it out (``nest new``,
the Hono and Nx node templates, a tsc project, Express, Koa, Fastify, node:http), with the lock file npm,
Yarn 1 or pnpm wrote against the registry. The expectations are what a Node.js developer deploying the app
expects scaffold to read from it: the package manager, the file node runs (built by the build script when
there is one), the port and the health route, each with the file and line it comes from. The engine tier
(tests/engine/test_node_apps.py) builds and runs every one of them.

Then, for each reason ``scaffold new --defaults`` refuses to write files for a Node.js app (exit 2), one of
these apps broken the way real projects are, and the message naming the flag and the candidates.

Expectations are the :mod:`tests.test_python_apps` ones: :class:`Found` (the value, and its source
starting with one of the given ``file:line``), :class:`Default`, :class:`NotProposed`, :class:`LeftOpen`.
"""

from __future__ import annotations

import json
import shutil
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from generator.answers.gather import gather
from generator.check.dockerignore import parse_ignore_file
from generator.cli import app as cli

from .conftest import APPS, Invoke
from .prompt_keys import CLEAR, ENTER, keys, record_prompts
from .test_python_apps import (
    Default,
    Expectation,
    Found,
    LeftOpen,
    NotProposed,
    _comes_from,
    _left_open,
    line,
)

#: The answers each app is checked on, whatever it is.
FIELDS = (
    "app_name",
    "language",
    "package_manager",
    "node_version",
    "app_kind",
    "entrypoint",
    "node_build",
    "port",
    "health_path",
)
#: The error line scaffold new prints before it stops.
_ERROR = "scaffold: error: "
WORKER = NotProposed("a worker listens on no port")
NO_BUILD = Found(False, ("package.json: no scripts.build",))
#: No .nvmrc and no engines.node: the question's default, which the engine tier overrides with 18.
NO_VERSION = NotProposed("neither .nvmrc, .node-version nor engines.node names a version")


def _nest(app: str, manager: Expectation) -> dict[str, Expectation]:
    """A `nest new` project: start:prod runs node dist/main, which nest build writes."""
    package = "package.json"
    return {
        "app_name": Found("orders-api" if app == "node-nest-api" else "catalog-api", ("package.json:2",)),
        "language": Found("node", ("package.json",)),
        "package_manager": manager,
        # engines.node ">=18": the newest LTS it allows.
        "node_version": Found("24", (line(app, package, '"node": ">=18"'),)),
        "app_kind": Found("web", (line(app, package, '"@nestjs/core"'),)),
        # `node dist/main` is dist/main.js, written by nest build from tsconfig.json's outDir.
        "entrypoint": Found("dist/main.js", (line(app, package, '"start:prod"'),)),
        "node_build": Found(True, (line(app, package, '"build": "nest build"'),)),
        "port": Found(3000, (line(app, "src/main.ts", "process.env.PORT ?? 3000"),)),
        # @Controller('health') with a bare @Get(): GET /health.
        "health_path": Found("/health", (line(app, "src/health.controller.ts", "@Controller('health')"),)),
    }


def _express_ts() -> dict[str, Expectation]:
    app = "node-express-ts"
    return {
        "app_name": Found("todo-api", ("package.json:2",)),
        "language": Found("node", ("package.json",)),
        "package_manager": Found("npm", ("package-lock.json",)),
        "node_version": NO_VERSION,
        "app_kind": Found("web", (line(app, "package.json", '"express"'),)),
        "entrypoint": Found("dist/index.js", (line(app, "package.json", '"start"'),)),
        "node_build": Found(True, (line(app, "package.json", '"build": "tsc"'),)),
        "port": Found(4000, (line(app, "src/index.ts", "process.env.PORT || 4000"),)),
        "health_path": Found("/healthz", (line(app, "src/index.ts", "'/healthz'"),)),
    }


def _nx() -> dict[str, Expectation]:
    app = "node-nx-api"
    return {
        # The workspace package is @warehouse/source: project.json names the app.
        "app_name": Found("warehouse", (line(app, "project.json", '"name"'),)),
        "language": Found("node", ("package.json",)),
        "package_manager": Found("npm", ("package-lock.json",)),
        "node_version": NO_VERSION,
        "app_kind": Found("web", (line(app, "package.json", '"express"'),)),
        # start is `nx serve` (development); @nx/js:tsc keeps src/main.ts's place under outputPath.
        "entrypoint": Found("dist/warehouse/src/main.js", (line(app, "project.json", '"outputPath"'),)),
        "node_build": Found(True, (line(app, "package.json", '"build": "nx build"'),)),
        "port": Found(3000, (line(app, "src/main.ts", "process.env.PORT ?"),)),
        "health_path": Found("/health", (line(app, "src/main.ts", "'/health'"),)),
    }


def _express() -> dict[str, Expectation]:
    app = "node-express"
    return {
        "app_name": Found("bookshelf", ("package.json:2",)),
        "language": Found("node", ("package.json",)),
        "package_manager": Found("npm", ("package-lock.json",)),
        "node_version": NO_VERSION,
        "app_kind": Found("web", (line(app, "package.json", '"express"'),)),
        "entrypoint": Found("app.js", (line(app, "package.json", '"start"'),)),
        "node_build": NO_BUILD,
        "port": Found(3000, (line(app, "app.js", "process.env.PORT"),)),
        # In routes/health.js, which app.js loads with require('./routes/health').
        "health_path": Found("/health", (line(app, "routes/health.js", "'/health'"),)),
    }


def _hono() -> dict[str, Expectation]:
    app = "node-hono"
    return {
        "app_name": Found("hono-links", ("package.json:2",)),
        "language": Found("node", ("package.json",)),
        "package_manager": Found("npm", ("package-lock.json",)),
        "node_version": NO_VERSION,
        "app_kind": Found("web", (line(app, "package.json", '"hono"'),)),
        # tsconfig.json sets no rootDir: tsc's common folder of the sources, src/, maps to dist/.
        "entrypoint": Found("dist/index.js", (line(app, "package.json", '"start"'),)),
        "node_build": Found(True, (line(app, "package.json", '"build": "tsc"'),)),
        "port": Found(3000, (line(app, "src/index.ts", "port: 3000"),)),
        "health_path": Found("/health", (line(app, "src/index.ts", "'/health'"),)),
    }


def _http_nodeps() -> dict[str, Expectation]:
    app = "node-http-nodeps"
    return {
        "app_name": Found("status-page", ("package.json:2",)),
        "language": Found("node", ("package.json",)),
        "package_manager": Found("npm", ("package-lock.json",)),
        "node_version": NO_VERSION,
        # No framework among the dependencies (there are none): the server in the source says web.
        "app_kind": Found("web", (line(app, "server.js", "http.createServer("),)),
        "entrypoint": Found("server.js", (line(app, "package.json", '"start"'),)),
        "node_build": NO_BUILD,
        "port": Found(8080, (line(app, "server.js", "process.env.PORT"),)),
        # A `switch (pathname)` router: case '/healthz':.
        "health_path": Found("/healthz", (line(app, "server.js", "case '/healthz':"),)),
    }


def _koa_yarn() -> dict[str, Expectation]:
    app = "node-koa-yarn"
    return {
        "app_name": Found("koa-notes", ("package.json:2",)),
        "language": Found("node", ("package.json",)),
        "package_manager": Found("yarn", ("yarn.lock",)),
        "node_version": NO_VERSION,
        "app_kind": Found("web", (line(app, "package.json", '"koa"'),)),
        "entrypoint": Found("src/index.js", (line(app, "package.json", '"start"'),)),
        "node_build": NO_BUILD,
        "port": Found(3000, (line(app, "src/index.js", "process.env.PORT"),)),
        "health_path": Found("/health", (line(app, "src/router.js", "'/health'"),)),
    }


def _fastify_pnpm() -> dict[str, Expectation]:
    app = "node-fastify-pnpm"
    return {
        "app_name": Found("fastify-quotes", ("package.json:2",)),
        "language": Found("node", ("package.json",)),
        "package_manager": Found("pnpm", ("pnpm-lock.yaml",)),
        "node_version": NO_VERSION,
        "app_kind": Found("web", (line(app, "package.json", '"fastify"'),)),
        "entrypoint": Found("server.js", (line(app, "package.json", '"start"'),)),
        "node_build": NO_BUILD,
        "port": Found(3000, (line(app, "server.js", "process.env.PORT"),)),
        "health_path": Found("/health", (line(app, "server.js", "'/health'"),)),
    }


def _worker() -> dict[str, Expectation]:
    app = "node-worker"
    return {
        "app_name": Found("digest-worker", ("package.json:2",)),
        "language": Found("node", ("package.json",)),
        "package_manager": Found("npm", ("package-lock.json",)),
        "node_version": NO_VERSION,
        "app_kind": Found("worker", ("package.json: no web framework",)),
        # start runs node src/worker.js; dev runs nodemon, which never becomes the command.
        "entrypoint": Found("src/worker.js", (line(app, "package.json", '"start"'),)),
        "node_build": NO_BUILD,
        "port": WORKER,
        "health_path": WORKER,
    }


EXPECTED: dict[str, dict[str, Expectation]] = {
    "node-nest-api": _nest("node-nest-api", Found("npm", ("package-lock.json",))),
    # package-lock.json and yarn.lock both (the project moved from Yarn to npm): packageManager decides.
    "node-nest-two-locks": _nest(
        "node-nest-two-locks",
        Found("npm", (line("node-nest-two-locks", "package.json", '"packageManager"'),)),
    ),
    "node-express-ts": _express_ts(),
    "node-nx-api": _nx(),
    "node-express": _express(),
    "node-hono": _hono(),
    "node-http-nodeps": _http_nodeps(),
    "node-koa-yarn": _koa_yarn(),
    "node-fastify-pnpm": _fastify_pnpm(),
    "node-worker": _worker(),
}


@cache
def detected(app: str) -> dict[str, Any]:
    """Run ``scaffold detect --json`` on the app, once per app and run: ``{"answers": ..., "notes": ...}``."""
    result = CliRunner().invoke(cli, ["detect", "--json", str(APPS / app)])
    assert result.exit_code == 0, f"scaffold detect {app}: exit {result.exit_code}\n{result.output}"
    parsed: dict[str, Any] = json.loads(result.stdout)
    return parsed


CASES = [(app, field) for app in EXPECTED for field in FIELDS]


@pytest.mark.parametrize(("app", "field"), CASES, ids=[f"{app}-{field}" for app, field in CASES])
def test_detected_field(app: str, field: str) -> None:
    found = detected(app)
    proposal = found["answers"].get(field)
    expected = EXPECTED[app][field]
    shown = f"{app}: {field} = {proposal!r}; notes: {found['notes']}"
    if isinstance(expected, Found):
        assert proposal is not None, shown
        assert proposal["value"] == expected.value, shown
        assert _comes_from(proposal["source"], expected.sources), (
            f"{shown}; sources allowed: {expected.sources}"
        )
    elif isinstance(expected, Default):
        assert proposal is None or proposal["value"] == expected.value, shown
    elif isinstance(expected, NotProposed):
        assert proposal is None, f"{shown} ({expected.why})"
    else:
        assert isinstance(expected, LeftOpen)
        assert proposal is None, shown


@pytest.mark.parametrize("app", sorted(EXPECTED))
def test_no_answer_is_left_open(app: str) -> None:
    """``scaffold new --defaults`` stops on none of these apps."""
    notes = detected(app)["notes"]
    assert [field for field in FIELDS if _left_open(field, notes)] == [], notes


def test_every_field_of_every_app_is_expected() -> None:
    assert all(set(fields) == set(FIELDS) for fields in EXPECTED.values())
    assert all((APPS / app / "package.json").is_file() for app in EXPECTED)


def test_the_package_manager_choice_says_the_other_lock_file_is_there() -> None:
    assert detected("node-nest-two-locks")["notes"] == [
        "yarn.lock is also here; package.json:34: packageManager npm@10.9.2 names npm, so the image installs "
        "from package-lock.json"
    ]


def test_a_development_start_script_is_a_note_when_the_build_output_runs() -> None:
    assert detected("node-nx-api")["notes"] == [
        "package.json:6: scripts.start runs 'nx serve', a development command: the image runs "
        "dist/warehouse/src/main.js instead (project.json:12: targets.build.options.outputPath "
        "dist/warehouse (main src/main.ts))"
    ]


# scaffold new on these apps: files only for an image that builds and starts.


def _copy(app: str, tmp_path: Path) -> Path:
    dest = tmp_path / app
    shutil.copytree(APPS / app, dest)
    return dest


def _edit_json(path: Path, **changes: Any) -> None:
    """Set (or, with None, remove) top-level keys of a JSON file; the rest keeps its order."""
    data = json.loads(path.read_text(encoding="utf-8"))
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def _written(app: Path) -> list[str]:
    return sorted(path.name for path in app.iterdir() if path.name in {"Dockerfile", "compose.yaml"})


@pytest.mark.usefixtures("fast_template")
@pytest.mark.parametrize("app", sorted(EXPECTED))
def test_the_dockerignore_keeps_what_the_command_runs(cli_invoke: Invoke, tmp_path: Path, app: str) -> None:
    """The CMD's file reaches the image: the build context holds it, or the build writes it in the image."""
    folder = _copy(app, tmp_path)
    cli_invoke(["new", str(folder), "--defaults", "--node-version", "18"])
    dockerfile = (folder / "Dockerfile").read_text()
    entrypoint, built = EXPECTED[app]["entrypoint"], EXPECTED[app]["node_build"]
    assert isinstance(entrypoint, Found)
    assert isinstance(built, Found)
    assert f'CMD ["node", "{entrypoint.value}"]\n' in dockerfile
    ignore = parse_ignore_file((folder / ".dockerignore").read_text(), path=Path(".dockerignore"))
    deciding = ignore.deciding(entrypoint.value)
    left_out = deciding is not None and not deciding.negated
    # Left out of the context exactly when it is build output, which the image's build step writes.
    assert left_out == built.value, deciding
    assert ("run build" in dockerfile) == left_out


@pytest.mark.usefixtures("fast_template")
def test_two_lock_files_without_package_manager_stop(cli_invoke: Invoke, tmp_path: Path) -> None:
    app = _copy("node-nest-two-locks", tmp_path)
    _edit_json(app / "package.json", packageManager=None)
    result = cli_invoke(["new", str(app), "--defaults"], expect=2)
    assert result.stderr == (
        f"{_ERROR}--package-manager: must be chosen: this repository has lock files of npm "
        "(package-lock.json) and yarn (yarn.lock), and package.json has no packageManager field\n"
    )
    assert _written(app) == []


@pytest.mark.usefixtures("fast_template")
def test_a_development_only_start_stops_naming_the_file(cli_invoke: Invoke, tmp_path: Path) -> None:
    app = _copy("node-worker", tmp_path)
    _edit_json(app / "package.json", scripts={"start": "nodemon src/worker.js"})
    result = cli_invoke(["new", str(app), "--defaults"], expect=2)
    assert result.stderr == (
        f"{_ERROR}--entrypoint: must be chosen: package.json:7: scripts.start runs 'nodemon src/worker.js', "
        "a development command; candidates: src/worker.js\n"
    )
    assert _written(app) == []


@pytest.mark.usefixtures("fast_template")
def test_ts_node_as_the_only_start_stops(cli_invoke: Invoke, tmp_path: Path) -> None:
    # No build script: nothing compiles src/index.ts, and ts-node is for development only.
    app = _copy("node-express-ts", tmp_path)
    _edit_json(app / "package.json", main=None, scripts={"start": "ts-node src/index.ts"})
    result = cli_invoke(["new", str(app), "--defaults"], expect=2)
    assert result.stderr == (
        f"{_ERROR}--entrypoint: must be chosen: package.json:6: scripts.start runs 'ts-node src/index.ts', "
        "a development command; package.json:6: scripts.start runs src/index.ts for development: "
        "src/index.ts is TypeScript, and no build script compiles it to a known file; no candidate found\n"
    )
    assert _written(app) == []


@pytest.mark.usefixtures("fast_template")
def test_an_entrypoint_requiring_a_dev_dependency_stops(cli_invoke: Invoke, tmp_path: Path) -> None:
    app = _copy("node-express", tmp_path)
    package = json.loads((app / "package.json").read_text())
    morgan = package["dependencies"].pop("morgan")
    _edit_json(app / "package.json", dependencies=package["dependencies"], devDependencies={"morgan": morgan})
    result = cli_invoke(["new", str(app), "--defaults"], expect=2)
    assert result.stderr == (
        f"{_ERROR}--entrypoint: app.js:2 loads 'morgan', which package.json lists only in devDependencies "
        "(the image installs production dependencies only): move it to dependencies, or pass another "
        "--entrypoint\n"
    )
    assert _written(app) == []


@pytest.mark.usefixtures("fast_template")
def test_a_command_in_a_folder_the_dockerignore_leaves_out_stops(cli_invoke: Invoke, tmp_path: Path) -> None:
    # The server was moved into build/ (committed), and nothing builds it in the image.
    app = _copy("node-http-nodeps", tmp_path)
    (app / "build").mkdir()
    (app / "server.js").rename(app / "build" / "server.js")
    _edit_json(app / "package.json", main="build/server.js", scripts={"start": "node build/server.js"})
    result = cli_invoke(["new", str(app), "--defaults"], expect=2)
    reason = (
        "build/server.js is build output (build/ stays out of the image's build context), and package.json "
        "has no build script to write it in the image"
    )
    assert result.stderr == (
        f"{_ERROR}--entrypoint: must be chosen: package.json:7: scripts.start: {reason}; "
        f"package.json:5: main: {reason}; no candidate found\n"
    )
    # Named on the command line, it stops on the .dockerignore line that leaves it out.
    named = cli_invoke(["new", str(app), "--defaults", "--entrypoint", "build/server.js"], expect=2)
    assert named.stderr.startswith(f"{_ERROR}--entrypoint: build/server.js never reaches the image: ")
    assert "pass --node-build with a build script that writes it, or another --entrypoint\n" in named.stderr
    assert _written(app) == []


@pytest.mark.usefixtures("fast_template")
def test_an_nx_build_without_an_output_path_stops(cli_invoke: Invoke, tmp_path: Path) -> None:
    app = _copy("node-nx-api", tmp_path)
    project = json.loads((app / "project.json").read_text())
    del project["targets"]["build"]["options"]["outputPath"]
    (app / "project.json").write_text(json.dumps(project, indent=2) + "\n")
    result = cli_invoke(["new", str(app), "--defaults"], expect=2)
    assert result.stderr == (
        f"{_ERROR}--entrypoint: must be chosen: package.json:6: scripts.start runs 'nx serve', a development "
        "command; no candidate found\n"
    )
    assert _written(app) == []


@pytest.mark.usefixtures("fast_template")
def test_a_tsc_build_without_an_out_dir_stops_naming_what_it_writes(
    cli_invoke: Invoke, tmp_path: Path
) -> None:
    app = _copy("node-express-ts", tmp_path)
    tsconfig = app / "tsconfig.json"
    tsconfig.write_text(tsconfig.read_text().replace('"outDir": "./dist",', ""))
    result = cli_invoke(["new", str(app), "--defaults"], expect=2)
    reason = (
        "dist/index.js does not exist, and the build (package.json:7: scripts.build) runs tsc with "
        "tsconfig.json, which sets no outDir: tsc writes each .js beside its .ts"
    )
    assert result.stderr == (
        f"{_ERROR}--entrypoint: must be chosen: package.json:8: scripts.start: {reason}; "
        f"package.json:5: main: {reason}; candidates: src/index.js\n"
    )
    assert _written(app) == []
    cli_invoke(["new", str(app), "--defaults", "--entrypoint", "src/index.js"])
    assert 'CMD ["node", "src/index.js"]\n' in (app / "Dockerfile").read_text()


def test_a_development_only_start_is_asked_with_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    app = _copy("node-worker", tmp_path)
    _edit_json(app / "package.json", scripts={"start": "nodemon src/worker.js"})
    shown = record_prompts(monkeypatch)
    # The runtime base, the entrypoint (its prefilled default cleared), then limits, CI, change: as offered.
    with keys(ENTER + CLEAR + "src/worker.js" + ENTER + ENTER * 3):
        spec = gather(app, {}, interactive=True).spec
    assert [prompt.kind for prompt in shown[:2]] == ["select", "text"]
    assert shown[1].message.startswith("Entrypoint")
    assert spec.entrypoint == "src/worker.js"
    assert (
        "entrypoint must be chosen: package.json:7: scripts.start runs 'nodemon src/worker.js', a "
        "development command; candidates: src/worker.js."
    ) in capsys.readouterr().err
