"""The lint harness never lets a broken tool pass: shown with stand-in tools that misbehave on purpose.

Each linter of tests/lint/tools.py runs here on two projects against a stand-in executable that crashes,
prints what cannot be parsed, checks nothing, or checks only the first project. Every project the tool did
not check must get a finding of its own; the project it did check, cleanly, must get none. These need no
real linter, so they run in the fast tier.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from . import kubernetes, tools


@dataclass(frozen=True)
class Tool:
    """A linter, the executable it runs, and what a stand-in prints when it checked only p000."""

    linter: tools.Linter
    executable: str
    prefix: str
    first_only: str
    first_only_stderr: str = ""
    nothing: str = ""
    nothing_stderr: str = ""
    #: What it prints, and its exit code, when p000 is clean and p001 has one finding.
    mixed: str = ""
    mixed_stderr: str = ""
    mixed_code: int = 1


_WORKFLOW = tools.WORKFLOW.as_posix()
_DEPENDABOT = tools.DEPENDABOT.as_posix()
_K8S = kubernetes.RENDERED.as_posix()


def _checkstyle(files: str) -> str:
    return f'<?xml version="1.0"?><checkstyle version="4.3">{files}</checkstyle>'


_HADOLINT_FINDING = '<error line="1" severity="warning" message="m" source="DL3000"/>'


def _trivy(*results: dict[str, Any]) -> str:
    return json.dumps({"Results": list(results)})


def _trivy_result(project: str, failures: int = 0, file: str = "Dockerfile") -> dict[str, Any]:
    found = [
        {
            "ID": "DS001",
            "Status": "FAIL",
            "Severity": "LOW",
            "Title": "t",
            "Message": "m",
            "CauseMetadata": {},
        }
    ]
    return {
        "Target": f"{project}/{file}",
        "MisconfSummary": {"Successes": 3, "Failures": failures},
        "Misconfigurations": found * failures,
    }


def _checkov(path: str, passed: tuple[str, ...], failed: tuple[str, ...] = ()) -> str:
    def check(project: str) -> dict[str, Any]:
        return {
            "check_id": "CKV_1",
            "check_name": "n",
            "file_path": f"/{project}/{path}",
            "file_line_range": [1, 1],
        }

    results = {"passed_checks": [check(p) for p in passed], "failed_checks": [check(p) for p in failed]}
    summary = {"passed": len(passed), "failed": len(failed), "parsing_errors": 0}
    return json.dumps({"results": results, "summary": summary})


def _dclint(*files: tuple[str, int]) -> str:
    message = {"rule": "r", "line": 1, "type": "error", "message": "m"}
    return json.dumps(
        [{"filePath": f"{project}/compose.yaml", "messages": [message] * n} for project, n in files]
    )


def _zizmor_finding(project: str) -> list[dict[str, Any]]:
    local = {"Local": {"verbatim_path": f"{project}/{_WORKFLOW}"}}
    location = {"symbolic": {"key": local}, "concrete": {"location": {"start_point": {"row": 0}}}}
    return [{"ident": "x", "desc": "d", "determinations": {"severity": "Low"}, "locations": [location]}]


def _validated(*projects: str) -> str:
    return "".join(
        f"INFO {project}/{_K8S} passed for resource namespace/x against version 1.32\n"
        for project in projects
    )


def _completed(*projects: str) -> str:
    return "".join(
        f"INFO completed {project}/{path}\n" for project in projects for path in (_WORKFLOW, _DEPENDABOT)
    )


TOOLS = {
    "hadolint": Tool(
        tools.hadolint,
        "hadolint",
        "hadolint:",
        first_only=_checkstyle('<file name="p000/Dockerfile"/>'),
        nothing=_checkstyle(""),
        mixed=_checkstyle(
            f'<file name="p000/Dockerfile"/><file name="p001/Dockerfile">{_HADOLINT_FINDING}</file>'
        ),
    ),
    "trivy_config": Tool(
        tools.trivy_config,
        "trivy",
        "trivy:",
        first_only=_trivy(_trivy_result("p000")),
        nothing=_trivy(),
        mixed=_trivy(_trivy_result("p000"), _trivy_result("p001", failures=1)),
        mixed_code=0,  # trivy runs with --exit-code 0
    ),
    "checkov_dockerfile": Tool(
        tools.checkov_dockerfile,
        "checkov",
        "checkov:",
        first_only=_checkov("Dockerfile", ("p000",)),
        nothing=_checkov("Dockerfile", ()),
        mixed=_checkov("Dockerfile", ("p000", "p001"), ("p001",)),
    ),
    "dclint": Tool(
        tools.dclint,
        "dclint",
        "dclint:",
        first_only=_dclint(("p000", 0)),
        nothing=_dclint(),
        mixed=_dclint(("p000", 0), ("p001", 1)),
    ),
    "checkov_github_actions": Tool(
        tools.checkov_github_actions,
        "checkov",
        "checkov:",
        first_only=_checkov(_WORKFLOW, ("p000",)),
        nothing=_checkov(_WORKFLOW, ()),
        mixed=_checkov(_WORKFLOW, ("p000", "p001"), ("p001",)),
    ),
    "kubernetes_validate": Tool(
        kubernetes.kubernetes_validate,
        "kubernetes-validate",
        "kubernetes-validate:",
        first_only=_validated("p000"),
        nothing="",
        mixed=_validated("p000")
        + f"ERROR p001/{_K8S} did not validate for resource namespace/x against version "
        "1.32: metadata.name: 1 is not of type 'string'\n",
    ),
    "checkov_kubernetes": Tool(
        kubernetes.checkov_kubernetes,
        "checkov",
        "checkov:",
        first_only=_checkov(_K8S, ("p000",)),
        nothing=_checkov(_K8S, ()),
        mixed=_checkov(_K8S, ("p000", "p001"), ("p001",)),
    ),
    "trivy_kubernetes": Tool(
        kubernetes.trivy_kubernetes,
        "trivy",
        "trivy:",
        first_only=_trivy(_trivy_result("p000", file=_K8S)),
        nothing=_trivy(),
        mixed=_trivy(_trivy_result("p000", file=_K8S), _trivy_result("p001", failures=1, file=_K8S)),
        mixed_code=0,
    ),
    "zizmor": Tool(
        tools.zizmor,
        "zizmor",
        "zizmor:",
        first_only="[]",
        first_only_stderr=_completed("p000"),
        nothing="[]",
        mixed=json.dumps(_zizmor_finding("p001")),
        mixed_stderr=_completed("p000", "p001"),
        mixed_code=11,  # zizmor's exit code for findings of low severity at most
    ),
}

PROJECT_FILES = {
    "Dockerfile": "FROM scratch\n",
    "compose.yaml": "services:\n  app:\n    image: app\n",
    _WORKFLOW: "on: push\n",
    _DEPENDABOT: "version: 2\n",
    _K8S: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n",
}


def _projects(tmp_path: Path) -> list[Path]:
    projects = []
    for name in ("one", "two"):
        for path, text in PROJECT_FILES.items():
            (tmp_path / name / path).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / name / path).write_text(text, encoding="utf-8")
        projects.append(tmp_path / name)
    return projects


def _stand_in(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    *,
    stdout: str,
    stderr: str = "",
    code: int = 0,
) -> None:
    """Put an executable ``name`` first on PATH that prints ``stdout`` and ``stderr`` and exits ``code``."""
    folder = tmp_path / "bin"
    folder.mkdir()
    (folder / "stdout").write_text(stdout, encoding="utf-8")
    (folder / "stderr").write_text(stderr, encoding="utf-8")
    tool = folder / name
    tool.write_text(f'#!/bin/sh\ncat "{folder}/stdout"\ncat "{folder}/stderr" >&2\nexit {code}\n')
    tool.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")


@pytest.mark.parametrize("name", sorted(TOOLS))
def test_a_tool_that_checked_only_the_first_project_fails_the_second(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tool = TOOLS[name]
    _stand_in(tmp_path, monkeypatch, tool.executable, stdout=tool.first_only, stderr=tool.first_only_stderr)
    one, two = _projects(tmp_path)
    findings = tool.linter([one, two])
    assert findings[one] == []  # the stand-in's clean report of p000 is read as clean
    assert findings[two] != [] and all(f.startswith(tool.prefix) for f in findings[two]), findings[two]


@pytest.mark.parametrize(
    ("stdout", "stderr", "code"),
    [("", "Segmentation fault\n", 139), ("", "", 2), ("this is not a report", "", 0)],
    ids=["crash", "exit-2", "unparsable"],
)
@pytest.mark.parametrize("name", sorted(TOOLS))
def test_a_broken_run_is_a_finding_for_every_project(
    name: str, stdout: str, stderr: str, code: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tool = TOOLS[name]
    _stand_in(tmp_path, monkeypatch, tool.executable, stdout=stdout, stderr=stderr, code=code)
    findings = tool.linter(_projects(tmp_path))
    assert all(any(f.startswith(tool.prefix) for f in found) for found in findings.values()), findings


@pytest.mark.parametrize("name", sorted(TOOLS))
def test_a_run_that_checked_nothing_is_a_finding_for_every_project(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tool = TOOLS[name]
    _stand_in(tmp_path, monkeypatch, tool.executable, stdout=tool.nothing, stderr=tool.nothing_stderr)
    findings = tool.linter(_projects(tmp_path))
    assert all(any(f.startswith(tool.prefix) for f in found) for found in findings.values()), findings


@pytest.mark.parametrize("name", sorted(TOOLS))
def test_a_finding_stays_with_its_project(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One finding on p001's file is p001's alone; p000, reported clean, has none."""
    tool = TOOLS[name]
    _stand_in(
        tmp_path,
        monkeypatch,
        tool.executable,
        stdout=tool.mixed,
        stderr=tool.mixed_stderr,
        code=tool.mixed_code,
    )
    one, two = _projects(tmp_path)
    findings = tool.linter([one, two])
    assert findings[one] == [], findings
    assert len(findings[two]) == 1 and not findings[two][0].startswith(tool.prefix), findings
