"""scaffold new on Node.js apps laid out as their starters lay them out, through the CLI.

It writes files only when the image they describe will build and start: otherwise ``--defaults`` exits 2
with one message naming the flag to pass and the candidates found, and interactive runs ask instead.
Detection itself, field by field, is in test_detect.py (the fixtures) and test_detect_languages.py.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from generator.answers.gather import gather
from generator.check.dockerignore import parse_ignore_file
from generator.languages.node.entry import CONTEXT_EXCLUDED
from generator.spec.model import Spec
from generator.templating.render import render_files

from .conftest import Invoke
from .prompt_keys import DOWN, ENTER, keys, record_prompts

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "detect"
#: The error line and the rest: nothing else reaches stderr when scaffold new stops.
_ERROR = "scaffold: error: "


def _copy(name: str, tmp_path: Path) -> Path:
    dest = tmp_path / name
    shutil.copytree(FIXTURES / name, dest)
    return dest


def _app(tmp_path: Path, package: dict[str, object], **files: str) -> Path:
    app = tmp_path / "app"
    for name, text in {"package.json": json.dumps(package, indent=2) + "\n", **files}.items():
        (app / name).parent.mkdir(parents=True, exist_ok=True)
        (app / name).write_text(text)
    return app


def _written(app: Path) -> list[str]:
    return sorted(path.name for path in app.iterdir() if path.name in {"Dockerfile", "compose.yaml"})


@pytest.mark.usefixtures("fast_template")
@pytest.mark.parametrize(
    ("name", "cmd", "build"),
    [
        ("node-nest", '["node", "dist/main.js"]', "npm run build"),
        ("node-express-ts", '["node", "dist/index.js"]', "npm run build"),
        ("node-nx", '["node", "dist/inventory/main.js"]', "npm run build"),
        ("node-two-locks-yarn", '["node", "index.js"]', None),
        ("node-http-switch", '["node", "server.js"]', None),
    ],
)
def test_defaults_write_the_command_the_app_starts_with(
    cli_invoke: Invoke, tmp_path: Path, name: str, cmd: str, build: str | None
) -> None:
    app = _copy(name, tmp_path)
    cli_invoke(["new", str(app), "--defaults"])
    dockerfile = (app / "Dockerfile").read_text()
    assert f"CMD {cmd}\n" in dockerfile
    assert (f"RUN {build}" in dockerfile) if build else ("run build" not in dockerfile)


@pytest.mark.usefixtures("fast_template")
def test_the_health_route_of_a_switch_is_the_health_check(cli_invoke: Invoke, tmp_path: Path) -> None:
    app = _copy("node-http-switch", tmp_path)
    cli_invoke(["new", str(app), "--defaults"])
    assert "http://127.0.0.1:8080/healthz" in (app / "Dockerfile").read_text()


@pytest.mark.usefixtures("fast_template")
def test_two_lock_files_without_package_manager_stop_naming_both(cli_invoke: Invoke, tmp_path: Path) -> None:
    app = _copy("node-two-locks", tmp_path)
    result = cli_invoke(["new", str(app), "--defaults"], expect=2)
    assert result.stderr == (
        f"{_ERROR}--package-manager: must be chosen: this repository has lock files of npm "
        "(package-lock.json) and yarn (yarn.lock), and package.json has no packageManager field\n"
    )
    assert _written(app) == []
    cli_invoke(["new", str(app), "--defaults", "--package-manager", "yarn"])
    assert "COPY package.json yarn.lock ./" in (app / "Dockerfile").read_text()


def test_two_lock_files_are_asked_interactively(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    app = _copy("node-two-locks", tmp_path)
    shown = record_prompts(monkeypatch)
    # The package manager (npm, yarn, pnpm: down once), then runtime base, limits, CI, change: as offered.
    with keys(DOWN + ENTER + ENTER * 4):
        spec = gather(app, {}, interactive=True).spec
    assert shown[0].choices == ("npm", "yarn", "pnpm")
    assert spec.package_manager == "yarn"
    assert (
        "package_manager must be chosen: this repository has lock files of npm (package-lock.json) and yarn "
        "(yarn.lock), and package.json has no packageManager field."
    ) in capsys.readouterr().err


@pytest.mark.usefixtures("fast_template")
def test_a_next_js_app_runs_next_start_through_node(cli_invoke: Invoke, tmp_path: Path) -> None:
    # create-next-app's layout without standalone output: tests/test_next_apps.py has the rest.
    app = _copy("node-next", tmp_path)
    cli_invoke(["new", str(app), "--defaults"])
    dockerfile = (app / "Dockerfile").read_text()
    assert 'CMD ["node", "node_modules/next/dist/bin/next", "start", "-p", "3000"]\n' in dockerfile
    assert "RUN npm run build" in dockerfile


@pytest.mark.usefixtures("fast_template")
def test_a_development_start_script_stops_naming_the_candidates(cli_invoke: Invoke, tmp_path: Path) -> None:
    app = _app(
        tmp_path,
        {"name": "api", "scripts": {"start": "nodemon src/server.js"}, "dependencies": {"express": "4"}},
        **{"package-lock.json": "{}\n", "src/server.js": "require('express')().listen(3000);\n"},
    )
    result = cli_invoke(["new", str(app), "--defaults"], expect=2)
    assert result.stderr == (
        f"{_ERROR}--entrypoint: must be chosen: package.json:4: scripts.start runs 'nodemon src/server.js', "
        "a development command; candidates: src/server.js\n"
    )
    assert _written(app) == []
    cli_invoke(["new", str(app), "--defaults", "--entrypoint", "src/server.js"])
    assert 'CMD ["node", "src/server.js"]' in (app / "Dockerfile").read_text()


@pytest.mark.usefixtures("fast_template")
def test_an_entrypoint_that_is_neither_there_nor_built_stops(cli_invoke: Invoke, tmp_path: Path) -> None:
    app = _app(
        tmp_path,
        {"name": "api", "main": "dist/index.js", "scripts": {"start": "node dist/index.js"}},
        **{"package-lock.json": "{}\n", "src/index.js": ""},
    )
    result = cli_invoke(["new", str(app), "--defaults"], expect=2)
    assert result.stderr == (
        f"{_ERROR}--entrypoint: must be chosen: package.json:5: scripts.start: dist/index.js does not exist, "
        "and package.json has no build script to write it; package.json:3: main: dist/index.js does not "
        "exist, and package.json has no build script to write it; no candidate found\n"
    )


@pytest.mark.usefixtures("fast_template")
def test_an_entrypoint_the_dockerignore_leaves_out_stops_without_a_build(
    cli_invoke: Invoke, tmp_path: Path
) -> None:
    # dist/ was built on the host and committed, and nothing builds it in the image.
    app = _app(tmp_path, {"name": "api"}, **{"package-lock.json": "{}\n", "dist/server.js": ""})
    result = cli_invoke(["new", str(app), "--defaults", "--entrypoint", "dist/server.js"], expect=2)
    # The line is the one `dist` has in the .dockerignore that would have been written.
    assert re.fullmatch(
        re.escape(f"{_ERROR}--entrypoint: dist/server.js never reaches the image: .dockerignore line ")
        + r"\d+"
        + re.escape(
            " (dist) keeps it out of the build context, and without a build step nothing writes it there; "
            "pass --node-build with a build script that writes it, or another --entrypoint\n"
        ),
        result.stderr,
    )
    assert _written(app) == []
    cli_invoke(["new", str(app), "--defaults", "--entrypoint", "dist/server.js", "--node-build"])


@pytest.mark.usefixtures("fast_template")
def test_an_entrypoint_that_loads_a_dev_dependency_stops(cli_invoke: Invoke, tmp_path: Path) -> None:
    app = _app(
        tmp_path,
        {
            "name": "api",
            "scripts": {"start": "node server.js"},
            "dependencies": {"express": "4"},
            "devDependencies": {"dotenv": "16", "nodemon": "3"},
        },
        **{
            "package-lock.json": "{}\n",
            "server.js": "require('dotenv').config();\nrequire('express')().listen(3000);\n",
        },
    )
    result = cli_invoke(["new", str(app), "--defaults"], expect=2)
    assert result.stderr == (
        f"{_ERROR}--entrypoint: server.js:1 loads 'dotenv', which package.json lists only in devDependencies "
        "(the image installs production dependencies only): move it to dependencies, or pass another "
        "--entrypoint\n"
    )
    assert _written(app) == []
    # Loaded only outside production, in a block: the image starts without it.
    (app / "server.js").write_text(
        "if (process.env.NODE_ENV !== 'production') {\n  require('dotenv').config();\n}\n"
        "require('express')().listen(3000);\n"
    )
    cli_invoke(["new", str(app), "--defaults"])


def test_the_folders_detection_treats_as_left_out_are_the_dockerignore_s(plain_template: Path) -> None:
    """Detection's list of excluded build output agrees with the .dockerignore scaffold writes."""
    spec = Spec.from_answers({"app_name": "a", "language": "node"})
    ignore = parse_ignore_file(render_files(spec, template=plain_template)[".dockerignore"], path=Path("x"))
    for folder in ("dist", "build", "lib", "out", "src", "bin", "server"):
        deciding = ignore.deciding(f"{folder}/main.js")
        assert (deciding is not None and not deciding.negated) == (folder in CONTEXT_EXCLUDED), folder
