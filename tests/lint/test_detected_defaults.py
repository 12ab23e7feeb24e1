"""`scaffold new --defaults` on each fixture repository writes output that passes the lint tier.

The variant matrix proves every combination of answers lints clean; this proves the answers detection
picks on its own (language, package manager, version, entrypoint, port, health path) make such a
combination, for a repository of every language and package manager.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.commands.check import check

from ..conftest import REPO, Invoke
from . import tools
from .runs import LintRuns, linters_selected

pytestmark = pytest.mark.lint

FIXTURES = REPO / "tests" / "fixtures" / "detect"
APPS = REPO / "tests" / "apps"
#: Repositories whose defaults are not enough on their own: scaffold new --defaults stops (exit 2) on
#: them, as tests/test_detect.py (UNSETTLED), tests/test_node_apps.py, tests/test_go_rust_apps.py and
#: tests/test_python_apps.py assert, and writes nothing to lint.
NEEDS_ANSWERS = {
    "ambiguous": "manifests of several languages: --language must be chosen",
    "node-two-locks": "yarn.lock and package-lock.json, no packageManager: --package-manager must be chosen",
    "rust-sqlx-prepare-missing": "sqlx's checked queries without .sqlx/: `cargo sqlx prepare` must run first",
    "py-module-worker": ".python-version and requires-python disagree: --python-version must be chosen",
}


def _repositories() -> list[Path]:
    found = [path for path in sorted(FIXTURES.iterdir()) if path.is_dir() and path.name not in NEEDS_ANSWERS]
    found += sorted(path for path in APPS.iterdir() if path.is_dir() and path.name not in NEEDS_ANSWERS)
    return found


REPOSITORIES = _repositories()


def _app_folder(repository: Path, copy: Path) -> Path:
    """Return the folder scaffold runs in: the service folder of a monorepo, else the copy itself."""
    services = sorted((copy / "services").glob("*")) if (copy / "services").is_dir() else []
    return services[0] if services else copy


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory, fast_template_module: Path) -> dict[str, Path]:
    """Each repository copied and given its container files by `scaffold new --defaults`, once."""
    from typer.testing import CliRunner

    from generator.cli import app

    runner = CliRunner()
    folders = {}
    for repository in REPOSITORIES:
        copy = tmp_path_factory.mktemp("detected") / repository.name
        shutil.copytree(repository, copy)
        folder = _app_folder(repository, copy)
        result = runner.invoke(app, ["new", str(folder), "--defaults"])
        assert result.exit_code == 0, f"scaffold new {repository.name}:\n{result.stdout}\n{result.stderr}"
        folders[f"{repository.parent.name}/{repository.name}"] = folder
    return folders


@pytest.fixture(scope="module")
def fast_template_module(plain_template: Path) -> Iterator[Path]:
    """Point scaffold at a plain copy of its template for the whole module (no git clone per render)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SCAFFOLD_TEMPLATE", str(plain_template))
        yield plain_template


IDS = [f"{path.parent.name}/{path.name}" for path in REPOSITORIES]


@pytest.fixture(scope="module")
def lint_runs(request: pytest.FixtureRequest, rendered: dict[str, Path]) -> Iterator[LintRuns]:
    """Each linter run once over every repository's output."""
    runs = LintRuns(
        {name: (linter, rendered) for name, linter in tools.LINTERS.items()}, wanted=linters_selected(request)
    )
    yield runs
    runs.close()


@pytest.mark.parametrize("linter", sorted(tools.LINTERS))
@pytest.mark.parametrize("repository", IDS)
def test_detected_defaults_have_zero_findings(repository: str, linter: str, lint_runs: LintRuns) -> None:
    findings = lint_runs.findings(linter, repository)
    assert findings == [], "\n".join(findings)


@pytest.mark.parametrize("repository", IDS)
def test_detected_defaults_pass_scaffold_check(repository: str, rendered: dict[str, Path]) -> None:
    result = check([rendered[repository]])
    assert [f"{f.file.name}:{f.line}: {f.rule.id} {f.message}" for f in result.findings] == []


def test_every_language_has_a_repository(cli_invoke: Invoke) -> None:
    """The repositories above cover each language scaffold supports, as detection sees them."""
    import json

    languages = set()
    for repository in REPOSITORIES:
        folder = _app_folder(repository, repository)
        found = json.loads(cli_invoke(["detect", str(folder), "--json"]).stdout)
        languages.add(found["answers"].get("language", {}).get("value"))
    assert languages >= {"python", "node", "go", "rust", "java"}
