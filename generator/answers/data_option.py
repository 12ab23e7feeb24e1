"""Answers given as data: ``--data key=value`` pairs and ``--data-file answers.yml`` (cookiecutter-style)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

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
        InvalidAnswerError: The file is missing, is not UTF-8, is not YAML (a tag such as ``!!int x`` or
            ``!!python/name:os.system`` included), or is not a mapping.
    """
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise _unreadable(path, error.strerror or "cannot be read") from None
    except UnicodeDecodeError:
        raise _unreadable(path, "is not UTF-8 text") from None
    except yaml.YAMLError as error:
        raise _unreadable(path, _first_line(error)) from None
    except (ValueError, TypeError, OverflowError, RecursionError):
        # A tag's constructor fails on its own terms: `!!int x`, `!!timestamp 2024-13-45`.
        raise _unreadable(path, "holds a YAML tag whose value it cannot read") from None
    if not isinstance(loaded, dict):
        raise InvalidAnswerError(
            field="data_file", accepted="must hold a mapping of answers", given=str(path)
        )
    return {str(key): value for key, value in loaded.items() if not str(key).startswith("_")}


def _unreadable(path: Path, reason: str) -> InvalidAnswerError:
    return InvalidAnswerError(
        field="data_file", accepted=f"must be a readable YAML file: {reason}", given=str(path)
    )


def _first_line(error: yaml.YAMLError) -> str:
    # PyYAML's messages span lines (the problem, then where); the error stays on one line.
    problem = getattr(error, "problem", None)
    mark = getattr(error, "problem_mark", None)
    where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
    return f"is not valid YAML: {problem or 'cannot be parsed'}{where}".replace("\n", " ")
