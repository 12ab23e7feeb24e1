"""The engine tier on the Next.js reference apps: what ``scaffold new --defaults`` detects runs them.

Each case copies an app from tests/apps/node-next-* (laid out as create-next-app lays it out), renders it
with the installed ``scaffold`` console script, ``--defaults`` and only the Node.js version the stand-in
images provide (and the runtime base of the case), and brings it up with ``docker compose up -d --build
--wait`` as README.Docker.md says: with the read-only root filesystem, the non-root user and ``/tmp`` as
the one tmpfs. It must become healthy, run the Next.js server detection chose, answer its health route,
its home page, a file of ``.next/static`` and (standalone) one of ``public/``, and stop cleanly.

Both runtime bases of one app build the same builder stage, so the second case reuses its layers: the
cost is one ``next build`` per app. The tests of one case run in file order on one deployment;
``test_stops_cleanly`` stops it and must stay the last test of the case.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from . import harness
from .test_engine import MAX_STOP_SECONDS
from .test_python_apps import Route, _in_use, _published_port

pytestmark = pytest.mark.engine

APPS = Path(__file__).resolve().parent.parent / "apps"
#: The one flag every case adds to ``--defaults``: the Node.js the stand-in images provide.
VERSION_FLAGS = ("--node-version", "18")
#: A stylesheet next build wrote to .next/static, as the home page links it.
_STATIC_CSS = re.compile(r'href="(/_next/static/css/[^"]+\.css)"')


@dataclass(frozen=True)
class NextCase:
    """One Next.js app on one runtime base, and what it must show once running."""

    app: str
    runtime_base: str
    #: The image's command after node (the runtime's node binary differs by base).
    command: tuple[str, ...]
    routes: tuple[Route, ...]

    @property
    def id(self) -> str:
        """Return the case id, e.g. ``node-next-start-distroless``."""
        return f"{self.app}-{self.runtime_base}"

    @property
    def argv(self) -> list[str]:
        """Return the ``scaffold new`` command that renders the case."""
        base = () if self.runtime_base == "slim" else ("--runtime-base", self.runtime_base)
        return [*harness.scaffold_command(), "new", "--defaults", *VERSION_FLAGS, *base]


_STANDALONE = (
    ("server.js",),
    (
        Route("/api/health", '{"status":"ok"}'),
        Route("/", "Served by .next/standalone/server.js."),
        Route("/robots.txt", "User-agent: *"),  # public/
        Route("/missing", "This page could not be found.", 404),
    ),
)
_START = (
    ("node_modules/next/dist/bin/next", "start", "-p", "3000"),
    (
        Route("/api/health", '{"status":"ok"}'),
        Route("/", "Served by next start."),
        Route("/missing", "This page could not be found.", 404),
    ),
)
CASES = tuple(
    NextCase(app, base, *expected)
    for app, expected in (("node-next-standalone", _STANDALONE), ("node-next-start", _START))
    for base in ("slim", "distroless")
)


@dataclass
class Deployment:
    """A case rendered and running: its Compose project and the host port its compose.yaml publishes."""

    case: NextCase
    project: harness.ComposeProject
    port: int


@pytest.fixture(scope="module", params=CASES, ids=lambda case: case.id)
def deployed(
    request: pytest.FixtureRequest, engine: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Deployment]:
    """Render a case with ``--defaults``, start it with ``up -d --build --wait``; tear it all down after."""
    case: NextCase = request.param
    folder = tmp_path_factory.mktemp(case.id) / case.app
    shutil.copytree(APPS / case.app, folder)
    harness.run_command([*case.argv, str(folder)], timeout=120)
    compose = yaml.safe_load((folder / "compose.yaml").read_text(encoding="utf-8"))
    project = harness.ComposeProject(folder, next(iter(compose["services"])))
    port = _published_port(compose)
    assert port is not None, compose
    try:
        project.down()  # a leftover of an interrupted run
        if _in_use(port):
            pytest.fail(f"port {port}, which {case.app}'s compose.yaml publishes, is in use on this host")
        project.up_wait()
        yield Deployment(case, project, port)
    finally:
        project.down()


def test_is_healthy(deployed: Deployment) -> None:
    """``up --wait`` returned, and the engine's health record says healthy."""
    health = harness.inspect(deployed.project.container())["State"]["Health"]
    assert health["Status"] == "healthy", health
    assert health["Log"][-1]["ExitCode"] == 0, health["Log"][-1]


def test_runs_the_next_server(deployed: Deployment) -> None:
    """node runs the server detection chose, as the non-root user, listening on every interface."""
    image = harness.inspect(f"{deployed.project.name}:local", kind="image")["Config"]
    assert not image.get("Entrypoint"), image
    assert tuple(image["Cmd"][1:]) == deployed.case.command, image["Cmd"]
    assert image["Cmd"][0] in {"node", "/nodejs/bin/node"}, image["Cmd"]
    assert image["User"] == "10001:10001"
    assert "HOSTNAME=0.0.0.0" in image["Env"], image["Env"]


def test_answers_its_routes(deployed: Deployment) -> None:
    """The health route, the home page, public/ and .next/static answer on the published port."""
    base = f"http://127.0.0.1:{deployed.port}"
    for route in deployed.case.routes:
        status, body, _ = harness.wait_for_http(f"{base}{route.path}", timeout=30)
        answered = f"GET {route.path}: {status} {body[:300]}"
        assert (status, route.text in body) == (route.status, True), answered
    _, home, _ = harness.wait_for_http(f"{base}/", timeout=30)
    stylesheet = _STATIC_CSS.search(home)
    assert stylesheet is not None, home[:1000]
    status, css, _ = harness.wait_for_http(f"{base}{stylesheet.group(1)}", timeout=30)
    assert (status, "font-family" in css) == (200, True), css[:300]


def test_stops_cleanly(deployed: Deployment) -> None:
    """``docker compose stop`` ends the server by its own shutdown, well before the kill timeout.

    Must stay the last test of this file's cases: it stops the deployment the others inspect.
    """
    container = deployed.project.container()
    stop = deployed.project.compose("stop")
    state = harness.inspect(container)["State"]
    assert state["Running"] is False
    assert stop.seconds < MAX_STOP_SECONDS, f"docker compose stop took {stop.seconds:.1f}s"
    assert state["ExitCode"] == 0, state
