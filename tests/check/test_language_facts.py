"""Each language's check.py: scaffold check loads it (and no detector), and it knows its own Dockerfiles."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator.check.dockerfile_syntax import parse_dockerfile
from generator.check.runs import run_commands
from generator.languages import LANGUAGES

from ..conftest import REPO
from ..variants import MATRIX

SCRIPT = """
import json, sys
from pathlib import Path
from generator.commands.check import check
assert check([Path(sys.argv[1])]).findings
print(json.dumps(sorted(name for name in sys.modules if name.startswith("generator."))))
"""


def test_checking_reads_every_language_check_module_and_no_detector(tmp_path: Path) -> None:
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text(
        "FROM python:3.12\nCOPY . .\nRUN pip install -r requirements.txt\n", encoding="utf-8"
    )
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(dockerfile)], cwd=REPO, capture_output=True, text=True, check=True
    )
    loaded = set(json.loads(done.stdout))
    assert {f"generator.languages.{name}.check" for name in LANGUAGES} <= loaded
    assert (
        sorted(name for name in loaded if name.endswith(".detect") or name.startswith("generator.detect"))
        == []
    )


@pytest.mark.parametrize("variant", sorted(MATRIX))
def test_each_language_recognises_the_install_in_its_own_dockerfiles(variant: str) -> None:
    """The language's check.py names the dependency install of every Dockerfile scaffold writes for it."""
    language = LANGUAGES[MATRIX[variant].language]
    dockerfile = parse_dockerfile(
        (REPO / "tests" / "golden" / variant / "Dockerfile").read_text(encoding="utf-8"),
        path=Path("Dockerfile"),
    )
    facts = language.check_facts()
    installs = {
        tool
        for stage in dockerfile.stages
        for run in stage.of("RUN")
        for command in run_commands(run)
        if (tool := facts.installer(command, dependencies_only=True))
    }
    if MATRIX[variant].go_vendor:
        # A vendored Go module installs nothing: vendor/ comes with the source, and go build reads it.
        assert installs == set()
        return
    assert installs, f"{language.name}/check.py recognises no install in tests/golden/{variant}/Dockerfile"
