"""Run the real linters of the "lint tier" on a rendered project directory.

Each linter function takes the path of a rendered project (a directory holding
``Dockerfile``, ``.dockerignore`` and ``compose.yaml``; with ``ci: github``
also ``.github/workflows/container.yml`` and ``.github/dependabot.yml``) and
returns a list of human-readable findings, ``"<rule id> <file>:<line>:
<message>"``. An empty list means the tool ran, checked something, and found
nothing. :data:`LINTERS` check every project, :data:`WORKFLOW_LINTERS` the CI
files of the projects that have them.

A check must never pass silently: a tool that crashes, times out, prints
output that cannot be parsed, or checks nothing at all produces a finding
(prefixed ``"<tool>: "``) instead of an empty list. A tool that is not
installed raises :class:`ToolMissing`.

Tools are looked up on ``PATH`` first, then in ``$SCAFFOLD_TOOLS_DIR/bin``
(default ``~/.cache/scaffold-tools/bin``), which ``scripts/install-tools.sh``
fills. Every tool runs offline: no rule or database update is attempted.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

__all__ = [
    "CONFIG_DIR",
    "LINTERS",
    "WORKFLOW",
    "WORKFLOW_LINTERS",
    "ToolMissing",
    "checkov_dockerfile",
    "checkov_github_actions",
    "compose_config",
    "dclint",
    "find_tool",
    "hadolint",
    "tool_versions",
    "tools_bin_dir",
    "trivy_config",
    "zizmor",
]

#: Directory holding the linter configuration files (this file's directory).
CONFIG_DIR = Path(__file__).resolve().parent
HADOLINT_CONFIG = CONFIG_DIR / "hadolint.yaml"
DCLINT_CONFIG = CONFIG_DIR / "dclint.json"
ZIZMOR_CONFIG = CONFIG_DIR / "zizmor.yml"

#: The GitHub Actions workflow a project rendered with ``ci: github`` has, and its Dependabot config.
WORKFLOW = Path(".github/workflows/container.yml")
DEPENDABOT = Path(".github/dependabot.yml")

#: Seconds one tool run may take before it counts as a finding.
TIMEOUT = float(os.environ.get("SCAFFOLD_LINT_TIMEOUT", "300"))

_INSTALL_HINT = "run scripts/install-tools.sh and put $SCAFFOLD_TOOLS_DIR/bin on PATH"


class ToolMissing(RuntimeError):
    """A linter executable is not installed (neither on PATH nor in the tools dir)."""

    def __init__(self, tool: str, detail: str = "") -> None:
        self.tool = tool
        message = f"{tool} is not installed ({_INSTALL_HINT})"
        if detail:
            message = f"{message}: {detail}"
        super().__init__(message)


def tools_bin_dir() -> Path:
    """Return ``$SCAFFOLD_TOOLS_DIR/bin`` (default ``~/.cache/scaffold-tools/bin``)."""
    root = os.environ.get("SCAFFOLD_TOOLS_DIR") or str(Path.home() / ".cache" / "scaffold-tools")
    return Path(root) / "bin"


def find_tool(name: str) -> str:
    """Return the path of executable ``name``: PATH first, then the tools dir.

    Raises:
        ToolMissing: if the executable is found in neither place.
    """
    found = shutil.which(name)
    if found:
        return found
    candidate = tools_bin_dir() / name
    if candidate.is_file() and os.access(candidate, os.X_OK):
        return str(candidate)
    raise ToolMissing(name)


class _Run:
    """Result of one tool run (a thin, typed view of CompletedProcess)."""

    def __init__(self, returncode: int, stdout: str, stderr: str) -> None:
        self.returncode = returncode
        self.stdout = stdout
        self.stderr = stderr

    def tail(self, limit: int = 800) -> str:
        """Return the end of stderr+stdout, for findings that explain a failure."""
        text = (self.stderr.strip() + "\n" + self.stdout.strip()).strip()
        return text[-limit:] if len(text) > limit else text


def _run(
    tool: str,
    argv: Sequence[str],
    *,
    cwd: Path,
    env: dict[str, str] | None = None,
) -> _Run | str:
    """Run ``argv`` (argv[0] already resolved) and return its result.

    Returns a finding string instead when the tool times out or cannot start.
    """
    full_env = dict(os.environ)
    full_env.update(env or {})
    try:
        proc = subprocess.run(
            list(argv),
            cwd=cwd,
            env=full_env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return f"{tool}: timed out after {TIMEOUT:.0f}s: {' '.join(argv)}"
    except OSError as exc:
        raise ToolMissing(tool, str(exc)) from exc
    return _Run(proc.returncode, proc.stdout, proc.stderr)


def _require_file(tool: str, path: Path) -> str | None:
    """Return a finding when a file the tool must check does not exist."""
    if not path.is_file():
        return f"{tool}: {path.name} not found in {path.parent}"
    return None


def _load_json(tool: str, run: _Run) -> tuple[Any, str | None]:
    """Parse a tool's JSON stdout; on failure return ``(None, finding)``."""
    try:
        return json.loads(run.stdout), None
    except json.JSONDecodeError:
        return None, (
            f"{tool}: exit code {run.returncode} with unparseable output: {run.tail() or '<empty>'}"
        )


