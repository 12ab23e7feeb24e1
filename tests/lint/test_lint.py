"""The lint tier: every variant scaffold can render passes five real linters with zero findings.

Variants with CI files (``ci: github``) also pass two workflow linters: checkov's github_actions
framework and zizmor.

Each tool runs once over every variant (tests/lint/runs.py); each variant still has its own test and
its own zero-findings assertion. The same runs hold a few broken projects, which must draw findings: the
zero for the variants means something, and the findings of one project stay with that project.

In CI a missing linter fails the run; on a developer machine it skips with the install hint.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ..variants import MATRIX
from . import tools
from .runs import LintRuns, linters_selected

pytestmark = pytest.mark.lint

CI_VARIANTS = sorted(name for name, spec in MATRIX.items() if spec.ci == "github")

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
INVALID_COMPOSE = (
    "services:\n  app:\n    deploy:\n      resources:\n        limits:\n          memory: lots\n"
)
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

#: Broken projects linted in the same runs as the variants: (name, {path: text}).
NAIVE = (
    "naive",
    {"Dockerfile": NAIVE_DOCKERFILE, "compose.yaml": NAIVE_COMPOSE, "requirements.txt": "flask\n"},
)
INVALID = ("invalid-compose", {"Dockerfile": NAIVE_DOCKERFILE, "compose.yaml": INVALID_COMPOSE})
NAIVE_CI = (
    "naive-workflow",
    {".github/workflows/container.yml": NAIVE_WORKFLOW, ".github/dependabot.yml": NAIVE_DEPENDABOT},
)
NO_WORKFLOW = ("no-workflow", {"Dockerfile": NAIVE_DOCKERFILE})


def _write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def lint_runs(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    render_variant: Callable[[str], dict[str, str]],
) -> Iterator[LintRuns]:
    """Every variant rendered once into one tree, and each linter run once over all of them."""
    root = tmp_path_factory.mktemp("lint")
    variants = {name: _write(root / name, render_variant(name)) for name in sorted(MATRIX)}
    broken = {
        name: _write(root / "broken" / name, files) for name, files in (NAIVE, INVALID, NAIVE_CI, NO_WORKFLOW)
    }
    projects = {**variants, NAIVE[0]: broken[NAIVE[0]]}
    workflows = {name: variants[name] for name in CI_VARIANTS}
    workflows.update({name: broken[name] for name in (NAIVE_CI[0], NO_WORKFLOW[0])})
    jobs = {name: (linter, projects) for name, linter in tools.LINTERS.items()}
    jobs["compose_config"] = (tools.compose_config, {**projects, INVALID[0]: broken[INVALID[0]]})
    jobs.update({name: (linter, workflows) for name, linter in tools.WORKFLOW_LINTERS.items()})
    runs = LintRuns(jobs, wanted=linters_selected(request))
    yield runs
    runs.close()


@pytest.mark.parametrize("linter", sorted(tools.LINTERS))
@pytest.mark.parametrize("variant", sorted(MATRIX))
def test_variant_has_zero_findings(variant: str, linter: str, lint_runs: LintRuns) -> None:
    findings = lint_runs.findings(linter, variant)
    assert findings == [], "\n".join(findings)


def test_the_matrix_has_ci_variants() -> None:
    assert CI_VARIANTS  # the workflow linters below must have something to check


#: Variants whose compose.yaml requires a variable from the environment (a Django secret key).
REQUIRING_VARIANTS = sorted(
    name
    for name, spec in MATRIX.items()
    if spec.language == "python" and spec.django_settings and spec.secret_key_env
)


def test_the_matrix_has_variants_requiring_a_variable() -> None:
    assert REQUIRING_VARIANTS  # the test below must have something to check


@pytest.mark.parametrize("variant", REQUIRING_VARIANTS)
def test_compose_config_refuses_to_run_without_the_secret_key(
    variant: str, render_variant: Callable[[str], dict[str, str]], tmp_path: Path
) -> None:
    """The secret key comes only from the environment: without it Compose stops, naming it."""
    folder = _write(tmp_path, render_variant(variant))
    required = tools.required_variables((folder / tools.COMPOSE).read_text(encoding="utf-8"))
    assert required == [MATRIX[variant].secret_key_env]
    try:
        findings = tools.compose_config([folder], stand_ins=False)[folder]
    except tools.ToolMissing as missing:
        if os.environ.get("CI"):
            pytest.fail(f"{missing} (CI must install every linter)")
        pytest.skip(str(missing))
    assert len(findings) == 1, findings
    assert f"required variable {required[0]} is missing a value" in findings[0]
    assert "see README.Docker.md" in findings[0]


@pytest.mark.parametrize("linter", sorted(tools.WORKFLOW_LINTERS))
@pytest.mark.parametrize("variant", CI_VARIANTS)
def test_ci_variant_workflow_has_zero_findings(variant: str, linter: str, lint_runs: LintRuns) -> None:
    findings = lint_runs.findings(linter, variant)
    assert findings == [], "\n".join(findings)


def _real(linter: str, findings: list[str]) -> list[str]:
    """The findings that are the tool's own, not a harness complaint about the tool ("<tool>: ...")."""
    return [f for f in findings if not f.startswith(f"{linter.split('_')[0]}:")]


@pytest.mark.parametrize("linter", ["hadolint", "trivy_config", "checkov_dockerfile", "dclint"])
def test_linters_do_find_problems_in_a_naive_setup(linter: str, lint_runs: LintRuns) -> None:
    """The zero above means something: the same run reports the classic naive setup."""
    findings = lint_runs.findings(linter, NAIVE[0])
    assert _real(linter, findings) != [], findings


@pytest.mark.parametrize("linter", ["compose_config"])
def test_compose_config_refuses_an_invalid_file(linter: str, lint_runs: LintRuns) -> None:
    assert lint_runs.findings(linter, INVALID[0]) != []


@pytest.mark.parametrize("linter", sorted(tools.WORKFLOW_LINTERS))
def test_workflow_linters_do_find_problems_in_a_naive_workflow(linter: str, lint_runs: LintRuns) -> None:
    """A write-all, unpinned workflow that pastes a pull request title into a shell is reported."""
    findings = lint_runs.findings(linter, NAIVE_CI[0])
    assert _real(linter, findings) != [], findings


@pytest.mark.parametrize("linter", sorted(tools.WORKFLOW_LINTERS))
def test_workflow_linters_refuse_a_project_without_a_workflow(linter: str, lint_runs: LintRuns) -> None:
    assert lint_runs.findings(linter, NO_WORKFLOW[0]) != []
