"""The engine tier on the Node.js reference apps: what ``scaffold new --defaults`` detects runs them.

Each case copies an app from tests/apps/node-* (laid out as its framework's starter lays it out, with the
lock file its package manager wrote), renders it with the installed ``scaffold`` console script and
``--defaults`` plus only the Node.js version the stand-in images provide (and the runtime base of the
case), and brings it up with ``docker compose up -d --build --wait`` as README.Docker.md says. It must
become healthy, run the file detection chose, answer its own routes on the port detection chose, and stop
well before the kill timeout.

The builder stage is the same on slim and on distroless, so the second case of an app reuses the first
one's install and build from the build cache; nothing here empties it.
"""

from __future__ import annotations

import shutil
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
import yaml

from . import harness
from .test_engine import MAX_STOP_SECONDS, NODE_VERSION

pytestmark = pytest.mark.engine

APPS = Path(__file__).resolve().parent.parent / "apps"
#: The one flag every case adds to ``--defaults``: the Node.js the stand-in images provide.
VERSION_FLAGS = ("--node-version", NODE_VERSION)
#: How long a worker may take to log its first piece of work once healthy.
WORK_TIMEOUT = 30.0
#: How node ends: by itself after a SIGTERM handler closed the server (0), or by the signal (143).
NODE_EXITS = frozenset({0, 143})


@dataclass(frozen=True)
class Route:
    """A route the app answers: its path, the status and a fragment of the body."""

    path: str
    text: str
    status: int = 200


@dataclass(frozen=True)
class AppCase:
    """One reference app on one runtime base, and what it must show once running."""

    app: str
    runtime_base: str
    #: The file node runs: the image's command must end with it.
    runs: str
    #: Web apps: routes answered on the published port (the health route among them).
    routes: tuple[Route, ...] = ()
    #: Workers: a line the app logs once it did some work.
    work_line: str = ""

    @property
    def id(self) -> str:
        """Return the case id, e.g. ``node-nest-api-slim``."""
        return f"{self.app}-{self.runtime_base}"

    @property
    def argv(self) -> list[str]:
        """Return the ``scaffold new`` command that renders the case."""
        base = () if self.runtime_base == "slim" else ("--runtime-base", self.runtime_base)
        return [*harness.scaffold_command(), "new", "--defaults", *VERSION_FLAGS, *base]


def _both(case: AppCase) -> tuple[AppCase, AppCase]:
    """Return the case on slim and on distroless."""
    return case, replace(case, runtime_base="distroless")


OK = '"status":"ok"'
CASES = (
    *_both(AppCase("node-nest-api", "slim", "dist/main.js",
                   (Route("/health", OK), Route("/orders/2", "Pour-over kettle"),
                    Route("/orders/9", "order 9 not found", 404)))),
    *_both(AppCase("node-nest-two-locks", "slim", "dist/main.js",
                   (Route("/health", OK), Route("/products/1", "Espresso beans")))),
    *_both(AppCase("node-express-ts", "slim", "dist/index.js",
                   (Route("/healthz", OK), Route("/api/todos", "Ship the image")))),
    *_both(AppCase("node-nx-api", "slim", "dist/warehouse/src/main.js",
                   (Route("/health", OK), Route("/api/stock", "PALLET-EU")))),
    *_both(AppCase("node-express", "slim", "app.js",
                   (Route("/health", OK), Route("/books/2", "Kindred"), Route("/", "<h1>Bookshelf</h1>")))),
    *_both(AppCase("node-hono", "slim", "dist/index.js",
                   (Route("/health", OK), Route("/links/docs", "hono.dev"), Route("/", "Hello Hono!")))),
    *_both(AppCase("node-http-nodeps", "slim", "server.js",
                   (Route("/healthz", OK), Route("/services", "degraded"),
                    Route("/nope", "not found", 404)))),
    *_both(AppCase("node-koa-yarn", "slim", "src/index.js",
                   (Route("/health", OK), Route("/notes/2", "Middleware cascades")))),
    *_both(AppCase("node-fastify-pnpm", "slim", "server.js",
                   (Route("/health", OK), Route("/quotes/1", "Simplicity is prerequisite")))),
    *_both(AppCase("node-worker", "slim", "src/worker.js", work_line="digest job done: 2 messages")),
)  # fmt: skip


