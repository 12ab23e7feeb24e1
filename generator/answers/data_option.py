"""Answers given as data: ``--data key=value`` pairs and ``--data-file answers.yml`` (cookiecutter-style)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from generator.answers.input_files import InputFileError, load_yaml_mapping
from generator.answers.questions import load_questions
from generator.errors import InvalidAnswerError


def parse_data(pairs: Sequence[str]) -> dict[str, Any]:
    """Turn ``key=value`` pairs into answers, typed as their questions are (``port=9000`` is a number).

    Args:
        pairs: Strings of the form ``key=value``; a later pair wins over an earlier one.

    Returns:
        The answers, by question name.

    Raises:
        InvalidAnswerError: A pair has no ``=`` or an empty key.
    """
    kinds = {question.name: question.kind for question in load_questions()}
    answers: dict[str, Any] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        name = key.strip().replace("-", "_")
        if not sep or not name:
            raise InvalidAnswerError(
                field="data", accepted="must be key=value, such as memory=1g", given=pair
            )
        # Text stays exactly as typed (python_version=3.10 must not become 3.1).
        answers[name] = raw if kinds.get(name, "str") == "str" else _scalar(raw)
    return answers


def load_data_file(path: Path) -> dict[str, Any]:
    """Read answers from a YAML mapping (for example a ``.copier-answers.yml`` from another project).

    Keys starting with ``_`` (Copier's own bookkeeping) are ignored.

    Raises:
        InvalidAnswerError: The file is missing, not a regular file, too large, not YAML, not a
            mapping, or holds more than plain data.
    """
    try:
        # A regular file of bounded size only: /dev/zero or a FIFO would be read forever.
        loaded = load_yaml_mapping(path, label="--data-file")
    except InputFileError as error:
        raise InvalidAnswerError(field="data_file", accepted=error.reason, given=str(path)) from None
    return _typed({str(key): value for key, value in loaded.items() if not str(key).startswith("_")})


def _scalar(raw: str) -> Any:
    try:
        value = yaml.safe_load(raw)
    except yaml.YAMLError:
        return raw
    # Only plain scalars are read as YAML; anything structured stays the string the user typed.
    return value if isinstance(value, (str, int, float, bool)) else raw


def _typed(answers: dict[str, Any]) -> dict[str, Any]:
    """Give text questions text: ``cpus=0.5`` reads as the number 0.5, but the question wants "0.5"."""
    kinds = {question.name: question.kind for question in load_questions()}
    return {
        key: str(value)
        if kinds.get(key) == "str" and isinstance(value, (int, float)) and not isinstance(value, bool)
        else value
        for key, value in answers.items()
    }
