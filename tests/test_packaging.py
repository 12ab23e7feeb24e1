"""The wheel carries the template, so an installed scaffold renders with no source checkout."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from .conftest import REPO

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

#: Copier writes this folder (as .github) only when ci is github.
CI_FOLDER = "generator/_template/templates/{% if ci == 'github' %}.github{% endif %}"


def test_the_test_extras_hold_the_build_backend() -> None:
    """The wheel below is built with the backend the test extras install: the one the build requires."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    (backend,) = project["build-system"]["requires"]
    assert backend in project["project"]["optional-dependencies"]["test"]


def test_wheel_ships_copier_yml_templates_and_includes(tmp_path: Path) -> None:
    # No isolated build environment: the test extras hold the build backend (checked above).
    pip = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet"]
    subprocess.run(
        [*pip, "-w", str(tmp_path), str(REPO)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("scaffold-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        "generator/_template/copier.yml",
        "generator/_template/templates/Dockerfile.jinja",
        "generator/_template/templates/compose.yaml.jinja",
        "generator/_template/templates/.dockerignore.jinja",
        "generator/_template/templates/README.Docker.md.jinja",
        "generator/_template/templates/{{ _copier_conf.answers_file }}.jinja",
        f"{CI_FOLDER}/dependabot.yml.jinja",
        f"{CI_FOLDER}/workflows/container.yml.jinja",
        "generator/_template/includes/python/Dockerfile.jinja",
        "generator/_template/includes/common.jinja",
        "generator/_template/template-history.bundle",
        "generator/cli.py",
    }
    assert expected <= names
    assert not any(name.startswith(("tests/", "generator/_template/tests")) for name in names)
