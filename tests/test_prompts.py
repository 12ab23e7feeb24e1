"""Single prompts (every missing question, as ``scaffold update`` asks new ones), driven through a pipe."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from generator.answers.prompts import ask_missing, confirm_overwrite
from generator.answers.questions import load_questions
from generator.spec.model import Spec

from .prompt_keys import CLEAR, CTRL_C, DOWN, ENTER, keys

FULL = Spec.from_answers({"app_name": "demo"}).answers()


def ask(
    text: str, *, explicit: Mapping[str, Any], proposed: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    with keys(text):
        return ask_missing(load_questions(), explicit=explicit, proposed=proposed or {})


def test_only_missing_questions_are_asked_and_bad_text_is_reasked() -> None:
    # requirements_files is pip's own: poetry, picked below, has none.
    missing = {"package_manager", "requirements_files", "memory", "private_index"}
    explicit = {k: v for k, v in FULL.items() if k not in missing}
    answers = ask(
        DOWN
        + ENTER  # package manager: pip -> poetry
        + CLEAR
        + "lots"
        + ENTER  # refused by validation, the prompt stays
        + CLEAR
        + "1g"
        + ENTER
        + "y",  # private index
        explicit=explicit,
    )
    assert answers["package_manager"] == "poetry"
    assert answers["memory"] == "1g"
    assert answers["private_index"] is True
    assert Spec.from_answers(answers).memory == "1g"


def test_detected_values_are_the_defaults() -> None:
    explicit = {k: v for k, v in FULL.items() if k not in {"package_manager", "port"}}
    answers = ask(ENTER + ENTER, explicit=explicit, proposed={"package_manager": "uv", "port": 5000})
    assert (answers["package_manager"], answers["port"]) == ("uv", 5000)


def test_questions_that_do_not_apply_are_skipped() -> None:
    web_only = {"server", "server_install", "port", "health_path"}
    explicit = {k: v for k, v in FULL.items() if k not in {"app_kind", "entrypoint", *web_only}}
    # A worker is asked its heartbeat file (Enter keeps none) instead of a server, port and health path.
    answers = ask(DOWN + ENTER + CLEAR + "-m jobs" + ENTER + ENTER, explicit=explicit)
    assert answers["app_kind"] == "worker"
    assert answers["entrypoint"] == "-m jobs"
    assert answers["heartbeat_file"] == ""
    assert not {*web_only, "heartbeat_max_age"} & set(answers)
    Spec.from_answers(answers)


def test_single_choice_questions_are_not_asked() -> None:
    go = Spec.from_answers({"app_name": "demo", "language": "go"}).answers()
    explicit = {k: v for k, v in go.items() if k != "package_manager"}
    assert ask("", explicit=explicit)["package_manager"] == "go"


def test_choices_follow_the_language() -> None:
    node = Spec.from_answers({"app_name": "demo", "language": "node"}).answers()
    explicit = {k: v for k, v in node.items() if k not in {"package_manager", "node_version"}}
    # The package managers offered are node's: npm, yarn, pnpm; the version prompt is node's.
    answers = ask(DOWN + DOWN + ENTER + CLEAR + "20" + ENTER, explicit=explicit)
    assert (answers["package_manager"], answers["node_version"]) == ("pnpm", "20")
    assert "python_version" not in answers
    Spec.from_answers(answers)


def test_ci_is_a_choice_that_defaults_to_none() -> None:
    explicit = {k: v for k, v in FULL.items() if k != "ci"}
    assert ask(ENTER, explicit=explicit)["ci"] == "none"
    assert ask(DOWN + ENTER, explicit=explicit)["ci"] == "github"


def test_ctrl_c_raises_keyboard_interrupt() -> None:
    with pytest.raises(KeyboardInterrupt):
        ask(CTRL_C, explicit={})


def test_overwrite_is_confirmed_per_file_and_defaults_to_no() -> None:
    with keys(ENTER):
        assert confirm_overwrite("Dockerfile", "--- a\n+++ b\n") is False
    with keys("y"):
        assert confirm_overwrite("Dockerfile", "--- a\n+++ b\n") is True


def test_entrypoint_prompt_holds_the_chosen_languages_form() -> None:
    go = Spec.from_answers({"app_name": "demo", "language": "go"}).answers()
    explicit = {k: v for k, v in go.items() if k != "entrypoint"}
    # main.go is no Go package path: refused at the prompt, which stays; ./cmd/api is accepted.
    answers = ask(CLEAR + "main.go" + ENTER + CLEAR + "./cmd/api" + ENTER, explicit=explicit)
    assert answers["entrypoint"] == "./cmd/api"
    Spec.from_answers(answers)
