"""The docs' suppression examples do what the docs say: every comment suppresses what it names."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from generator.check.config import find_config
from generator.check.inline import read_directives
from generator.check.registry import all_rules
from generator.commands.check import check

from ..conftest import REPO, Invoke


def _section() -> str:
    usage = (REPO / "docs" / "usage.md").read_text(encoding="utf-8")
    return usage.split("### Suppressing findings", 1)[1].split("\n### ", 1)[0]


def _block(language: str) -> str:
    (block,) = re.findall(rf"^( *)```{language}\n(.*?)^\1```", _section(), flags=re.MULTILINE | re.DOTALL)
    return textwrap.dedent(block[1])


@pytest.mark.parametrize(("language", "name"), [("dockerfile", "Dockerfile"), ("yaml", "compose.yaml")])
def test_each_comment_in_the_examples_suppresses_what_it_names(
    language: str, name: str, tmp_path: Path
) -> None:
    text = _block(language)
    (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / ".dockerignore").write_text(".git\n.env\n", encoding="utf-8")
    directives, malformed = read_directives(text)
    assert directives and malformed == []
    suppressed = {
        (finding.rule.id, one.line, one.justification)
        for finding in check([tmp_path]).findings
        for one in finding.suppressions
    }
    named = {(rule, directive.line, directive.reason) for directive in directives for rule in directive.rules}
    assert suppressed == named


def test_the_configuration_example_reads(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "scaffold.toml").write_text(_block("toml"), encoding="utf-8")
    config, notes = find_config(tmp_path, known=[rule.id for rule in all_rules()])
    assert config is not None and notes == []
    assert config.layer.select == ("DF", "DI", "CF") and config.fail_on == "error"


def test_the_warning_example_is_what_is_printed(
    tmp_path: Path, cli_invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    (shown,) = re.findall(r"^warning: .*$", _section(), flags=re.MULTILINE)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "Dockerfile").write_text('FROM python:3.12-slim\n# scaffold: ignore=DF404\nCMD ["python"]\n')
    assert cli_invoke(["check", "Dockerfile", "--fail-on", "never"]).stderr == shown + "\n"


def test_the_error_examples_are_what_is_printed(
    tmp_path: Path, cli_invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = [" ".join(error.split()) for error in re.findall(r"`(scaffold: error: [^`]*)`", _section())]
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    (tmp_path / "Dockerfile").write_text('FROM python:3.12-slim\nCMD ["python"]\n')
    printed = [cli_invoke(["check", "--select", "DF9"], expect=2).stderr.strip()]
    (tmp_path / "scaffold.toml").write_text('[check]\nfail_on = "error"\n')
    printed.append(cli_invoke(["check"], expect=2).stderr.strip())
    assert shown == printed
