"""The rule registry: one module per rule, every rule complete, ids unique and in the documented order."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from generator.check import rules as rules_package
from generator.check.compose import ComposeFile, Service
from generator.check.dockerfile_syntax import Dockerfile
from generator.check.dockerignore import BuildContext, IgnoreFile
from generator.check.model import TARGETS, Rule
from generator.check.registry import all_rules, rules_reading

RULES_DIR = Path(rules_package.__file__).parent
PREFIXES = {"dockerfile": "DF", "dockerignore": "DI", "compose": "CF"}


def test_every_rule_module_is_loaded_once() -> None:
    modules = sorted(path for path in RULES_DIR.glob("*/*.py") if path.name != "__init__.py")
    assert len(all_rules()) == len(modules) > 0
    loaded = sorted(
        RULES_DIR / rule.target / f"{rule.check.__module__.rsplit('.', 1)[1]}.py" for rule in all_rules()
    )
    assert loaded == modules


def test_ids_and_names_are_unique() -> None:
    ids = [rule.id for rule in all_rules()]
    assert len(ids) == len(set(ids))
    names = [(rule.target, rule.name) for rule in all_rules()]
    assert len(names) == len(set(names))


def test_rules_are_ordered_by_target_then_id() -> None:
    keys = [(TARGETS.index(rule.target), rule.id) for rule in all_rules()]
    assert keys == sorted(keys)


@pytest.mark.parametrize("rule", all_rules(), ids=lambda rule: rule.id)
def test_rule_is_complete(rule: Rule[Any]) -> None:
    assert re.fullmatch(rf"{PREFIXES[rule.target]}\d{{3}}", rule.id)
    assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name)
    assert rule.severity in {"error", "warning", "info"}
    for text in (rule.title, rule.why, rule.fix, rule.reported, rule.related):
        assert text.strip() == text and text
    assert not rule.title.endswith(".")  # the docs and SARIF use it as a phrase
    assert rule.why.endswith(".") and rule.fix.endswith(".") and rule.reported.endswith(".")
    for example in (rule.bad, rule.good):
        assert example, "every rule needs a bad and a good example"
        for name, text in example.items():
            assert name in {"Dockerfile", ".dockerignore", "compose.yaml"}
            assert text.strip() and text.endswith("\n")
    assert rule.bad != rule.good


@pytest.mark.parametrize("rule", all_rules(), ids=lambda rule: rule.id)
def test_module_is_named_after_its_rule(rule: Rule[Any]) -> None:
    module = rule.check.__module__
    assert module == f"generator.check.rules.{rule.target}.{rule.id.lower()}_{rule.name.replace('-', '_')}"


def test_every_rule_is_run_by_one_runner() -> None:
    subjects = (Dockerfile, BuildContext, IgnoreFile, Service, ComposeFile)
    run = [rule for subject in subjects for rule in rules_reading(subject)]
    assert sorted(rule.id for rule in run) == sorted(rule.id for rule in all_rules())