# --------------------------------------------------------------------------- hadolint


def hadolint(project: Path) -> list[str]:
    """Lint ``project/Dockerfile`` with hadolint and ``tests/lint/hadolint.yaml``.

    Command: ``hadolint --config tests/lint/hadolint.yaml --format json
    --no-color Dockerfile``. The config sets failure-threshold ``style``,
    switches on the rules hadolint ships disabled (DL1001, DL3057, DL3063),
    trusted registries (DL3026) and the OCI label schema (DL3049-DL3056).
    Exit code 1 means findings; 0 means clean.
    """
    exe = find_tool("hadolint")
    dockerfile = project / "Dockerfile"
    missing = _require_file("hadolint", dockerfile)
    if missing:
        return [missing]
    # hadolint reports nothing for an empty file: that must not pass.
    if not re.search(r"^\s*FROM\s", dockerfile.read_text(encoding="utf-8"), re.I | re.M):
        return ["hadolint: Dockerfile has no FROM instruction (nothing was linted)"]
    run = _run(
        "hadolint",
        [exe, "--config", str(HADOLINT_CONFIG), "--format", "json", "--no-color", "Dockerfile"],
        cwd=project,
    )
    if isinstance(run, str):
        return [run]
    data, error = _load_json("hadolint", run)
    if error:
        return [error]
    if not isinstance(data, list):
        return [f"hadolint: unexpected JSON (not a list): {run.tail()}"]
    findings = [
        f"{item.get('code', '?')} Dockerfile:{item.get('line', '?')}: "
        f"[{item.get('level', '?')}] {item.get('message', '')}"
        for item in data
        if isinstance(item, dict)
    ]
    if run.returncode not in (0, 1) or (run.returncode == 1 and not findings):
        findings.append(f"hadolint: exit code {run.returncode}: {run.tail()}")
    return findings


# --------------------------------------------------------------------------- trivy

_TRIVY_ARGS = (
    "config",
    "--skip-check-update",  # use the checks embedded in the binary; no OCI download
    "--skip-version-check",
    "--disable-telemetry",
    "--quiet",
    "--format",
    "json",
    "--exit-code",
    "0",
    "--misconfig-scanners",
    "dockerfile",
    "--ignorefile",
    "",  # a .trivyignore in the project must not hide findings
    "--config",
    "",  # nor a trivy.yaml
    "--skip-dirs",
    ".git",
)


