"""An organisation's own Copier template embeds scaffold's files; each part updates on its own."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import copier
import pytest
import yaml
from plumbum import local

from generator.commands.update import update

from .conftest import REPO
from .test_update import edit, git, release

EXAMPLE = REPO / "docs" / "examples" / "org-template"


@pytest.fixture
def org_template(tmp_path: Path) -> Path:
    template = tmp_path / "org-template"
    shutil.copytree(EXAMPLE, template)
    git(template, "init", "--quiet", "--initial-branch=main")
    release(template, "v1.0.0")
    return template


def test_org_template_embeds_scaffold_and_both_update_independently(
    org_template: Path, tmp_path: Path
) -> None:
    # The template's task runs the `scaffold` command: the one installed beside this interpreter.
    # Copier runs tasks with plumbum's copy of the environment, so PATH is set there.
    project = tmp_path / "payments"
    with local.env(
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        SCAFFOLD_CACHE_DIR=os.environ["SCAFFOLD_CACHE_DIR"],
    ):
        copier.run_copy(
            str(org_template),
            project,
            data={"project_name": "payments", "team": "fintech"},
            defaults=True,
            quiet=True,
            unsafe=True,
        )
    org_answers = yaml.safe_load((project / ".copier-answers.org.yml").read_text())
    scaffold_answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert org_answers["team"] == "fintech" and org_answers["_commit"] == "v1.0.0"
    assert scaffold_answers["app_name"] == "payments"
    assert scaffold_answers["entrypoint"] == "app:app"  # detected from the org template's app.py
    assert (project / "CODEOWNERS").read_text() == "* @example/fintech\n"
    assert "USER 10001:10001" in (project / "Dockerfile").read_text()
    git(project, "init", "--quiet", "--initial-branch=main")
    git(project, "add", "--all")
    git(project, "commit", "--quiet", "-m", "new service")

    # The organisation releases v2 of its template; only its own files change.
    edit(org_template / "template" / "Makefile.jinja", ".PHONY: up down", ".PHONY: up down logs")
    (org_template / "template" / "Makefile.jinja").write_text(
        (org_template / "template" / "Makefile.jinja").read_text() + "\nlogs:\n\tdocker compose logs -f\n"
    )
    release(org_template, "v2.0.0")
    dockerfile_before = (project / "Dockerfile").read_text()
    copier.run_update(
        project,
        answers_file=".copier-answers.org.yml",
        defaults=True,
        overwrite=True,
        quiet=True,
        unsafe=True,
    )
    assert "logs:" in (project / "Makefile").read_text()
    assert (project / "Dockerfile").read_text() == dockerfile_before
    assert yaml.safe_load((project / ".copier-answers.org.yml").read_text())["_commit"] == "v2.0.0"
    git(project, "commit", "--quiet", "--all", "-m", "org template v2")

    # scaffold's part updates on its own, leaving the organisation's files alone.
    result = update(project, data={"memory": "1g"})
    assert "compose.yaml" in result.changed and "Makefile" not in result.changed
    assert "logs:" in (project / "Makefile").read_text()
    assert subprocess.run(
        ["git", "status", "--porcelain"], cwd=project, capture_output=True, text=True
    ).stdout
