"""Drive a real Docker engine and Compose v2 from outside, for the engine tier and its baselines.

Everything here shells out to one docker client, :data:`DOCKER` (Debian's ``/usr/bin/docker`` unless
``SCAFFOLD_DOCKER`` says otherwise), because the client first on ``PATH`` on the project's machines has
no buildx and refuses BuildKit, and scaffold's Dockerfiles need BuildKit (``RUN --mount``). Every call
has a timeout, so a hung engine fails a test instead of hanging CI.

The module has no pytest dependency: ``benchmarks/`` scripts can reuse it.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tarfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "COMPOSE_MIN_MINOR",
    "DOCKER",
    "STAND_IN_IMAGES",
    "BuildStep",
    "ComposeProject",
    "DockerError",
    "Run",
    "build_steps",
    "docker",
    "docker_bytes",
    "docker_env",
    "engine_problem",
    "file_in_image",
    "free_port",
    "image_size",
    "inspect",
    "prune_build_cache",
    "scaffold_command",
    "stand_in_images",
    "wait_for_http",
]

#: The docker client every call uses (see the module docstring for why not the one on PATH).
DOCKER = os.environ.get("SCAFFOLD_DOCKER", "/usr/bin/docker")

#: The base images scaffold's Dockerfiles name; scripts/base-images.sh builds local stand-ins for them.
STAND_IN_IMAGES = ("python:3.11-slim", "debian:12-slim", "gcr.io/distroless/python3-debian12:nonroot")

#: Compose must be v2.20 or later: ``up --wait`` and ``--wait-timeout``.
COMPOSE_MIN_MINOR = 20

#: Seconds a build may take (a cold build downloads every dependency from PyPI).
BUILD_TIMEOUT = float(os.environ.get("SCAFFOLD_ENGINE_BUILD_TIMEOUT", "900"))
#: Seconds any other docker command may take.
COMMAND_TIMEOUT = float(os.environ.get("SCAFFOLD_ENGINE_TIMEOUT", "180"))

REPO = Path(__file__).resolve().parent.parent.parent


def stand_in_images() -> tuple[str, ...]:
    """Every stand-in image the tier needs: the Debian and Python ones, and each tests/stand-ins image."""
    others = []
    for dockerfile in sorted((REPO / "tests" / "stand-ins").glob("*/Dockerfile")):
        first = dockerfile.read_text(encoding="utf-8").splitlines()[0]
        if first.startswith("# image:"):
            others.append(first.removeprefix("# image:").strip())
    return (*STAND_IN_IMAGES, *others)


def docker_env() -> dict[str, str]:
    """Return the environment for docker and compose calls: BuildKit on, no ambient Compose settings.

    ``COMPOSE_PROJECT_NAME`` and friends are dropped because a developer's shell could otherwise
    point a test at another project's containers.
    """
    env = dict(os.environ)
    for leaked in ("COMPOSE_PROJECT_NAME", "COMPOSE_FILE", "COMPOSE_PROFILES", "COMPOSE_PATH_SEPARATOR"):
        env.pop(leaked, None)
    env.update(
        {
            "DOCKER_BUILDKIT": "1",
            "COMPOSE_DOCKER_CLI_BUILD": "1",
            "BUILDKIT_PROGRESS": "plain",
            "DOCKER_CLI_HINTS": "false",
            "COMPOSE_ANSI": "never",
        }
    )
    return env


@dataclass(frozen=True)
class Run:
    """One finished command: its argv, exit code, output and wall time."""

    argv: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str
    seconds: float

    @property
    def output(self) -> str:
        """Stdout and stderr together (BuildKit and Compose write progress to stderr)."""
        return self.stdout + self.stderr

    def describe(self, limit: int = 4000) -> str:
        """Return the command and the end of its output, for assertion messages."""
        text = self.output.strip()
        if len(text) > limit:
            text = "..." + text[-limit:]
        return f"$ {' '.join(self.argv)}\n(exit {self.returncode} after {self.seconds:.1f}s)\n{text}"


class DockerError(RuntimeError):
    """A docker command failed or timed out; the message holds the command and its output."""

    def __init__(self, run: Run, reason: str = "failed") -> None:
        self.run = run
        super().__init__(f"docker command {reason}:\n{run.describe()}")


def run_command(
    argv: Sequence[str],
    *,
    cwd: Path | None = None,
    timeout: float = COMMAND_TIMEOUT,
    check: bool = True,
    env: Mapping[str, str] | None = None,
) -> Run:
    """Run ``argv`` with a timeout and return a :class:`Run`; raise :class:`DockerError` if it fails.

    A timeout raises too (with whatever output there was), so no call can hang a test run.
    """
    start = time.monotonic()
    try:
        proc = subprocess.run(
            list(argv),
            cwd=cwd,
            env=dict(env) if env is not None else docker_env(),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode(errors="replace") if isinstance(exc.stdout, bytes) else exc.stdout or ""
        err = exc.stderr.decode(errors="replace") if isinstance(exc.stderr, bytes) else exc.stderr or ""
        raise DockerError(
            Run(tuple(argv), -1, out, err, time.monotonic() - start), f"timed out after {timeout:.0f}s"
        ) from exc
    result = Run(tuple(argv), proc.returncode, proc.stdout, proc.stderr, time.monotonic() - start)
    if check and proc.returncode != 0:
        raise DockerError(result)
    return result


def docker(*args: str, cwd: Path | None = None, timeout: float = COMMAND_TIMEOUT, check: bool = True) -> Run:
    """Run ``DOCKER args...`` (see :func:`run_command`)."""
    return run_command([DOCKER, *args], cwd=cwd, timeout=timeout, check=check)


def inspect(ref: str, *, kind: str = "container") -> dict[str, Any]:
    """Return ``docker inspect --type KIND REF`` as a dict."""
    data = json.loads(docker("inspect", "--type", kind, ref).stdout)
    if not isinstance(data, list) or len(data) != 1 or not isinstance(data[0], dict):
        raise ValueError(f"unexpected docker inspect output for {ref}: {data!r}")
    return data[0]


def image_size(ref: str) -> int:
    """Return the size in bytes of a local image (what ``docker images`` shows)."""
    return int(inspect(ref, kind="image")["Size"])


def prune_build_cache() -> None:
    """Empty the engine's BuildKit cache (layers and cache mounts), so the next build is cold.

    Images stay, so the base images are not touched. Every cold build in the engine tier starts from
    this state, which is what makes scaffold's and the baselines' figures comparable.
    """
    docker("builder", "prune", "--all", "--force", timeout=COMMAND_TIMEOUT)


def _compose_minor(version: str) -> int | None:
    match = re.match(r"v?2\.(\d+)", version.strip())
    return int(match.group(1)) if match else None


def engine_problem() -> str | None:
    """Return a one-line reason the engine tier cannot run here, or ``None`` when it can.

    Checks the docker client, that the engine answers, that ``docker compose`` is Compose v2.20+, and
    that the stand-in base images exist (no registry is reachable, so a build cannot pull them).
    """
    if not (Path(DOCKER).is_file() and os.access(DOCKER, os.X_OK)) and not shutil.which(DOCKER):
        return f"{DOCKER} not found (scripts/engine.sh up installs it; SCAFFOLD_DOCKER overrides the path)"
    try:
        version = docker("version", "--format", "{{.Server.Version}}", timeout=30, check=False)
        if version.returncode != 0:
            first = (version.stderr.strip().splitlines() or ["no output"])[0]
            return f"the Docker engine does not answer ({first}); run scripts/engine.sh up"
        compose = docker("compose", "version", "--short", timeout=30, check=False)
        minor = _compose_minor(compose.stdout) if compose.returncode == 0 else None
        if minor is None or minor < COMPOSE_MIN_MINOR:
            found = compose.stdout.strip() or compose.stderr.strip()[:120]
            return (
                f"`{DOCKER} compose` is not Compose v2.{COMPOSE_MIN_MINOR}+ (found: {found or 'none'}); "
                "run scripts/install-compose.sh"
            )
        missing = [
            image
            for image in stand_in_images()
            if docker("image", "inspect", image, timeout=30, check=False).returncode
        ]
    except DockerError as exc:
        return f"docker did not answer in time: {exc.run.argv}"
    if missing:
        return (
            f"base images missing: {', '.join(missing)}; run scripts/base-images.sh and scripts/stand-ins.sh"
        )
    return None


def file_in_image(image: str, path: str) -> str:
    """Return the text of one file in an image, without running anything in it (any base, no shell)."""
    created = docker("create", image).stdout.strip()
    try:
        archive = docker_bytes("cp", f"{created}:{path}", "-")
    finally:
        docker("rm", created, check=False)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        member = tar.next()
        assert member is not None and member.isfile(), f"{path} is not a file in {image}"
        extracted = tar.extractfile(member)
        assert extracted is not None
        return extracted.read().decode("utf-8")


def docker_bytes(*args: str, timeout: float = COMMAND_TIMEOUT) -> bytes:
    """Run a docker command and return its raw standard output (for ``docker cp ... -``)."""
    done = subprocess.run(
        [DOCKER, *args], env=docker_env(), capture_output=True, timeout=timeout, check=False
    )
    if done.returncode != 0:
        raise AssertionError(f"docker {' '.join(args)} failed: {done.stderr.decode(errors='replace')}")
    return done.stdout


def free_port() -> int:
    """Return a TCP port that is free on 127.0.0.1 right now (the kernel picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_http(
    url: str, *, timeout: float = 60.0, give_up: Callable[[], bool] | None = None
) -> tuple[int, str, float]:
    """Poll ``url`` until it answers with any HTTP status; return ``(status, body, seconds waited)``.

    The wait is bounded by ``timeout``, and ends early when ``give_up()`` turns true (e.g. the command
    that starts the server failed); either way the last connection error is raised as
    :class:`TimeoutError`.
    """
    start = time.monotonic()
    last: Exception | None = None
    while time.monotonic() - start < timeout and not (give_up and give_up()):
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return (
                    int(response.status),
                    response.read().decode("utf-8", "replace"),
                    time.monotonic() - start,
                )
        except urllib.error.HTTPError as exc:
            return int(exc.code), exc.read().decode("utf-8", "replace"), time.monotonic() - start
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError) as exc:
            last = exc
        # Polling interval while the server starts; the loop itself is bounded by ``timeout``.
        time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer after {time.monotonic() - start:.0f}s: {last}")