def trivy_config(project: Path) -> list[str]:
    """Scan the project with ``trivy config`` (Dockerfile misconfiguration checks).

    Runs fully offline with the checks embedded in the trivy binary
    (``--skip-check-update``); see ``_TRIVY_ARGS`` for the exact flags. Every
    FAIL of any severity is a finding; a run that checked no Dockerfile is a
    finding too.
    """
    exe = find_tool("trivy")
    missing = _require_file("trivy", project / "Dockerfile")
    if missing:
        return [missing]
    with tempfile.TemporaryDirectory(prefix="scaffold-trivy-") as cache_dir:
        run = _run(
            "trivy",
            [exe, *_TRIVY_ARGS, "--cache-dir", cache_dir, "."],
            cwd=project,
            env={"TRIVY_NO_PROGRESS": "true"},
        )
    if isinstance(run, str):
        return [run]
    if run.returncode != 0:
        return [f"trivy: exit code {run.returncode}: {run.tail()}"]
    data, error = _load_json("trivy", run)
    if error:
        return [error]
    if not isinstance(data, dict):
        return [f"trivy: unexpected JSON (not an object): {run.tail()}"]
    findings: list[str] = []
    checked = 0
    for result in data.get("Results") or []:
        target = result.get("Target", "?")
        summary = result.get("MisconfSummary") or {}
        checked += int(summary.get("Successes", 0)) + int(summary.get("Failures", 0))
        for misconf in result.get("Misconfigurations") or []:
            if misconf.get("Status") != "FAIL":
                continue
            cause = misconf.get("CauseMetadata") or {}
            line = cause.get("StartLine") or "?"
            findings.append(
                f"{misconf.get('ID', '?')} {target}:{line}: [{misconf.get('Severity', '?')}] "
                f"{misconf.get('Title', '')}: {misconf.get('Message', '')}"
            )
    if checked == 0:
        findings.append("trivy: no Dockerfile check was run (0 successes, 0 failures)")
    return findings


# --------------------------------------------------------------------------- checkov


def checkov_dockerfile(project: Path) -> list[str]:
    """Scan ``project/Dockerfile`` with checkov's dockerfile framework.

    Command: ``checkov --file Dockerfile --framework dockerfile --skip-download
    --output json --compact`` with ``BC_SKIP_MAPPING=TRUE`` so no
    guideline/mapping download is attempted. Zero checks run counts as a
    finding (checkov exits 0 in that case).
    """
    return _checkov(
        project,
        Path("Dockerfile"),
        framework="dockerfile",
        env={"CHECKOV_RUN_SCA_PACKAGE_SCAN_V2": "false"},
        nothing_checked="checkov: zero checks were run on the Dockerfile",
    )


def _checkov(
    project: Path, target: Path, *, framework: str, env: dict[str, str], nothing_checked: str
) -> list[str]:
    """Run checkov on one file of ``project`` with one framework; zero checks run is a finding."""
    exe = find_tool("checkov")
    missing = _require_file("checkov", project / target)
    if missing:
        return [missing]
    run = _run(
        "checkov",
        [
            exe,
            "--file",
            target.as_posix(),
            "--framework",
            framework,
            "--skip-download",
            "--output",
            "json",
            "--compact",
        ],
        cwd=project,
        env={"BC_SKIP_MAPPING": "TRUE", "LOG_LEVEL": "WARNING", **env},
    )
    if isinstance(run, str):
        return [run]
    data, error = _load_json("checkov", run)
    if error:
        return [error]
    reports: list[Any] = data if isinstance(data, list) else [data]
    findings: list[str] = []
    checks_run = 0
    for report in reports:
        if not isinstance(report, dict):
            return [f"checkov: unexpected JSON: {run.tail()}"]
        summary = report.get("summary", report)
        checks_run += int(summary.get("passed", 0)) + int(summary.get("failed", 0))
        if int(summary.get("parsing_errors", 0)):
            findings.append(f"checkov: {summary['parsing_errors']} parsing error(s)")
        for check in (report.get("results") or {}).get("failed_checks") or []:
            lines = check.get("file_line_range") or ["?"]
            rule, name = check.get("check_id", "?"), check.get("check_name", "")
            findings.append(f"{rule} {target.as_posix()}:{lines[0]}: {name}")
    if checks_run == 0:
        findings.append(nothing_checked)
    if run.returncode not in (0, 1) or (run.returncode == 1 and not findings):
        findings.append(f"checkov: exit code {run.returncode}: {run.tail()}")
    return findings


