"""The interactive flow of ``scaffold new``: ask only what the repository does not say.

Driven through prompt_toolkit's pipe input with no terminal; every prompt shown is recorded, so the tests
count them and name them.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

import generator.answers.gather
from generator.answers.gather import gather
from generator.answers.prompts import LIMITS, SETTINGS_ONLY, answers_table
from generator.answers.questions import Question, load_questions
from generator.detect import Finding
from generator.spec.model import Spec

from .conftest import REPO, Invoke
from .prompt_keys import CLEAR, CTRL_C, DOWN, ENTER, SPACE, UP, Shown, keys, record_prompts

RUNTIME = "Runtime base image"
CI = "CI files"
LIMITS_CONFIRM = "Keep the resource limits"
CHANGE = "Change anything else?"
#: What a repository that says everything is asked: two choices of the user's, the limits, and the rest.
DETECTED_FLOW = [RUNTIME, LIMITS_CONFIRM, CI, CHANGE]


def messages(shown: list[Shown]) -> list[str]:
    """Each prompt's message, cut to the part these tests name."""
    known = (RUNTIME, CI, LIMITS_CONFIRM, CHANGE)
    return [
        next((start for start in known if prompt.message.startswith(start)), prompt.message)
        for prompt in shown
    ]


def run(app: Path, typed: str, given: Mapping[str, Any] | None = None) -> Spec:
    with keys(typed):
        return gather(app, dict(given or {}), interactive=True).spec


def _question(name: str) -> Question:
    return next(question for question in load_questions() if question.name == name)


def checklist(shown: list[Shown]) -> tuple[Any, ...]:
    return next(prompt.choices for prompt in shown if prompt.kind == "checkbox")


