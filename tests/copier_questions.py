"""Copier's own questionnaire over copier.yml, without rendering a file, and the Spec's, side by side.

Rendering through Copier takes seconds; asking its questions takes milliseconds once the Jinja snippets
of copier.yml are compiled once (Copier compiles each again for every question of every run). Both
sides are reduced to an :class:`Outcome` so a test can say they agree.
"""

from __future__ import annotations

import functools
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from copier._main import Worker

from generator.errors import InvalidAnswerError
from generator.spec.model import Spec
from generator.spec.questions import QUESTION_BY_NAME

_VALIDATION = re.compile(r"^Validation error for question '(\w+)': (.*)$", re.DOTALL)
_CHOICE = re.compile(r"^Invalid choice for '(\w+)'")
_TYPE = re.compile(r'to question "(\w+)" of type')


@dataclass(frozen=True)
class Outcome:
    """What became of a set of answers.

    Attributes:
        field: The refused question; ``None`` when every answer was accepted.
        words: ``"<question> <accepted form>"`` when a question's checks refused it (Copier's validator
            message), else ``None``.
        answers: The accepted answers and computed values, as Copier holds them, when accepted.

    """

    field: str | None
    words: str | None = None
    answers: dict[str, Any] | None = None


class CopierQuestions:
    """Run Copier's questionnaire (``--defaults`` with data) over a template, many times, quickly."""

    def __init__(self, template: Path) -> None:
        self._template = template
        self._destination = Path(tempfile.mkdtemp(prefix="scaffold-questions-"))
        first = self._worker({})
        self._jinja_env = first.jinja_env
        # Compile each snippet once; Copier would compile it again for every question of every run.
        self._jinja_env.from_string = functools.lru_cache(maxsize=None)(self._jinja_env.from_string)  # type: ignore[method-assign]
        self._loaded = first.template

    def _worker(self, data: dict[str, Any]) -> Worker:
        return Worker(
            src_path=str(self._template), dst_path=self._destination, data=data, defaults=True, quiet=True
        )

    def ask(self, data: dict[str, Any]) -> dict[str, Any]:
        """Return Copier's answers (computed values included); raise what Copier raises for a bad one."""
        worker = self._worker(data)
        worker.__dict__["template"] = self._loaded
        worker.__dict__["jinja_env"] = self._jinja_env
        worker._ask()
        return dict(worker.answers.combined)

    def outcome(self, data: dict[str, Any]) -> Outcome:
        """Ask, and reduce what happened to an :class:`Outcome`."""
        try:
            answers = self.ask(data)
        except Exception as error:  # Copier raises ValueError, TypeError and its own errors
            text = str(error)
            validation = _VALIDATION.match(text)
            if validation:
                return Outcome(field=validation.group(1), words=validation.group(2))
            named = _CHOICE.match(text) or _TYPE.search(text)
            return Outcome(field=named.group(1) if named else "?")
        return Outcome(field=None, answers=answers)


def spec_outcome(data: dict[str, Any]) -> tuple[Outcome, Spec | None]:
    """Validate with the Spec, reduced to an :class:`Outcome` (answers typed as Copier types them)."""
    try:
        spec = Spec.from_answers(data)
    except InvalidAnswerError as error:
        return Outcome(field=error.field, words=f"{error.field} {error.accepted}"), None
    answers = {
        name: str(value) if QUESTION_BY_NAME[name].kind == "number" else value
        for name, value in spec.answers().items()
    }
    return Outcome(field=None, answers={**answers, **spec.computed()}), spec


def agree(copier_side: Outcome, spec_side: Outcome) -> bool:
    """Whether Copier and the Spec did the same: both accepted the same answers, or refused the same one.

    Where Copier's validator refused, the words must match too; where Copier refused earlier (an answer
    of the wrong type, or not among the choices) its message is its own, so only the question counts.
    One difference is deliberate: Copier reads any text as a yes-or-no answer, scaffold only the usual
    words. That case is reported as agreement only when Copier accepted the answer: it then refused nothing,
    or a question it asks later.
    """
    if spec_side.field is not None and spec_side.words == f"{spec_side.field} must be true or false":
        if copier_side.field is None or copier_side.field == spec_side.field:
            return True
        order = list(QUESTION_BY_NAME)
        return copier_side.field in order and order.index(copier_side.field) > order.index(spec_side.field)
    if spec_side.field is None or copier_side.field is None:
        if spec_side.field is not None or copier_side.field is not None:
            return False
        assert copier_side.answers is not None and spec_side.answers is not None
        return all(copier_side.answers.get(name) == value for name, value in spec_side.answers.items())
    if copier_side.field not in {spec_side.field, "?"}:
        return False
    return copier_side.words is None or copier_side.words == spec_side.words
