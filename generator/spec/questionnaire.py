"""The questions run in Python, the way Copier runs ``copier.yml`` with ``--defaults``.

Copier takes the questions in order. A given answer is first read as its question's type (text, yes or
no, YAML), then held to the question's choices, then to its validator; a question with no answer takes
its default, computed from the earlier answers. :func:`run` does the same with the same table, so the
first answer Copier would refuse is the one reported here, with the same words.

Reading an answer follows Copier too, with one deliberate difference: for a yes-or-no question Copier
takes any text (``maybe`` is yes), while scaffold takes only true/false, yes/no, on/off, y/n, t/f and 1/0,
each meaning what it means to Copier.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import yaml

from generator.errors import InvalidAnswerError
from generator.spec.computed import COMPUTED
from generator.spec.questions import QUESTION_BY_NAME, QUESTIONS, QuestionDefinition

_TRUE = frozenset({"true", "yes", "on", "y", "t", "1"})
_FALSE = frozenset({"false", "no", "off", "n", "f", "0"})
_COMPUTED = frozenset(value.name for value in COMPUTED)


def run(given: Mapping[str, Any]) -> dict[str, Any]:
    """Answer every question from the given answers and the defaults, refusing the first bad answer.

    Args:
        given: Question names to answers, as typed or as read from YAML.

    Returns:
        The answer to every question that applies, typed (a number as ``int``); the questions that do
        not apply are left out.

    Raises:
        InvalidAnswerError: An answer is unknown, cannot be read as its question's type, is not among its
            choices, is given to a question that does not apply, or breaks one of its checks.

    """
    for name, value in given.items():
        if name in _COMPUTED:
            raise InvalidAnswerError(
                field=name, accepted="is computed from the other answers; it cannot be given"
            )
        if name not in QUESTION_BY_NAME:
            raise InvalidAnswerError(field=name, accepted="is not a known question", given=value)
    context: dict[str, Any] = {}
    answers: dict[str, Any] = {}
    for question in QUESTIONS:
        applies = question.when is None or bool(question.when.evaluate(context))
        if question.name in given:
            value = parse(question, given[question.name], context)
            if not applies:
                raise InvalidAnswerError(field=question.name, accepted=question.not_applicable)
            validate(question, value, context)
        else:
            value = parse(question, question.default.evaluate(context), context)
            if applies:
                # Copier never checks a default. Each is valid whenever the earlier answers are (the
                # parity tests would show a difference), so this only guards against a broken table.
                validate(question, value, context)
        # Copier keeps a question's default in the context even where it does not apply.
        context[question.name] = value
        if applies:
            answers[question.name] = native(question, value)
    return answers


def applicable(answers: Mapping[str, Any]) -> dict[str, Any]:
    """Keep the answers to the questions that apply, given the answers themselves (valid ones)."""
    kept: dict[str, Any] = {}
    for question in QUESTIONS:
        if question.when is None or question.when.evaluate(answers):
            kept[question.name] = answers[question.name]
    return kept


def parse(question: QuestionDefinition, raw: Any, context: Mapping[str, Any]) -> Any:
    """Read an answer as its question's type and hold it to the question's choices.

    Args:
        question: The question.
        raw: The answer as given.
        context: The earlier answers; without a language, any language's choice is accepted.

    Returns:
        The answer as Copier reads it: text for text and number questions, a bool, or a YAML value.

    Raises:
        InvalidAnswerError: The answer cannot be read, or is not one of the choices.

    """
    value = _read(question, raw)
    if question.language_choices is not None and "language" not in context:
        values: tuple[str, ...] = question.values()
        language = ""
    else:
        values = tuple(question.choices_for(context) or ())
        language = f" for {context['language']}" if question.language_choices is not None else ""
    if values and value not in values:
        raise InvalidAnswerError(
            field=question.name, accepted=f"must be one of {', '.join(values)}{language}", given=raw
        )
    return value


def validate(
    question: QuestionDefinition, value: Any, context: Mapping[str, Any], *, partial: bool = False
) -> None:
    """Hold a parsed answer to its question's checks, in order.

    Args:
        question: The question.
        value: The answer, as :func:`parse` returns it.
        context: The earlier answers.
        partial: The context may lack answers: skip the checks that read a missing one, and use the
            question's stand-in checks when the language is not known.

    Raises:
        InvalidAnswerError: The first check the answer breaks.

    """
    answers = {**context, question.name: value}
    checks = question.checks
    if partial and "language" not in context:
        checks = (*checks, *question.alone)
    for check in checks:
        if partial and not check.refuse.names() <= answers.keys():
            continue
        if check.refuse.evaluate(answers):
            raise InvalidAnswerError(field=question.name, accepted=check.message(answers), given=value)


def native(question: QuestionDefinition, value: Any) -> Any:
    """Return a valid answer as the Spec holds it: a number question's answer as ``int``."""
    return int(value) if question.kind == "number" else value


def _read(question: QuestionDefinition, raw: Any) -> Any:
    if question.kind == "bool":
        return _as_bool(question.name, raw)
    if question.kind == "yaml":
        return _as_yaml(question.name, raw)
    return _as_text(question.name, raw)


def _as_text(name: str, raw: Any) -> str:
    # Copier's cast_to_str: numbers become their text (a bool is a number to Python: True is "True").
    if isinstance(raw, str):
        return raw
    if isinstance(raw, (int, float, Decimal)):
        return str(raw)
    if isinstance(raw, (bytes, bytearray)):
        try:
            return bytes(raw).decode()
        except UnicodeDecodeError:
            pass
    raise InvalidAnswerError(field=name, accepted="must be text", given=raw)


def _as_bool(name: str, raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int) and raw in {0, 1}:
        return bool(raw)
    if isinstance(raw, str):
        word = raw.strip().lower()
        if word in _TRUE or word in _FALSE:
            return word in _TRUE
    raise InvalidAnswerError(field=name, accepted="must be true or false", given=raw)


def _as_yaml(name: str, raw: Any) -> Any:
    # Copier parses a YAML question's text answer (a --data value) and takes anything else as it is.
    if not isinstance(raw, str):
        return raw
    try:
        return yaml.safe_load(raw)
    except Exception:  # a tag's constructor raises what it likes (``!!int x``: ValueError)
        raise InvalidAnswerError(field=name, accepted="must be valid YAML", given=raw) from None