# --------------------------------------------------------------------------- dclint


def dclint(project: Path) -> list[str]:
    """Lint ``project/compose.yaml`` with dclint and ``tests/lint/dclint.json``.

    Command: ``dclint compose.yaml --config tests/lint/dclint.json
    --formatter json --max-warnings 0``. The config turns every rule on at
    level 2 (error). dclint validates the file against the Compose schema
    first (rule ids ``invalid-yaml`` / ``invalid-schema``). Exit code 1 means
    findings.
    """
    exe = find_tool("dclint")
    missing = _require_file("dclint", project / "compose.yaml")
    if missing:
        return [missing]
    run = _run(
        "dclint",
        [
            exe,
            "compose.yaml",
            "--config",
            str(DCLINT_CONFIG),
            "--formatter",
            "json",
            "--max-warnings",
            "0",
            "--color",
            "false",
        ],
        cwd=project,
        env={"NO_COLOR": "1"},
    )
    if isinstance(run, str):
        return [run]
    data, error = _load_json("dclint", run)
    if error:
        return [error]
    if not isinstance(data, list):
        return [f"dclint: unexpected JSON (not a list): {run.tail()}"]
    findings: list[str] = []
    linted = False
    for file_result in data:
        if not isinstance(file_result, dict):
            continue
        path = file_result.get("filePath", "?")
        linted = linted or Path(str(path)).name == "compose.yaml"
        for msg in file_result.get("messages") or []:
            findings.append(
                f"{msg.get('rule', '?')} {Path(str(path)).name}:{msg.get('line', '?')}: "
                f"[{msg.get('type', '?')}] {msg.get('message', '')}"
            )
    if not linted:
        findings.append(f"dclint: compose.yaml was not linted: {run.tail()}")
    if run.returncode not in (0, 1) or (run.returncode == 1 and not findings):
        findings.append(f"dclint: exit code {run.returncode}: {run.tail()}")
    return findings


# --------------------------------------------------------------------------- compose


