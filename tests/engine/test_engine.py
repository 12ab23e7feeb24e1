"""The engine tier: what ``scaffold new`` writes builds, runs and keeps each promise under a real engine.

Each case copies a reference app from tests/apps, renders it with the installed ``scaffold`` console
script, and brings it up with ``docker compose up -d --build --wait`` exactly as README.Docker.md tells a
user to. Every promise is then checked from outside the container (``docker inspect``, ``docker top``,
HTTP on 127.0.0.1) or, where only the kernel knows, from /proc inside it. Timings are recorded in
benchmarks/results/latest/engine.json and never asserted, except the stop time: a stop that runs into the
10 s kill timeout means signals do not reach the app, and that is a bug, not a slow machine.

The tests of one case run in file order on one deployment (a module-scoped fixture); the last one,
``test_stop_rebuild_and_down``, changes its state and must stay last in this file.
"""

from __future__ import annotations

import errno
import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from . import harness
from .results import Figures, Results

pytestmark = pytest.mark.engine

APPS = Path(__file__).resolve().parent.parent / "apps"
#: scaffold's default answer for --uid; the cases keep it.
UID = 10001
#: The longest a stop may take: far below Compose's 10 s stop_grace_period, after which it kills.
MAX_STOP_SECONDS = 5.0
#: The comment appended to the app's source to prove a code change rebuilds only the source layer.
CODE_CHANGE = "engine tier: a code-only change"
#: Python's Dockerfiles copy the source with this instruction, after the dependency layer.
SOURCE_STEP = f"COPY --chown={UID}:{UID} . ."
#: The Python version the stand-in base images provide.
PYTHON_VERSION = "3.11"

WRITE_PROBE = """
import errno
def attempt(path):
    try:
        with open(path, 'w') as f:
            f.write('x')
    except OSError as e:
        return errno.errorcode[e.errno]
    return 'written'
print(attempt('/app/.engine-probe'), attempt('/tmp/.engine-probe'))
"""


@dataclass(frozen=True)
class Case:
    """One app rendered with one set of answers, with what it must show once running."""

    app: str
    runtime_base: str
    #: File in the app that the rebuild check edits.
    source: str
    #: Text of the dependency-install build step (must come from the cache after a code change).
    #: Kept to the part that says what is installed, not which pip does it.
    deps_step: str
    #: Log line the app prints only when it shut down gracefully.
    stopped_line: str
    memory: str
    memory_reservation: str
    cpus: str
    pids: int
    #: Web apps: a body fragment of GET /, and the health path scaffold detected ("" = TCP probe).
    index_text: str | None = None
    health_path: str = ""
    #: Exit codes of a graceful stop. Never 137: that is the SIGKILL after the grace period.
    exit_codes: frozenset[int] = frozenset({0})
    #: Extra ``scaffold new`` flags: the language's version that the stand-in images provide.
    flags: tuple[str, ...] = ("--python-version", PYTHON_VERSION)
    #: How a line comment starts in the edited source file.
    comment: str = "#"
    #: Text of the build step that must run again after a code change (it copies or builds the source).
    source_step: str = SOURCE_STEP
    #: A command run inside the container that prints how writing /app and /tmp went: ``EROFS written``.
    #: None for images with nothing to run it (a static binary on scratch): the engine's own refusal to
    #: copy into the read-only root is checked instead.
    writer: tuple[str, ...] | None = ("python", "-c", WRITE_PROBE)
    #: Whether the image holds the source file (interpreted languages) or only a compiled program.
    source_in_image: bool = True

    @property
    def id(self) -> str:
        """Return the case id, e.g. ``flask-pip-slim``."""
        return f"{self.app}-{self.runtime_base}"

    @property
    def project(self) -> str:
        """Return the Compose project and image name: distinct per case, so cases never collide."""
        return f"scaffold-engine-{self.id}"

    @property
    def web(self) -> bool:
        """Return whether the app listens on a port."""
        return self.index_text is not None


def _mib(value: str) -> int:
    assert value.endswith("m"), value
    return int(value[:-1]) * 1024 * 1024


PIP_DEPS = "install -r requirements.txt"
GUNICORN_STOPPED = "Shutting down: Master"
UVICORN_STOPPED = "Finished server process"
# uvicorn >= 0.29 re-raises the SIGTERM it handled once its graceful shutdown is done, so the process
# ends "killed by SIGTERM" (143) after printing UVICORN_STOPPED; older releases exit 0.
UVICORN_EXITS = frozenset({0, 143})
#: The Go version the stand-in golang image provides.
GO_VERSION = "1.19"