# --------------------------------------------------------------------------- BuildKit logs

_STEP_NAME = re.compile(r"^#(\d+) (\[.*)$")
_STEP_STATE = re.compile(r"^#(\d+) (CACHED|DONE\b|ERROR\b)")


@dataclass
class BuildStep:
    """One vertex of a BuildKit build, as the plain progress output shows it."""

    number: int
    name: str
    cached: bool = False
    done: bool = False


def build_steps(log: str) -> list[BuildStep]:
    """Parse BuildKit's ``--progress plain`` output into its steps, in order of first appearance.

    A step's name line looks like ``#7 [app builder 5/5] RUN ... pip install -r requirements.txt``;
    its outcome is a later ``#7 CACHED`` (reused from the cache) or ``#7 DONE 4.3s`` (executed).
    """
    steps: dict[int, BuildStep] = {}
    for line in log.splitlines():
        line = line.rstrip()
        named = _STEP_NAME.match(line)
        if named:
            number = int(named.group(1))
            steps.setdefault(number, BuildStep(number, named.group(2)))
            continue
        state = _STEP_STATE.match(line)
        if state and int(state.group(1)) in steps:
            step = steps[int(state.group(1))]
            if state.group(2) == "CACHED":
                step.cached = True
            elif state.group(2).startswith("DONE"):
                step.done = True
    return list(steps.values())


