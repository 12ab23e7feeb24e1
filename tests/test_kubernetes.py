"""The Kubernetes manifests (``kubernetes: true``): what each one promises, read back from the rendered YAML.

Every value that compose.yaml or the Dockerfile also states (the uid, the limits and reservations, the
probe and its timings, the stop grace period, the port) is checked against what those files say, so the
three cannot drift apart. The lint tier (tests/lint/test_kubernetes.py) renders the base with kustomize
and runs kubernetes-validate, checkov and trivy on it; the engine tier applies it to a real cluster.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from generator.errors import InvalidAnswerError
from generator.spec.computed import kubernetes_cpu, kubernetes_memory
from generator.spec.model import Spec
from generator.templating.render import render_files

from . import yaml_text
from .variants import MATRIX

K8S_VARIANTS = sorted(name for name, spec in MATRIX.items() if spec.kubernetes)
#: The manifests every Kubernetes variant has, and the one only a web app has.
MANIFESTS = {
    "k8s/namespace.yaml": "Namespace",
    "k8s/serviceaccount.yaml": "ServiceAccount",
    "k8s/deployment.yaml": "Deployment",
    "k8s/poddisruptionbudget.yaml": "PodDisruptionBudget",
    "k8s/networkpolicy.yaml": "NetworkPolicy",
}
SERVICE = "k8s/service.yaml"


@pytest.mark.parametrize(
    ("docker", "kubernetes"),
    [
        ("512m", "512Mi"),
        ("256M", "256Mi"),
        ("1g", "1Gi"),
        ("2G", "2Gi"),
        ("64k", "64Ki"),
        ("1536m", "1536Mi"),
    ],
)
def test_memory_becomes_a_binary_quantity(docker: str, kubernetes: str) -> None:
    # Docker's m is a mebibyte (1024 * 1024 bytes): Kubernetes' Mi, never its M (a million bytes).
    assert kubernetes_memory(docker) == kubernetes


def test_every_cpu_value_becomes_exact_millicores() -> None:
    # Every hundredth up to 100 CPUs, then a few in each whole CPU up to the largest value accepted.
    hundredths = [
        *range(1, 10_000),
        *(whole * 100 + part for whole in range(100, 1000) for part in (0, 1, 57, 99)),
    ]
    for value in hundredths:
        whole, part = divmod(value, 100)
        assert kubernetes_cpu(f"{whole}.{part:02d}") == f"{value * 10}m"
    assert [kubernetes_cpu(value) for value in ("1", "2", "0.5", "0.1", "1.5")] == [
        "1000m",
        "2000m",
        "500m",
        "100m",
        "1500m",
    ]


@pytest.mark.parametrize("value", ["512", "512mb", "0.5g", "512m\n"])
def test_memory_conversion_refuses_what_docker_would(value: str) -> None:
    with pytest.raises(ValueError, match="not a Docker memory value"):
        kubernetes_memory(value)


@pytest.mark.parametrize("value", ["0", "-1", "0.125", "1e3", "0.5\n"])
def test_cpu_conversion_refuses_what_docker_would(value: str) -> None:
    with pytest.raises(ValueError, match="not a Docker CPU value"):
        kubernetes_cpu(value)


@pytest.mark.parametrize("name", ["my_app", "1app", "app-", "9lives"])
def test_kubernetes_needs_a_name_kubernetes_takes(name: str) -> None:
    with pytest.raises(InvalidAnswerError) as caught:
        Spec.from_answers({"app_name": name, "kubernetes": True})
    assert caught.value.field == "kubernetes"
    Spec.from_answers({"app_name": name})  # without manifests, the name is fine


def test_no_manifests_without_the_answer(plain_template: Path) -> None:
    files = render_files(Spec.from_answers({"app_name": "shop"}), template=plain_template)
    assert not [name for name in files if name.startswith("k8s")]


# --------------------------------------------------------------------------- the rendered manifests


def _documents(files: dict[str, str]) -> dict[str, dict[str, Any]]:
    return {name: yaml_text.load(text) for name, text in files.items() if name.startswith("k8s/")}


def _healthcheck(dockerfile: str) -> tuple[dict[str, int], list[str]]:
    """The runtime stage's HEALTHCHECK: its timings in seconds, and its command."""
    timing = r"--interval=(\d+)s --timeout=(\d+)s --start-period=(\d+)s --retries=(\d+)"
    match = re.search(rf"^HEALTHCHECK {timing} \\\n\s+CMD (.+)$", dockerfile, re.MULTILINE)
    assert match, "no HEALTHCHECK with a command"
    interval, timeout, start, retries = (int(value) for value in match.groups()[:4])
    timings = {"interval": interval, "timeout": timeout, "start_period": start, "retries": retries}
    return timings, json.loads(match.group(5))


