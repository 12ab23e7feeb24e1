"""The CI files (`--ci github`): valid for GitHub and Dependabot, and as hardened as the docs say.

The schemas are the ones check-jsonschema ships (vendored from SchemaStore: GitHub workflows, Dependabot
v2, and its own rule that every job has a timeout), so validation needs no network. Every variant of the
matrix is rendered with ``ci: github``, so every branch of the two templates is covered, not only the
golden CI variants.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import check_jsonschema
import pytest
import yaml
from click.testing import CliRunner

from generator.spec.model import Spec

from . import shared_run, yaml_text
from .conftest import Invoke
from .variants import MATRIX

WORKFLOW = ".github/workflows/container.yml"
DEPENDABOT = ".github/dependabot.yml"

CI_SPECS: dict[str, Spec] = {
    name: spec if spec.ci == "github" else Spec.from_answers({**spec.answers(), "ci": "github"})
    for name, spec in MATRIX.items()
}

# Every action is pinned to a release tag (v6, v0.36.0), never to a branch such as main or master.
_PINNED = re.compile(r"^[A-Za-z0-9-]+/[A-Za-z0-9._/-]+@v[0-9]+(\.[0-9]+)*$")


@pytest.fixture(scope="module")
def ci_projects(
    tmp_path_factory: pytest.TempPathFactory, render_spec: Callable[[Spec], dict[str, str]]
) -> dict[str, Path]:
    """Each variant rendered with ci=github into its own folder."""
    folders = {}
    for name in shared_run.this_workers_turn(sorted(CI_SPECS)):
        folder = tmp_path_factory.mktemp(name)
        for path, text in render_spec(CI_SPECS[name]).items():
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / path).write_text(text, encoding="utf-8")
        folders[name] = folder
    return folders


@dataclass(frozen=True)
class _Run:
    """What a check-jsonschema run printed and how it exited."""

    returncode: int
    stdout: str
    stderr: str


def _check_jsonschema(schema: str, files: list[Path]) -> _Run:
    """Run check-jsonschema's own command line in this process (its start-up alone costs half a second)."""
    result = CliRunner().invoke(check_jsonschema.main, ["--builtin-schema", schema, *map(str, files)])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return _Run(result.exit_code, result.stdout, result.stderr)


@pytest.mark.parametrize(
    ("schema", "path"),
    [
        ("vendor.github-workflows", WORKFLOW),
        ("custom.github-workflows-require-timeout", WORKFLOW),
        ("vendor.dependabot", DEPENDABOT),
    ],
)
def test_ci_files_are_valid_against_their_schemas(
    schema: str, path: str, ci_projects: dict[str, Path]
) -> None:
    files = [folder / path for folder in ci_projects.values()]
    assert all(file.is_file() for file in files)
    run = _check_jsonschema(schema, files)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "ok -- validation done" in run.stdout


@pytest.mark.parametrize(
    ("schema", "path", "old", "new"),
    [
        ("vendor.github-workflows", WORKFLOW, "  contents: read\n", "  contents: none-of-these\n"),
        ("custom.github-workflows-require-timeout", WORKFLOW, "    timeout-minutes: 30\n", ""),
        ("vendor.dependabot", DEPENDABOT, "package-ecosystem: pip", "package-ecosystem: pipx"),
    ],
)
def test_the_schemas_do_refuse_a_broken_file(
    schema: str, path: str, old: str, new: str, ci_projects: dict[str, Path], tmp_path: Path
) -> None:
    """The zero above means something: each schema refuses a one-line mistake."""
    text = (ci_projects["pip-web-slim-ci"] / path).read_text(encoding="utf-8")
    assert old in text
    broken = tmp_path / Path(path).name
    broken.write_text(text.replace(old, new), encoding="utf-8")
    run = _check_jsonschema(schema, [broken])
    assert run.returncode == 1, run.stdout + run.stderr


