"""The engine tier on the Python reference apps: what ``scaffold new --defaults`` detects runs them.

Each case copies an app from tests/apps/py-* (laid out as its framework's starter lays it out), renders it
with the installed ``scaffold`` console script and ``--defaults`` plus only the Python version the
stand-in images provide (and the runtime base of the case), and brings it up with ``docker compose up
-d --build --wait`` as README.Docker.md says. It must become healthy, run the command detection chose,
answer its own routes on the port detection chose, and stop cleanly.

Lighter than test_engine.py, whose cases check every hardening promise on the other reference apps: one
deployment per case, and no emptying of the build cache between cases (no cold-build figures are taken
here), so each case stays near 40 s. The tests of one case run in file order on one deployment;
``test_stops_cleanly`` stops it and must stay the last test of the case.
"""

from __future__ import annotations

import secrets
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
from .test_engine import (
    GUNICORN_STOPPED,
    MAX_STOP_SECONDS,
    PYTHON_VERSION,
    UVICORN_EXITS,
    UVICORN_STOPPED,
)

pytestmark = pytest.mark.engine

APPS = Path(__file__).resolve().parent.parent / "apps"
#: The one flag every case adds to ``--defaults``: the Python the stand-in images provide.
VERSION_FLAGS = ("--python-version", PYTHON_VERSION)
#: How long a worker may take to log its first piece of work once healthy.
WORK_TIMEOUT = 30.0


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
    #: A part of the image's command that only the entrypoint detection chose gives it.
    runs: str
    #: The line the app logs only when it shut down by itself.
    stopped_line: str
    #: Web apps: routes answered on the published port.
    routes: tuple[Route, ...] = ()
    #: Workers: a line the app logs once it did some work.
    work_line: str = ""
    exit_codes: frozenset[int] = frozenset({0})
    #: Variables compose.yaml requires at ``up`` time (Django's secret key): set to a fresh value.
    secret_env: tuple[str, ...] = ()
    #: Files the build writes into the image (collectstatic's output).
    built_files: tuple[str, ...] = ()
    #: The file the health check reads the age of (a worker's heartbeat).
    heartbeat_file: str = ""
    #: Flags besides the version and the runtime base; only where the stand-in images differ.
    flags: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        """Return the case id, e.g. ``py-procfile-slim``."""
        return f"{self.app}-{self.runtime_base}"

    @property
    def argv(self) -> list[str]:
        """Return the ``scaffold new`` command that renders the case."""
        base = () if self.runtime_base == "slim" else ("--runtime-base", self.runtime_base)
        return [*harness.scaffold_command(), "new", "--defaults", *VERSION_FLAGS, *base, *self.flags]


def _both(case: AppCase) -> tuple[AppCase, AppCase]:
    """Return the case on slim and on distroless."""
    return case, replace(case, runtime_base="distroless")


