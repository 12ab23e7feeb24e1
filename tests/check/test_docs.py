"""The check's docs tell the truth: the rule catalogue is what the rule modules write, examples included."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from generator.check.docs import BEGIN, END, main, render_catalogue, splice
from generator.check.model import Rule
from generator.check.registry import all_rules
from generator.commands.check import check

from ..conftest import REPO, Invoke

RULES_DOC = REPO / "docs" / "rules.md"
SECTION = "## scaffold check rules"


def _section() -> str:
    text = RULES_DOC.read_text(encoding="utf-8")
    assert SECTION in text
    section = text.split(SECTION, 1)[1]
    return re.split(r"^## ", section, flags=re.MULTILINE)[0]


def test_committed_catalogue_is_the_generated_one() -> None:
    text = RULES_DOC.read_text(encoding="utf-8")
    assert splice(text, render_catalogue(all_rules())) == text, (
        "docs/rules.md is out of date: run `python -m generator.check.docs --write docs/rules.md`"
    )


def test_catalogue_sits_in_the_check_section() -> None:
    section = _section()
    assert BEGIN in section and END in section
    headings = re.findall(r"^### (\w+) ", section, flags=re.MULTILINE)
    assert headings == [rule.id for rule in all_rules()]


def test_writing_the_docs_replaces_only_the_catalogue(tmp_path: Path) -> None:
    page = tmp_path / "rules.md"
    page.write_text(f"# Rules\n\nby hand\n\n{BEGIN}\n\nstale\n\n{END}\n\nalso by hand\n", encoding="utf-8")
    assert main(["--write", str(page)]) == 0
    written = page.read_text(encoding="utf-8")
    assert written.startswith(
        f"# Rules\n\nby hand\n\n{BEGIN}\n\n| id | name | severity | `--fix` | close to |\n"
    )
    assert written.endswith(f"\n{END}\n\nalso by hand\n")
    assert "stale" not in written
    assert main(["--write", str(page)]) == 0
    assert page.read_text(encoding="utf-8") == written  # idempotent


def test_splice_refuses_a_page_without_the_markers() -> None:
    with pytest.raises(ValueError, match="markers"):
        splice("# Rules\n", "catalogue\n")
    with pytest.raises(ValueError, match="markers"):
        splice(f"{END}\n{BEGIN}\n", "catalogue\n")


def _findings(files: Mapping[str, str], folder: Path) -> Counter[str]:
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return Counter(finding.rule.id for finding in check([folder]).findings)


@pytest.mark.parametrize("rule", all_rules(), ids=lambda rule: rule.id)
def test_good_example_fixes_exactly_the_bad_examples_finding(rule: Rule[Any], tmp_path: Path) -> None:
    bad = _findings(rule.bad, tmp_path / "bad")
    good = _findings(rule.good, tmp_path / "good")
    assert bad[rule.id] == 1
    assert good[rule.id] == 0
    # The pair differs by that one finding: the good example breaks nothing the bad one kept.
    assert bad - good == Counter({rule.id: 1})
    assert good - bad == Counter()


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
