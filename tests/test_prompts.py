"""The interactive flow, driven through prompt_toolkit's pipe input with no terminal."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from generator.answers.gather import gather
from generator.answers.prompts import ask_missing, confirm_overwrite
from generator.answers.questions import load_questions
from generator.spec.model import Spec

DOWN = "\x1b[B"
ENTER = "\r"
CLEAR = "\x15"  # Ctrl-U: drop the prefilled default
CTRL_C = "\x03"

FULL = Spec.from_answers({"app_name": "demo"}).answers()


@contextmanager
def keys(text: str) -> Iterator[None]:
    with create_pipe_input() as pipe:
        pipe.send_text(text)
        # Closing the pipe makes a prompt that runs out of keys fail with EOFError instead of waiting.
        pipe.close()
        with create_app_session(input=pipe, output=DummyOutput()):
            yield


def ask(
    text: str, *, explicit: Mapping[str, Any], proposed: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    with keys(text):
        return ask_missing(load_questions(), explicit=explicit, proposed=proposed or {})


def test_only_missing_questions_are_asked_and_bad_text_is_reasked() -> None:
    explicit = {k: v for k, v in FULL.items() if k not in {"package_manager", "memory", "private_index"}}
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
    explicit = {
        k: v for k, v in FULL.items() if k not in {"app_kind", "entrypoint", "server", "port", "health_path"}
    }
    answers = ask(DOWN + ENTER + CLEAR + "-m jobs" + ENTER, explicit=explicit)
    assert answers["app_kind"] == "worker"
    assert answers["entrypoint"] == "-m jobs"
    assert not {"server", "port", "health_path"} & set(answers)
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


def test_gather_interactively_from_a_detected_repo(copy_app: Callable[[str], Path]) -> None:
    app = copy_app("flask-pip")
    # Accept every default: name, description, language, package manager, base, python, kind,
    # entrypoint, server, port, health path, memory, reservation, cpus, reservation, pids, uid,
    # private index, CI.
    with keys(ENTER * 17 + "n" + ENTER):
        gathered = gather(app, {}, interactive=True)
    spec = gathered.spec
    assert spec.ci == "none"
    assert (spec.app_name, spec.entrypoint, spec.server, spec.health_path) == (
        "flask-pip",
        "app:app",
        "gunicorn",
        "/health",
    )


def test_entrypoint_prompt_holds_the_chosen_languages_form() -> None:
    go = Spec.from_answers({"app_name": "demo", "language": "go"}).answers()
    explicit = {k: v for k, v in go.items() if k != "entrypoint"}
    # main.go is no Go package path: refused at the prompt, which stays; ./cmd/api is accepted.
    answers = ask(CLEAR + "main.go" + ENTER + CLEAR + "./cmd/api" + ENTER, explicit=explicit)
    assert answers["entrypoint"] == "./cmd/api"
    Spec.from_answers(answers)


def test_language_is_asked_first_when_the_repository_does_not_settle_it(tmp_path: Path) -> None:
    import shutil

    from .conftest import REPO

    repo = tmp_path / "ambiguous"
    shutil.copytree(REPO / "tests" / "fixtures" / "detect" / "ambiguous", repo)
    # Language first (python is the default: ENTER), then every other prompt's default, which now
    # comes from the Python detector: app:app and the /health route of app.py.
    with keys(ENTER * 18 + "n" + ENTER):
        spec = gather(repo, {}, interactive=True).spec
    assert (spec.language, spec.entrypoint, spec.health_path) == ("python", "app:app", "/health")
