"""``scaffold check`` stays cheap to load: checking a Dockerfile imports no heavy library.

A fresh interpreter imports the check, loads every rule and checks one Dockerfile, then reports which of
the libraries the other commands use got imported on the way. PyYAML is only for compose files.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from ..conftest import REPO

HEAVY = ("copier", "questionary", "pydantic", "typer", "click", "jinja2", "rich", "yaml")
SCRIPT = """
import json, sys
from pathlib import Path
from generator.check.registry import all_rules
from generator.commands.check import check
import generator.check.docs, generator.check.report, generator.check.sarif
assert len(all_rules()) > 0
result = check([Path(sys.argv[1])])
assert result.findings
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""


def test_checking_a_dockerfile_imports_no_heavy_library(tmp_path: Path) -> None:
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text("FROM python:3.12-slim\nCMD python app.py\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(dockerfile)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = set(json.loads(done.stdout))
    assert "generator" in loaded
    assert sorted(loaded.intersection(HEAVY)) == []


def test_checking_a_compose_file_loads_yaml_then(tmp_path: Path) -> None:
    compose = tmp_path / "compose.yaml"
    compose.write_text("services:\n  app:\n    image: example/app:1.0\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(compose)], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert "yaml" in set(json.loads(done.stdout))