class Rendered(NamedTuple):
    """One Kubernetes variant, rendered."""

    spec: Spec
    files: dict[str, str]
    #: Each k8s/ file, parsed.
    manifests: dict[str, dict[str, Any]]
    #: compose.yaml's service.
    service: dict[str, Any]
    #: The Deployment's pod spec.
    pod: dict[str, Any]


@pytest.fixture(scope="module", params=K8S_VARIANTS)
def rendered(request: pytest.FixtureRequest, render_variant: Callable[[str], dict[str, str]]) -> Rendered:
    """One Kubernetes variant: its spec, files, manifests, compose service and Deployment's pod.

    Parsed once for all of this module's tests, which only read it.
    """
    spec = MATRIX[request.param]
    files = render_variant(request.param)
    manifests = _documents(files)
    service = yaml_text.load(files["compose.yaml"])["services"][spec.app_name]
    return Rendered(
        spec, files, manifests, service, manifests["k8s/deployment.yaml"]["spec"]["template"]["spec"]
    )


def test_the_matrix_has_kubernetes_variants_of_every_kind() -> None:
    specs = [MATRIX[name] for name in K8S_VARIANTS]
    assert {spec.language for spec in specs} == {"python", "node", "go", "rust", "java"}
    assert {spec.app_kind for spec in specs} == {"web", "worker"}
    assert {spec.runtime_base for spec in specs} >= {"slim", "distroless", "scratch"}
    assert {bool(spec.health_path) for spec in specs if spec.app_kind == "web"} == {True, False}


def test_every_manifest_is_listed_and_of_its_kind(rendered: Rendered) -> None:
    spec, files, manifests, _, _ = rendered
    expected = dict(MANIFESTS, **({SERVICE: "Service"} if spec.app_kind == "web" else {}))
    assert {
        name: doc["kind"] for name, doc in manifests.items() if name != "k8s/kustomization.yaml"
    } == expected
    kustomization = manifests["k8s/kustomization.yaml"]
    assert sorted(kustomization["resources"]) == sorted(name.removeprefix("k8s/") for name in expected)
    for name, doc in manifests.items():
        assert files[name].startswith(f"# {spec.app_name}: "), name
        if name != "k8s/kustomization.yaml":
            assert doc["metadata"]["name"] == spec.app_name
            assert doc["metadata"]["labels"]["app.kubernetes.io/name"] == spec.app_name


def test_the_image_and_namespace_are_set_in_one_place(rendered: Rendered) -> None:
    spec, _, manifests, _, pod = rendered
    kustomization = manifests["k8s/kustomization.yaml"]
    (container,) = pod["containers"]
    assert kustomization["images"] == [
        {"name": container["image"], "newName": spec.app_name, "newTag": "local"}
    ]
    assert container["imagePullPolicy"] == "Always"
    namespace = manifests["k8s/namespace.yaml"]
    assert kustomization["namespace"] == namespace["metadata"]["name"]
    labels = namespace["metadata"]["labels"]
    assert [labels[f"pod-security.kubernetes.io/{mode}"] for mode in ("enforce", "audit", "warn")] == [
        "restricted"
    ] * 3
    # The manifests name neither a registry, a tag nor a namespace: kustomization.yaml sets them.
    assert container["image"] == spec.app_name
    assert not [name for name, doc in manifests.items() if "namespace" in doc.get("metadata", {})]


