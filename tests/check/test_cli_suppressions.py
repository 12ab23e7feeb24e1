"""Suppressions through ``scaffold check``: flags, configuration file, each format, ``--fail-on``, errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from ..conftest import Invoke

SARIF_SCHEMA = Path(__file__).resolve().parent / "sarif-schema-2.1.0.json"

BASE = 'FROM python:3.12-slim\nCOPY app.py /app/\nUSER 10001\nHEALTHCHECK CMD ["python", "-c", "0"]\n'
# DF010 (error) on line 6, DF013 (warning) on line 7.
FINDINGS = BASE + "# scaffold: ignore=DF010 a placeholder the entrypoint replaces\nENV API_TOKEN=abc\n"
WARNING = "CMD python /app/app.py\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository (with ``.git``) holding a Dockerfile and an ignore file; the current folder."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / ".dockerignore").write_text(".git\n.env\n")
    (root / "Dockerfile").write_text(FINDINGS + WARNING)
    monkeypatch.chdir(root)
    return root


def _sarif(stdout: str) -> dict[str, Any]:
    log: dict[str, Any] = json.loads(stdout)
    schema = json.loads(SARIF_SCHEMA.read_text())
    validator = jsonschema.validators.validator_for(schema)
    validator(schema, format_checker=validator.FORMAT_CHECKER).validate(log)
    return log


def _results(log: dict[str, Any]) -> list[tuple[str, int, list[dict[str, Any]] | None]]:
    return [
        (
            result["ruleId"],
            result["locations"][0]["physicalLocation"]["region"]["startLine"],
            result.get("suppressions"),
        )
        for result in log["runs"][0]["results"]
    ]


def test_text_hides_suppressed_findings_and_counts_them(project: Path, cli_invoke: Invoke) -> None:
    result = cli_invoke(["check"], expect=1)
    assert result.stdout.startswith("Dockerfile:7: warning DF013 ")
    assert "DF010" not in result.stdout
    assert result.stdout.endswith("\n1 finding (1 warning) in 2 files checked; 1 suppressed\n")
    assert result.stderr == ""


def test_text_when_every_finding_is_suppressed(project: Path, cli_invoke: Invoke) -> None:
    result = cli_invoke(["check", "--ignore", "DF013"])
    assert result.stdout == "no findings in 2 files checked (.dockerignore, Dockerfile); 2 suppressed\n"


def test_json_lists_only_the_findings_that_count(project: Path, cli_invoke: Invoke) -> None:
    result = cli_invoke(["check", "--format", "json"], expect=1)
    assert [(finding["rule"], finding["line"]) for finding in json.loads(result.stdout)] == [("DF013", 7)]


def test_sarif_lists_suppressed_findings_with_their_suppressions(project: Path, cli_invoke: Invoke) -> None:
    (project / "scaffold.toml").write_text('[check]\nignore = ["DF01"]\n')
    log = _sarif(cli_invoke(["check", "--format", "sarif"]).stdout)
    where = {"physicalLocation": {"artifactLocation": {"uri": "Dockerfile"}, "region": {"startLine": 5}}}
    assert _results(log) == [
        (
            "DF010",
            6,
            [
                {
                    "kind": "inSource",
                    "status": "accepted",
                    "justification": "a placeholder the entrypoint replaces",
                    "location": where,
                },
                {
                    "kind": "external",
                    "status": "accepted",
                    "justification": "scaffold.toml [check] ignore DF01",
                },
            ],
        ),
        (
            "DF013",
            7,
            [
                {
                    "kind": "external",
                    "status": "accepted",
                    "justification": "scaffold.toml [check] ignore DF01",
                }
            ],
        ),
    ]
    assert "invocations" not in log["runs"][0]


def test_sarif_reports_unknown_ids_as_notifications(project: Path, cli_invoke: Invoke) -> None:
    (project / "Dockerfile").write_text(FINDINGS.replace("=DF010", "=DF010,DF404") + WARNING)
    result = cli_invoke(["check", "--format", "sarif", "--fail-on", "never"])
    (invocation,) = _sarif(result.stdout)["runs"][0]["invocations"]
    assert invocation["toolExecutionNotifications"] == [
        {
            "level": "warning",
            "message": {"text": "`# scaffold: ignore` names DF404: no such rule"},
            "locations": [
                {"physicalLocation": {"artifactLocation": {"uri": "Dockerfile"}, "region": {"startLine": 5}}}
            ],
        }
    ]
    assert result.stderr == "warning: Dockerfile:5: `# scaffold: ignore` names DF404: no such rule\n"


def test_unknown_ids_are_a_warning_line_in_text_and_do_not_change_the_exit_code(
    project: Path, cli_invoke: Invoke
) -> None:
    (project / "Dockerfile").write_text(FINDINGS.replace("=DF010", "=DF010,DF404") + 'CMD ["python"]\n')
    result = cli_invoke(["check"])
    assert result.stdout == "no findings in 2 files checked (.dockerignore, Dockerfile); 1 suppressed\n"
    assert result.stderr == "warning: Dockerfile:5: `# scaffold: ignore` names DF404: no such rule\n"


@pytest.mark.parametrize(
    ("args", "code"),
    [
        ([], 1),  # DF013 (warning) counts; DF010 (error) is suppressed
        (["--fail-on", "error"], 0),  # the only error is suppressed
        (["--ignore", "DF013"], 0),
        (["--ignore", "DF013", "--fail-on", "info"], 0),
        (["--select", "DF010"], 0),  # DF010 stays suppressed by its comment
        (["--select", "DF013", "--fail-on", "error"], 0),
    ],
)
def test_fail_on_leaves_suppressed_findings_out(
    args: list[str], code: int, project: Path, cli_invoke: Invoke
) -> None:
    cli_invoke(["check", *args], expect=code)


def test_select_and_ignore_take_prefixes(project: Path, cli_invoke: Invoke) -> None:
    (project / "Dockerfile").write_text(BASE + "ENV API_TOKEN=abc\n" + WARNING)
    assert "2 findings" in cli_invoke(["check"], expect=1).stdout
    assert (
        "1 finding (1 warning) in 2 files checked; 1 suppressed"
        in cli_invoke(["check", "--select", "df01,DI", "--ignore", "DF010"], expect=1).stdout
    )
    assert "; 2 suppressed" in cli_invoke(["check", "--select", "CF"]).stdout


def test_flags_win_over_the_configuration(project: Path, cli_invoke: Invoke) -> None:
    (project / "scaffold.toml").write_text('[check]\nignore = ["DF013"]\nfail-on = "never"\n')
    assert cli_invoke(["check"]).stdout.endswith("; 2 suppressed\n")  # fail-on never
    assert cli_invoke(["check", "--fail-on", "warning"]).exit_code == 0  # DF013 is ignored
    result = cli_invoke(["check", "--fail-on", "warning", "--select", "DF013"], expect=1)
    assert result.stdout.startswith("Dockerfile:7: warning DF013 ")


def test_configuration_is_found_from_the_current_folder_upwards(
    project: Path, cli_invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = project / "app"
    app.mkdir()
    (app / "Dockerfile").write_text(BASE + WARNING)
    (app / ".dockerignore").write_text(".git\n.env\n")
    (app / "pyproject.toml").write_text('[tool.scaffold.check]\nfail-on = "error"\n')
    cli_invoke(["check", "app"], expect=1)  # a configuration below the current folder is not read
    monkeypatch.chdir(app)
    assert "1 finding (1 warning)" in cli_invoke(["check"]).stdout
    (app / "pyproject.toml").unlink()
    (project / "scaffold.toml").write_text('[check]\nfail-on = "error"\n')
    cli_invoke(["check"])  # found in the folder above
    (project / ".git").rmdir()
    (project / "scaffold.toml").rename(project.parent / "scaffold.toml")
    cli_invoke(["check"])  # no repository: the search goes on up


def test_per_file_ignores(project: Path, cli_invoke: Invoke) -> None:
    (project / "scaffold.toml").write_text('[check.per-file-ignores]\n"docker/ci/*.Dockerfile" = ["DF013"]\n')
    ci = project / "docker" / "ci"
    ci.mkdir(parents=True)
    (ci / "test.Dockerfile").write_text(BASE + WARNING)
    (ci / "test.Dockerfile.dockerignore").write_text(".git\n.env\n")
    result = cli_invoke(["check", "docker/ci", "Dockerfile", "--format", "sarif"], expect=1)
    assert _results(_sarif(result.stdout)) == [
        (
            "DF010",
            6,
            [
                {
                    "kind": "inSource",
                    "status": "accepted",
                    "justification": "a placeholder the entrypoint replaces",
                    "location": {
                        "physicalLocation": {
                            "artifactLocation": {"uri": "Dockerfile"},
                            "region": {"startLine": 5},
                        }
                    },
                }
            ],
        ),
        ("DF013", 7, None),
        (
            "DF013",
            5,
            [
                {
                    "kind": "external",
                    "status": "accepted",
                    "justification": "scaffold.toml [check] per-file-ignores "
                    '"docker/ci/*.Dockerfile" = DF013',
                }
            ],
        ),
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--select", "DF9"],
            "--select: must be comma-separated rule ids or prefixes of them (DF003, DF, CF0) (got 'DF9')",
        ),
        (
            ["--ignore", "DF003,,CF"],
            "--ignore: must be comma-separated rule ids or prefixes of them (DF003, DF, CF0) (got '')",
        ),
        (
            ["--ignore", "hadolint"],
            "--ignore: must be comma-separated rule ids or prefixes of them (DF003, DF, CF0) "
            "(got 'hadolint')",
        ),
        (
            ["--select", ""],
            "--select: must be comma-separated rule ids or prefixes of them (DF003, DF, CF0) (got '')",
        ),
    ],
)
def test_bad_flags_are_one_line_naming_the_flag(
    args: list[str], message: str, project: Path, cli_invoke: Invoke
) -> None:
    result = cli_invoke(["check", *args], expect=2)
    assert (result.stdout, result.stderr) == ("", f"scaffold: error: {message}\n")


def test_bad_configuration_is_one_line_naming_the_key(project: Path, cli_invoke: Invoke) -> None:
    (project / "scaffold.toml").write_text('[check]\nfail_on = "error"\n')
    result = cli_invoke(["check"], expect=2)
    assert result.stdout == ""
    assert result.stderr == (
        "scaffold: error: scaffold.toml: [check] fail_on: not a key; the keys are select, ignore, fail-on, "
        "per-file-ignores, target (got 'fail_on')\n"
    )


def test_a_configuration_passed_over_is_a_note(project: Path, cli_invoke: Invoke) -> None:
    (project / "scaffold.toml").write_text('[check]\nignore = ["DF"]\n')
    (project / "scaffold.toml").chmod(0o666)
    result = cli_invoke(["check"], expect=1)
    assert result.stderr == (
        "note: ignored scaffold.toml: the file is writable by everyone, so anyone could have written it\n"
    )
    assert "; 1 suppressed" in result.stdout  # the comment still counts
