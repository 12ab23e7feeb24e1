"""The Kubernetes base under a real cluster: applied, rolled out, and each pod as the manifests promise.

Runs only against the cluster ``KUBECONFIG`` names (docs/testing.md starts one with kind or k3d), with the
Docker engine to build the image and a way to hand the image to the cluster: ``kind load`` or
``k3d image import``, picked from the current context's name, or the command in ``SCAFFOLD_K8S_LOAD``
(``{image}`` stands for the image). Without those it skips with the reason, in CI too: no cluster is part
of CI, so there is nothing it could fail on.

Each case renders a reference app with ``--kubernetes``, builds its image, and applies the base through
README.Docker.md's overlay for a local cluster, with a ``namespace:`` of its own: kustomize renames the
base's namespace, restricted Pod Security labels included, so the API server itself refuses a pod that
breaks the profile. The namespace, and the image, are deleted at the end.
"""

from __future__ import annotations

import json
import os
import secrets
import shlex
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from . import harness

pytestmark = pytest.mark.engine

APPS = Path(__file__).resolve().parent.parent / "apps"
UID = 10001
ROLLOUT_TIMEOUT = 240
#: What /proc/self/status says of a process in the pod: ``<Uid line> <CapEff> <NoNewPrivs> <Seccomp>``.
STATUS_PROBE = (
    "lines = open('/proc/self/status').read().splitlines();"
    " status = dict(line.split(':\\t', 1) for line in lines if ':\\t' in line);"
    " print(status['Uid'].split()[0], status['CapEff'], status['NoNewPrivs'], status['Seccomp'])"
)
#: How writing /app and /tmp went: ``EROFS written`` under a read-only root with a writable /tmp.
WRITE_PROBE = (
    "import errno\n"
    "def attempt(path):\n"
    "    try:\n"
    "        open(path, 'w').write('x')\n"
    "    except OSError as e:\n"
    "        return errno.errorcode[e.errno]\n"
    "    return 'written'\n"
    "print(attempt('/app/.probe'), attempt('/tmp/.probe'))\n"
)


@dataclass(frozen=True)
class Case:
    """A reference app rendered with ``--kubernetes``."""

    app: str
    flags: tuple[str, ...]

    @property
    def name(self) -> str:
        """The app name: the image, the Deployment and (before the overlay renames it) the namespace."""
        return f"scaffold-k8s-{self.app}"


CASES = (
    # A web app with an HTTP health path: httpGet probes, a Service, two replicas.
    Case("flask-pip", ("--python-version", "3.11", "--health-path", "/health")),
    # A worker whose image stops on SIGINT: the image's own probe command as exec probes.
    Case("worker-pip", ("--python-version", "3.11", "--app-kind", "worker", "--entrypoint", "main.py")),
)


def kubectl(*args: str, timeout: float = harness.COMMAND_TIMEOUT, check: bool = True) -> harness.Run:
    """Run ``kubectl ARGS...`` against the cluster KUBECONFIG names."""
    return harness.run_command(["kubectl", *args], timeout=timeout, check=check, env=dict(os.environ))


def _load_command() -> list[str] | None:
    """The command that hands a local image to the cluster, with ``{image}`` in it; None if unknown."""
    given = os.environ.get("SCAFFOLD_K8S_LOAD")
    if given:
        return shlex.split(given)
    context = kubectl("config", "current-context").stdout.strip()
    if context.startswith("kind-"):
        return ["kind", "load", "docker-image", "{image}", "--name", context.removeprefix("kind-")]
    if context.startswith("k3d-"):
        return ["k3d", "image", "import", "{image}", "--cluster", context.removeprefix("k3d-")]
    return None


@pytest.fixture(scope="session")
def cluster() -> list[str]:
    """The cluster KUBECONFIG names, answering; return the command that loads an image into it."""
    if not os.environ.get("KUBECONFIG"):
        pytest.skip("KUBECONFIG is not set: no cluster to apply the Kubernetes base to (docs/testing.md)")
    if shutil.which("kubectl") is None:
        pytest.skip("kubectl is not installed (scripts/install-tools.sh installs one)")
    reached = kubectl("version", "--output", "json", check=False)
    if reached.returncode != 0:
        pytest.skip(f"the cluster in KUBECONFIG does not answer:\n{reached.describe(400)}")
    load = _load_command()
    if load is None or shutil.which(load[0]) is None:
        pytest.skip("no way to load a local image into this cluster: set SCAFFOLD_K8S_LOAD (docs/testing.md)")
    return load


@dataclass(frozen=True)
class Deployed:
    """One case applied into a namespace of its own."""

    case: Case
    namespace: str
    project: Path

    def pods(self) -> list[dict[str, Any]]:
        """The Deployment's pods, as the API server has them."""
        found = kubectl("-n", self.namespace, "get", "pods", "-l", f"app.kubernetes.io/name={self.case.name}",
                        "-o", "json")  # fmt: skip
        items: list[dict[str, Any]] = json.loads(found.stdout)["items"]
        return items

    def exec_python(self, pod: str, program: str) -> str:
        """Run ``python -c PROGRAM`` in the app's container of ``pod``; return what it printed."""
        return kubectl("-n", self.namespace, "exec", pod, "--", "python", "-c", program).stdout.strip()


