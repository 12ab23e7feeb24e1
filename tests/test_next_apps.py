"""scaffold detect and scaffold new on Next.js apps laid out as create-next-app lays them out.

The reference apps (tests/apps/node-next-*) are built and run by the engine tier
(tests/engine/test_next_apps.py); here, what detection reads from them field by field with its source,
the config forms it reads ``output`` from, and the answers it leaves open, with the one message
``scaffold new --defaults`` stops on (exit 2) when the image would not build or start.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.answers.gather import gather
from generator.detect import Finding, detect
from generator.languages.node import NEXT_STANDALONE, NEXT_START
from generator.languages.node.next import blank_comments, read_output

from .conftest import APPS, Invoke
from .prompt_keys import CLEAR, ENTER, keys, record_prompts

_ERROR = "scaffold: error: "
_NEXT_PORT = (3000, "Next.js's default port (next start and the standalone server.js)")

#: What detection proposes for each app: answer -> (value, source).
EXPECTED: dict[str, dict[str, tuple[object, str]]] = {
    # TypeScript, src/app, output: 'standalone': node runs the server.js next build writes.
    "node-next-standalone": {
        "app_name": ("node-next-standalone", "package.json:2: name"),
        "language": ("node", "package.json"),
        "package_manager": ("npm", "package-lock.json"),
        "app_kind": ("web", "package.json:12: dependencies.next"),
        "entrypoint": (NEXT_STANDALONE, "next.config.mjs:4: output 'standalone'"),
        "node_build": (True, "package.json:7: scripts.build"),
        "port": _NEXT_PORT,
        "health_path": ("/api/health", "src/app/api/health/route.ts:4: GET /api/health"),
    },
    # JavaScript, app/ at the root, no output setting: node runs the next CLI's `next start`.
    "node-next-start": {
        "app_name": ("node-next-start", "package.json:2: name"),
        "language": ("node", "package.json"),
        "package_manager": ("npm", "package-lock.json"),
        "app_kind": ("web", "package.json:12: dependencies.next"),
        "entrypoint": (
            NEXT_START,
            "package.json:8: scripts.start 'next start' (no output: 'standalone' in next.config.mjs)",
        ),
        "node_build": (True, "package.json:7: scripts.build"),
        "port": _NEXT_PORT,
        "health_path": ("/api/health", "app/api/health/route.js:4: GET /api/health"),
    },
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_answer_comes_from_its_source(name: str) -> None:
    found = detect(APPS / name)
    assert found.findings == {key: Finding(*pair) for key, pair in EXPECTED[name].items()}
    assert found.unsettled == {}
    assert found.notes == []


@pytest.mark.usefixtures("fast_template")
@pytest.mark.parametrize(
    ("name", "cmd", "copies"),
    [
        (
            "node-next-standalone",
            'CMD ["node", "server.js"]',
            "COPY --from=builder /build/.next/standalone ./\n"
            "COPY --from=builder /build/.next/static ./.next/static\n"
            "COPY --from=builder /build/public ./public\n",
        ),
        (
            "node-next-start",
            'CMD ["node", "node_modules/next/dist/bin/next", "start", "-p", "3000"]',
            "COPY --from=builder /app/node_modules ./node_modules\n"
            "COPY --from=builder /build/.next ./.next\n"
            "COPY --from=builder /build/public ./public\n",
        ),
    ],
)
def test_defaults_write_the_next_server_command(
    cli_invoke: Invoke, tmp_path: Path, name: str, cmd: str, copies: str
) -> None:
    app = tmp_path / name
    shutil.copytree(APPS / name, app)
    cli_invoke(["new", str(app), "--defaults", "--node-version", "18"])
    dockerfile = (app / "Dockerfile").read_text()
    assert dockerfile.endswith(f"{cmd}\n")
    assert copies in dockerfile
    # next build runs in the builder, and the server listens on every interface, not on HOSTNAME's.
    assert "RUN npm run build \\\n" in dockerfile
    assert "    HOSTNAME=0.0.0.0 \\\n" in dockerfile
    assert "next dev" not in dockerfile
    assert ".next\n" in (app / ".dockerignore").read_text().splitlines(keepends=True)


def _app(tmp_path: Path, package: dict[str, object], **files: str) -> Path:
    app = tmp_path / "app"
    for name, text in {"package.json": json.dumps(package, indent=2) + "\n", **files}.items():
        (app / name).parent.mkdir(parents=True, exist_ok=True)
        (app / name).write_text(text)
    (app / "package-lock.json").write_text("{}\n")
    return app


def _next_package(**scripts: str) -> dict[str, object]:
    return {
        "name": "web",
        "scripts": {"dev": "next dev", "build": "next build", "start": "next start", **scripts},
        "dependencies": {"next": "14.2.35", "react": "18.3.1", "react-dom": "18.3.1"},
    }


@pytest.mark.parametrize(
    ("name", "config", "value", "line"),
    [
        ("next.config.js", "module.exports = {\n  output: \"standalone\",\n};\n", "standalone", 2),
        ("next.config.mjs", "const c = {};\nc.output = 'standalone';\nexport default c;\n", "standalone", 2),
        ("next.config.ts", "export default {\n  'output': `standalone`,\n};\n", "standalone", 2),
        ("next.config.js", "module.exports = { output: 'export' };\n", "export", 1),
        # A commented-out setting is no setting; a string that holds // is not a comment.
        ("next.config.js", "module.exports = {\n  // output: 'standalone',\n};\n", None, None),
        ("next.config.js", "const u = 'http://x';\nmodule.exports = {\n  /* a */ output: 'standalone' };\n",
         "standalone", 3),
        # Keys that only start with output are other settings.
        ("next.config.js", "module.exports = { outputFileTracingRoot: __dirname };\n", None, None),
    ],
)  # fmt: skip
def test_the_output_setting_is_read_with_its_line(
    tmp_path: Path, name: str, config: str, value: str | None, line: int | None
) -> None:
    (tmp_path / name).write_text(config)
    output = read_output(tmp_path)
    if line is None:
        assert output is None
        return
    assert output is not None
    assert (output.value, output.source.split(": ", 1)[0]) == (value, f"{name}:{line}")


def test_comments_are_blanked_in_place() -> None:
    code = "a // b\n/* c\nd */ e 'f // g'\n"
    blanked = blank_comments(code)
    assert blanked.splitlines() == ["a     ", "    ", "     e 'f // g'"]
    assert len(blanked) == len(code)


def test_a_computed_output_is_left_open_naming_both_servers(tmp_path: Path) -> None:
    config = "module.exports = {\n  output: process.env.STANDALONE ? 'standalone' : undefined,\n};\n"
    app = _app(tmp_path, _next_package(), **{"next.config.js": config})
    found = detect(app)
    assert found.unsettled == {
        "entrypoint": "Next.js: next.config.js:2: output process.env.STANDALONE ? 'standalone' : "
        "undefined is computed, so what next build writes is known only when it runs; candidates: "
        f"{NEXT_STANDALONE} (output: 'standalone'), {NEXT_START} (next start)"
    }


@pytest.mark.usefixtures("fast_template")
def test_a_computed_output_stops_defaults_until_the_entrypoint_is_passed(
    cli_invoke: Invoke, tmp_path: Path
) -> None:
    app = _app(tmp_path, _next_package(), **{"next.config.js": "module.exports = { output: mode };\n"})
    result = cli_invoke(["new", str(app), "--defaults"], expect=2)
    assert result.stderr.startswith(
        f"{_ERROR}--entrypoint: must be chosen: Next.js: next.config.js:1: output"
    )
    assert NEXT_STANDALONE in result.stderr and NEXT_START in result.stderr
    assert not (app / "Dockerfile").exists()
    cli_invoke(["new", str(app), "--defaults", "--entrypoint", NEXT_STANDALONE])
    assert (app / "Dockerfile").read_text().endswith('CMD ["node", "server.js"]\n')


@pytest.mark.parametrize(
    ("package", "config", "why"),
    [
        (
            _next_package(build="tsc"),
            "",
            "Next.js (package.json:9: dependencies.next): package.json:5: scripts.build runs 'tsc', not next "
            "build, which writes the .next folder the server runs from; no candidate found",
        ),
        (
            {"name": "web", "scripts": {"start": "next start"}, "dependencies": {"next": "14.2.35"}},
            "",
            "Next.js (package.json:7: dependencies.next): package.json has no build script, and the image "
            'runs it to write .next with next build: add "build": "next build"; no candidate found',
        ),
        (
            _next_package(),
            "module.exports = { output: 'export' };\n",
            "Next.js: next.config.js:1: output 'export' makes next build write static files (out/) and no "
            "server to run: serve them with a web server's image instead; no candidate found",
        ),
        (
            {"name": "web", "scripts": {"build": "next build"}, "devDependencies": {"next": "14.2.35"}},
            "",
            "Next.js: package.json:7: devDependencies.next puts next in devDependencies, and `next start` "
            "needs it among the production dependencies the image installs: move it to dependencies, or set "
            "output: 'standalone' in next.config.mjs; no candidate found",
        ),
    ],
)
def test_what_would_not_build_or_start_is_left_open(
    tmp_path: Path, package: dict[str, object], config: str, why: str
) -> None:
    app = _app(tmp_path, package, **({"next.config.js": config} if config else {}))
    found = detect(app)
    assert found.unsettled == {"entrypoint": why}
    assert "entrypoint" not in found.findings


def test_next_in_dev_dependencies_runs_standalone(tmp_path: Path) -> None:
    # The standalone output carries the dependencies the server needs; no production install is used.
    package = {"name": "web", "scripts": {"build": "next build"}, "devDependencies": {"next": "14.2.35"}}
    app = _app(tmp_path, package, **{"next.config.mjs": "export default { output: 'standalone' };\n"})
    assert detect(app).findings["entrypoint"] == Finding(
        NEXT_STANDALONE, "next.config.mjs:1: output 'standalone'"
    )


def test_a_development_start_script_is_never_the_command(tmp_path: Path) -> None:
    app = _app(tmp_path, _next_package(start="next dev -p 4000"))
    found = detect(app)
    assert found.findings["entrypoint"] == Finding(
        NEXT_START, "package.json:9: dependencies.next (no next.config file)"
    )
    assert found.findings["port"] == Finding(4000, "package.json:6: scripts.start 'next dev -p 4000'")


def test_the_port_next_start_is_given_is_the_port(tmp_path: Path) -> None:
    app = _app(tmp_path, _next_package(start="next start --port=8080"))
    assert detect(app).findings["port"] == Finding(
        8080, "package.json:6: scripts.start 'next start --port=8080'"
    )


def test_a_custom_server_is_the_entrypoint(tmp_path: Path) -> None:
    # Next.js's custom server example: node runs the app's own server file, which starts Next.
    app = _app(
        tmp_path,
        _next_package(start="NODE_ENV=production node server.js"),
        **{"server.js": "const next = require('next');\nrequire('http').createServer().listen(3000);\n"},
    )
    assert detect(app).findings["entrypoint"] == Finding("server.js", "package.json:6: scripts.start")


@pytest.mark.parametrize(
    ("route", "text", "path"),
    [
        # A route group is not in the URL.
        ("app/(ops)/healthz/route.ts", "export const GET = () => new Response('ok');\n", "/healthz"),
        ("src/app/api/ping/route.js", "export async function GET() {}\n", "/api/ping"),
        ("pages/api/health.js", "export default function handler(req, res) {}\n", "/api/health"),
        ("src/pages/api/healthz/index.ts", "export default function handler() {}\n", "/api/healthz"),
    ],
)
def test_health_routes_of_both_routers(tmp_path: Path, route: str, text: str, path: str) -> None:
    app = _app(tmp_path, _next_package(), **{route: text})
    assert detect(app).findings["health_path"].value == path


@pytest.mark.parametrize(
    ("route", "text"),
    [
        ("app/api/health/route.ts", "export async function POST() {}\n"),  # answers no GET
        ("app/api/[slug]/health/route.ts", "export async function GET() {}\n"),  # dynamic
        ("app/api/status/route.ts", "export async function GET() {}\n"),  # not a health name
        ("app/api/health/route.ts", "// export async function GET() {}\n"),
    ],
)
def test_routes_that_are_not_health_checks(tmp_path: Path, route: str, text: str) -> None:
    app = _app(tmp_path, _next_package(), **{route: text})
    assert "health_path" not in detect(app).findings


def test_a_computed_output_is_asked_interactively(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    app = _app(tmp_path, _next_package(), **{"next.config.js": "module.exports = { output: mode };\n"})
    shown = record_prompts(monkeypatch)
    # The runtime base (taken), the entrypoint (typed), then the limits, CI and "change anything else".
    with keys(ENTER + CLEAR + NEXT_START + ENTER + ENTER * 4):
        spec = gather(app, {}, interactive=True).spec
    assert [prompt.message for prompt in shown[:2]] == [
        "Runtime base image",
        "Entrypoint: the file node runs (server.js, dist/index.js)",
    ]
    assert (spec.entrypoint, spec.node_build, spec.port) == (NEXT_START, True, 3000)
    assert (
        "entrypoint must be chosen: Next.js: next.config.js:1: output mode is computed"
        in capsys.readouterr().err
    )