def find_step(steps: Sequence[BuildStep], needle: str) -> BuildStep:
    """Return the one step whose name contains ``needle``; raise ``LookupError`` if none or several."""
    found = [step for step in steps if needle in step.name]
    if len(found) != 1:
        names = "\n  ".join(step.name for step in steps)
        raise LookupError(f"{len(found)} build steps contain {needle!r}; steps:\n  {names}")
    return found[0]


# --------------------------------------------------------------------------- scaffold + compose


def scaffold_command() -> list[str]:
    """Return the argv of the installed ``scaffold`` console script (the one users run).

    It is looked up next to the running interpreter first (the project venv), then on PATH.
    """
    beside = Path(sys.executable).parent / "scaffold"
    if beside.is_file():
        return [str(beside)]
    found = shutil.which("scaffold")
    if found:
        return [found]
    raise FileNotFoundError("the scaffold console script is not installed (pip install -e .)")


@dataclass
class ComposeProject:
    """A rendered project folder, run as the Compose project ``name`` (the app's name).

    compose.yaml names no project (``docker stack deploy`` refuses a top-level ``name``), so every call
    passes ``--project-name``: the containers' project label is then the app's name, whatever the folder.
    """

    directory: Path
    name: str
    image_ids: set[str] = field(default_factory=set)

    def compose(self, *args: str, timeout: float = COMMAND_TIMEOUT, check: bool = True) -> Run:
        """Run ``docker compose --progress plain --project-directory DIR --project-name NAME ARGS...``."""
        return docker(
            "compose",
            "--progress",
            "plain",
            "--project-directory",
            str(self.directory),
            "--project-name",
            self.name,
            *args,
            cwd=self.directory,
            timeout=timeout,
            check=check,
        )

    def build(self) -> Run:
        """Build the service image with BuildKit (plain progress, so the log shows CACHED steps)."""
        run = self.compose("build", timeout=BUILD_TIMEOUT)
        self.image_ids.add(self.image_id())
        return run

    def up_wait(self, *, wait_timeout: int = 180) -> Run:
        """``docker compose up -d --build --wait``: returns once every service is healthy."""
        run = self.compose(
            "up", "--detach", "--build", "--wait", "--wait-timeout", str(wait_timeout),
            timeout=BUILD_TIMEOUT + wait_timeout,
        )  # fmt: skip
        self.image_ids.add(self.image_id())
        return run

    def image_id(self) -> str:
        """Return the id of the image the service is built as (``<name>:local``)."""
        return docker("image", "inspect", "--format", "{{.Id}}", f"{self.name}:local").stdout.strip()

    def container_ids(self, *, all_states: bool = True) -> list[str]:
        """Return the ids of this project's containers, found by Compose's project label."""
        args = ["ps", "--quiet", "--no-trunc", "--filter", f"label=com.docker.compose.project={self.name}"]
        if all_states:
            args.insert(1, "--all")
        return docker(*args).stdout.split()

    def container(self) -> str:
        """Return the id of the project's one container."""
        ids = self.container_ids()
        if len(ids) != 1:
            raise LookupError(f"project {self.name} has {len(ids)} containers, expected 1: {ids}")
        return ids[0]

    def logs(self) -> str:
        """Return the service's logs (stdout and stderr)."""
        return docker("logs", self.container()).output

    def down(self) -> Run:
        """Remove containers, networks, volumes and the built image; also any earlier build of it."""
        run = self.compose(
            "down", "--volumes", "--rmi", "local", "--remove-orphans", "--timeout", "10", check=False
        )
        for image in self.image_ids:
            docker("image", "rm", "--force", image, check=False)
        return run