def _compiled(case: Case, flags: tuple[str, ...]) -> Case:
    """Make a case a compiled one: the image holds a program, no source and nothing to run a write probe."""
    return replace(
        case, flags=flags, comment="//", source_step="COPY . .", writer=None, source_in_image=False
    )


def _go(case: Case) -> Case:
    """Make a case a Go one: a static binary built with the stand-in's Go."""
    return _compiled(case, ("--go-version", GO_VERSION))


#: The Rust version the stand-in rust image provides (tests/stand-ins/40-rust).
RUST_VERSION = "1.96"
#: The Rust Dockerfile's dependency step: it builds a placeholder, then cleans the placeholder's output.
RUST_DEPS = "cargo clean --release"


def _rust(case: Case) -> Case:
    """Make a case a Rust one: like Go's, a compiled binary, built with the stand-in's Rust."""
    return _compiled(case, ("--rust-version", RUST_VERSION))


#: The Java version the stand-in Temurin and distroless java images provide (tests/stand-ins/5*-java*).
JAVA_VERSION = "17"
#: A JVM stopped by SIGTERM exits 143 once its shutdown hooks have run (the app prints its line first).
JVM_EXITS = frozenset({143})


def _java(case: Case) -> Case:
    """Make a case a Java one: the image holds the jar, and no tool to run a write probe with.

    The reference app's ``mvnw`` is a stand-in for the Maven wrapper (Maven Central is unreachable
    here): it runs the JDK stand-in's Debian Maven against Debian's packaged repository, so the
    generated Dockerfile's own steps (go-offline into the cache mount, then package) run for real.
    """
    return replace(_compiled(case, ("--java-version", JAVA_VERSION)), exit_codes=JVM_EXITS)


#: The Node.js version the stand-in node and distroless nodejs images provide (tests/stand-ins/2*-node*).
NODE_VERSION = "18"
#: How writing /app and /tmp went, printed by the image's own node: ``EROFS written``.
NODE_WRITE_PROBE = (
    "const fs = require('fs');"
    " const attempt = (path) => {"
    " try { fs.writeFileSync(path, 'x'); return 'written'; } catch (e) { return e.code; } };"
    " console.log(attempt('/app/.engine-probe'), attempt('/tmp/.engine-probe'));"
)
NODE_STOPPED = "node server stopped"
#: The production install of the pnpm build app (its full install, for the build, has no --prod).
PNPM_PROD_DEPS = "pnpm install --frozen-lockfile --prod"


def _node(case: Case, *, source_step: str = SOURCE_STEP) -> Case:
    """Make a case a Node.js one: node runs the source (or the build's output) from /app.

    A build app's source step is the builder's ``COPY . .``, which its build script then compiles.
    """
    node = "/nodejs/bin/node" if case.runtime_base == "distroless" else "node"
    return replace(
        case,
        flags=("--node-version", NODE_VERSION),
        comment="//",
        source_step=source_step,
        writer=(node, "-e", NODE_WRITE_PROBE),
    )


