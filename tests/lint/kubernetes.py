"""The lint tier's Kubernetes linters: the base of each ``kubernetes: true`` project, built and checked.

What they check is what ``kubectl apply -k k8s`` applies: :func:`build` runs ``kubectl kustomize k8s``
and writes the result to ``k8s.yaml`` in a folder of its own. The files in ``k8s/`` are parts on purpose
(the namespace and the image's tag are set once, in ``kustomization.yaml``), so a scanner reading them one
by one would report the very settings the build adds.

Each linter takes folders holding a built ``k8s.yaml`` and, like those of :mod:`tests.lint.tools`, runs
once over all of them and never passes silently: a crash, unreadable output or a resource left unchecked
is a finding (prefixed with the tool's name).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import yaml

from .batch import batch

# The harness's own helpers: a missing file and a run that cannot start are findings as for every tool.
from .tools import _require_file as require_file
from .tools import _run as run_tool
from .tools import checkov_scan, find_tool, trivy_scan

__all__ = [
    "KUBERNETES_LINTERS",
    "KUBERNETES_VERSION",
    "RENDERED",
    "build",
    "checkov_kubernetes",
    "kubernetes_validate",
    "trivy_kubernetes",
]

#: The built base, in a folder of its own.
RENDERED = Path("k8s.yaml")
#: The Kubernetes release whose API schemas kubernetes-validate holds the manifests to. A release the
#: installed kubernetes-validate (scripts/install-tools.sh pins its range) has schemas for.
KUBERNETES_VERSION = "1.32.0"


def build(project: Path, into: Path, *, base: str = "k8s") -> list[str]:
    """Write ``kubectl kustomize k8s`` (or another ``base`` folder) of ``project`` to ``into/k8s.yaml``.

    Returns what went wrong.

    A failed build, a warning kustomize prints, or a build that holds no resource is a finding; nothing is
    written then.

    Raises:
        ToolMissing: kubectl is not installed.

    """
    exe = find_tool("kubectl")
    missing = require_file("kubectl", project / base / "kustomization.yaml")
    if missing:
        return [missing]
    run = run_tool("kubectl", [exe, "kustomize", base], cwd=project)
    if isinstance(run, str):
        return [run]
    if run.returncode != 0:
        return [f"kubectl: kustomize failed (exit {run.returncode}): {run.tail()}"]
    findings = [f"kubectl: {line.strip()}" for line in run.stderr.splitlines() if line.strip()]
    try:
        resources = [doc for doc in yaml.safe_load_all(run.stdout) if doc]
    except yaml.YAMLError as error:
        return [*findings, f"kubectl: kustomize printed what is not YAML: {error}"]
    if not resources:
        return [*findings, "kubectl: kustomize built no resource"]
    into.mkdir(parents=True, exist_ok=True)
    (into / RENDERED).write_text(run.stdout, encoding="utf-8")
    return findings


def _resources(path: Path) -> int:
    """How many resources a built file holds (0 when it cannot be read)."""
    try:
        return sum(1 for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc)
    except (OSError, yaml.YAMLError):
        return 0


_LINE = re.compile(r"^(INFO|WARN|ERROR|FATAL) (\S+) (.*)$")


def kubernetes_validate(projects: Sequence[Path]) -> dict[Path, list[str]]:
    """Validate every resource of each ``k8s.yaml`` against Kubernetes' schemas, strictly, in one run.

    Command: ``kubernetes-validate --strict --kubernetes-version 1.32.0 p000/k8s.yaml ...``. Strict
    means a field the API does not define is an error, not ignored. kubernetes-validate prints a line per
    resource: ``INFO`` for one that passed; ``ERROR`` for one that did not; ``WARN`` for a kind it has no
    schema for, which it did not check, so here that is a finding too. A project with fewer ``INFO``
    lines than resources was not wholly checked.
    """
    exe = find_tool("kubernetes-validate")
    with batch(projects) as run_on:
        given = []
        for project in run_on.projects:
            missing = require_file("kubernetes-validate", project / RENDERED)
            if missing:
                run_on.add(project, missing)
            else:
                given.append(project)
        if not given:
            return run_on.findings
        run = run_tool(
            "kubernetes-validate",
            [
                exe,
                "--strict",
                "--kubernetes-version",
                KUBERNETES_VERSION,
                *(run_on.path(project, RENDERED) for project in given),
            ],
            cwd=run_on.root,
        )
        if isinstance(run, str):
            run_on.add_to(given, run)
            return run_on.findings
        checked = dict.fromkeys(given, 0)
        reported = 0
        for line in run.stdout.splitlines():
            match = _LINE.match(line.strip())
            if not match:
                continue
            level, path, rest = match.groups()
            owned = run_on.owner(path)
            # A resource that passed or did not validate was checked; a WARN names one that was not.
            if owned and owned[0] in checked and re.match(r"(passed|did not validate) for resource ", rest):
                checked[owned[0]] += 1
            if level in {"WARN", "ERROR"}:
                reported += 1
                run_on.add_reported("kubernetes-validate", path, f"kubernetes-validate {level}: {rest}")
            elif level == "FATAL":
                run_on.add_to(given, f"kubernetes-validate: {path} {rest}")
        if run.returncode not in (0, 1) or (run.returncode == 1 and not reported):
            run_on.add_to(given, f"kubernetes-validate: exit code {run.returncode}: {run.tail()}")
        for project, count in checked.items():
            total = _resources(project / RENDERED)
            if count < total or total == 0:
                run_on.add(
                    project, f"kubernetes-validate: {count} of {total} resources checked: {run.tail()}"
                )
        return run_on.findings


def checkov_kubernetes(projects: Sequence[Path]) -> dict[Path, list[str]]:
    """Scan each ``k8s.yaml`` with checkov's kubernetes framework, in one run.

    Command: ``checkov --file p000/k8s.yaml ... --framework kubernetes --skip-download --output json
    --compact`` (see :func:`tests.lint.tools.checkov_scan`). A file no check ran on is a finding.
    """
    return checkov_scan(
        projects,
        RENDERED,
        framework="kubernetes",
        env={},
        nothing_checked=f"checkov: zero checks were run on {RENDERED}",
    )


def trivy_kubernetes(projects: Sequence[Path]) -> dict[Path, list[str]]:
    """Scan each ``k8s.yaml`` with one ``trivy config --misconfig-scanners kubernetes`` run, offline."""
    return trivy_scan(projects, file=RENDERED, scanner="kubernetes")


#: The Kubernetes linters, by name, run on the built base of every ``kubernetes: true`` variant.
KUBERNETES_LINTERS = {
    "kubernetes_validate": kubernetes_validate,
    "checkov_kubernetes": checkov_kubernetes,
    "trivy_kubernetes": trivy_kubernetes,
}
