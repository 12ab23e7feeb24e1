"""The check's docs tell the truth: every rule is documented as the check prints it, examples included."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.check.model import Rule
from generator.check.rules import RULES
from generator.commands.check import check

from ..conftest import REPO, Invoke

RULES_DOC = REPO / "docs" / "rules.md"
SECTION = "## scaffold check rules"
FILE_NAMES = {"dockerfile": "Dockerfile", "yaml": "compose.yaml", "gitignore": ".dockerignore"}


def _section() -> str:
    text = RULES_DOC.read_text(encoding="utf-8")
    assert SECTION in text
    section = text.split(SECTION, 1)[1]
    return re.split(r"^## ", section, flags=re.MULTILINE)[0]


def _rule_texts() -> dict[str, str]:
    parts = re.split(r"^### ", _section(), flags=re.MULTILINE)[1:]
    return {part.split(None, 1)[0]: part for part in parts}


def test_every_rule_is_documented_once_in_id_order() -> None:
    assert list(_rule_texts()) == [rule.id for rule in RULES]


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_rule_text_matches_the_catalogue(rule: Rule) -> None:
    text = _rule_texts()[rule.id]
    assert text.startswith(f"{rule.id} {rule.name}\n")
    assert f"**{rule.severity}.**" in text
    assert f"- **Why:** {rule.why}\n" in text
    assert f"- **Fix:** {rule.fix}\n" in text
    assert f"| [{rule.id}](#{rule.id.lower()}-{rule.name}) | {rule.name} | {rule.severity} |" in _section()


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_bad_example_breaks_the_rule_and_good_example_does_not(rule: Rule, tmp_path: Path) -> None:
    blocks = re.findall(r"```(\w+)\n(.*?)```", _rule_texts()[rule.id], flags=re.DOTALL)
    examples = {body.split("\n", 1)[0].split(":")[0]: (language, body) for language, body in blocks}
    assert set(examples) == {"# bad", "# good"}
    found = {}
    for kind, (language, body) in examples.items():
        folder = tmp_path / kind.strip("# ")
        folder.mkdir()
        (folder / FILE_NAMES[language]).write_text(body, encoding="utf-8")
        if kind == "# good" and rule.id == "DI001":
            # The fix is a .dockerignore beside the bad example's Dockerfile.
            (folder / "Dockerfile").write_text(examples["# bad"][1], encoding="utf-8")
        found[kind] = {finding.rule.id for finding in check([folder]).findings}
    assert rule.id in found["# bad"]
    assert rule.id not in found["# good"]


def test_usage_doc_has_the_check_flags_and_exit_codes(cli_invoke: Invoke) -> None:
    usage = (REPO / "docs" / "usage.md").read_text(encoding="utf-8")
    section = usage.split("## `scaffold check [PATH]...`", 1)[1].split("\n## ", 1)[0]
    help_text = cli_invoke(["check", "--help"]).stdout
    for flag in sorted(set(re.findall(r"(--[a-z][a-z-]+)", help_text)) - {"--help"}):
        assert f"`{flag}" in section
    for choice in ("text", "json", "sarif", "error", "warning", "info", "never"):
        assert f"`{choice}`" in section
    for code in ("| 0 |", "| 1 |", "| 2 |"):
        assert code in section
    assert "id: scaffold-check" in section