# Distinct limits per case, so a limit that leaked from another case or a default would show.
CASES = (
    Case("flask-pip", "slim", "app.py", PIP_DEPS, GUNICORN_STOPPED,
         "256m", "128m", "0.5", 64, "hello from flask", "/health"),
    Case("flask-pip", "distroless", "app.py", PIP_DEPS, GUNICORN_STOPPED,
         "192m", "96m", "0.75", 48, "hello from flask", "/health"),
    Case("fastapi-uv", "slim", "main.py", "uv sync --frozen", UVICORN_STOPPED,
         "320m", "160m", "1.25", 80, "hello from fastapi", "/healthz", UVICORN_EXITS),
    Case("fastapi-uv", "distroless", "main.py", "uv sync --frozen", UVICORN_STOPPED,
         "288m", "144m", "0.6", 72, "hello from fastapi", "/healthz", UVICORN_EXITS),
    Case("poetry-web", "slim", "wsgi.py", "poetry export", GUNICORN_STOPPED,
         "224m", "112m", "0.8", 56, "hello from poetry", ""),
    Case("worker-pip", "slim", "main.py", PIP_DEPS, "worker stopped",
         "64m", "32m", "0.25", 16),
    _go(Case("go-web", "distroless", "main.go", "go mod download", "go server stopped",
             "96m", "48m", "0.4", 40, "hello from go", "/healthz")),
    _go(Case("go-web", "scratch", "main.go", "go mod download", "go server stopped",
             "80m", "40m", "0.3", 36, "hello from go", "/healthz")),
    _go(Case("go-worker", "distroless", "cmd/worker/main.go", "go mod download", "go worker stopped",
             "48m", "24m", "0.45", 24)),
    _rust(Case("rust-web", "distroless", "src/main.rs", RUST_DEPS, "rust server stopped",
               "112m", "56m", "0.35", 44, "hello from rust", "/healthz")),
    _rust(Case("rust-web", "slim", "src/main.rs", RUST_DEPS, "rust server stopped",
               "144m", "72m", "0.55", 52, "hello from rust", "/healthz")),
    _node(Case("node-npm", "slim", "server.js", "npm ci --omit=dev", NODE_STOPPED,
               "160m", "80m", "0.65", 60, "hello from node", "/healthz")),
    _node(Case("node-npm", "distroless", "server.js", "npm ci --omit=dev", NODE_STOPPED,
               "136m", "68m", "0.7", 58, "hello from node", "/healthz")),
    _node(Case("node-build", "slim", "src/server.ts", PNPM_PROD_DEPS, NODE_STOPPED,
               "208m", "104m", "0.85", 62, "hello from typescript", "/health"), source_step="COPY . ."),
    _node(Case("node-build", "distroless", "src/server.ts", PNPM_PROD_DEPS, NODE_STOPPED,
               "176m", "88m", "0.9", 66, "hello from typescript", "/health"), source_step="COPY . ."),
    _node(Case("node-yarn-worker", "distroless", "worker.js", "yarn install --frozen-lockfile",
               "worker stopped", "88m", "44m", "0.42", 28)),
    _java(Case("java-maven-web", "slim", "src/main/java/com/example/web/App.java", "dependency:go-offline",
               "shutting down", "384m", "192m", "1.0", 96, "hello from java-maven-web", "/health")),
    _java(Case("java-maven-web", "distroless", "src/main/java/com/example/web/App.java",
               "dependency:go-offline", "shutting down", "320m", "160m", "0.95", 92,
               "hello from java-maven-web", "/health")),
)  # fmt: skip


@dataclass
class Deployment:
    """A case rendered, built and running: its project, host port and recorded figures."""

    case: Case
    project: harness.ComposeProject
    port: int | None
    figures: Figures

    def container(self) -> str:
        """Return the id of the case's container."""
        return self.project.container()

    def inspect(self) -> dict[str, Any]:
        """Return ``docker inspect`` of the container."""
        return harness.inspect(self.container())


def _render(case: Case, folder: Path, port: int | None) -> None:
    """Run the installed ``scaffold new`` console script on the app folder, as a user would."""
    argv = [
        *harness.scaffold_command(),
        "new", str(folder), "--defaults",
        *case.flags,
        "--app-name", case.project,
        "--runtime-base", case.runtime_base,
        "--memory", case.memory, "--memory-reservation", case.memory_reservation,
        "--cpus", case.cpus, "--pids", str(case.pids),
    ]  # fmt: skip
    if port is not None:
        argv += ["--port", str(port)]
    harness.run_command(argv, timeout=120)
    for name in ("Dockerfile", ".dockerignore", "compose.yaml", "README.Docker.md"):
        assert (folder / name).is_file(), f"scaffold new did not write {name}"


@pytest.fixture(scope="module", params=CASES, ids=lambda case: case.id)
def deployed(
    request: pytest.FixtureRequest, results: Results, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Deployment]:
    """Render a case, build it cold, start it with ``up -d --build --wait``; tear everything down after."""
    case: Case = request.param
    figures = results.case(case.id)
    folder = tmp_path_factory.mktemp(case.id) / case.app
    shutil.copytree(APPS / case.app, folder)
    port = harness.free_port() if case.web else None
    _render(case, folder, port)

    project = harness.ComposeProject(folder, case.project)
    try:
        # A leftover of an interrupted earlier run would make this one measure the wrong thing.
        project.down()
        # Cold: no layer and no cache mount from an earlier build (the baselines start the same way).
        harness.prune_build_cache()
        cold = project.build()
        figures.cold_build_s = round(cold.seconds, 1)
        figures.image_mb = round(harness.image_size(f"{case.project}:local") / 1e6, 1)

        # `up --wait` returns once the health check passed; meanwhile the web app is polled over
        # HTTP from the same start, to record when it first answered.
        with ThreadPoolExecutor(max_workers=1) as pool:
            up = pool.submit(project.up_wait)
            if port is not None:
                try:
                    _status, _body, first_answer = harness.wait_for_http(
                        f"http://127.0.0.1:{port}/",
                        timeout=harness.COMMAND_TIMEOUT,
                        give_up=lambda: up.done() and up.exception() is not None,
                    )
                except TimeoutError:
                    up.result()  # when `up` failed, its own error is the one worth reading
                    raise
                figures.http_ready_s = round(first_answer, 1)
            figures.healthy_s = round(up.result().seconds, 1)
        yield Deployment(case, project, port, figures)
    finally:
        project.down()


