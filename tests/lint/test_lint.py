"""The lint tier: every variant scaffold can render passes five real linters with zero findings.

Variants with CI files (``ci: github``) also pass two workflow linters: checkov's github_actions
framework and zizmor.

In CI a missing linter fails the run; on a developer machine it skips with the install hint.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from ..variants import MATRIX
from . import tools

pytestmark = pytest.mark.lint


@pytest.fixture(scope="module")
def project_dirs(
    tmp_path_factory: pytest.TempPathFactory, render_variant: Callable[[str], dict[str, str]]
) -> dict[str, Path]:
    """Each variant rendered once into its own folder, shared by all five linters."""
    folders = {}
    for variant in MATRIX:
        folder = tmp_path_factory.mktemp(variant)
        for name, text in render_variant(variant).items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text, encoding="utf-8")
        folders[variant] = folder
    return folders


def _run(linter: str, folder: Path) -> list[str]:
    try:
        return {**tools.LINTERS, **tools.WORKFLOW_LINTERS}[linter](folder)
    except tools.ToolMissing as missing:
        if os.environ.get("CI"):
            pytest.fail(f"{missing} (CI must install every linter)")
        pytest.skip(str(missing))


@pytest.mark.parametrize("linter", sorted(tools.LINTERS))
@pytest.mark.parametrize("variant", sorted(MATRIX))
def test_variant_has_zero_findings(variant: str, linter: str, project_dirs: dict[str, Path]) -> None:
    findings = _run(linter, project_dirs[variant])
    assert findings == [], "\n".join(findings)


CI_VARIANTS = sorted(name for name, spec in MATRIX.items() if spec.ci == "github")


def test_the_matrix_has_ci_variants() -> None:
    assert CI_VARIANTS  # the workflow linters below must have something to check


@pytest.mark.parametrize("linter", sorted(tools.WORKFLOW_LINTERS))
@pytest.mark.parametrize("variant", CI_VARIANTS)
def test_ci_variant_workflow_has_zero_findings(
    variant: str, linter: str, project_dirs: dict[str, Path]
) -> None:
    findings = _run(linter, project_dirs[variant])
    assert findings == [], "\n".join(findings)


NAIVE_DOCKERFILE = """FROM python:3.12
COPY . .
RUN pip install -r requirements.txt
CMD python app.py
"""
NAIVE_COMPOSE = """services:
  app:
    build: .
    ports:
      - 8000:8000
"""


@pytest.mark.parametrize("linter", ["hadolint", "trivy_config", "checkov_dockerfile", "dclint"])
def test_linters_do_find_problems_in_a_naive_setup(linter: str, tmp_path: Path) -> None:
    """The zero above means something: the same harness reports the classic naive setup."""
    (tmp_path / "Dockerfile").write_text(NAIVE_DOCKERFILE)
    (tmp_path / "compose.yaml").write_text(NAIVE_COMPOSE)
    (tmp_path / "requirements.txt").write_text("flask\n")
    assert _run(linter, tmp_path) != []


def test_compose_config_refuses_an_invalid_file(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text(NAIVE_DOCKERFILE)
    (tmp_path / "compose.yaml").write_text(
        "services:\n  app:\n    deploy:\n      resources:\n        limits:\n          memory: lots\n"
    )
    assert _run("compose_config", tmp_path) != []


NAIVE_WORKFLOW = """name: ci
on: pull_request_target
permissions: write-all
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@master
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: echo "${{ github.event.pull_request.title }}"
"""
NAIVE_DEPENDABOT = """version: 2
updates:
  - package-ecosystem: pip
    directory: /
    schedule:
      interval: daily
"""


@pytest.mark.parametrize("linter", sorted(tools.WORKFLOW_LINTERS))
def test_workflow_linters_do_find_problems_in_a_naive_workflow(linter: str, tmp_path: Path) -> None:
    """A write-all, unpinned workflow that pastes a pull request title into a shell is reported."""
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "container.yml").write_text(NAIVE_WORKFLOW)
    (tmp_path / ".github" / "dependabot.yml").write_text(NAIVE_DEPENDABOT)
    findings = _run(linter, tmp_path)
    # Real findings, not a harness complaint about the tool itself.
    assert [f for f in findings if not f.startswith(f"{linter.split('_')[0]}:")] != [], findings


@pytest.mark.parametrize("linter", sorted(tools.WORKFLOW_LINTERS))
def test_workflow_linters_refuse_a_project_without_a_workflow(linter: str, tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text(NAIVE_DOCKERFILE)
    assert _run(linter, tmp_path) != []