def test_the_pod_runs_as_compose_runs_it(rendered: Rendered) -> None:
    spec, _, manifests, service, pod = rendered
    uid, gid = (int(part) for part in service["user"].split(":"))
    assert pod["securityContext"] == {
        "runAsNonRoot": True,
        "runAsUser": uid,
        "runAsGroup": gid,
        "fsGroup": gid,
        "seccompProfile": {"type": "RuntimeDefault"},
    }
    assert uid == spec.uid
    (container,) = pod["containers"]
    assert container["securityContext"] == {
        "allowPrivilegeEscalation": False,
        "capabilities": {"drop": ["ALL"]},
        "privileged": False,
        "readOnlyRootFilesystem": True,
    }
    assert service["cap_drop"] == ["ALL"] and service["read_only"] is True
    # compose.yaml's tmpfs at /tmp: in memory, bounded by the memory limit.
    assert container["volumeMounts"] == [{"name": "tmp", "mountPath": "/tmp"}]
    assert service["volumes"] == [{"type": "tmpfs", "target": "/tmp"}]
    memory_limit = container["resources"]["limits"]["memory"]
    assert pod["volumes"] == [{"name": "tmp", "emptyDir": {"medium": "Memory", "sizeLimit": memory_limit}}]
    # No API token, no variables for other Services, the pause process as PID 1 (compose's init).
    assert pod["automountServiceAccountToken"] is False
    assert manifests["k8s/serviceaccount.yaml"]["automountServiceAccountToken"] is False
    assert pod["serviceAccountName"] == spec.app_name
    assert pod["enableServiceLinks"] is False
    assert pod["shareProcessNamespace"] is True and service["init"] is True


def test_the_pod_has_composes_environment(rendered: Rendered) -> None:
    spec, _, _, service, pod = rendered
    (container,) = pod["containers"]
    if not spec.django_settings:
        assert "env" not in container and "environment" not in service
        return
    env = {item["name"]: item for item in container["env"]}
    assert list(env) == list(service["environment"])
    for name, value in service["environment"].items():
        if name == spec.secret_key_env:
            # compose takes the key from the shell (${NAME:?...}); the pod from a Secret, never a file.
            assert value.startswith("${" + name + ":?")
            assert env[name] == {
                "name": name,
                "valueFrom": {"secretKeyRef": {"name": spec.app_name, "key": name}},
            }
        elif name == spec.allowed_hosts_env:
            hosts = env[name]["value"].split(",")
            assert set(value.split(",")) - {spec.app_name} <= set(hosts)
            assert f"{spec.app_name}.{spec.app_name}.svc" in hosts
        else:
            assert env[name] == {"name": name, "value": value}


def test_resources_are_compose_limits_in_kubernetes_units(rendered: Rendered) -> None:
    _, _, _, service, pod = rendered
    limits, reservations = (service["deploy"]["resources"][key] for key in ("limits", "reservations"))
    (container,) = pod["containers"]
    assert container["resources"] == {
        "limits": {"cpu": kubernetes_cpu(limits["cpus"]), "memory": kubernetes_memory(limits["memory"])},
        "requests": {
            "cpu": kubernetes_cpu(reservations["cpus"]),
            "memory": kubernetes_memory(reservations["memory"]),
        },
    }


def _seconds(duration: str) -> int:
    assert re.fullmatch(r"\d+s", duration), duration
    return int(duration[:-1])