_STATUS_FIELDS = ("Name", "Uid", "Gid", "CapEff", "CapPrm", "CapBnd", "NoNewPrivs")


def _process_status(container: str) -> dict[str, dict[str, list[str]]]:
    """Read /proc/PID/status of every process in the container, from the host (any image, no shell).

    ``docker top`` lists the container's processes with their host pids; the host's /proc has the
    kernel's view of each, whatever the image holds (a static binary on scratch included).
    """
    lines = harness.docker("top", container, "-eo", "pid").stdout.splitlines()[1:]
    found: dict[str, dict[str, list[str]]] = {}
    for pid in (line.strip() for line in lines):
        try:
            text = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
        except OSError:
            continue  # the process ended between the listing and the read
        fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
        found[pid] = {key: fields.get(key, "").split() for key in _STATUS_FIELDS}
    return found


def test_runs_as_the_answered_uid_with_no_capabilities(deployed: Deployment) -> None:
    """Every process in the container, PID 1 included, is the answered uid with no capability at all."""
    state = deployed.inspect()
    assert state["Config"]["User"] == f"{UID}:{UID}"
    # The host's view: docker top lists the container's processes with their numeric uid.
    # (The engine needs a pid column to map ps output to the container.)
    top = harness.docker("top", deployed.container(), "-eo", "pid,uid,args").stdout.splitlines()[1:]
    assert top, "docker top shows no process"
    assert all(line.split()[1] == str(UID) for line in top), "\n".join(top)
    if deployed.case.runtime_base == "slim":
        assert harness.docker("exec", deployed.container(), "id", "-u").stdout.strip() == str(UID)
        assert harness.docker("exec", deployed.container(), "id", "-g").stdout.strip() == str(UID)
    # The kernel's view of every process, PID 1 (the init) included.
    procs = _process_status(deployed.container())
    assert len(procs) >= 2, procs  # the init and the app
    for pid, status in procs.items():
        assert set(status["Uid"]) == {str(UID)}, (pid, status)
        assert set(status["Gid"]) == {str(UID)}, (pid, status)
        assert int(status["CapEff"][0], 16) == 0, (pid, status)
        assert int(status["CapPrm"][0], 16) == 0, (pid, status)
        assert int(status["CapBnd"][0], 16) == 0, (pid, status)
        assert status["NoNewPrivs"] == ["1"], (pid, status)


def test_is_healthy(deployed: Deployment) -> None:
    """``up --wait`` returned, and the engine's own health record says healthy."""
    health = deployed.inspect()["State"]["Health"]
    assert health["Status"] == "healthy", health
    assert health["Log"][-1]["ExitCode"] == 0, health["Log"][-1]


def test_limits_are_exactly_the_answered_ones(deployed: Deployment) -> None:
    """Memory, CPU and process limits reach the kernel exactly as answered."""
    case = deployed.case
    host = deployed.inspect()["HostConfig"]
    assert host["Memory"] == _mib(case.memory)
    assert host["MemoryReservation"] == _mib(case.memory_reservation)
    assert host["NanoCpus"] == round(float(case.cpus) * 1e9)
    assert host["PidsLimit"] == case.pids


def test_hardening_flags(deployed: Deployment) -> None:
    """Read-only root, no capabilities, no-new-privileges, an init process, a /tmp tmpfs, bounded logs."""
    host = deployed.inspect()["HostConfig"]
    assert host["ReadonlyRootfs"] is True
    assert host["CapDrop"] == ["ALL"]
    assert not host["CapAdd"]
    assert host["Privileged"] is False
    assert host["SecurityOpt"] == ["no-new-privileges:true"]
    assert host["Init"] is True
    assert [(mount["Type"], mount["Target"]) for mount in host["Mounts"]] == [("tmpfs", "/tmp")]
    # deploy.restart_policy, which Compose turns into the container's: CIS Docker Benchmark 5.15.
    assert host["RestartPolicy"] == {"Name": "on-failure", "MaximumRetryCount": 5}
    assert host["LogConfig"] == {"Type": "json-file", "Config": {"max-file": "3", "max-size": "10m"}}
    if deployed.case.runtime_base in {"distroless", "scratch"}:
        # The distroless and scratch runtimes have no shell for an attacker (or a shell-form command) to use.
        shell = harness.docker("exec", deployed.container(), "sh", "-c", "true", check=False)
        assert shell.returncode != 0, shell.describe()