DJANGO_SECRET = ("DJANGO_SECRET_KEY",)
CASES = (
    *_both(AppCase("py-django-startproject", "slim", "mysite.wsgi:application", GUNICORN_STOPPED,
                   (Route("/polls/", "You're at the polls index."), Route("/health/", '"ok"')),
                   secret_env=DJANGO_SECRET, built_files=("/app/staticfiles/admin/css/base.css",))),
    *_both(AppCase("py-django-asgi", "slim", "config.asgi:application", UVICORN_STOPPED,
                   (Route("/stories/", "Views can be coroutines"), Route("/healthz", '"ok"')),
                   exit_codes=UVICORN_EXITS, secret_env=DJANGO_SECRET)),
    *_both(AppCase("py-flask-factory", "slim", "autoapp:app", GUNICORN_STOPPED,
                   (Route("/", "Welcome to myflaskapp"), Route("/about/", "an app factory")))),
    *_both(AppCase("py-fastapi-poetry", "slim", "app.main:app", GUNICORN_STOPPED,
                   (Route("/api/v1/utils/health-check/", "true"),
                    Route("/api/v1/items/", "Gunicorn with Uvicorn workers"),
                    Route("/api/v1/items/3", "Item not found", 404)))),
    *_both(AppCase("py-fastapi-src-uv", "slim", "shop.main:app", UVICORN_STOPPED,
                   (Route("/products", "Stoneware mug"), Route("/products/tea-001", "Green tea"),
                    Route("/healthz", '"ok"')),
                   exit_codes=UVICORN_EXITS)),
    *_both(AppCase("py-litestar", "slim", "app:app", UVICORN_STOPPED,
                   (Route("/", "Hello, world!"), Route("/books/2", "Kindred"), Route("/health", '"ok"')),
                   exit_codes=UVICORN_EXITS)),
    *_both(AppCase("py-pipenv", "slim", "look.app:app", GUNICORN_STOPPED,
                   (Route("/images", "1eaf6ef1-7f2d-4ecc-a8d5-6e8adba7cc0e.png"), Route("/health", '"ok"')))),
    # Slim only: libpq5 must be installed in the runtime stage, and distroless has no package manager.
    AppCase("py-psycopg2", "slim", "app:app", GUNICORN_STOPPED,
            (Route("/", '"driver":"psycopg2 2.9.13'), Route("/health", '"ok"'),
             Route("/books", "database unavailable", 503))),
    *_both(AppCase("py-procfile", "slim", "quotes:app", GUNICORN_STOPPED,
                   (Route("/", "<h1>Quotes</h1>"), Route("/quotes", "Readability counts")))),
    *_both(AppCase("py-poetry-worker", "slim", "-m jobs", "worker stopped",
                   work_line="job done", heartbeat_file="/tmp/heartbeat")),
    *_both(AppCase("py-quart", "slim", "app:app", UVICORN_STOPPED,
                   (Route("/todos", "Serve it over ASGI"), Route("/healthz", '"ok"')),
                   exit_codes=UVICORN_EXITS)),
    *_both(AppCase("py-flask-microblog", "slim", "microblog:app", GUNICORN_STOPPED,
                   (Route("/index", "Hi, Microblog!"), Route("/api/posts", "Beautiful day in Portland!")))),
    *_both(AppCase("py-module-worker", "slim", "-m consumer", "consumer stopped after",
                   work_line="processed")),
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

    def inspect(self) -> dict[str, Any]:
        """Return ``docker inspect`` of the container."""
        return harness.inspect(self.container())


def _published_port(compose: dict[str, Any]) -> int | None:
    """Return the host port of the one service's ``127.0.0.1:HOST:CONTAINER`` mapping, or None."""
    (service,) = compose["services"].values()
    ports = service.get("ports") or []
    if not ports:
        return None
    host_ip, host_port, _container = str(ports[0]).split(":")
    assert host_ip == "127.0.0.1", ports
    return int(host_port)


def _wait_for_log(project: harness.ComposeProject, text: str) -> None:
    """Poll the service's logs until ``text`` shows, for at most WORK_TIMEOUT seconds."""
    start = time.monotonic()
    logs = project.logs()
    while text not in logs and time.monotonic() - start < WORK_TIMEOUT:
        time.sleep(0.5)  # the polling interval; the loop ends on the condition or the bound
        logs = project.logs()
    assert text in logs, logs[-2000:]


def _in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


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
    # The one service is named after the app, as its image is; the project takes the same name.
    project = harness.ComposeProject(folder, next(iter(compose["services"])))
    port = _published_port(compose)
    with pytest.MonkeyPatch.context() as patch:
        # compose.yaml refuses to start without them; every docker call reads the environment.
        for name in case.secret_env:
            patch.setenv(name, secrets.token_urlsafe(32))
        try:
            project.down()  # a leftover of an interrupted run
            if port is not None and _in_use(port):
                pytest.fail(f"port {port}, which {case.app}'s compose.yaml publishes, is in use on this host")
            project.up_wait()
            yield Deployment(case, project, port)
        finally:
            project.down()


def test_is_healthy(deployed: Deployment) -> None:
    """``up --wait`` returned, the engine's health record says healthy, a worker's from its heartbeat."""
    state = deployed.inspect()
    health = state["State"]["Health"]
    assert health["Status"] == "healthy", health
    assert health["Log"][-1]["ExitCode"] == 0, health["Log"][-1]
    if deployed.case.heartbeat_file:
        assert deployed.case.heartbeat_file in " ".join(state["Config"]["Healthcheck"]["Test"])


def test_runs_the_detected_command(deployed: Deployment) -> None:
    """The image runs what detection found; it holds what the build made, and no secret of the app's."""
    case = deployed.case
    image = harness.inspect(f"{deployed.project.name}:local", kind="image")["Config"]
    command = " ".join([*(image.get("Entrypoint") or []), *(image.get("Cmd") or [])])
    assert case.runs in command, command
    variables = {entry.split("=", 1)[0] for entry in image.get("Env") or []}
    assert variables.isdisjoint(case.secret_env), variables
    for path in case.built_files:
        assert harness.file_in_image(f"{deployed.project.name}:local", path)


def test_does_its_work(deployed: Deployment) -> None:
    """A web app answers its routes on the published port; a worker logs its work."""
    case = deployed.case
    if deployed.port is None:
        assert case.work_line and not case.routes
        _wait_for_log(deployed.project, case.work_line)
        return
    assert case.routes
    for route in case.routes:
        status, body, _ = harness.wait_for_http(f"http://127.0.0.1:{deployed.port}{route.path}", timeout=30)
        assert (status, route.text in body) == (route.status, True), (
            f"GET {route.path}: {status} {body[:300]}"
        )


def test_stops_cleanly(deployed: Deployment) -> None:
    """``docker compose stop`` ends the app by its own shutdown, well before the kill timeout.

    Must stay the last test of this file's cases: it stops the deployment the others inspect.
    """
    case, container = deployed.case, deployed.container()
    stop = deployed.project.compose("stop")
    state = harness.inspect(container)["State"]
    assert state["Running"] is False
    assert stop.seconds < MAX_STOP_SECONDS, f"docker compose stop took {stop.seconds:.1f}s"
    logs = harness.docker("logs", container).output
    assert case.stopped_line in logs, logs[-2000:]
    assert state["ExitCode"] in case.exit_codes, state


def test_psycopg2_on_distroless_is_refused(tmp_path: Path) -> None:
    """The app needs libpq5 at run time, and distroless has no package manager: exit 2, nothing written."""
    folder = tmp_path / "py-psycopg2"
    shutil.copytree(APPS / "py-psycopg2", folder)
    argv = [*harness.scaffold_command(), "new", str(folder), "--defaults", *VERSION_FLAGS]
    run = harness.run_command([*argv, "--runtime-base", "distroless"], timeout=120, check=False)
    assert run.returncode == 2, run.describe()
    assert "--runtime-base slim" in run.stderr, run.describe()
    assert not (folder / "Dockerfile").exists()
    assert not (folder / "compose.yaml").exists()