def test_probes_are_the_images_health_check(rendered: Rendered) -> None:
    spec, files, _, service, pod = rendered
    timings, command = _healthcheck(files["Dockerfile"])
    assert {
        key: _seconds(service["healthcheck"][key]) for key in ("interval", "timeout", "start_period")
    } == {key: timings[key] for key in ("interval", "timeout", "start_period")}
    (container,) = pod["containers"]
    kinds = ("startupProbe", "readinessProbe", "livenessProbe")
    expected_kinds = kinds if spec.app_kind == "web" else ("startupProbe", "livenessProbe")
    assert [kind for kind in kinds if kind in container] == list(expected_kinds)
    for kind in expected_kinds:
        probe = dict(container[kind])
        threshold = (
            timings["start_period"] // timings["interval"] if kind == "startupProbe" else timings["retries"]
        )
        assert (probe.pop("periodSeconds"), probe.pop("timeoutSeconds"), probe.pop("failureThreshold")) == (
            timings["interval"],
            timings["timeout"],
            threshold,
        )
        if spec.app_kind == "worker":
            assert probe == {"exec": {"command": command}}  # the very command the image's HEALTHCHECK runs
        elif spec.health_path:
            http_get = {"path": spec.health_path, "port": "http"}
            if spec.django_settings:
                # Django's allowed hosts refuse the pod's IP, the kubelet's default Host.
                http_get["httpHeaders"] = [{"name": "Host", "value": "127.0.0.1"}]
            assert probe == {"httpGet": http_get}
        else:
            assert probe == {"tcpSocket": {"port": "http"}}
    if spec.app_kind == "web":
        assert container["ports"] == [{"name": "http", "containerPort": spec.port, "protocol": "TCP"}]
    else:
        assert "ports" not in container


def test_stop_grace_period_is_composes(rendered: Rendered) -> None:
    _, _, _, service, pod = rendered
    assert pod["terminationGracePeriodSeconds"] == _seconds(service["stop_grace_period"])
    assert "lifecycle" not in pod["containers"][0]  # the runtime sends the image's STOPSIGNAL itself


def test_selectors_find_the_pods_and_spread_them(rendered: Rendered) -> None:
    spec, _, manifests, _, pod = rendered
    deployment = manifests["k8s/deployment.yaml"]
    pod_labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert pod_labels == {
        "app.kubernetes.io/name": spec.app_name,
        "app.kubernetes.io/component": spec.app_kind,
        "app.kubernetes.io/managed-by": "kustomize",
    }
    selector = {"app.kubernetes.io/name": spec.app_name}
    assert deployment["spec"]["selector"] == {"matchLabels": selector}
    assert deployment["spec"]["replicas"] == (2 if spec.app_kind == "web" else 1)
    assert manifests["k8s/poddisruptionbudget.yaml"]["spec"] == {
        "maxUnavailable": 1,
        "selector": {"matchLabels": selector},
    }
    assert manifests["k8s/networkpolicy.yaml"]["spec"]["podSelector"] == {"matchLabels": selector}
    assert pod["topologySpreadConstraints"] == [
        {
            "maxSkew": 1,
            "topologyKey": "kubernetes.io/hostname",
            "whenUnsatisfiable": "ScheduleAnyway",
            "labelSelector": {"matchLabels": selector},
            "matchLabelKeys": ["pod-template-hash"],
        }
    ]
    if spec.app_kind == "web":
        assert manifests[SERVICE]["spec"] == {
            "type": "ClusterIP",
            "selector": selector,
            "ports": [{"name": "http", "port": spec.port, "targetPort": "http", "protocol": "TCP"}],
        }


def test_network_policy_lets_in_the_apps_port_only(rendered: Rendered) -> None:
    spec, _, manifests, _, _ = rendered
    policy = manifests["k8s/networkpolicy.yaml"]["spec"]
    assert policy["policyTypes"] == ["Ingress"]
    if spec.app_kind == "web":
        # From anywhere, to the one named port: no other port of the pod takes a connection.
        assert policy["ingress"] == [{"ports": [{"port": "http", "protocol": "TCP"}]}]
    else:
        assert policy["ingress"] == []


def test_readme_explains_the_manifests(rendered: Rendered) -> None:
    spec, files, _, _, _ = rendered
    readme = files["README.Docker.md"]
    assert "\n## Kubernetes\n" in readme
    assert "kubectl apply -k k8s\n" in readme and f"kind load docker-image {spec.app_name}:local" in readme
    stop_signal = re.search(r"^STOPSIGNAL (\S+)$", files["Dockerfile"], re.MULTILINE)
    assert stop_signal and f"(`{stop_signal.group(1)}` here)" in readme