def test_root_filesystem_is_read_only_from_inside(deployed: Deployment, tmp_path: Path) -> None:
    """The app user owns /app, so only the read-only root stops it writing there; /tmp stays writable."""
    if deployed.case.writer is not None:
        app_result, tmp_result = harness.docker(
            "exec", deployed.container(), *deployed.case.writer
        ).stdout.split()
        assert app_result == errno.errorcode[errno.EROFS]
        assert tmp_result == "written"
    # From outside too: the engine itself refuses to copy a file into the read-only root.
    probe = tmp_path / ".engine-probe"
    probe.write_text("x", encoding="utf-8")
    copied = harness.docker("cp", str(probe), f"{deployed.container()}:/app/", check=False)
    assert copied.returncode != 0, copied.describe()
    assert "read-only" in copied.output, copied.describe()


def test_ports_are_bound_to_loopback_only(deployed: Deployment) -> None:
    """A web app is published on 127.0.0.1 only; a worker publishes nothing."""
    state = deployed.inspect()
    bindings = state["HostConfig"]["PortBindings"] or {}
    published = {key: value for key, value in (state["NetworkSettings"]["Ports"] or {}).items() if value}
    if deployed.port is None:
        assert bindings == {}
        assert published == {}
        return
    expected = {f"{deployed.port}/tcp": [{"HostIp": "127.0.0.1", "HostPort": str(deployed.port)}]}
    assert bindings == expected
    assert published == expected


def test_app_does_its_work(deployed: Deployment) -> None:
    """A web app answers over HTTP on 127.0.0.1 (and on its health path); a worker processes jobs."""
    case = deployed.case
    if deployed.port is None:
        logs = deployed.project.logs()
        assert "processed 1 jobs" in logs, logs
        return
    status, body, _ = harness.wait_for_http(f"http://127.0.0.1:{deployed.port}/", timeout=30)
    assert status == 200
    assert case.index_text is not None
    assert case.index_text in body
    if case.health_path:
        health_url = f"http://127.0.0.1:{deployed.port}{case.health_path}"
        status, body, _ = harness.wait_for_http(health_url, timeout=30)
        assert status == 200, body


def test_stop_rebuild_and_down(deployed: Deployment) -> None:
    """Stop is prompt and graceful; a code-only change reuses the dependency layer; down leaves nothing.

    Must stay the last test of this file: it stops and removes the deployment the others inspect.
    """
    case, project, figures = deployed.case, deployed.project, deployed.figures
    container = deployed.container()

    # Stop: well under the 10 s grace period means the stop signal reached the app through the init
    # process, and the app's own shutdown message proves it exited by itself, not by SIGKILL.
    stop = project.compose("stop")
    figures.stop_s = round(stop.seconds, 2)
    state = harness.inspect(container)["State"]
    figures.stop_exit_code = int(state["ExitCode"])
    assert state["Running"] is False
    assert stop.seconds < MAX_STOP_SECONDS, f"docker compose stop took {stop.seconds:.1f}s"
    logs = harness.docker("logs", container).output
    assert case.stopped_line in logs, logs[-2000:]
    assert state["ExitCode"] in case.exit_codes, state

    # Rebuild after a change to application source only.
    source = project.directory / case.source
    change = f"{case.comment} {CODE_CHANGE}\n"
    source.write_text(source.read_text(encoding="utf-8") + change, encoding="utf-8")
    image_before = project.image_id()
    rebuild = project.build()
    figures.rebuild_s = round(rebuild.seconds, 1)
    steps = harness.build_steps(rebuild.output)
    deps = harness.find_step(steps, case.deps_step)
    figures.deps_cached_on_rebuild = deps.cached
    assert deps.cached, f"the dependency step was rebuilt:\n{rebuild.describe()}"
    copy = harness.find_step(steps, case.source_step)
    assert not copy.cached and copy.done, f"the source step was not rebuilt:\n{rebuild.describe()}"
    # ... and the new image really holds the change.
    assert project.image_id() != image_before
    if case.source_in_image:
        assert CODE_CHANGE in harness.file_in_image(f"{case.project}:local", f"/app/{case.source}")

    # Down: no container, network or image of the project is left.
    down = project.down()
    assert down.returncode == 0, down.describe()
    assert project.container_ids() == []
    networks = harness.docker(
        "network", "ls", "--quiet", "--filter", f"label=com.docker.compose.project={case.project}"
    ).stdout.split()
    assert networks == []
    assert harness.docker("image", "inspect", f"{case.project}:local", check=False).returncode != 0