def _load(folder: Path, path: str) -> dict[str, Any]:
    data = yaml_text.load((folder / path).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _steps(job: dict[str, Any], action: str) -> list[dict[str, Any]]:
    return [step for step in job["steps"] if step.get("uses", "").split("@")[0] == action]


def _one(job: dict[str, Any], action: str) -> dict[str, Any]:
    (step,) = _steps(job, action)
    return step


@pytest.mark.parametrize("variant", sorted(CI_SPECS))
def test_workflow_promises(variant: str, ci_projects: dict[str, Path]) -> None:
    spec = CI_SPECS[variant]
    folder = ci_projects[variant]
    workflow = _load(folder, WORKFLOW)
    # YAML 1.1 reads the bare key `on` as true; GitHub reads it as "on".
    triggers = workflow[True]
    assert set(triggers) == {"push", "pull_request", "schedule", "workflow_dispatch"}
    assert triggers["push"] == {"branches": ["main"]}
    assert [len(entry["cron"].split()) for entry in triggers["schedule"]] == [5]

    # Least privilege: read-only at the top; each job names exactly what it needs.
    assert workflow["permissions"] == {"contents": "read"}
    jobs = workflow["jobs"]
    assert set(jobs) == {"scan", "publish"}
    scan, publish = jobs["scan"], jobs["publish"]
    assert scan["permissions"] == {"contents": "read", "security-events": "write", "actions": "read"}
    assert publish["permissions"] == {"contents": "read", "packages": "write"}

    steps = [step for job in jobs.values() for step in job["steps"]]
    for step in steps:
        if "uses" in step:
            assert _PINNED.match(step["uses"]), step["uses"]
        # No expression is pasted into a shell script (template injection); values come in as env.
        assert "${{" not in step.get("run", "")
    for checkout in _steps(scan, "actions/checkout") + _steps(publish, "actions/checkout"):
        assert checkout["with"]["persist-credentials"] is False

    # Build and load, with the BuildKit cache in GitHub Actions; then every scan reads that image.
    build = _one(scan, "docker/build-push-action")
    assert build["with"]["load"] is True and build["with"]["push"] is False
    assert build["with"]["cache-from"] == "type=gha"
    assert build["with"]["cache-to"] == "type=gha,mode=max"
    assert (folder / build["with"]["file"]).is_file()
    image = build["with"]["tags"]
    trivy = _steps(scan, "aquasecurity/trivy-action")
    assert {step["with"]["image-ref"] for step in trivy} == {image}
    by_format = {step["with"]["format"]: step for step in trivy}
    assert set(by_format) == {"cyclonedx", "sarif", "table"}

    # The gate: fixable HIGH and CRITICAL vulnerabilities fail the run, as the last step.
    gate = by_format["table"]
    assert scan["steps"][-1] is gate
    assert gate["with"]["exit-code"] == "1"
    assert gate["with"]["ignore-unfixed"] is True
    assert gate["with"]["severity"] == "HIGH,CRITICAL"
    assert "continue-on-error" not in gate and "if" not in gate

    # The report reaches code scanning before the gate can stop the job; the SBOM is kept as an artifact.
    upload = _one(scan, "github/codeql-action/upload-sarif")
    assert upload["with"]["sarif_file"] == by_format["sarif"]["with"]["output"]
    assert by_format["sarif"]["with"]["exit-code"] == "0"
    assert scan["steps"].index(upload) < scan["steps"].index(gate)
    artifact = _one(scan, "actions/upload-artifact")
    assert artifact["with"]["path"] == by_format["cyclonedx"]["with"]["output"]
    assert artifact["with"]["if-no-files-found"] == "error"

    # Pushing happens after the scan passed, on the default branch only, with attestations.
    assert publish["needs"] == "scan"
    guard = publish["if"]
    assert "github.event_name == 'schedule'" in guard
    assert "github.event_name != 'pull_request'" in guard
    assert "github.ref == format('refs/heads/{0}', github.event.repository.default_branch)" in guard
    push = _one(publish, "docker/build-push-action")
    assert push["with"]["push"] is True
    assert push["with"]["provenance"] == "mode=max"
    assert push["with"]["sbom"] is True
    assert push["with"]["cache-from"] == "type=gha"
    assert _one(publish, "docker/login-action")["with"]["registry"] == "ghcr.io"
    assert all(
        tag.startswith("${{ steps.image.outputs.name }}:") for tag in push["with"]["tags"].splitlines()
    )
    name_step = next(step for step in publish["steps"] if step.get("id") == "image")
    assert f'ghcr.io/${{OWNER,,}}/{spec.app_name}"' in name_step["run"]

    # A private index: the same BuildKit secret id as the Dockerfile's, from a repository secret.
    dockerfile = (folder / "Dockerfile").read_text(encoding="utf-8")
    mounted = re.findall(r"--mount=type=secret,id=([a-z_]+)", dockerfile)
    for build_step in (build, push):
        if spec.private_index:
            (secret_id,) = set(mounted)
            variable = secret_id.upper()
            assert build_step["with"]["secret-envs"] == f"{secret_id}={variable}"
            assert build_step["env"] == {variable: f"${{{{ secrets.{variable} }}}}"}
        else:
            assert mounted == []
            assert "secret-envs" not in build_step["with"] and "env" not in build_step
    secrets_used = set(re.findall(r"secrets\.([A-Z_]+)", (folder / WORKFLOW).read_text(encoding="utf-8")))
    expected = {"GITHUB_TOKEN"} | {secret_id.upper() for secret_id in mounted}
    assert secrets_used == expected


@pytest.mark.parametrize("variant", sorted(CI_SPECS))
def test_dependabot_promises(variant: str, ci_projects: dict[str, Path]) -> None:
    spec = CI_SPECS[variant]
    config = _load(ci_projects[variant], DEPENDABOT)
    assert config["version"] == 2
    updates = {update["package-ecosystem"]: update for update in config["updates"]}
    # Dependabot's ecosystem is named after the package manager, except where one ecosystem serves several.
    language = {"poetry": "pip", "pipenv": "pip", "go": "gomod", "yarn": "npm", "pnpm": "npm"}.get(
        spec.package_manager, spec.package_manager
    )
    assert list(updates) == ["docker", "github-actions", language]
    for update in updates.values():
        assert update["directory"] == "/"
        assert update["schedule"] == {"interval": "weekly"}
    assert updates["github-actions"]["cooldown"] == {"default-days": 7}
    assert updates[language]["cooldown"] == {"default-days": 7}
    if spec.language == "python" and spec.runtime_base == "distroless":
        # Python's debian:12-slim builder must stay on the release the distroless runtime (debian12) is
        # built from: the venv's interpreter paths must match. Other languages' builders carry no such
        # tie (their version comes from a build argument, which Dependabot leaves alone).
        assert updates["docker"]["ignore"] == [
            {"dependency-name": "*debian", "update-types": ["version-update:semver-major"]}
        ]
    else:
        assert "ignore" not in updates["docker"]


@pytest.mark.parametrize("variant", sorted(CI_SPECS))
def test_the_readme_and_dockerignore_know_about_ci(variant: str, ci_projects: dict[str, Path]) -> None:
    spec = CI_SPECS[variant]
    folder = ci_projects[variant]
    assert ".github" in (folder / ".dockerignore").read_text(encoding="utf-8").splitlines()
    readme = (folder / "README.Docker.md").read_text(encoding="utf-8")
    assert "\n## CI\n" in readme
    # The repository secret is named after the Dockerfile's BuildKit secret (pip_conf, uv_conf, npmrc).
    secret = {"uv": "UV_CONF", "npm": "NPMRC", "yarn": "NPMRC", "pnpm": "NPMRC"}.get(
        spec.package_manager, "PIP_CONF"
    )
    assert (f"`{secret}`" in readme) == spec.private_index


@pytest.mark.parametrize("variant", sorted(name for name, spec in MATRIX.items() if spec.ci == "none"))
def test_ci_none_writes_no_ci_files(variant: str, render_variant: Callable[[str], dict[str, str]]) -> None:
    files = render_variant(variant)
    assert not any(name.startswith(".github") for name in files)
    assert ".github" not in files[".dockerignore"].splitlines()
    assert "\n## CI\n" not in files["README.Docker.md"]


@pytest.mark.usefixtures("fast_template")
def test_new_writes_the_nested_ci_files(cli_invoke: Invoke, tmp_path: Path) -> None:
    result = cli_invoke(["new", str(tmp_path), "-y", "--ci", "github"])
    assert (tmp_path / WORKFLOW).is_file() and (tmp_path / DEPENDABOT).is_file()
    assert f"created  {tmp_path / WORKFLOW}" in result.stdout
    assert yaml.safe_load((tmp_path / ".copier-answers.yml").read_text())["ci"] == "github"
    # Unchanged on a second run, nested files included.
    again = cli_invoke(["new", str(tmp_path), "-y", "--ci", "github"])
    assert "created" not in again.stdout and f"unchanged  {tmp_path / WORKFLOW}" in again.stdout
