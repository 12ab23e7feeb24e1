"""Answers given as data: ``--data key=value`` pairs and ``--data-file answers.yml`` (cookiecutter-style)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from generator.answers.input_files import InputFileError, load_yaml_mapping
from generator.errors import InvalidAnswerError


def parse_data(pairs: Sequence[str]) -> dict[str, Any]:
    """Turn ``key=value`` pairs into answers, each value the text exactly as typed.

    The text is not read as YAML (``port=017720`` would be the octal 8144, ``python_version=3.10`` the
    number 3.1): the Spec reads each answer as its question's type, as Copier does with ``--data``.

    Args:
        pairs: Strings of the form ``key=value``; a later pair wins over an earlier one.

    Returns:
        The answers, by question name (dashes in a key read as underscores).

    Raises:
        InvalidAnswerError: A pair has no ``=`` or an empty key.
    """
    answers: dict[str, Any] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        name = key.strip().replace("-", "_")
        if not sep or not name:
            raise InvalidAnswerError(
                field="data", accepted="must be key=value, such as memory=1g", given=pair
            )
        answers[name] = raw
    return answers


def load_data_file(path: Path) -> dict[str, Any]:
    """Read answers from a YAML mapping (for example a ``.copier-answers.yml`` from another project).

    The file is read as ``copier copy --data-file`` reads it (YAML's own types: ``port: 8000`` is a
    number); the Spec then reads each answer as its question's type. Keys starting with ``_`` (Copier's
    own bookkeeping) are ignored.

    Raises:
        InvalidAnswerError: The file is missing, not a regular file, too large, not UTF-8, not YAML (a
            tag such as ``!!int x`` or ``!!python/name:os.system`` included), or not a mapping.
    """
    try:
        # A regular file of bounded size only: /dev/zero or a FIFO would be read forever.
        loaded = load_yaml_mapping(path, label="--data-file")
    except InputFileError as error:
        raise InvalidAnswerError(field="data_file", accepted=error.reason, given=str(path)) from None
    return {str(key): value for key, value in loaded.items() if not str(key).startswith("_")}
