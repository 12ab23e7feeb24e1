"""The engine tier on a Swarm: ``docker stack deploy`` runs the generated compose.yaml unchanged.

A small standard-library web app is rendered with the installed ``scaffold`` console script and built
once. ``docker compose up --wait`` runs it first (the same file still serves Compose), then the module
starts a single-node swarm (``docker swarm init --advertise-addr 127.0.0.1``), deploys the file as a stack
and checks what Swarm applies: ``docker service inspect`` and the task's ``/proc``. A rolling update to a
new image tag must complete while a container on the stack's overlay network sends requests and sees
none fail, and an update to an image whose health check fails must be rolled back by Swarm itself.

Swarm's ingress routing mesh and a service's virtual IP need IPVS, which some machines lack (this one
does), so the requests go to the tasks' own addresses (``tasks.<service>`` in Swarm's DNS, which lists a
task only once it is healthy). Every name carries a random suffix, so a run never meets another's
stack; the teardown removes the stack, its images and the swarm (only a swarm it started: on an engine
already in one, the stack is deployed there and the swarm is left alone). Waits poll for their condition
with a deadline. The tests run in file order on one deployment; the last two update it.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest

from . import harness
from .test_engine import PYTHON_VERSION, WRITE_PROBE

pytestmark = pytest.mark.engine

T = TypeVar("T")

#: The docker client ``docker stack deploy`` runs with: 23 or later, because the 20.10 client refuses a
#: compose file without ``version:`` (and scaffold writes none). Debian's 20.10 client (harness.DOCKER)
#: does everything else, as in the rest of the tier.
STACK_DOCKER = os.environ.get("SCAFFOLD_STACK_DOCKER") or shutil.which("docker") or "docker"
STACK_CLIENT_MIN_MAJOR = 23
#: scaffold's default uid, which the render keeps.
UID = 10001
#: The limits the render answers: distinct from the defaults, so a default that leaked would show.
MEMORY, MEMORY_RESERVATION, CPUS, CPUS_RESERVATION, PIDS = "160m", "80m", "0.6", "0.3", 48
#: The monitor window scaffold computes (generator.spec.computed.UPDATE_MONITOR), in nanoseconds.
MONITOR_NS = 24 * 10**9
#: The longest a task may take to become healthy: the 30 s start period, then three failed probes.
HEALTHY_TIMEOUT = 90.0
#: The longest an update may take, a rollback included: a new task healthy or failed (up to 40 s), the old
#: one stopped, the 24 s monitor window, and as much again to roll back.
UPDATE_TIMEOUT = 240.0
#: The longest the client may run: a bound, should the teardown never come.
CLIENT_SECONDS = 900
#: How often a wait looks again; each wait is bounded by its own deadline.
POLL_SECONDS = 0.5

APP = '''"""A standard-library web app: GET / answers its version."""

import signal
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

VERSION = "{version}"
PORT = {port}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        body = VERSION.encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def stop(signum, frame):
    sys.exit(0)


signal.signal(signal.SIGINT, stop)
signal.signal(signal.SIGTERM, stop)
ThreadingHTTPServer(("0.0.0.0", PORT), Handler).serve_forever()
'''

#: The request loop, run in a container on the stack's overlay network: each request goes to one of the
#: service's healthy tasks, looked up again every time; it prints its tally twice a second and every
#: failure at once. Arguments: the service's name on the network, the port, the seconds to run.
CLIENT = """
import socket, sys, time, urllib.request
host, port, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
requests = failures = 0
seen = []
end = time.monotonic() + seconds
shown = 0.0
while time.monotonic() < end:
    try:
        address = socket.gethostbyname("tasks." + host)
        with urllib.request.urlopen(f"http://{address}:{port}/", timeout=5) as response:
            body = response.read().decode()
        if body not in seen:
            seen.append(body)
    except Exception as exc:
        failures += 1
        print("failure:", repr(exc), flush=True)
    requests += 1
    if time.monotonic() - shown >= 0.5:
        print(f"requests={requests} failures={failures} seen={','.join(seen)}", flush=True)
        shown = time.monotonic()
    time.sleep(0.02)