def _overlay(project: Path, case: Case, namespace: str) -> Path:
    """README.Docker.md's overlay for a local cluster, with the case's own namespace."""
    readme = (project / "README.Docker.md").read_text(encoding="utf-8")
    start = readme.index("cat >k8s-local/kustomization.yaml <<'EOF'\n")
    body = readme[start:].split("\n", 1)[1].split("\nEOF\n", 1)[0]
    overlay = project / "k8s-local"
    overlay.mkdir()
    (overlay / "kustomization.yaml").write_text(f"{body}\nnamespace: {namespace}\n", encoding="utf-8")
    return overlay


@pytest.fixture(scope="module", params=CASES, ids=lambda case: case.app)
def deployed(
    request: pytest.FixtureRequest, cluster: list[str], engine: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Deployed]:
    """Render, build, load and apply one case; delete its namespace and image afterwards."""
    case: Case = request.param
    project = tmp_path_factory.mktemp("k8s") / case.app
    shutil.copytree(APPS / case.app, project)
    harness.run_command(
        [*harness.scaffold_command(), "new", str(project), "--defaults", "--kubernetes",
         "--app-name", case.name, *case.flags],
        timeout=120,
    )  # fmt: skip
    compose = harness.ComposeProject(project, case.name)
    namespace = f"{case.name}-{secrets.token_hex(3)}"
    try:
        compose.build()
        image = f"{case.name}:local"
        harness.run_command(
            [part.replace("{image}", image) for part in cluster], timeout=harness.BUILD_TIMEOUT
        )
        kubectl("apply", "-k", str(_overlay(project, case, namespace)))
        rollout = ("rollout", "status", f"deployment/{case.name}", f"--timeout={ROLLOUT_TIMEOUT}s")
        kubectl("-n", namespace, *rollout, timeout=ROLLOUT_TIMEOUT + 30)
        yield Deployed(case, namespace, project)
    finally:
        kubectl("delete", "namespace", namespace, "--ignore-not-found", "--wait=true", "--timeout=180s",
                timeout=240, check=False)  # fmt: skip
        compose.down()


def test_every_pod_is_ready_and_never_restarted(deployed: Deployed) -> None:
    pods = deployed.pods()
    assert len(pods) == (2 if deployed.case.app != "worker-pip" else 1)
    for pod in pods:
        conditions = {condition["type"]: condition["status"] for condition in pod["status"]["conditions"]}
        assert conditions["Ready"] == "True", pod["status"]
        (status,) = pod["status"]["containerStatuses"]
        assert status["ready"] is True and status["restartCount"] == 0, status


def test_the_namespace_enforces_the_restricted_profile(deployed: Deployed) -> None:
    namespace = json.loads(kubectl("get", "namespace", deployed.namespace, "-o", "json").stdout)
    assert namespace["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"
    # A privileged pod is refused there by the API server itself.
    image = f"{deployed.case.name}:local"
    privileged = {"name": "privileged", "image": image, "securityContext": {"privileged": True}}
    refused = kubectl(
        "-n", deployed.namespace, "run", "privileged", "--image", image,
        "--image-pull-policy", "IfNotPresent", "--restart", "Never",
        "--overrides", json.dumps({"spec": {"containers": [privileged]}}),
        check=False,
    )  # fmt: skip
    assert refused.returncode != 0 and "violates PodSecurity" in refused.output, refused.describe()


def test_the_pod_spec_is_the_manifests(deployed: Deployed) -> None:
    for pod in deployed.pods():
        spec = pod["spec"]
        assert spec["securityContext"]["runAsUser"] == UID and spec["securityContext"]["runAsNonRoot"] is True
        assert spec["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
        assert spec["automountServiceAccountToken"] is False and spec["shareProcessNamespace"] is True
        (container,) = spec["containers"]
        assert container["securityContext"]["readOnlyRootFilesystem"] is True
        assert container["securityContext"]["capabilities"] == {"drop": ["ALL"]}
        assert not any(
            mount["mountPath"].startswith("/var/run/secrets") for mount in container["volumeMounts"]
        )


def test_the_process_has_the_uid_no_capabilities_and_a_read_only_root(deployed: Deployed) -> None:
    for pod in deployed.pods():
        name = pod["metadata"]["name"]
        # Uid, effective capabilities, no_new_privs, seccomp mode 2 (a filter).
        assert deployed.exec_python(name, STATUS_PROBE) == f"{UID} 0000000000000000 1 2"
        assert deployed.exec_python(name, WRITE_PROBE) == "EROFS written"
