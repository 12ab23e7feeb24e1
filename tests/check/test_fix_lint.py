"""The fixed corpus still reads as Docker and Compose read it: hadolint parses every fixed Dockerfile, and
``docker compose config`` accepts every fixed compose file.

hadolint runs once over all the Dockerfiles, the corpus's and the fixed ones side by side, so a file the
fixes made unreadable stands out against its original (one corpus file uses syntax hadolint does not know).
Compose validates one project per run, and the fixed files define services of the same names, so
``config`` runs once per fixed compose file; each starts in a fraction of a second.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.commands.check_fix import fix

from ..lint.tools import ToolMissing, find_tool

pytestmark = pytest.mark.lint

CORPUS = Path(__file__).resolve().parent / "corpus"
# What the corpus's compose files read from elsewhere: the variables they use and the file one extends.
STAND_INS = {"PROXY_IMAGE": "example/proxy:1.0", "POSTGRES_PASSWORD": "x", "SENTRY_DSN": "x"}
COMMON = "services:\n  base:\n    image: example/base:1.0\n"


def _tool(name: str) -> str:
    try:
        return find_tool(name)
    except ToolMissing as missing:
        if os.environ.get("CI"):
            pytest.fail(f"{missing} (CI must install every linter)")
        pytest.skip(str(missing))


@pytest.fixture(scope="module")
def fixed_corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    """The corpus copied and fixed; returns the copy and the files the fixes changed."""
    folder = tmp_path_factory.mktemp("fixed") / "corpus"
    shutil.copytree(CORPUS, folder)
    paths = sorted(path for path in folder.iterdir() if not path.name.endswith(".dockerignore"))
    outcome = fix(paths)
    return folder, [change.path for change in outcome.changes]


def test_fixed_dockerfiles_still_parse_under_hadolint(fixed_corpus: tuple[Path, list[Path]]) -> None:
    _, changed = fixed_corpus
    dockerfiles = [path for path in changed if not path.name.endswith((".yaml", ".yml"))]
    assert dockerfiles, "the corpus has Dockerfiles to fix"
    originals = [CORPUS / path.name for path in dockerfiles]
    done = subprocess.run(
        [
            _tool("hadolint"),
            "--no-fail",
            "--no-color",
            "--format",
            "json",
            *map(str, originals + dockerfiles),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    reports = json.loads(done.stdout)
    linted = {Path(report["file"]) for report in reports}
    unparsed = {Path(report["file"]) for report in reports if report["code"] == "DL1000"}
    assert linted & set(dockerfiles), "hadolint reported nothing on the fixed files"
    broken = [path.name for path in dockerfiles if path in unparsed and CORPUS / path.name not in unparsed]
    assert broken == []


def test_fixed_compose_files_pass_compose_config(fixed_corpus: tuple[Path, list[Path]]) -> None:
    folder, changed = fixed_corpus
    composes = [path for path in changed if path.name.endswith((".yaml", ".yml"))]
    assert composes, "the corpus has compose files to fix"
    (folder / "common.yaml").write_text(COMMON, encoding="utf-8")
    compose = _tool("docker-compose")
    for path in composes:
        done = subprocess.run(
            [compose, "--file", path.name, "--project-directory", ".", "config", "--quiet"],
            cwd=folder,
            env={**os.environ, **STAND_INS, "COMPOSE_PROFILES": ""},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, f"{path.name}: {done.stderr}"
