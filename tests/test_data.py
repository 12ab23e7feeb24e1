"""Answers as data: --data pairs (text, as typed) and --data-file (YAML), read by the Spec."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from generator.answers.data_option import load_data_file, parse_data
from generator.errors import InvalidAnswerError
from generator.spec.model import Spec

from .conftest import Invoke


def test_pairs_are_text_as_typed() -> None:
    parsed = parse_data(
        ["cpus=0.5", "port=9000", "python-version=3.10", "private_index=true", "health_path=", "a=b=c"]
    )
    assert parsed == {
        "cpus": "0.5",
        "port": "9000",
        "python_version": "3.10",
        "private_index": "true",
        "health_path": "",
        "a": "b=c",
    }


@pytest.mark.parametrize("value", ["017720", "0x1F90", "8_080", " 8080", "8080\n"])
def test_a_port_is_never_read_as_yaml(value: str) -> None:
    # YAML 1.1 would make 017720 the octal 8144 and 0x1F90 the number 8080.
    with pytest.raises(InvalidAnswerError, match="port: must be a whole number"):
        Spec.from_answers(parse_data([f"port={value}"]))


def test_pairs_are_read_by_the_spec() -> None:
    spec = Spec.from_answers(
        parse_data(
            ["app_name=demo", "port=9000", "private_index=true", "extra_labels={org.example.team: web}"]
        )
    )
    assert (spec.port, spec.private_index, spec.extra_labels) == (9000, True, {"org.example.team": "web"})


@pytest.mark.parametrize("pair", ["memory", "=1g", " =x"])
def test_malformed_pairs_are_refused(pair: str) -> None:
    with pytest.raises(InvalidAnswerError, match="must be key=value"):
        parse_data([pair])


def test_data_file_skips_copier_bookkeeping(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yml"
    answers.write_text("_commit: v1\n_src_path: x\ncpus: 0.5\nport: 9000\n")
    assert load_data_file(answers) == {"cpus": 0.5, "port": 9000}
    # Read as copier copy --data-file reads it: the Spec then takes 0.5 as the text "0.5".
    assert Spec.from_answers({"app_name": "demo", **load_data_file(answers)}).cpus == "0.5"
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


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("port: !!int x\n", "holds a value YAML cannot build"),
        ("when: !!timestamp 2024-13-45\n", "holds a value YAML cannot build"),
        ("cmd: !!python/name:os.system x\n", "not valid YAML"),
        ("cmd: !!python/object/apply:os.system [ls]\n", "not valid YAML"),
        ("a: [\n", "not valid YAML"),
        ("[" * 5000, "nested too deeply"),
    ],
)
def test_a_bad_data_file_is_one_line(tmp_path: Path, text: str, reason: str) -> None:
    answers = tmp_path / "answers.yml"
    answers.write_text(text)
    with pytest.raises(InvalidAnswerError) as caught:
        load_data_file(answers)
    assert caught.value.field == "data_file"
    assert reason in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_data_file_that_is_not_utf8_is_one_line(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yml"
    answers.write_bytes(b"description: caf\xe9\n")
    with pytest.raises(InvalidAnswerError, match="is not UTF-8 text"):
        load_data_file(answers)


@pytest.mark.usefixtures("fast_template")
@pytest.mark.parametrize(
    "content", [b"port: !!int x\n", b"description: caf\xe9\n", b"a: !!python/name:os.system x\n"]
)
def test_new_reports_a_bad_data_file_in_one_line(
    cli_invoke: Invoke, copy_app: Callable[[str], Path], tmp_path: Path, content: bytes
) -> None:
    app = copy_app("flask-pip")
    data_file = tmp_path / "bad.yml"
    data_file.write_bytes(content)
    result = cli_invoke(["new", str(app), "-y", "--data-file", str(data_file)], expect=2)
    assert result.stderr.startswith("scaffold: error: --data-file: ")
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.output
