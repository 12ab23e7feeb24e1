"""Interactive questions with questionary.

Each prompt re-asks until the answer passes the same validation as flags do. ``unsafe_ask`` is used
throughout so Ctrl-C raises ``KeyboardInterrupt`` (exit 130) instead of returning ``None``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import questionary

from generator.answers.questions import Question
from generator.errors import InvalidAnswerError
from generator.spec.model import Spec, check_answer

#: Questions an organisation answers once in its settings file, not each developer at a prompt.
SETTINGS_ONLY = frozenset({"base_registry", "extra_labels"})


def ask_missing(
    questions: Sequence[Question], *, explicit: Mapping[str, Any], proposed: Mapping[str, Any]
) -> dict[str, Any]:
    """Ask every applicable question that has no explicit answer.

    Args:
        questions: The template's questions, in order.
        explicit: Answers already given (flags); they are not asked again.
        proposed: Detected defaults, shown as each prompt's default.

    Returns:
        The explicit answers plus the ones asked.

    """
    answers: dict[str, Any] = dict(explicit)
    context: dict[str, Any] = {}
    for question in questions:
        if question.name in explicit:
            context[question.name] = explicit[question.name]
            continue
        if not question.applies(context) or question.name in SETTINGS_ONLY:
            context[question.name] = question.default_for(context)
            continue
        default = proposed.get(question.name, question.default_for(context))
        options = question.choices_for(context)
        if len(options) == 1:
            value: Any = options[0][1]
        else:
            value = _ask_one(question, default, options, question.help_for(context), context)
        answers[question.name] = value
        context[question.name] = value
    return answers


def _ask_one(
    question: Question,
    default: Any,
    options: Sequence[tuple[str, str]],
    message: str,
    context: Mapping[str, Any],
) -> Any:
    if options:
        known = {value for _, value in options}
        return questionary.select(
            message,
            choices=[questionary.Choice(title=label, value=value) for label, value in options],
            default=default if default in known else None,
        ).unsafe_ask()
    if question.kind == "bool":
        return questionary.confirm(message, default=bool(default)).unsafe_ask()
    text = questionary.text(
        message,
        default="" if default is None else str(default),
        validate=_validator(question, context),
    ).unsafe_ask()
    return _converted(question, text, context)


def _converted(question: Question, text: str, context: Mapping[str, Any]) -> Any:
    if question.name in Spec.model_fields:
        language = context.get("language")
        return check_answer(question.name, text, language=language if isinstance(language, str) else None)
    # A question only a customised template has: Copier's own validator judges it; keep its type.
    if question.kind == "int":
        try:
            return int(text)
        except ValueError:
            raise InvalidAnswerError(
                field=question.name, accepted="must be a whole number", given=text
            ) from None
    return text


def _validator(question: Question, context: Mapping[str, Any]) -> Callable[[str], bool | str]:
    def validate(text: str) -> bool | str:
        try:
            _converted(question, text, context)
        except InvalidAnswerError as error:
            return f"{error.field} {error.accepted}"
        return True

    return validate


def confirm_overwrite(path: str, diff: str) -> bool:
    """Show how an existing file would change and ask whether to overwrite it (default: no)."""
    questionary.print(diff.rstrip("\n"))
    return bool(questionary.confirm(f"Overwrite {path}?", default=False).unsafe_ask())


def ask_new_questions(questions: Sequence[Question], known: Mapping[str, Any]) -> dict[str, Any]:
    """Ask only the questions that ``known`` has no answer for (those a newer template added)."""
    asked = ask_missing(questions, explicit=known, proposed={})
    return {name: value for name, value in asked.items() if name not in known}