@pytest.mark.parametrize(
    "name", ["flask-pip", "fastapi-uv", "node-npm", "go-web", "rust-web", "java-maven-web"]
)
def test_a_repository_that_says_everything_is_asked_four_prompts(
    name: str, copy_app: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = copy_app(name)
    shown = record_prompts(monkeypatch)
    spec = run(app, ENTER * len(DETECTED_FLOW))
    assert messages(shown) == DETECTED_FLOW
    # Every detected answer is in the spec, unasked.
    detected = gather(app, {}, interactive=False).spec
    assert spec == detected


def test_the_table_of_answers_comes_first_with_each_source(
    copy_app: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shown = record_prompts(monkeypatch)
    with pytest.raises(KeyboardInterrupt), keys(CTRL_C):
        gather(copy_app("flask-pip"), {"memory": "1g"}, interactive=True)
    # Interrupted at the first prompt, and the table is already out: it is printed before any question.
    assert len(shown) == 1
    table = capsys.readouterr().err
    rows = {line.split()[0]: line for line in table.splitlines()[1:]}
    assert re.fullmatch(r"\s+entrypoint\s+app:app\s+app\.py:5: Flask app", rows["entrypoint"])
    assert re.fullmatch(r"\s+health_path\s+/health\s+app\.py:13: route /health", rows["health_path"])
    assert re.fullmatch(r"\s+memory\s+1g\s+command line", rows["memory"])
    in_order = ["question", "app_name", "language", "package_manager", "app_kind", "requirements_files"]
    assert list(rows) == [*in_order, "entrypoint", "server", "server_install", "health_path", "memory"]


def test_the_table_names_settings_and_keeps_flags_over_them() -> None:
    table = answers_table(
        load_questions(),
        given={"uid": 12345},
        shown={"uid": Finding(20000, "/org/scaffold.toml"), "pids": Finding(64, "/org/scaffold.toml")},
    )
    assert table.splitlines()[1:] == [
        "  question  value  source",
        "  pids      64     /org/scaffold.toml",
        "  uid       12345  command line",
    ]
    assert answers_table(load_questions(), given={}, shown={}) == ""


def test_an_undetected_entrypoint_is_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A Flask dependency but no app file scaffold recognises: what the app is and how it starts is asked.
    app = tmp_path / "service"
    app.mkdir()
    (app / "requirements.txt").write_text("flask\n")
    shown = record_prompts(monkeypatch)
    # runtime base, app kind (web), entrypoint, server (gunicorn), limits, CI, change: accept all but one.
    spec = run(app, ENTER * 2 + CLEAR + "service.web:create_app()" + ENTER + ENTER * 4)
    assert [prompt.message.split(":")[0] for prompt in shown][1:4] == [
        "App kind",
        "Entrypoint",
        "Server that runs the app spec",
    ]
    assert len(shown) == 7
    assert (spec.entrypoint, spec.server, spec.port) == ("service.web:create_app()", "gunicorn", 8000)


def test_an_undetected_port_is_asked_where_the_app_picks_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A Node web app whose port the source does not show: node listens where the app says, so it is
    # asked; a Python app spec is served by gunicorn or uvicorn on any port, so flask-pip is not asked.
    app = tmp_path / "api"
    app.mkdir()
    (app / "package.json").write_text(
        '{"name": "api", "main": "index.js", "dependencies": {"express": "4"}}\n'
    )
    (app / "package-lock.json").write_text("{}\n")
    (app / "index.js").write_text("const app = require('express')();\napp.listen(process.env.PORT);\n")
    shown = record_prompts(monkeypatch)
    spec = run(app, ENTER + CLEAR + "4000" + ENTER + ENTER * 3)
    assert messages(shown) == [
        RUNTIME,
        "Port the app listens on inside the container",
        LIMITS_CONFIRM,
        CI,
        CHANGE,
    ]
    assert spec.port == 4000


def test_change_anything_else_reaches_a_question_never_asked(
    copy_app: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = record_prompts(monkeypatch)
    app = copy_app("go-web")
    offered = [
        "app_name",
        "description",
        "language",
        "go_workspace",
        "go_vendor",
        "cgo",
        "go_version",
        "app_kind",
        "entrypoint",
        "port",
        "health_path",
        "uid",
        "kubernetes",
    ]
    pick_uid = DOWN * offered.index("uid") + SPACE + ENTER
    spec = run(app, ENTER * 3 + pick_uid + CLEAR + "20000" + ENTER)
    assert checklist(shown) == tuple(offered)
    assert messages(shown)[-1] == "Numeric user and group id the app runs as"
    assert spec.uid == 20000


def test_every_question_is_asked_offered_or_settled(
    copy_app: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    # node-npm: the question that is neither asked, in the limits, nor in the checklist is one no prompt
    # may ask (the organisation's) or one with a single choice for this language.
    shown = record_prompts(monkeypatch)
    spec = run(copy_app("node-npm"), ENTER * len(DETECTED_FLOW))
    applicable = set(spec.answers()) - SETTINGS_ONLY
    reached = set(checklist(shown)) | {"runtime_base", "ci"} | set(LIMITS)
    assert applicable - reached == set()


def test_limits_are_one_confirmation_and_can_be_changed(
    copy_app: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = record_prompts(monkeypatch)
    # "n" to the limits: each is asked with its default; memory 1g, the others kept. The reservation
    # may not exceed the limit, which the prompt checks with the answers before it.
    typed = ENTER + "n" + CLEAR + "1g" + ENTER + ENTER * 4 + ENTER * 2
    spec = run(copy_app("go-web"), typed)
    asked = messages(shown)
    assert asked[1] == LIMITS_CONFIRM
    assert (
        "memory 512m, memory_reservation 256m, cpus 0.5, cpus_reservation 0.25, pids 128" in shown[1].message
    )
    assert len(asked) == 2 + len(LIMITS) + 2
    assert (spec.memory, spec.memory_reservation, spec.pids) == ("1g", "256m", 128)
    # Limits were offered already: not offered again under "Change anything else?".
    assert not set(LIMITS) & set(checklist(shown))


def test_flags_are_never_asked_nor_offered(
    copy_app: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = record_prompts(monkeypatch)
    given = {"runtime_base": "scratch", "ci": "github", "memory": "1g", "uid": 12000}
    spec = run(copy_app("go-web"), ENTER * 2, given)
    assert messages(shown) == [LIMITS_CONFIRM, CHANGE]
    assert shown[0].message == (
        "Keep the resource limits: memory_reservation 256m, cpus 0.5, cpus_reservation 0.25, pids 128?"
    )
    assert not set(given) & set(checklist(shown))
    assert (spec.runtime_base, spec.ci, spec.memory, spec.uid) == ("scratch", "github", "1g", 12000)


def test_organisation_settings_are_shown_not_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("SCAFFOLD_SETTINGS", raising=False)
    app = tmp_path / "go-web"
    shutil.copytree(REPO / "tests" / "apps" / "go-web", app)
    (tmp_path / "scaffold.toml").write_text(
        'registry = "registry.example.com/mirror/"\nallowed_runtime_bases = ["distroless"]\n\n'
        '[defaults]\nci = "github"\nuid = 20000\nmemory = "1g"\npids = 256\n'
    )
    shown = record_prompts(monkeypatch)
    spec = run(app, ENTER * 2)
    # The runtime base has one allowed choice, CI is the organisation's: only the limits left (those the
    # settings do not set) and the last step.
    assert messages(shown) == [LIMITS_CONFIRM, CHANGE]
    assert (
        shown[0].message
        == "Keep the resource limits: memory_reservation 256m, cpus 0.5, cpus_reservation 0.25?"
    )
    assert "uid" in checklist(shown)  # a settings default is open to change, like a detected answer
    assert (spec.runtime_base, spec.ci, spec.uid, spec.memory, spec.base_registry) == (
        "distroless",
        "github",
        20000,
        "1g",
        "registry.example.com/mirror/",
    )
    table = capsys.readouterr().err
    assert re.search(rf"\n\s+uid\s+20000\s+{re.escape(str(tmp_path / 'scaffold.toml'))}\n", table)


def test_a_changed_language_asks_what_no_longer_fits(
    copy_app: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shown = record_prompts(monkeypatch)
    # go-web, then python under "Change anything else?": go's package manager and "." cannot stay.
    pick_language = DOWN * 2 + SPACE + ENTER + UP * 2 + ENTER
    spec = run(copy_app("go-web"), ENTER * 3 + pick_language + ENTER + ENTER + ENTER)
    assert messages(shown)[4:] == [
        "Language",
        "Package manager (build tool)",
        _question("entrypoint").help_for({"language": "python"}),
        "Server that runs the app spec",
    ]
    err = capsys.readouterr().err
    assert "package_manager go: must be one of pip, poetry, uv" in err
    assert (spec.language, spec.package_manager, spec.entrypoint, spec.server) == (
        "python",
        "pip",
        "app:app",
        "gunicorn",
    )
    assert spec.python_version == "3.11"  # the default that follows the distroless base
    assert spec.go_version is None


def test_a_distroless_base_asks_a_detected_python_version_again(
    copy_app: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shown = record_prompts(monkeypatch)
    # fastapi-uv allows 3.14 (its newest); distroless ships 3.11: asked right after the base, offering 3.11.
    spec = run(copy_app("fastapi-uv"), DOWN + ENTER + ENTER + ENTER * 3)
    assert messages(shown)[:2] == [RUNTIME, "Python version (major.minor)"]
    assert "python_version 3.14: must be 3.11 with the distroless runtime" in capsys.readouterr().err
    assert (spec.runtime_base, spec.python_version) == ("distroless", "3.11")


def test_language_is_asked_first_when_the_repository_does_not_settle_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = tmp_path / "ambiguous"
    shutil.copytree(REPO / "tests" / "fixtures" / "detect" / "ambiguous", repo)
    shown = record_prompts(monkeypatch)
    # Language first (python is the default), then the Python detector's answers: app:app and /health.
    spec = run(repo, ENTER * (1 + len(DETECTED_FLOW)))
    assert messages(shown) == ["Language", *DETECTED_FLOW]
    assert (spec.language, spec.entrypoint, spec.health_path) == ("python", "app:app", "/health")
    err = capsys.readouterr().err
    assert "This repository has manifests of node (package.json), python" in err
    assert re.search(r"\n\s+language\s+python\s+your answer above\n", err)


# Ctrl-C at each step of the whole command: the flow of go-web, and a prompt inside the limits and
# inside "Change anything else?".
STEPS = {
    "runtime base": "",
    "limits": ENTER,
    "ci": ENTER * 2,
    "change anything else": ENTER * 3,
    "a limit": ENTER + "n",
    "a picked question": ENTER * 3 + SPACE + ENTER,
}


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def interactive_cli(monkeypatch: pytest.MonkeyPatch, fast_template: Path) -> None:
    """Make ``scaffold new`` prompt as with a terminal (the test runner's input is none)."""

    def gather_with_prompts(dest: Path, given: Mapping[str, Any], *, interactive: bool) -> Any:
        return gather(dest, given, interactive=True)

    # scaffold new imports gather when it runs, so the module's attribute is the one it calls.
    monkeypatch.setattr(generator.answers.gather, "gather", gather_with_prompts)


@pytest.mark.usefixtures("interactive_cli")
@pytest.mark.parametrize("step", list(STEPS))
def test_ctrl_c_at_each_step_exits_130_and_writes_nothing(
    step: str, cli_invoke: Invoke, copy_app: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = record_prompts(monkeypatch)
    app = copy_app("go-web")
    before = _files(app)
    with keys(STEPS[step] + CTRL_C):
        result = cli_invoke(["new", str(app)], expect=130)
    assert result.stderr.endswith("scaffold: interrupted\n")
    assert _files(app) == before
    assert len(shown) == 1 + len(STEPS[step].replace(SPACE, ""))


@pytest.mark.usefixtures("interactive_cli")
def test_the_same_keys_without_ctrl_c_write_the_files(
    cli_invoke: Invoke, copy_app: Callable[[str], Path]
) -> None:
    # The steps above are real: without the interrupt, the same command writes.
    app = copy_app("go-web")
    with keys(ENTER * len(DETECTED_FLOW)):
        result = cli_invoke(["new", str(app)])
    assert "Dockerfile" in _files(app)
    assert re.search(r"\n\s+entrypoint\s+\.\s+main\.go:19: func main\n", result.stderr)
