"""Baselines for the engine tier's figures: the same flask-pip app built the ways people usually do.

* ``naive``: the classic four-line Dockerfile: ``COPY . .`` then ``pip install`` as root, no health
  check. It should say ``FROM python:3.11``, but no registry is reachable here and only a
  ``python:3.11-slim`` stand-in exists, so it builds ``FROM python:3.11-slim``: its image is far
  smaller than the real naive one (the full ``python:3.11`` image is about 1 GB), which makes
  scaffold's size ratio look *worse* than it would be against the real thing.
* ``docker-init``: what ``docker init`` writes for a Python app (single stage, non-root user, pip
  cache mount and a bind-mounted requirements.txt), minus its ``# syntax`` line (the engine's
  built-in BuildKit parses the Dockerfile itself; nothing may be pulled).

Both run with plain ``docker build`` / ``docker run`` / ``docker stop`` (they come with no
hardened compose file), under the same conditions as scaffold's cases: the BuildKit cache is emptied
before each cold build, and a rebuild follows a one-line change to app.py. These tests assert only
what the baselines *do* (they build, answer HTTP, and whether a code change reuses the dependency
layer); their figures go to the same results as scaffold's, where the summary divides them.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from . import harness
from .results import Results

pytestmark = pytest.mark.engine

APPS = Path(__file__).resolve().parent.parent / "apps"
CODE_CHANGE = "# engine tier: a code-only change\n"
DEPS_STEP = "pip install -r requirements.txt"

NAIVE_DOCKERFILE = """\
FROM python:3.11-slim
COPY . .
RUN pip install -r requirements.txt
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]
"""

# docker init's Python template (Docker Desktop 4.x), for a gunicorn app on port 8000, without the
# `# syntax=docker/dockerfile:1` line and with its comments shortened.
DOCKER_INIT_DOCKERFILE = """\
ARG PYTHON_VERSION=3.11
FROM python:${PYTHON_VERSION}-slim as base

# Prevents Python from writing pyc files.
ENV PYTHONDONTWRITEBYTECODE=1
# Keeps Python from buffering stdout and stderr.
ENV PYTHONUNBUFFERED=1

WORKDIR /app

# Create a non-privileged user that the app will run under.
ARG UID=10001
RUN adduser \\
    --disabled-password \\
    --gecos "" \\
    --home "/nonexistent" \\
    --shell "/sbin/nologin" \\
    --no-create-home \\
    --uid "${UID}" \\
    appuser

# Download dependencies as a separate step to take advantage of Docker's caching.
RUN --mount=type=cache,target=/root/.cache/pip \\
    --mount=type=bind,source=requirements.txt,target=requirements.txt \\
    python -m pip install -r requirements.txt

# Switch to the non-privileged user to run the application.
USER appuser

# Copy the source code into the container.
COPY . .

# Expose the port that the application listens on.
EXPOSE 8000

