"""``scaffold update`` keeps k8s/ in step: a user's edits survive a template change; the answer stays."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.commands.new import new
from generator.commands.update import update
from generator.spec.model import Spec

from .test_update import _released_v1, commit, edit, git, project, release, template_v1  # noqa: F401 (fixtures)

K8S_TEMPLATES = Path("templates") / "{% if kubernetes %}k8s{% endif %}"
K8S_FILES = {
    "k8s/kustomization.yaml",
    "k8s/namespace.yaml",
    "k8s/serviceaccount.yaml",
    "k8s/deployment.yaml",
    "k8s/service.yaml",
    "k8s/poddisruptionbudget.yaml",
    "k8s/networkpolicy.yaml",
}


def _committed_project(app: Path, template: Path, **answers: object) -> Path:
    new(app, Spec.from_answers({"app_name": "shop", "health_path": "/health", **answers}), template=template)
    git(app, "init", "--quiet", "--initial-branch=main")
    git(app, "add", "--all")
    git(app, "commit", "--quiet", "-m", "app with scaffold v1")
    return app


@pytest.fixture
def k8s_project(template_v1: Path, copy_app: Callable[[str], Path]) -> Path:  # noqa: F811
    return _committed_project(copy_app("flask-pip"), template_v1, kubernetes=True)


def _deployment(folder: Path) -> dict[str, Any]:
    return dict(yaml.safe_load((folder / "k8s" / "deployment.yaml").read_text()))


def test_an_edit_in_k8s_survives_a_template_change(template_v1: Path, k8s_project: Path) -> None:  # noqa: F811
    # The user scales up and gives the container an environment variable.
    deployment = k8s_project / "k8s" / "deployment.yaml"
    edit(deployment, "  replicas: 2\n", "  replicas: 4\n")
    edit(
        deployment,
        "          imagePullPolicy: Always\n",
        "          imagePullPolicy: Always\n"
        "          env:\n"
        "            - name: APP_GREETING\n"
        "              value: hello\n",
    )
    commit(k8s_project, "four replicas and a greeting")
    # v2 lengthens the stop grace period (one value, read by compose.yaml and the Deployment) and spreads
    # the pods across zones as well.
    edit(template_v1 / "includes" / "common.jinja", "stop_grace_seconds = 10", "stop_grace_seconds = 20")
    edit(
        template_v1 / K8S_TEMPLATES / "deployment.yaml.jinja",
        "      containers:\n",
        "        - maxSkew: 1\n"
        "          topologyKey: topology.kubernetes.io/zone\n"
        "          whenUnsatisfiable: ScheduleAnyway\n"
        "          labelSelector:\n"
        "            matchLabels:\n"
        "{{ k8s.labels(14, only_name=true) }}\n"
        "      containers:\n",
    )
    release(template_v1, "v2.0.0")

    result = update(k8s_project, template=template_v1)

    assert result.conflicts == ()
    assert {"k8s/deployment.yaml", "compose.yaml"} <= set(result.changed)
    spec = _deployment(k8s_project)["spec"]
    pod = spec["template"]["spec"]
    assert spec["replicas"] == 4
    assert pod["containers"][0]["env"] == [{"name": "APP_GREETING", "value": "hello"}]
    assert pod["terminationGracePeriodSeconds"] == 20
    zones = [spread["topologyKey"] for spread in pod["topologySpreadConstraints"]]
    assert zones == ["kubernetes.io/hostname", "topology.kubernetes.io/zone"]
    compose = yaml.safe_load((k8s_project / "compose.yaml").read_text())
    assert compose["services"]["shop"]["stop_grace_period"] == "20s"
    answers = yaml.safe_load((k8s_project / ".copier-answers.yml").read_text())
    assert (answers["kubernetes"], answers["_commit"]) == (True, "v2.0.0")


def test_k8s_comes_and_goes_with_the_answer(template_v1: Path, project: Path) -> None:  # noqa: F811
    assert not (project / "k8s").exists()

    added = update(project, template=template_v1, data={"kubernetes": True})
    assert set(added.changed) >= K8S_FILES
    assert {path.name for path in (project / "k8s").iterdir()} == {name.split("/")[1] for name in K8S_FILES}
    commit_all(project, "add the Kubernetes manifests")

    removed = update(project, template=template_v1, data={"kubernetes": False})
    assert sorted(removed.removed) == sorted(K8S_FILES)
    assert not (project / "k8s").exists()


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "-m", message)
