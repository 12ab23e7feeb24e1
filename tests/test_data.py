"""Answers as data: --data pairs and --data-file, typed as their questions are."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from generator.answers.data_option import load_data_file, parse_data
from generator.errors import InvalidAnswerError

from .conftest import Invoke


def test_pairs_are_typed_by_their_question() -> None:
    parsed = parse_data(
        ["cpus=0.5", "port=9000", "python-version=3.10", "private_index=true", "health_path="]
    )
    assert parsed == {
        "cpus": "0.5",
        "port": 9000,
        "python_version": "3.10",
        "private_index": True,
        "health_path": "",
    }


@pytest.mark.parametrize("pair", ["memory", "=1g", " =x"])
def test_malformed_pairs_are_refused(pair: str) -> None:
    with pytest.raises(InvalidAnswerError, match="must be key=value"):
        parse_data([pair])


def test_data_file_skips_copier_bookkeeping_and_types_text(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yml"
    answers.write_text("_commit: v1\n_src_path: x\ncpus: 0.5\nport: 9000\n")
    assert load_data_file(answers) == {"cpus": "0.5", "port": 9000}
    answers.write_text("- not\n- a mapping\n")
    with pytest.raises(InvalidAnswerError, match="must hold a mapping"):
        load_data_file(answers)
    with pytest.raises(InvalidAnswerError, match="data_file"):
        load_data_file(tmp_path / "missing.yml")


@pytest.mark.usefixtures("fast_template")
def test_new_takes_data_and_flags_win(
    cli_invoke: Invoke, copy_app: Callable[[str], Path], tmp_path: Path
) -> None:
    app = copy_app("flask-pip")
    data_file = tmp_path / "org.yml"
    data_file.write_text("memory: 2g\npids: 256\nuid: 20000\n")
    cli_invoke(["new", str(app), "-y", "--data-file", str(data_file), "-d", "pids=512", "--uid", "30000"])
    service = yaml.safe_load((app / "compose.yaml").read_text())["services"]["flask-pip"]
    assert service["deploy"]["resources"]["limits"] == {"cpus": "0.5", "memory": "2g", "pids": 512}
    assert service["user"] == "30000:30000"
