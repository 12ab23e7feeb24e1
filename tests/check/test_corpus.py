"""The corpus: real-world-shaped Dockerfiles, compose files and projects, each with its exact findings.

Every case (``tests/check/corpus_cases.py``) is listed with every finding it must produce (file, line,
rule) and no others, so a rule that starts firing where it should not, or stops firing where it should,
fails here; each false positive the check once made is listed too, and must stay absent.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from generator.check.discover import COMPOSE_NAMES
from generator.check.registry import all_rules
from generator.check.sarif import render_sarif
from tests.check.corpus_cases import ABSENT, EXPECTED, FALSE, TARGETS, Absent
from tests.check.corpus_run import CORPUS, PROJECTS, Found, case_folder, copy_corpus, found, run_case

SARIF_SCHEMA = Path(__file__).resolve().parent / "sarif-schema-2.1.0.json"
ABSENT_CASES = [(case, absent) for case, listed in sorted(ABSENT.items()) for absent in listed]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus, copied once for the module, each project a repository of its own."""
    return copy_corpus(tmp_path_factory.mktemp("check-corpus"))


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_corpus_case_has_exactly_its_findings(corpus: Path, case: str) -> None:
    assert found(corpus, case) == sorted(Found(*expected) for expected in EXPECTED[case])


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_corpus_findings_are_valid_sarif(corpus: Path, case: str) -> None:
    findings, _ = run_case(corpus, case)
    log = json.loads(render_sarif(findings))
    schema = json.loads(SARIF_SCHEMA.read_text())
    validator = jsonschema.validators.validator_for(schema)
    validator(schema, format_checker=validator.FORMAT_CHECKER).validate(log)
    results = log["runs"][0]["results"]
    assert [
        (result["ruleId"], result["locations"][0]["physicalLocation"]["region"]["startLine"])
        for result in results
    ] == [(rule, line) for _, line, rule in sorted(EXPECTED[case])]


@pytest.mark.parametrize(
    ("case", "absent"), ABSENT_CASES, ids=[f"{c}:{a.line}:{a.rule}" for c, a in ABSENT_CASES]
)
def test_a_listed_false_positive_stays_absent(corpus: Path, case: str, absent: Absent) -> None:
    lines = (case_folder(corpus, case) / absent.file).read_text(encoding="utf-8").split("\n")
    assert absent.text in lines[absent.line - 1], "the entry no longer points at the line it is about"
    assert [
        (file, line, rule)
        for file, line, rule in found(corpus, case)
        if file == absent.file and line == absent.line and absent.rule in {"*", rule}
    ] == []


def test_every_corpus_file_is_checked_by_a_case(corpus: Path) -> None:
    checked: set[Path] = set()
    for case in EXPECTED:
        checked.update(path.resolve() for path in run_case(corpus, case)[1])
    to_check = {
        path.resolve()
        for path in corpus.rglob("*")
        if path.is_file() and ".git" not in path.parts and _checked_kind(path.name)
    }
    assert sorted(to_check - checked) == []


def test_the_corpus_holds_at_least_60_container_files() -> None:
    files = [
        path
        for folder in (CORPUS, PROJECTS)
        for path in folder.rglob("*")
        if path.is_file() and _container_file(path.name)
    ]
    assert len(files) >= 60


def test_every_rule_fires_somewhere_in_the_corpus() -> None:
    fired = {rule for findings in EXPECTED.values() for _, _, rule in findings}
    assert fired == {rule.id for rule in all_rules()}


def test_findings_marked_false_are_expected_findings() -> None:
    for case, findings in FALSE.items():
        assert set(findings) <= set(EXPECTED[case])


def test_every_listed_false_positive_case_is_a_case() -> None:
    assert set(ABSENT) | set(TARGETS) <= set(EXPECTED)


def test_the_naive_python_dockerfile_gets_the_four_classic_findings(corpus: Path) -> None:
    rules = {rule for _, _, rule in found(corpus, "naive-python.Dockerfile")}
    # Root user, full base, cache-busting COPY order and no health check.
    assert {"DF001", "DF004", "DF006", "DF002"} <= rules


def test_each_finding_names_the_stage_judged_as_shipped_and_why(corpus: Path) -> None:
    findings, _ = run_case(corpus, "projects/go-api-test-stage")
    label = "stage 'runtime' (shipped: the last stage that ships; stage 'test' only tests or lints): "
    assert [finding.message[: len(label)] for finding in findings] == [label, label]
    findings, _ = run_case(corpus, "projects/node-compose-target")
    assert findings[0].message.startswith("service 'web': ")  # compose findings keep their service


def _checked_kind(name: str) -> bool:
    """A file the check reads as a Dockerfile or compose file when its folder is checked."""
    lower = name.lower()
    dockerfile = any(
        lower == base or lower.startswith(base + ".") or lower.endswith("." + base)
        for base in ("dockerfile", "containerfile")
    )
    return (dockerfile and not lower.endswith(".dockerignore")) or name in COMPOSE_NAMES


def _container_file(name: str) -> bool:
    """A Dockerfile, compose file or ignore file (with the compose file another one extends)."""
    return _checked_kind(name) or name.endswith(".dockerignore") or name.endswith((".yaml", ".yml"))