def _compose_command() -> list[str]:
    """Return the argv prefix for Compose v2: ``docker compose`` or ``docker-compose``.

    ``docker compose`` (the CLI plugin) is preferred; the standalone v2
    binary from the tools dir is the fallback. Compose v1 is refused.

    Raises:
        ToolMissing: if neither works.
    """
    candidates: list[list[str]] = []
    with contextlib.suppress(ToolMissing):
        candidates.append([find_tool("docker"), "compose"])
    with contextlib.suppress(ToolMissing):
        candidates.append([find_tool("docker-compose")])
    problems: list[str] = []
    for prefix in candidates:
        try:
            proc = subprocess.run(
                [*prefix, "version", "--short"],
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
                stdin=subprocess.DEVNULL,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            problems.append(f"{' '.join(prefix)}: {exc}")
            continue
        version = proc.stdout.strip().lstrip("v")
        if proc.returncode == 0 and re.match(r"^([2-9]|\d{2,})\.", version):
            return prefix
        problems.append(f"{' '.join(prefix)} version: {proc.returncode} {version or proc.stderr.strip()}")
    raise ToolMissing("docker compose", "; ".join(problems) or "no docker or docker-compose found")


def compose_config(project: Path) -> list[str]:
    """Validate ``project/compose.yaml`` with ``docker compose config``.

    Command: ``docker compose --file compose.yaml --project-directory .
    config --format json`` (equivalent to ``config -q`` plus the rendered
    model, which is checked to define at least one service). Needs no Docker
    daemon. Any warning Compose prints (unset variables, obsolete
    ``version:``...) is a finding too.
    """
    prefix = _compose_command()
    missing = _require_file("compose", project / "compose.yaml")
    if missing:
        return [missing]
    run = _run(
        "docker compose",
        [
            *prefix,
            "--file",
            "compose.yaml",
            "--project-directory",
            ".",
            "config",
            "--format",
            "json",
        ],
        cwd=project,
        env={"DOCKER_CLI_HINTS": "false", "COMPOSE_PROFILES": ""},
    )
    if isinstance(run, str):
        return [run]
    findings: list[str] = []
    if run.returncode != 0:
        return [f"compose: config failed (exit {run.returncode}): {run.tail()}"]
    for line in run.stderr.splitlines():
        if line.strip():
            findings.append(f"compose: {line.strip()}")
    data, error = _load_json("compose", run)
    if error:
        return [*findings, error]
    if not isinstance(data, dict) or not data.get("services"):
        findings.append("compose: the rendered model defines no service")
    return findings


# --------------------------------------------------------------------------- workflows (ci: github)


def checkov_github_actions(project: Path) -> list[str]:
    """Scan ``project/.github/workflows/container.yml`` with checkov's github_actions framework.

    Command: ``checkov --file .github/workflows/container.yml --framework
    github_actions --skip-download --output json --compact``. checkov quietly
    skips a workflow that its own (older) workflow schema refuses, and then
    reports zero checks with exit code 0: that counts as a finding here.
    """
    return _checkov(
        project,
        WORKFLOW,
        framework="github_actions",
        env={},
        nothing_checked=f"checkov: zero checks were run on {WORKFLOW} (did its schema refuse the file?)",
    )


def zizmor(project: Path) -> list[str]:
    """Audit the workflow and the Dependabot config with zizmor.

    Command: ``zizmor --offline --no-progress --persona pedantic --config
    tests/lint/zizmor.yml --format json .github/workflows/container.yml
    .github/dependabot.yml``. ``--offline`` skips the audits that ask
    GitHub's API. The config accepts actions pinned to release tags instead
    of commit SHAs (see the file); nothing else is relaxed, and an inline
    ``zizmor: ignore`` comment in a file is a finding of its own. Exit codes:
    0 clean, 10-14 findings (by highest severity), anything else a failure.
    """
    exe = find_tool("zizmor")
    targets = [WORKFLOW, DEPENDABOT]
    findings = [missing for target in targets if (missing := _require_file("zizmor", project / target))]
    if findings:
        return findings
    for target in targets:
        if "zizmor: ignore" in (project / target).read_text(encoding="utf-8"):
            findings.append(f"zizmor: {target} holds an inline 'zizmor: ignore' comment")
    run = _run(
        "zizmor",
        [
            exe,
            "--offline",
            "--no-progress",
            "--persona",
            "pedantic",
            "--config",
            str(ZIZMOR_CONFIG),
            "--format",
            "json",
            *(target.as_posix() for target in targets),
        ],
        cwd=project,
        env={"NO_COLOR": "1"},
    )
    if isinstance(run, str):
        return [*findings, run]
    if run.returncode not in (0, 10, 11, 12, 13, 14):
        return [*findings, f"zizmor: exit code {run.returncode}: {run.tail()}"]
    data, error = _load_json("zizmor", run)
    if error:
        return [*findings, error]
    if not isinstance(data, list):
        return [*findings, f"zizmor: unexpected JSON (not a list): {run.tail()}"]
    for item in data:
        if not isinstance(item, dict):
            findings.append(f"zizmor: unexpected finding: {item!r}")
            continue
        location = (item.get("locations") or [{}])[0]
        symbolic = ((location.get("symbolic") or {}).get("key") or {}).get("Local") or {}
        path = symbolic.get("verbatim_path", "?")
        row = ((location.get("concrete") or {}).get("location") or {}).get("start_point", {}).get("row")
        line = row + 1 if isinstance(row, int) else "?"
        severity = (item.get("determinations") or {}).get("severity", "?")
        findings.append(f"{item.get('ident', '?')} {path}:{line}: [{severity}] {item.get('desc', '')}")
    if run.returncode == 0 and data:
        findings.append(f"zizmor: exit code 0 with {len(data)} finding(s)")
    if run.returncode != 0 and not data:
        findings.append(f"zizmor: exit code {run.returncode} without findings: {run.tail()}")
    for target in targets:
        if f"completed {target.as_posix()}" not in run.stderr:
            findings.append(f"zizmor: {target} was not audited: {run.tail()}")
    return findings


# --------------------------------------------------------------------------- registry

#: Every project linter, by name, in the order the lint tier runs them.
LINTERS: dict[str, Callable[[Path], list[str]]] = {
    "hadolint": hadolint,
    "trivy_config": trivy_config,
    "checkov_dockerfile": checkov_dockerfile,
    "dclint": dclint,
    "compose_config": compose_config,
}

#: Linters for the CI files, run on every variant rendered with ``ci: github`` (and only those: a
#: project without a workflow is a finding for them, never a pass).
WORKFLOW_LINTERS: dict[str, Callable[[Path], list[str]]] = {
    "checkov_github_actions": checkov_github_actions,
    "zizmor": zizmor,
}


def _first_line(argv: Sequence[str], pattern: str = r".+") -> str:
    """Run ``argv`` and return the first output line matching ``pattern``."""
    try:
        proc = subprocess.run(
            list(argv),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"error: {exc}"
    for line in (proc.stdout + "\n" + proc.stderr).splitlines():
        match = re.search(pattern, line.strip())
        if match:
            return match.group(0)
    return f"error: exit {proc.returncode}"


def tool_versions() -> dict[str, str]:
    """Return ``{tool: version}`` for every lint-tier tool; ``"missing"`` if absent."""
    specs: dict[str, tuple[str, list[str], str]] = {
        "hadolint": ("hadolint", ["--version"], r"\d+\.\d+\.\d+\S*"),
        "trivy": ("trivy", ["--version"], r"(?<=Version: )\S+"),
        "checkov": ("checkov", ["--version"], r"^\d+\.\d+\.\d+\S*$"),
        "shellcheck": ("shellcheck", ["--version"], r"(?<=version: )\S+"),
        "dclint": ("dclint", ["--version"], r"^\d+\.\d+\.\d+\S*$"),
        "zizmor": ("zizmor", ["--version"], r"(?<=zizmor )\S+"),
    }
    versions: dict[str, str] = {}
    for name, (tool, args, pattern) in specs.items():
        try:
            exe = find_tool(tool)
        except ToolMissing:
            versions[name] = "missing"
            continue
        versions[name] = _first_line([exe, *args], pattern)
    try:
        prefix = _compose_command()
    except ToolMissing:
        versions["compose"] = "missing"
    else:
        versions["compose"] = _first_line([*prefix, "version", "--short"], r"\S+")
    return versions


def main(argv: Sequence[str] | None = None) -> int:
    """CLI: ``python tests/lint/tools.py PROJECT_DIR [LINTER...]``; exit 1 on findings."""
    import sys

    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        print(json.dumps(tool_versions(), indent=2))
        return 0
    project = Path(args[0]).resolve()
    every = {**LINTERS, **WORKFLOW_LINTERS}
    names = args[1:] or [*LINTERS, *(WORKFLOW_LINTERS if (project / WORKFLOW).is_file() else [])]
    total = 0
    for name in names:
        findings = every[name](project)
        total += len(findings)
        print(f"== {name}: {len(findings)} finding(s)")
        for finding in findings:
            print(f"   {finding}")
    return 1 if total else 0


if __name__ == "__main__":
    raise SystemExit(main())
