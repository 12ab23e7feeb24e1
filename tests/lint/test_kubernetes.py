"""The lint tier for the Kubernetes manifests of every ``kubernetes: true`` variant.

Each variant's base must build with ``kubectl kustomize k8s`` (no error, no warning), and what it builds
must validate strictly against Kubernetes' API schemas (kubernetes-validate) and draw no finding from
checkov's kubernetes framework or ``trivy config`` but the ones docs/rules.md keeps, each with its reason
("Kept findings"): those are asserted too, exactly, so a kept finding that goes away or spreads fails the
tier as a new one would. A naive Deployment built in the same runs must draw findings of each tool's own.

kubectl, like every linter, skips on a developer machine that lacks it and fails the run in CI
(scripts/install-tools.sh installs one where the machine has none).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from generator.spec.model import Spec

from ..variants import MATRIX
from . import kubernetes
from .runs import LintRuns, linters_selected
from .tools import ToolMissing

pytestmark = pytest.mark.lint

REPO = Path(__file__).resolve().parents[2]
K8S_VARIANTS = sorted(name for name, spec in MATRIX.items() if spec.kubernetes)

#: The findings scaffold's manifests keep on purpose: (linter, rule id) and the variants that draw it.
#: docs/rules.md explains each under "Kept findings"; a test below holds that table and this one equal.
KEPT: dict[tuple[str, str], Callable[[Spec], bool]] = {
    # The image's digest exists only once it is pushed: kustomization.yaml names a tag until then.
    ("checkov_kubernetes", "CKV_K8S_43"): lambda spec: True,
    # A worker has no readiness probe: no Service sends it traffic, and a second probe beside the
    # liveness one would see that one's process in /proc.
    ("checkov_kubernetes", "CKV_K8S_9"): lambda spec: spec.app_kind == "worker",
    # Django's settings read the secret key from the environment: the Deployment takes it from a Secret
    # into an environment variable.
    ("checkov_kubernetes", "CKV_K8S_35"): lambda spec: bool(spec.django_settings and spec.secret_key_env),
}

NAIVE_DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: naive
spec:
  replicas: two
  selector:
    matchLabels:
      app: naive
  template:
    metadata:
      labels:
        app: naive
    spec:
      containers:
        - name: naive
          image: naive:latest
          securityContext:
            privileged: true
"""
NAIVE = "naive-deployment"


class Built:
    """Every Kubernetes variant written out and its base built, and the linters' runs over the builds."""

    def __init__(self, root: Path, render_variant: Callable[[str], dict[str, str]]) -> None:
        self.projects: dict[str, Path] = {}
        self.builds: dict[str, list[str]] = {}
        self.missing: ToolMissing | None = None
        built: dict[str, Path] = {}
        for name in K8S_VARIANTS:
            project = root / "projects" / name
            for path, text in render_variant(name).items():
                (project / path).parent.mkdir(parents=True, exist_ok=True)
                (project / path).write_text(text, encoding="utf-8")
            self.projects[name] = project
            built[name] = root / "built" / name
            if self.missing is None:
                try:
                    self.builds[name] = kubernetes.build(project, built[name])
                except ToolMissing as missing:
                    self.missing = missing
        built[NAIVE] = root / "built" / NAIVE
        built[NAIVE].mkdir(parents=True)
        (built[NAIVE] / kubernetes.RENDERED).write_text(NAIVE_DEPLOYMENT, encoding="utf-8")
        self.built = built

    def require_kubectl(self) -> None:
        """Skip (fail in CI) when there is no kubectl to build the bases with."""
        if self.missing is not None:
            if os.environ.get("CI"):
                pytest.fail(f"{self.missing} (CI must install every linter)")
            pytest.skip(str(self.missing))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, render_variant: Callable[[str], dict[str, str]]) -> Built:
    """Every Kubernetes variant rendered once and its base built once."""
    return Built(tmp_path_factory.mktemp("k8s-lint"), render_variant)