@dataclass
class Deployment:
    """A case rendered and running: its Compose project and the host port its compose.yaml publishes."""

    case: AppCase
    project: harness.ComposeProject
    port: int | None

    def container(self) -> str:
        """Return the id of the case's container."""
        return self.project.container()


def _in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _publish(folder: Path, compose: dict[str, Any]) -> int | None:
    """Return the host port compose.yaml publishes, moved to a free one if another deployment holds it.

    Other runs share the engine (3000 is every other Node.js app's port); only the host side of the
    ``127.0.0.1:HOST:CONTAINER`` mapping moves, so the app still listens where detection said.
    """
    (service,) = compose["services"].values()
    ports = service.get("ports") or []
    if not ports:
        return None
    host_ip, host_port, container_port = str(ports[0]).split(":")
    assert host_ip == "127.0.0.1", ports
    if not _in_use(int(host_port)):
        return int(host_port)
    free = harness.free_port()
    text = (folder / "compose.yaml").read_text(encoding="utf-8")
    mapping = f"127.0.0.1:{host_port}:{container_port}"
    assert text.count(mapping) == 1, text
    (folder / "compose.yaml").write_text(text.replace(mapping, f"127.0.0.1:{free}:{container_port}"))
    return free


@pytest.fixture(scope="module", params=CASES, ids=lambda case: case.id)
def deployed(
    request: pytest.FixtureRequest, engine: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Deployment]:
    """Render a case with ``--defaults``, start it with ``up -d --build --wait``; tear it all down after."""
    case: AppCase = request.param
    folder = tmp_path_factory.mktemp(case.id) / case.app
    shutil.copytree(APPS / case.app, folder)
    harness.run_command([*case.argv, str(folder)], timeout=120)
    compose = yaml.safe_load((folder / "compose.yaml").read_text(encoding="utf-8"))
    project = harness.ComposeProject(folder, next(iter(compose["services"])))
    try:
        project.down()  # a leftover of an interrupted run
        port = _publish(folder, compose)
        project.up_wait()
        yield Deployment(case, project, port)
    finally:
        project.down()


def test_is_healthy(deployed: Deployment) -> None:
    """``up --wait`` returned, and the engine's health record says healthy."""
    health = harness.inspect(deployed.container())["State"]["Health"]
    assert health["Status"] == "healthy", health
    assert health["Log"][-1]["ExitCode"] == 0, health["Log"][-1]


def test_runs_the_detected_file(deployed: Deployment) -> None:
    """The image runs node on the file detection chose, and that file is in the image."""
    case = deployed.case
    image = harness.inspect(f"{deployed.project.name}:local", kind="image")["Config"]
    command = [*(image.get("Entrypoint") or []), *(image.get("Cmd") or [])]
    assert command[-1] == case.runs, command
    assert harness.file_in_image(f"{deployed.project.name}:local", f"/app/{case.runs}")


def test_does_its_work(deployed: Deployment) -> None:
    """A web app answers its routes on the published port; a worker logs its work."""
    case = deployed.case
    if deployed.port is None:
        assert case.work_line and not case.routes
        start = time.monotonic()
        logs = deployed.project.logs()
        while case.work_line not in logs and time.monotonic() - start < WORK_TIMEOUT:
            time.sleep(0.5)  # the polling interval; the loop ends on the condition or the bound
            logs = deployed.project.logs()
        assert case.work_line in logs, logs[-2000:]
        return
    assert case.routes
    for route in case.routes:
        status, body, _ = harness.wait_for_http(f"http://127.0.0.1:{deployed.port}{route.path}", timeout=30)
        assert (status, route.text in body) == (route.status, True), (
            f"GET {route.path}: {status} {body[:300]}"
        )


def test_stops_in_time(deployed: Deployment) -> None:
    """``docker compose stop`` ends node well before the kill timeout.

    Must stay the last test of this file's cases: it stops the deployment the others inspect.
    """
    container = deployed.container()
    stop = deployed.project.compose("stop")
    state = harness.inspect(container)["State"]
    assert state["Running"] is False
    assert stop.seconds < MAX_STOP_SECONDS, f"docker compose stop took {stop.seconds:.1f}s"
    assert state["ExitCode"] in NODE_EXITS, state
