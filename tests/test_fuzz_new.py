"""Fuzzing ``scaffold new``'s answers: whatever the flags say, one outcome of three and nothing half-done.

Every drawn set of answer flags (and ``--data`` pairs) ends in exit 0 with the files written, or exit 2
with one line on stderr and the destination exactly as it was; never a traceback, never another code.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from generator.cli import app
from generator.commands.answer_flags import ANSWER_FLAGS

from .examples import examples

pytestmark = pytest.mark.properties

#: Text that reaches every validator's edges: control characters, line breaks, quotes, shell and
#: Jinja syntax, non-ASCII letters, digits with leading zeros and signs.
_NASTY = st.sampled_from(
    ["\n", "\r", "\x00", "\x7f", "\x85", "\u2028", '"', "'", "$(id)", "{{ 7*7 }}", "`", "\\", "0", "-1", "é"]
)
#: Values some question accepts, so that drawn sets also reach the render and the write.
_VALID = st.sampled_from(
    [
        "shop",
        "a shop",
        "512m",
        "1g",
        "0.5",
        "2",
        "9000",
        "64",
        "20000",
        "app:app",
        "main.py",
        "3.11",
        "web",
        "worker",
        "slim",
        "distroless",
        "/health",
        "",
        "gunicorn",
        "uvicorn",
        "pip",
        "none",
        "python",
    ]
)
_TEXT = st.one_of(
    _VALID,
    _VALID,
    st.text(max_size=12),
    st.lists(
        st.one_of(_NASTY, st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789.:/_-", max_size=6))
    ).map("".join),
)
_VALUE_FLAGS = [flag for flag in ANSWER_FLAGS if flag.kind is not bool]
_ANSWER = st.tuples(st.sampled_from(_VALUE_FLAGS), _TEXT)
_DATA_NAMES = [flag.name for flag in ANSWER_FLAGS] + ["unknown_question", "_commit"]


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.usefixtures("fast_template")
@settings(
    derandomize=True,
    max_examples=examples(40),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    answers=st.lists(_ANSWER, max_size=3),
    data=st.lists(st.tuples(st.sampled_from(_DATA_NAMES), _TEXT), max_size=2),
)
def test_any_answers_end_in_one_of_three_outcomes(
    tmp_path_factory: pytest.TempPathFactory,
    answers: list[tuple[object, str]],
    data: list[tuple[str, str]],
) -> None:
    dest = tmp_path_factory.mktemp("app")
    (dest / "app.py").write_text("from flask import Flask\napp = Flask(__name__)\n")
    (dest / "requirements.txt").write_text("flask\ngunicorn\n")
    before = _snapshot(dest)
    args = ["new", str(dest), "--defaults"]
    for flag, value in answers:
        args += [flag.flag, value]  # type: ignore[attr-defined]
    for name, value in data:
        args += ["--data", f"{name}={value}"]

    result = CliRunner().invoke(app, args)

    assert result.exit_code in {0, 2}, (args, result.output, result.exception)
    event(f"exit {result.exit_code}")
    assert "Traceback" not in result.output
    if result.exit_code == 0:
        assert (dest / "Dockerfile").is_file() and (dest / "compose.yaml").is_file()
    else:
        assert result.stderr.startswith("scaffold: error: ")
        assert result.stderr.count("\n") == 1, result.stderr
        assert _snapshot(dest) == before