@pytest.fixture(scope="module")
def k8s_runs(request: pytest.FixtureRequest, built: Built) -> Iterator[LintRuns]:
    """Each Kubernetes linter run once over every built base and the naive Deployment."""
    jobs = {name: (linter, built.built) for name, linter in kubernetes.KUBERNETES_LINTERS.items()}
    runs = LintRuns(jobs, wanted=linters_selected(request))
    yield runs
    runs.close()


def test_the_matrix_has_kubernetes_variants() -> None:
    assert K8S_VARIANTS  # every test below needs something to check


@pytest.mark.parametrize("variant", K8S_VARIANTS)
def test_kustomize_builds_the_base(variant: str, built: Built) -> None:
    built.require_kubectl()
    assert built.builds[variant] == []
    assert (built.built[variant] / kubernetes.RENDERED).is_file()


def _rule(finding: str) -> str:
    return finding.split(" ", 1)[0]


@pytest.mark.parametrize("linter", sorted(kubernetes.KUBERNETES_LINTERS))
@pytest.mark.parametrize("variant", K8S_VARIANTS)
def test_variant_base_has_only_the_kept_findings(
    variant: str, linter: str, built: Built, k8s_runs: LintRuns
) -> None:
    built.require_kubectl()
    findings = k8s_runs.findings(linter, variant)
    kept = sorted(
        rule for (tool, rule), applies in KEPT.items() if tool == linter and applies(MATRIX[variant])
    )
    assert sorted(_rule(finding) for finding in findings) == kept, "\n".join(findings)


@pytest.mark.parametrize("linter", sorted(kubernetes.KUBERNETES_LINTERS))
def test_linters_do_find_problems_in_a_naive_deployment(
    linter: str, built: Built, k8s_runs: LintRuns
) -> None:
    """The zero above means something: the same run reports a privileged, unlimited, invalid Deployment."""
    findings = k8s_runs.findings(linter, NAIVE)
    tool = linter.split("_")[0] if linter != "kubernetes_validate" else "kubernetes-validate"
    assert [finding for finding in findings if not finding.startswith(f"{tool}:")] != [], findings


def _kept_in_docs() -> dict[str, str]:
    """The "Kept findings" table of docs/rules.md: rule id to its reason."""
    rules = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    section = rules.split("\n### Kept findings\n", 1)[1].split("\n#", 1)[0]
    return {
        match.group(1): match.group(2).strip()
        for match in re.finditer(r"^\| `(\w+)` \| [^|]+ \| [^|]+ \| (.+) \|$", section, re.MULTILINE)
    }


def test_every_kept_finding_is_explained_in_the_rules_page() -> None:
    documented = _kept_in_docs()
    assert sorted(documented) == sorted(rule for _, rule in KEPT)
    assert all(len(reason) > 40 for reason in documented.values()), documented


@pytest.mark.parametrize("variant", K8S_VARIANTS)
def test_the_readme_overlay_for_a_local_cluster_builds(variant: str, built: Built) -> None:
    """README.Docker.md's overlay for kind and k3d builds, and only changes the pull policy."""
    built.require_kubectl()
    project = built.projects[variant]
    readme = (project / "README.Docker.md").read_text(encoding="utf-8")
    overlay = re.search(r"cat >k8s-local/kustomization\.yaml <<'EOF'\n(.*?)\nEOF\n", readme, re.DOTALL)
    assert overlay, "README.Docker.md has no local-cluster overlay"
    (project / "k8s-local").mkdir(exist_ok=True)
    (project / "k8s-local" / "kustomization.yaml").write_text(overlay.group(1) + "\n", encoding="utf-8")
    local = project / "local-build"
    assert kubernetes.build(project, local, base="k8s-local") == []
    base = (built.built[variant] / kubernetes.RENDERED).read_text(encoding="utf-8")
    changed = (local / kubernetes.RENDERED).read_text(encoding="utf-8")
    assert "imagePullPolicy: Always" in base
    assert changed == base.replace("imagePullPolicy: Always", "imagePullPolicy: IfNotPresent")