# Run the application.
CMD gunicorn 'app:app' --bind=0.0.0.0:8000
"""

DOCKER_INIT_DOCKERIGNORE = """\
**/.DS_Store
**/__pycache__
**/.venv
**/.classpath
**/.dockerignore
**/.env
**/.git
**/.gitignore
**/.project
**/.settings
**/.toolstarget
**/.vs
**/.vscode
**/*.*proj.user
**/*.dbmdl
**/*.jfm
**/bin
**/charts
**/docker-compose*
**/compose.y*ml
**/Dockerfile*
**/node_modules
**/npm-debug.log
**/obj
**/secrets.dev.yaml
**/values.dev.yaml
LICENSE
README.md
"""


@dataclass(frozen=True)
class Baseline:
    """A Dockerfile (and .dockerignore) to build the flask-pip app with."""

    name: str
    dockerfile: str
    dockerignore: str | None
    #: Whether a code-only change should leave the dependency layer cached.
    deps_reused: bool
    notes: str

    @property
    def tag(self) -> str:
        """Return the image tag (distinct from every scaffold case)."""
        return f"scaffold-baseline-{self.name}:local"


BASELINES = (
    Baseline(
        "naive",
        NAIVE_DOCKERFILE,
        None,
        deps_reused=False,
        notes="FROM python:3.11-slim stand-in (no python:3.11 stand-in exists; the real one is ~1 GB)",
    ),
    Baseline(
        "docker-init",
        DOCKER_INIT_DOCKERFILE,
        DOCKER_INIT_DOCKERIGNORE,
        deps_reused=True,
        notes="docker init's Python template without the # syntax line",
    ),
)


@dataclass
class Built:
    """A baseline app folder plus everything created from it, to remove afterwards."""

    folder: Path
    container: str = ""
    images: tuple[str, ...] = ()

    def cleanup(self) -> None:
        """Remove the container and every image built (also after a failure)."""
        if self.container:
            harness.docker("rm", "--force", "--volumes", self.container, check=False)
        for image in self.images:
            harness.docker("image", "rm", "--force", image, check=False)


def _build(folder: Path, tag: str) -> harness.Run:
    return harness.docker(
        "build", "--progress=plain", "--tag", tag, str(folder), cwd=folder, timeout=harness.BUILD_TIMEOUT
    )


@pytest.fixture
def built(tmp_path: Path) -> Iterator[Built]:
    """A fresh copy of the flask-pip app; whatever the test creates from it is removed afterwards."""
    folder = tmp_path / "flask-pip"
    shutil.copytree(APPS / "flask-pip", folder)
    state = Built(folder)
    yield state
    state.cleanup()


@pytest.mark.parametrize("baseline", BASELINES, ids=lambda b: b.name)
def test_baseline(baseline: Baseline, built: Built, results: Results) -> None:
    """Build, run, stop and rebuild one baseline; record its figures next to scaffold's."""
    figures = results.baseline(baseline.name)
    figures.notes = baseline.notes
    (built.folder / "Dockerfile").write_text(baseline.dockerfile, encoding="utf-8")
    if baseline.dockerignore is not None:
        (built.folder / ".dockerignore").write_text(baseline.dockerignore, encoding="utf-8")
    harness.docker("image", "rm", "--force", baseline.tag, check=False)

    harness.prune_build_cache()
    cold = _build(built.folder, baseline.tag)
    image_id = harness.docker("image", "inspect", "--format", "{{.Id}}", baseline.tag).stdout.strip()
    built.images = (baseline.tag, image_id)
    figures.cold_build_s = round(cold.seconds, 1)
    figures.image_mb = round(harness.image_size(baseline.tag) / 1e6, 1)

    port = harness.free_port()
    name = f"scaffold-baseline-{baseline.name}"
    harness.docker("rm", "--force", name, check=False)
    published = f"127.0.0.1:{port}:8000"
    started = harness.docker("run", "--detach", "--name", name, "--publish", published, baseline.tag)
    built.container = started.stdout.strip()
    status, body, waited = harness.wait_for_http(f"http://127.0.0.1:{port}/", timeout=harness.COMMAND_TIMEOUT)
    figures.http_ready_s = round(started.seconds + waited, 1)
    assert status == 200
    assert "hello from flask" in body

    stop = harness.docker("stop", built.container, timeout=60)
    figures.stop_s = round(stop.seconds, 2)
    figures.stop_exit_code = int(harness.inspect(built.container)["State"]["ExitCode"])

    app = built.folder / "app.py"
    app.write_text(app.read_text(encoding="utf-8") + CODE_CHANGE, encoding="utf-8")
    rebuild = _build(built.folder, baseline.tag)
    rebuilt_id = harness.docker("image", "inspect", "--format", "{{.Id}}", baseline.tag).stdout.strip()
    built.images = (*built.images, rebuilt_id)
    figures.rebuild_s = round(rebuild.seconds, 1)
    deps = harness.find_step(harness.build_steps(rebuild.output), DEPS_STEP)
    figures.deps_cached_on_rebuild = deps.cached
    assert deps.cached is baseline.deps_reused, rebuild.describe()