print(f"requests={requests} failures={failures} seen={','.join(seen)}", flush=True)
"""

_TALLY = re.compile(r"^requests=(\d+) failures=(\d+) seen=(\S*)$", re.MULTILINE)


@dataclass(frozen=True)
class Tally:
    """What the request loop has seen so far."""

    requests: int
    failures: int
    versions: tuple[str, ...]
    log: str


@dataclass
class Built:
    """The rendered app folder, its name (also the stack's) and port, and the images built of it."""

    folder: Path
    name: str
    port: int
    images: list[str]

    def build(self, tag: str, *, version: str, port: int) -> str:
        """Write the app's source for ``version`` listening on ``port``, build it as ``name:tag``."""
        (self.folder / "app.py").write_text(APP.format(version=version, port=port), encoding="utf-8")
        image = f"{self.name}:{tag}"
        harness.docker("build", "--tag", image, str(self.folder), timeout=harness.BUILD_TIMEOUT)
        self.images.append(image)
        return image


@dataclass(frozen=True)
class Stack:
    """The deployed stack: its service, the deploy's output, and the request loop's service."""

    built: Built
    service: str
    deploy: harness.Run
    client: str

    def spec(self) -> dict[str, Any]:
        """Return the service's current spec (``docker service inspect``)."""
        return dict(harness.inspect(self.service, kind="service")["Spec"])

    def task_container(self) -> str:
        """Return the id of the service's one healthy task container."""
        return _one_container(self.service, healthy=True)

    def tally(self) -> Tally:
        """Return the request loop's latest tally, read from its container's log."""
        log = harness.docker("logs", _one_container(self.client)).output
        found = _TALLY.findall(log)
        if not found:
            return Tally(0, 0, (), log)
        requests, failures, seen = found[-1]
        return Tally(int(requests), int(failures), tuple(filter(None, seen.split(","))), log)

    def update_status(self) -> dict[str, Any]:
        """Return the service's latest update status: its ``State`` (``completed``...) and ``Message``."""
        return dict(harness.inspect(self.service, kind="service").get("UpdateStatus") or {})

    def update(self, image: str) -> str:
        """Update the service to ``image`` and return the state the update ends in.

        The status of an earlier update can linger for a moment after the call, so only a status that
        started after the one read before the call counts.
        """
        earlier = self.update_status().get("StartedAt")
        harness.docker("service", "update", "--detach", "--no-resolve-image", "--image", image, self.service)

        def ended() -> str | None:
            status = self.update_status()
            state = str(status.get("State", ""))
            if status.get("StartedAt") == earlier or state in {"", "updating", "rollback_started"}:
                return None
            return state

        return _wait(f"the update of {self.service} to {image} to end", ended, timeout=UPDATE_TIMEOUT)

    def tally_beyond(self, requests: int) -> Tally | None:
        """Return the request loop's tally once it has sent more than ``requests`` requests."""
        found = self.tally()
        return found if found.requests > requests else None


def _wait(what: str, check: Callable[[], T | None], *, timeout: float) -> T:
    """Call ``check`` until it returns something truthy and return that; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(POLL_SECONDS)


def _containers(service: str, *, healthy: bool = False) -> list[str]:
    """Return the ids of the running containers of a service's tasks (healthy ones only if asked)."""
    args = ["ps", "--quiet", "--no-trunc", "--filter", f"label=com.docker.swarm.service.name={service}"]
    if healthy:
        args += ["--filter", "health=healthy"]
    return harness.docker(*args).stdout.split()


def _one_container(service: str, *, healthy: bool = False) -> str:
    found = _containers(service, healthy=healthy)
    if len(found) != 1:
        raise LookupError(f"service {service} has {len(found)} running containers, expected 1: {found}")
    return found[0]


def _stack_client_problem() -> str | None:
    """Return why STACK_DOCKER cannot deploy the file, or ``None`` when it can."""
    version = harness.run_command(
        [STACK_DOCKER, "version", "--format", "{{.Client.Version}}"], timeout=30, check=False
    )
    major = re.match(r"(\d+)\.", version.stdout.strip())
    if version.returncode != 0 or not major or int(major.group(1)) < STACK_CLIENT_MIN_MAJOR:
        return (
            f"{STACK_DOCKER} is not docker CLI {STACK_CLIENT_MIN_MAJOR}+ (found {version.stdout.strip()!r}); "
            "set SCAFFOLD_STACK_DOCKER"
        )
    return None


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"the Swarm tests cannot run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def built(engine: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    """Render the app with ``scaffold new`` and build it as ``<name>:local``; remove its images after."""
    problem = _stack_client_problem()
    if problem:
        _skip_or_fail(problem)
    name = f"scaffold-swarm-{secrets.token_hex(3)}"
    folder = tmp_path_factory.mktemp("swarm") / "web"
    folder.mkdir()
    port = harness.free_port()
    (folder / "app.py").write_text(APP.format(version="v1", port=port), encoding="utf-8")
    (folder / "requirements.txt").write_text("", encoding="utf-8")
    harness.run_command(
        [*harness.scaffold_command(), "new", str(folder), "--defaults", "--python-version", PYTHON_VERSION,
         "--app-name", name, "--app-kind", "web", "--port", str(port), "--entrypoint", "app.py",
         "--memory", MEMORY, "--memory-reservation", MEMORY_RESERVATION, "--cpus", CPUS,
         "--cpus-reservation", CPUS_RESERVATION, "--pids", str(PIDS)],
        timeout=120,
    )  # fmt: skip
    found = Built(folder, name, port, [])
    try:
        found.build("local", version="v1", port=port)
        yield found
    finally:
        for image in found.images:
            harness.docker("image", "rm", "--force", image, check=False)


@pytest.fixture(scope="module")
def swarm(engine: str) -> Iterator[None]:
    """A single-node swarm: started here and left in the teardown, unless the engine was in one already."""
    state = harness.docker("info", "--format", "{{.Swarm.LocalNodeState}}").stdout.strip()
    if state not in {"inactive", "active"}:
        _skip_or_fail(f"the engine's swarm state is {state!r}")
    started = state == "inactive"
    if started:
        harness.docker("swarm", "init", "--advertise-addr", "127.0.0.1")
    try:
        yield
    finally:
        if started:
            harness.docker("swarm", "leave", "--force", check=False)


@pytest.fixture(scope="module")
def stack(built: Built, swarm: None) -> Iterator[Stack]:
    """Deploy compose.yaml as it was generated, wait until its task is healthy, start the request loop."""
    name = built.name
    service, client = f"{name}_{name}", f"{name}-client"
    compose_text = (built.folder / "compose.yaml").read_text(encoding="utf-8")
    try:
        deploy = harness.run_command(
            [STACK_DOCKER, "stack", "deploy", "--compose-file", "compose.yaml", name], cwd=built.folder
        )
        assert (built.folder / "compose.yaml").read_text(encoding="utf-8") == compose_text
        _wait(
            f"a healthy task of {service}",
            lambda: _containers(service, healthy=True),
            timeout=HEALTHY_TIMEOUT,
        )
        harness.docker(
            "service", "create", "--detach", "--name", client, "--network", f"{name}_default",
            "--restart-condition", "none", "--no-healthcheck", f"{name}:local",
            "python", "-c", CLIENT, name, str(built.port), str(CLIENT_SECONDS),
        )  # fmt: skip
        found = Stack(built, service, deploy, client)
        _wait(
            "the request loop's first answers",
            lambda: _containers(client) and found.tally().requests,
            timeout=60,
        )
        yield found
    finally:
        harness.docker("service", "rm", client, check=False)
        harness.run_command([STACK_DOCKER, "stack", "rm", name], check=False)
        _wait(
            f"the containers of stack {name} to go",
            lambda: (
                not harness.docker(
                    "ps", "--all", "--quiet", "--filter", f"label=com.docker.stack.namespace={name}"
                ).stdout.split()
                and not _containers(client)
            ),
            timeout=120,
        )


def test_compose_up_still_runs_the_file(built: Built) -> None:
    """``docker compose up --wait`` runs the same file: healthy, on loopback, on-failure:5, /tmp a tmpfs."""
    project = harness.ComposeProject(built.folder, built.name)
    try:
        project.compose("up", "--detach", "--wait", "--wait-timeout", "120", timeout=180)
        host = harness.inspect(project.container())
        assert host["State"]["Health"]["Status"] == "healthy"
        assert host["HostConfig"]["RestartPolicy"] == {"Name": "on-failure", "MaximumRetryCount": 5}
        assert [(m["Type"], m["Target"]) for m in host["HostConfig"]["Mounts"]] == [("tmpfs", "/tmp")]
        assert host["HostConfig"]["PortBindings"] == {
            f"{built.port}/tcp": [{"HostIp": "127.0.0.1", "HostPort": str(built.port)}]
        }
        assert host["HostConfig"]["SecurityOpt"] == ["no-new-privileges:true"]
        assert host["HostConfig"]["MemoryReservation"] == _mib(MEMORY_RESERVATION)
        status, body, _ = harness.wait_for_http(f"http://127.0.0.1:{built.port}/", timeout=30)
        assert (status, body) == (200, "v1")
    finally:
        project.compose("down", "--timeout", "10", check=False)


def test_deploy_takes_the_file_and_names_what_it_drops(stack: Stack) -> None:
    """The deploy succeeds, drops only ``build`` and ``security_opt``, and says the host address goes."""
    output = stack.deploy.output
    ignored = re.search(r"Ignoring unsupported options: (.*)", output)
    assert ignored, output
    assert {option.strip() for option in ignored.group(1).split(",")} == {"build", "security_opt"}
    assert f"ignoring IP-address (127.0.0.1:{stack.built.port}:{stack.built.port}/tcp)" in output, output


def test_converges_and_the_task_is_healthy(stack: Stack) -> None:
    """One replica runs, and its container's own health record says healthy."""
    replicas = harness.docker(
        "service", "ls", "--filter", f"name={stack.service}", "--format", "{{.Replicas}}"
    )
    assert replicas.stdout.split() == ["1/1"]
    health = harness.inspect(stack.task_container())["State"]["Health"]
    assert health["Status"] == "healthy", health


def _mib(value: str) -> int:
    assert value.endswith("m"), value
    return int(value[:-1]) * 1024 * 1024


def test_service_inspect_shows_the_hardening(stack: Stack) -> None:
    """The service spec holds the user, the limits, the read-only root, no capabilities and the rest."""
    spec = stack.spec()
    container = spec["TaskTemplate"]["ContainerSpec"]
    assert container["User"] == f"{UID}:{UID}"
    assert container["ReadOnly"] is True
    assert container["CapabilityDrop"] == ["ALL"]
    assert not container.get("CapabilityAdd")
    assert container["Init"] is True
    assert container["StopGracePeriod"] == 10 * 10**9
    assert container["Mounts"] == [{"Type": "tmpfs", "Target": "/tmp"}]
    assert container["Healthcheck"] == {
        "Interval": 3 * 10**9, "Timeout": 5 * 10**9, "StartPeriod": 30 * 10**9, "Retries": 3
    }  # fmt: skip
    resources = spec["TaskTemplate"]["Resources"]
    assert resources["Limits"] == {
        "NanoCPUs": round(float(CPUS) * 1e9), "MemoryBytes": _mib(MEMORY), "Pids": PIDS
    }  # fmt: skip
    assert resources["Reservations"] == {
        "NanoCPUs": round(float(CPUS_RESERVATION) * 1e9), "MemoryBytes": _mib(MEMORY_RESERVATION)
    }  # fmt: skip
    assert spec["TaskTemplate"]["RestartPolicy"] == {
        "Condition": "on-failure",
        "Delay": 5 * 10**9,
        "MaxAttempts": 5,
    }
    assert spec["TaskTemplate"]["LogDriver"] == {
        "Name": "json-file",
        "Options": {"max-file": "3", "max-size": "10m"},
    }
    assert spec["Mode"] == {"Replicated": {"Replicas": 1}}
    for key, failure_action in (("UpdateConfig", "rollback"), ("RollbackConfig", "pause")):
        assert spec[key] == {
            "Parallelism": 1, "FailureAction": failure_action, "Monitor": MONITOR_NS,
            "MaxFailureRatio": 0, "Order": "start-first",
        }, key  # fmt: skip
    # Dropped: the host address (the routing mesh publishes on every address) and no-new-privileges.
    assert spec["EndpointSpec"]["Ports"] == [
        {"Protocol": "tcp", "TargetPort": stack.built.port, "PublishedPort": stack.built.port,
         "PublishMode": "ingress"}
    ]  # fmt: skip
    assert not (container.get("Privileges") or {}).get("NoNewPrivileges")


_STATUS_FIELDS = ("Uid", "Gid", "CapEff", "CapPrm", "CapBnd", "NoNewPrivs", "Seccomp")


def test_the_task_runs_as_the_spec_says(stack: Stack) -> None:
    """From the kernel's side: the uid, no capabilities, seccomp, no no_new_privs, a read-only root."""
    task = stack.task_container()
    pids = [line.strip() for line in harness.docker("top", task, "-eo", "pid").stdout.splitlines()[1:]]
    assert len(pids) >= 2, pids  # the init and the app
    for pid in pids:
        text = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
        fields = {k: v.split() for k, v in (line.split(":", 1) for line in text.splitlines() if ":" in line)}
        status = {key: fields.get(key, []) for key in _STATUS_FIELDS}
        assert set(status["Uid"]) == {str(UID)} and set(status["Gid"]) == {str(UID)}, (pid, status)
        assert int(status["CapEff"][0], 16) == 0 and int(status["CapBnd"][0], 16) == 0, (pid, status)
        assert status["Seccomp"] == ["2"], (pid, status)
        # Swarm drops security_opt: the flag no-new-privileges would set is off.
        assert status["NoNewPrivs"] == ["0"], (pid, status)
    host = harness.inspect(task)["HostConfig"]
    assert host["ReadonlyRootfs"] is True
    # A reservation only places the task: the container gets no soft limit.
    assert host["MemoryReservation"] == 0
    assert host["Memory"] == _mib(MEMORY) and host["PidsLimit"] == PIDS
    assert host["LogConfig"] == {"Type": "json-file", "Config": {"max-file": "3", "max-size": "10m"}}
    app, tmp = harness.docker("exec", task, "python", "-c", WRITE_PROBE).stdout.split()
    assert (app, tmp) == ("EROFS", "written")


def test_rolling_update_loses_no_request(stack: Stack) -> None:
    """An update to a new image tag completes while the request loop sees every request answered."""
    before = stack.tally()
    assert before.versions == ("v1",), before.log[-2000:]
    image = stack.built.build("v2", version="v2", port=stack.built.port)
    assert stack.update(image) == "completed", stack.update_status()
    # Keep sending a moment after the old task is gone: the old task must have left cleanly.
    done = stack.tally()
    after = _wait(
        "more requests after the update", lambda: stack.tally_beyond(done.requests + 50), timeout=60
    )
    assert after.failures == 0, after.log[-3000:]
    assert after.versions == ("v1", "v2"), after.log[-2000:]
    running = harness.docker(
        "service", "ps", "--filter", "desired-state=running", "--format", "{{.Image}}", stack.service
    ).stdout.split()
    assert running == [image]


def test_update_to_an_unhealthy_image_rolls_back(stack: Stack) -> None:
    """An image whose health check fails is rolled back by Swarm; the loop still sees no failure."""
    good = stack.spec()["TaskTemplate"]["ContainerSpec"]["Image"]
    # The same app on another port: it runs, but the health check's TCP connect finds nothing.
    bad = stack.built.build("v3", version="v3", port=stack.built.port + 1)
    assert stack.update(bad) == "rollback_completed", stack.update_status()
    assert stack.spec()["TaskTemplate"]["ContainerSpec"]["Image"] == good
    tasks = [
        json.loads(line)
        for line in harness.docker(
            "service", "ps", "--no-trunc", "--format", "{{json .}}", stack.service
        ).stdout.splitlines()
    ]
    failed = [task for task in tasks if task["Image"] == bad]
    assert failed and all(task["DesiredState"] == "Shutdown" for task in failed), tasks
    containers = [
        json.loads(
            harness.docker("inspect", "--type", "task", "--format", "{{json .Status}}", task["ID"]).stdout
        )
        .get("ContainerStatus", {})
        .get("ContainerID")
        for task in failed
    ]
    healths = [
        harness.inspect(container)["State"].get("Health") or {} for container in containers if container
    ]
    # The bad image's health check marked its task unhealthy, which is what rolled it back; no probe of
    # any of its tasks ever passed.
    assert any(h.get("Status") == "unhealthy" and h.get("FailingStreak", 0) >= 3 for h in healths), healths
    assert all(probe["ExitCode"] != 0 for h in healths for probe in h.get("Log", [])), healths
    assert harness.inspect(stack.task_container())["Config"]["Image"] == good
    after = stack.tally()
    assert after.failures == 0, after.log[-3000:]
    assert "v3" not in after.versions
