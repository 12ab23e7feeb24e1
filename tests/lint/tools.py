"""Run the real linters of the "lint tier" on rendered project directories.

Each linter function takes the paths of rendered projects (directories holding
``Dockerfile``, ``.dockerignore`` and ``compose.yaml``; with ``ci: github``
also ``.github/workflows/container.yml`` and ``.github/dependabot.yml``) and
returns each project's list of human-readable findings, ``"<rule id>
<file>:<line>: <message>"``. An empty list means the tool ran, checked that
project's files, and found nothing. Every tool but ``docker compose config``
runs once for all the projects given (see ``batch.py``): starting checkov
costs seconds, checking one more file does not. :data:`LINTERS` check every
project, :data:`WORKFLOW_LINTERS` the CI files of the projects that have them;
:func:`lint_one` runs one linter on one project.

A check must never pass silently: a tool that crashes, times out, prints
output that cannot be parsed, checks nothing at all, or checks fewer files
than it was given produces a finding (prefixed ``"<tool>: "``) for each
project it did not check, instead of an empty list. A tool that is not
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
from xml.etree import ElementTree

from .batch import Batch, batch

__all__ = [
    "CONFIG_DIR",
    "LINTERS",
    "WORKFLOW",
    "WORKFLOW_LINTERS",
    "Linter",
    "ToolMissing",
    "checkov_dockerfile",
    "checkov_github_actions",
    "checkov_scan",
    "compose_config",
    "dclint",
    "find_tool",
    "hadolint",
    "lint_one",
    "tool_versions",
    "tools_bin_dir",
    "trivy_config",
    "trivy_scan",
    "zizmor",
]

#: Directory holding the linter configuration files (this file's directory).
CONFIG_DIR = Path(__file__).resolve().parent
HADOLINT_CONFIG = CONFIG_DIR / "hadolint.yaml"
DCLINT_CONFIG = CONFIG_DIR / "dclint.json"
ZIZMOR_CONFIG = CONFIG_DIR / "zizmor.yml"

#: The files every rendered project has.
DOCKERFILE = Path("Dockerfile")
COMPOSE = Path("compose.yaml")
#: The GitHub Actions workflow a project rendered with ``ci: github`` has, and its Dependabot config.
WORKFLOW = Path(".github/workflows/container.yml")
DEPENDABOT = Path(".github/dependabot.yml")

#: Seconds one tool run (over every project given) may take before it counts as a finding.
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
    unset: Sequence[str] = (),
) -> _Run | str:
    """Run ``argv`` (argv[0] already resolved) and return its result.

    ``env`` is added to this process's environment, and the variables in ``unset`` are taken out of it.
    Returns a finding string instead when the tool times out or cannot start.
    """
    full_env = dict(os.environ)
    full_env.update(env or {})
    for name in unset:
        full_env.pop(name, None)
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
        return f"{tool}: timed out after {TIMEOUT:.0f}s: {' '.join(argv[:12])}"
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


def _close_batch(
    tool: str,
    run: _Run,
    run_on: Batch,
    given: Sequence[Path],
    *,
    reported: int,
    unlinted: Sequence[Path] = (),
    what: str = "",
) -> None:
    """Add the findings every batch run of a "0 clean, 1 findings" linter ends with.

    A project the tool never reported on (``unlinted``) gets ``<tool>: <what> was not linted``; an exit
    code other than 0 or 1, or a 1 that came with no reported finding, is a failure of the tool.
    """
    for project in unlinted:
        run_on.add(project, f"{tool}: {what} was not linted: {run.tail()}")
    if run.returncode not in (0, 1) or (run.returncode == 1 and not reported):
        run_on.add_to(given, f"{tool}: exit code {run.returncode}: {run.tail()}")


# --------------------------------------------------------------------------- hadolint


def hadolint(projects: Sequence[Path]) -> dict[Path, list[str]]:
    """Lint each project's ``Dockerfile`` with hadolint and ``tests/lint/hadolint.yaml``, in one run.

    Command: ``hadolint --config tests/lint/hadolint.yaml --format checkstyle
    --no-color p000/Dockerfile p001/Dockerfile ...``. The config sets failure-threshold ``style``,
    switches on the rules hadolint ships disabled (DL3057, DL3063), honours inline pragmas (of which
    tests/test_python_build.py allows only DL3008 on the apt step of a Python answer's Debian packages),
    trusted registries (DL3026) and the OCI label schema (DL3049-DL3056).
    Exit code 1 means findings; 0 means clean. The checkstyle report names
    every file linted, clean or not, so a Dockerfile missing from it is a
    finding.
    """
    exe = find_tool("hadolint")
    with batch(projects) as run_on:
        given = []
        for project in run_on.projects:
            dockerfile = project / DOCKERFILE
            missing = _require_file("hadolint", dockerfile)
            if missing:
                run_on.add(project, missing)
            # hadolint reports nothing for an empty file: that must not pass.
            elif not re.search(r"^\s*FROM\s", dockerfile.read_text(encoding="utf-8"), re.I | re.M):
                run_on.add(project, "hadolint: Dockerfile has no FROM instruction (nothing was linted)")
            else:
                given.append(project)
        if not given:
            return run_on.findings
        run = _run(
            "hadolint",
            [
                exe,
                "--config",
                str(HADOLINT_CONFIG),
                "--format",
                "checkstyle",
                "--no-color",
                *(run_on.path(project, DOCKERFILE) for project in given),
            ],
            cwd=run_on.root,
        )
        if isinstance(run, str):
            run_on.add_to(given, run)
            return run_on.findings
        try:
            report = ElementTree.fromstring(run.stdout)
        except ElementTree.ParseError:
            run_on.add_to(
                given, f"hadolint: exit code {run.returncode} with unparseable output: {run.tail()}"
            )
            return run_on.findings
        linted: set[Path] = set()
        errors = 0
        for file in report.iter("file"):
            name = file.get("name", "?")
            owned = run_on.owner(name)
            if owned:
                linted.add(owned[0])
            for error in file.iter("error"):
                errors += 1
                # A file hadolint cannot parse is an error without a rule.
                rule = error.get("source") or "parse-error"
                run_on.add_reported(
                    "hadolint",
                    name,
                    f"{rule} Dockerfile:{error.get('line', '?')}: "
                    f"[{error.get('severity', '?')}] {error.get('message', '')}",
                )
        unlinted = [project for project in given if project not in linted]
        _close_batch("hadolint", run, run_on, given, reported=errors, unlinted=unlinted, what="Dockerfile")
        return run_on.findings


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
    "--ignorefile",
    "",  # a .trivyignore in the project must not hide findings
    "--config",
    "",  # nor a trivy.yaml
    "--skip-dirs",
    "**/.git",
)


def trivy_config(projects: Sequence[Path]) -> dict[Path, list[str]]:
    """Scan every project with one ``trivy config`` run (Dockerfile misconfiguration checks).

    Runs fully offline with the checks embedded in the trivy binary
    (``--skip-check-update``) on the folder holding the projects' copies; see
    ``_TRIVY_ARGS`` for the exact flags. Every FAIL of any severity is a
    finding; a project whose Dockerfile no check ran on is a finding too.
    """
    return trivy_scan(projects, file=DOCKERFILE, scanner="dockerfile")


def trivy_scan(projects: Sequence[Path], *, file: Path, scanner: str) -> dict[Path, list[str]]:
    """Scan one file of every project with one ``trivy config --misconfig-scanners <scanner>`` run.

    Every FAIL of any severity is a finding; a project whose ``file`` no check ran on is a finding too.
    """
    exe = find_tool("trivy")
    with batch(projects) as run_on, tempfile.TemporaryDirectory(prefix="scaffold-trivy-") as cache_dir:
        given = []
        for project in run_on.projects:
            missing = _require_file("trivy", project / file)
            if missing:
                run_on.add(project, missing)
            else:
                given.append(project)
        if not given:
            return run_on.findings
        run = _run(
            "trivy",
            [exe, *_TRIVY_ARGS, "--misconfig-scanners", scanner, "--cache-dir", cache_dir, "."],
            cwd=run_on.root,
            env={"TRIVY_NO_PROGRESS": "true"},
        )
        if isinstance(run, str):
            run_on.add_to(given, run)
            return run_on.findings
        if run.returncode != 0:
            run_on.add_to(given, f"trivy: exit code {run.returncode}: {run.tail()}")
            return run_on.findings
        data, error = _load_json("trivy", run)
        if error or not isinstance(data, dict):
            run_on.add_to(given, error or f"trivy: unexpected JSON (not an object): {run.tail()}")
            return run_on.findings
        checked: set[Path] = set()
        for result in data.get("Results") or []:
            target = str(result.get("Target", "?"))
            summary = result.get("MisconfSummary") or {}
            owned = run_on.owner(target)
            ran = int(summary.get("Successes", 0)) + int(summary.get("Failures", 0))
            if owned and owned[1] == file.as_posix() and ran:
                checked.add(owned[0])
            for misconf in result.get("Misconfigurations") or []:
                if misconf.get("Status") != "FAIL":
                    continue
                cause = misconf.get("CauseMetadata") or {}
                line = cause.get("StartLine") or "?"
                inside = owned[1] if owned else target
                run_on.add_reported(
                    "trivy",
                    target,
                    f"{misconf.get('ID', '?')} {inside}:{line}: [{misconf.get('Severity', '?')}] "
                    f"{misconf.get('Title', '')}: {misconf.get('Message', '')}",
                )
        for project in given:
            if project not in checked:
                run_on.add(project, f"trivy: no check was run on {file} (0 successes, 0 failures)")
        return run_on.findings


# --------------------------------------------------------------------------- checkov


def checkov_dockerfile(projects: Sequence[Path]) -> dict[Path, list[str]]:
    """Scan each project's ``Dockerfile`` with checkov's dockerfile framework, in one run.

    Command: ``checkov --file p000/Dockerfile --file p001/Dockerfile ...
    --framework dockerfile --skip-download --output json --compact`` with
    ``BC_SKIP_MAPPING=TRUE`` so no guideline/mapping download is attempted.
    A Dockerfile no check ran on counts as a finding (checkov exits 0 then).
    """
    return checkov_scan(
        projects,
        DOCKERFILE,
        framework="dockerfile",
        env={"CHECKOV_RUN_SCA_PACKAGE_SCAN_V2": "false"},
        nothing_checked="checkov: zero checks were run on the Dockerfile",
    )


def checkov_scan(
    projects: Sequence[Path], target: Path, *, framework: str, env: dict[str, str], nothing_checked: str
) -> dict[Path, list[str]]:
    """Run checkov once on one file of every project with one framework; zero checks run is a finding."""
    exe = find_tool("checkov")
    with batch(projects) as run_on:
        given = []
        for project in run_on.projects:
            missing = _require_file("checkov", project / target)
            if missing:
                run_on.add(project, missing)
            else:
                given.append(project)
        if not given:
            return run_on.findings
        files = [arg for project in given for arg in ("--file", run_on.path(project, target))]
        run = _run(
            "checkov",
            [exe, *files, "--framework", framework, "--skip-download", "--output", "json", "--compact"],
            cwd=run_on.root,
            env={"BC_SKIP_MAPPING": "TRUE", "LOG_LEVEL": "WARNING", **env},
        )
        if isinstance(run, str):
            run_on.add_to(given, run)
            return run_on.findings
        data, error = _load_json("checkov", run)
        if error:
            run_on.add_to(given, error)
            return run_on.findings
        reports: list[Any] = data if isinstance(data, list) else [data]
        checks_run = dict.fromkeys(given, 0)
        failed = 0
        for report in reports:
            if not isinstance(report, dict):
                run_on.add_to(given, f"checkov: unexpected JSON: {run.tail()}")
                return run_on.findings
            results = report.get("results") or {}
            for outcome in ("passed_checks", "failed_checks"):
                for check in results.get(outcome) or []:
                    reported = str(check.get("file_abs_path") or check.get("file_path", "?"))
                    owned = run_on.owner(reported)
                    if owned and owned[0] in checks_run:
                        checks_run[owned[0]] += 1
                    if outcome == "failed_checks":
                        failed += 1
                        lines = check.get("file_line_range") or ["?"]
                        rule, name = check.get("check_id", "?"), check.get("check_name", "")
                        run_on.add_reported(
                            "checkov", reported, f"{rule} {target.as_posix()}:{lines[0]}: {name}"
                        )
            summary = report.get("summary", report)
            if int(summary.get("parsing_errors", 0)):
                unparsed = [str(path) for path in results.get("parsing_errors") or []]
                for path in unparsed:
                    run_on.add_reported("checkov", path, "checkov: parsing error")
                if not unparsed:
                    run_on.add_to(given, f"checkov: {summary['parsing_errors']} parsing error(s)")
        for project, count in checks_run.items():
            if count == 0:
                run_on.add(project, nothing_checked)
        _close_batch("checkov", run, run_on, given, reported=failed)
        return run_on.findings


# --------------------------------------------------------------------------- dclint


def dclint(projects: Sequence[Path]) -> dict[Path, list[str]]:
    """Lint each project's ``compose.yaml`` with dclint and ``tests/lint/dclint.json``, in one run.

    Command: ``dclint p000/compose.yaml p001/compose.yaml ... --config
    tests/lint/dclint.json --formatter json --max-warnings 0``. The config
    turns every rule on at level 2 (error). dclint validates each file against
    the Compose schema first (rule ids ``invalid-yaml`` / ``invalid-schema``).
    Exit code 1 means findings. Its report lists every file linted, so a file
    missing from it is a finding.
    """
    exe = find_tool("dclint")
    with batch(projects) as run_on:
        given = []
        for project in run_on.projects:
            missing = _require_file("dclint", project / COMPOSE)
            if missing:
                run_on.add(project, missing)
            else:
                given.append(project)
        if not given:
            return run_on.findings
        run = _run(
            "dclint",
            [
                exe,
                *(run_on.path(project, COMPOSE) for project in given),
                "--config",
                str(DCLINT_CONFIG),
                "--formatter",
                "json",
                "--max-warnings",
                "0",
                "--color",
                "false",
            ],
            cwd=run_on.root,
            env={"NO_COLOR": "1"},
        )
        if isinstance(run, str):
            run_on.add_to(given, run)
            return run_on.findings
        data, error = _load_json("dclint", run)
        if error or not isinstance(data, list):
            run_on.add_to(given, error or f"dclint: unexpected JSON (not a list): {run.tail()}")
            return run_on.findings
        linted: set[Path] = set()
        messages = 0
        for file_result in data:
            if not isinstance(file_result, dict):
                continue
            path = str(file_result.get("filePath", "?"))
            owned = run_on.owner(path)
            if owned and owned[1] == COMPOSE.as_posix():
                linted.add(owned[0])
            for msg in file_result.get("messages") or []:
                messages += 1
                run_on.add_reported(
                    "dclint",
                    path,
                    f"{msg.get('rule', '?')} {COMPOSE.name}:{msg.get('line', '?')}: "
                    f"[{msg.get('type', '?')}] {msg.get('message', '')}",
                )
        unlinted = [project for project in given if project not in linted]
        _close_batch("dclint", run, run_on, given, reported=messages, unlinted=unlinted, what="compose.yaml")
        return run_on.findings


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


#: A variable compose.yaml requires from the environment at ``up`` time: ``${NAME:?message}``.
_REQUIRED_VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*):\?")


def required_variables(compose: str) -> list[str]:
    """Name the variables a compose file requires from the environment (``${NAME:?message}``), in order."""
    return list(dict.fromkeys(_REQUIRED_VARIABLE.findall(compose)))


def compose_config(projects: Sequence[Path], *, stand_ins: bool = True) -> dict[Path, list[str]]:
    """Validate each project's ``compose.yaml`` with ``docker compose config``, one run per project.

    Command: ``docker compose --file compose.yaml --project-directory .
    config --format json`` (equivalent to ``config -q`` plus the rendered
    model, which is checked to define at least one service). Needs no Docker
    daemon, and starts in a fraction of a second, so it runs in each project's
    own folder. Any warning Compose prints (unset variables, obsolete
    ``version:``...) is a finding too. A variable the file requires (a Django
    secret key) is given a stand-in value, as the user's environment gives
    the real one, unless ``stand_ins`` is false.
    """
    prefix = _compose_command()
    return {
        project: _compose_config_one(prefix, project, stand_ins=stand_ins)
        for project in dict.fromkeys(projects)
    }


def _compose_config_one(prefix: list[str], project: Path, *, stand_ins: bool) -> list[str]:
    missing = _require_file("compose", project / COMPOSE)
    if missing:
        return [missing]
    required = required_variables((project / COMPOSE).read_text(encoding="utf-8"))
    # Unset, not empty, when there are no stand-ins: `:?` refuses both, and the test runner's own
    # environment must not answer for the user's.
    given = {name: "lint-stand-in" for name in required} if stand_ins else {}
    run = _run(
        "docker compose",
        [
            *prefix,
            "--file",
            COMPOSE.name,
            "--project-directory",
            ".",
            "config",
            "--format",
            "json",
        ],
        cwd=project,
        env={"DOCKER_CLI_HINTS": "false", "COMPOSE_PROFILES": "", **given},
        unset=() if stand_ins else required,
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


def checkov_github_actions(projects: Sequence[Path]) -> dict[Path, list[str]]:
    """Scan each project's ``.github/workflows/container.yml`` with checkov's github_actions framework.

    Command: ``checkov --file p000/.github/workflows/container.yml ...
    --framework github_actions --skip-download --output json --compact``.
    checkov quietly skips a workflow that its own (older) workflow schema
    refuses, and then reports zero checks for it with exit code 0: that
    counts as a finding here.
    """
    return checkov_scan(
        projects,
        WORKFLOW,
        framework="github_actions",
        env={},
        nothing_checked=f"checkov: zero checks were run on {WORKFLOW} (did its schema refuse the file?)",
    )


def zizmor(projects: Sequence[Path]) -> dict[Path, list[str]]:
    """Audit every project's workflow and Dependabot config with one zizmor run.

    Command: ``zizmor --offline --no-progress --persona pedantic --config
    tests/lint/zizmor.yml --format json p000/.github/workflows/container.yml
    p000/.github/dependabot.yml ...``. ``--offline`` skips the audits that ask
    GitHub's API. The config accepts actions pinned to release tags instead
    of commit SHAs (see the file); nothing else is relaxed, and an inline
    ``zizmor: ignore`` comment in a file is a finding of its own. Exit codes:
    0 clean, 10-14 findings (by highest severity), anything else a failure.
    zizmor logs ``completed <file>`` for each file it audited: a file without
    that line is a finding.
    """
    exe = find_tool("zizmor")
    targets = [WORKFLOW, DEPENDABOT]
    with batch(projects) as run_on:
        given = []
        for project in run_on.projects:
            missing = [found for target in targets if (found := _require_file("zizmor", project / target))]
            for finding in missing:
                run_on.add(project, finding)
            if missing:
                continue
            given.append(project)
            for target in targets:
                if "zizmor: ignore" in (project / target).read_text(encoding="utf-8"):
                    run_on.add(project, f"zizmor: {target} holds an inline 'zizmor: ignore' comment")
        if not given:
            return run_on.findings
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
                *(run_on.path(project, target) for project in given for target in targets),
            ],
            cwd=run_on.root,
            env={"NO_COLOR": "1"},
        )
        if isinstance(run, str):
            run_on.add_to(given, run)
            return run_on.findings
        if run.returncode not in (0, 10, 11, 12, 13, 14):
            run_on.add_to(given, f"zizmor: exit code {run.returncode}: {run.tail()}")
            return run_on.findings
        data, error = _load_json("zizmor", run)
        if error or not isinstance(data, list):
            run_on.add_to(given, error or f"zizmor: unexpected JSON (not a list): {run.tail()}")
            return run_on.findings
        for item in data:
            if not isinstance(item, dict):
                run_on.add_to(given, f"zizmor: unexpected finding: {item!r}")
                continue
            location = (item.get("locations") or [{}])[0]
            symbolic = ((location.get("symbolic") or {}).get("key") or {}).get("Local") or {}
            path = str(symbolic.get("verbatim_path", "?"))
            row = ((location.get("concrete") or {}).get("location") or {}).get("start_point", {}).get("row")
            line = row + 1 if isinstance(row, int) else "?"
            severity = (item.get("determinations") or {}).get("severity", "?")
            owned = run_on.owner(path)
            inside = owned[1] if owned else path
            run_on.add_reported(
                "zizmor",
                path,
                f"{item.get('ident', '?')} {inside}:{line}: [{severity}] {item.get('desc', '')}",
            )
        if run.returncode == 0 and data:
            run_on.add_to(given, f"zizmor: exit code 0 with {len(data)} finding(s)")
        if run.returncode != 0 and not data:
            run_on.add_to(given, f"zizmor: exit code {run.returncode} without findings: {run.tail()}")
        completed = set(re.findall(r"completed (\S+)", run.stderr))
        for project in given:
            for target in targets:
                if run_on.path(project, target) not in completed:
                    run_on.add(project, f"zizmor: {target} was not audited: {run.tail()}")
        return run_on.findings


# --------------------------------------------------------------------------- registry

#: A linter: project folders in, each one's findings out.
Linter = Callable[[Sequence[Path]], dict[Path, list[str]]]

#: Every project linter, by name, in the order the lint tier runs them.
LINTERS: dict[str, Linter] = {
    "hadolint": hadolint,
    "trivy_config": trivy_config,
    "checkov_dockerfile": checkov_dockerfile,
    "dclint": dclint,
    "compose_config": compose_config,
}

#: Linters for the CI files, run on every variant rendered with ``ci: github`` (and only those: a
#: project without a workflow is a finding for them, never a pass).
WORKFLOW_LINTERS: dict[str, Linter] = {
    "checkov_github_actions": checkov_github_actions,
    "zizmor": zizmor,
}


def lint_one(linter: Linter, project: Path) -> list[str]:
    """Run ``linter`` on one project and return its findings."""
    return linter([project])[project]


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
        "kubernetes-validate": ("kubernetes-validate", ["--version"], r"^\d+\.\d+\.\d+\S*$"),
        "kubectl": ("kubectl", ["version", "--client"], r"(?<=Client Version: )\S+|(?<=GitVersion:\")[^\"]+"),
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
    """CLI: ``python -m tests.lint.tools PROJECT_DIR [LINTER...]``; exit 1 on findings."""
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
        findings = lint_one(every[name], project)
        total += len(findings)
        print(f"== {name}: {len(findings)} finding(s)")
        for finding in findings:
            print(f"   {finding}")
    return 1 if total else 0


if __name__ == "__main__":
    raise SystemExit(main())
