"""Interactive questions with questionary.

``scaffold new`` asks only what the repository does not say (:func:`ask_flow`): it shows the answers
already settled (flags, the organisation's settings, detection) as one table, asks what is missing and
the few choices that belong to the user, then offers every other question in one "Change anything else?"
step. Each prompt re-asks until the answer passes the same validation as flags do. ``unsafe_ask`` is
used throughout so Ctrl-C raises ``KeyboardInterrupt`` (exit 130) instead of returning ``None``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TextIO

import questionary

from generator.answers.questions import Question
from generator.detect.findings import Finding
from generator.errors import InvalidAnswerError
from generator.spec.model import Spec, check_answer

# Which questions the interactive flow asks, in one place. Every question not named here is shown or
# defaulted, and reachable under "Change anything else?".

#: Questions an organisation answers once in its settings file, not each developer at a prompt.
SETTINGS_ONLY = frozenset({"base_registry", "extra_labels"})
#: Choices that belong to the user, not the repository: asked unless a flag or the settings answer them.
USER_CHOICES = frozenset({"runtime_base", "ci"})
#: Questions with no safe default: asked when neither a flag, the settings nor the repository answers.
NEEDED = frozenset({"language", "package_manager", "app_kind", "entrypoint", "server", "port"})
#: Resource limits, offered together behind one confirmation that shows their values.
LIMITS = ("memory", "memory_reservation", "cpus", "cpus_reservation", "pids")
#: The source shown for an answer given as a flag, ``--data`` or ``--data-file``.
GIVEN_SOURCE = "command line"

#: Where an answer came from: a flag (never asked), the settings or detection (shown, not asked), the
#: template's default (follows the answers before it), or a prompt.
Origin = Literal["given", "shown", "default", "asked"]


@dataclass(frozen=True)
class _Slot:
    """One question's current answer and where it came from (which decides whether it is asked)."""

    value: Any
    origin: Origin


def ask_flow(
    questions: Sequence[Question],
    *,
    given: Mapping[str, Any],
    shown: Mapping[str, Finding],
    allowed: Mapping[str, Collection[str]] | None = None,
    unsettled: Collection[str] = (),
    out: TextIO | None = None,
) -> dict[str, Any]:
    """Ask only what the answers so far do not settle, then offer to change anything else.

    The steps: print the settled answers as one table; walk the questions in order, asking those in
    :data:`NEEDED` that nothing answered, those in :data:`USER_CHOICES`, one confirmation for
    :data:`LIMITS`, and any settled answer that no longer fits the answers before it; then one
    checkbox of every other question (none picked by default) and ask the picked ones; finally, while
    the answers together fail validation, name the problem and ask that question again.

    Args:
        questions: The template's questions, in order.
        given: Answers from flags, ``--data`` and ``--data-file``: never asked, never offered.
        shown: Answers from the organisation's settings and the repository, each with its source:
            shown in the table, not asked, but offered under "Change anything else?".
        allowed: The only values some questions may take (the settings' allowed runtime bases).
        unsettled: Questions the repository left open (a Java release above every LTS): asked in the
            first walk even when they are not in :data:`NEEDED`, since their default may not build.
        out: Where the table and messages go (default: standard error).

    Returns:
        Every answer: given, shown, defaulted and asked.

    Raises:
        KeyboardInterrupt: The user pressed Ctrl-C at any prompt.
        InvalidAnswerError: A given answer fails validation.

    """
    flow = _Flow(questions, given=given, shown=shown, allowed=allowed or {}, out=out or sys.stderr)
    table = answers_table(questions, given=given, shown=shown)
    if table:
        flow.say(table)
    flow.walk(ask=set(unsettled) - set(given), first=True)
    picked = flow.pick_changes()
    if picked:
        flow.walk(ask=picked, first=False)
    flow.settle()
    return flow.answers()


def answers_table(
    questions: Sequence[Question], *, given: Mapping[str, Any], shown: Mapping[str, Finding]
) -> str:
    """Render the answers settled before any prompt as one aligned table: question, value, source.

    Returns:
        The table, or an empty string when nothing is settled.

    """
    order = [question.name for question in questions]
    rows = {name: (_display(finding.value), finding.source) for name, finding in shown.items()}
    rows.update({name: (_display(value), GIVEN_SOURCE) for name, value in given.items()})
    if not rows:
        return ""
    names = sorted(rows, key=lambda name: order.index(name) if name in order else len(order))
    width = max(len("question"), *(len(name) for name in names))
    value_width = min(_VALUE_WIDTH, max(len("value"), *(len(rows[name][0]) for name in names)))
    lines = ["Already answered, so not asked (flags are final; the rest can be changed at the end):"]
    lines.append(f"  {'question':<{width}}  {'value':<{value_width}}  source")
    lines += [f"  {name:<{width}}  {rows[name][0]:<{value_width}}  {rows[name][1]}" for name in names]
    return "\n".join(lines)


#: Values longer than this overflow their own row rather than push every source to the right.
_VALUE_WIDTH = 24


def _display(value: Any) -> str:
    # Booleans and mappings as the answers file and --data write them.
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{key}: {item}" for key, item in value.items()) + "}"
    return str(value)


class _Flow:
    """The answers of one interactive run, and the walks over the questions that settle them."""

    def __init__(
        self,
        questions: Sequence[Question],
        *,
        given: Mapping[str, Any],
        shown: Mapping[str, Finding],
        allowed: Mapping[str, Collection[str]],
        out: TextIO,
    ) -> None:
        self.questions = questions
        self.shown = {name: finding.value for name, finding in shown.items() if name not in given}
        self.allowed = allowed
        self.out = out
        self.slots: dict[str, _Slot] = {name: _Slot(value, "given") for name, value in given.items()}
        self.slots.update({name: _Slot(value, "shown") for name, value in self.shown.items()})
        self.asked: set[str] = set()
        # The limits the one confirmation showed (kept or asked there, so not offered again).
        self.offered: set[str] = set()
        # Every question's value after the last walk (answered, shown or default), for conditions.
        self.context: dict[str, Any] = {}

    def say(self, text: str) -> None:
        """Print a message between prompts."""
        print(text, file=self.out, flush=True)

    def answers(self) -> dict[str, Any]:
        """Return the current answers by question name (plus any given answer no question has)."""
        return {name: slot.value for name, slot in self.slots.items()}

    def walk(self, *, ask: set[str], first: bool) -> bool:
        """Go through the questions in order, asking where needed; return whether anything was asked.

        Args:
            ask: Questions to ask in any case (picked to change, or refused by validation); the
                limits confirmation adds to it.
            first: The first walk, which also offers :data:`LIMITS` in one confirmation.

        """
        context: dict[str, Any] = {}
        # The answers up to the current question, for the checks that span several answers.
        so_far = {name: slot.value for name, slot in self.slots.items() if slot.origin == "given"}
        asked_any = False
        for question in self.questions:
            name = question.name
            slot = self._current(question, context)
            if slot is None:
                context[name] = question.default_for(context)
                continue
            if slot.origin != "given":
                if first and name in LIMITS and not self.offered:
                    self.offered.update(self._offer_limits(context, ask))
                slot, asked = self._settle_one(question, slot, context, so_far, ask=ask)
                asked_any = asked_any or asked
                self.slots[name] = slot
            context[name] = so_far[name] = slot.value
        self.context = context
        return asked_any

    def _current(self, question: Question, context: Mapping[str, Any]) -> _Slot | None:
        """Return a question's answer before this walk decides on it, or None if it has none to give."""
        name = question.name
        slot = self.slots.get(name)
        if slot is not None and (slot.origin == "given" or name in SETTINGS_ONLY):
            return slot
        if name in SETTINGS_ONLY or not question.applies(context):
            self.slots.pop(name, None)  # an answer to a question that no longer applies
            return None
        if slot is None and name in self.shown:
            return _Slot(self.shown[name], "shown")
        if slot is None or slot.origin == "default":
            # Defaults follow the answers before them (python_version after a distroless base).
            return _Slot(question.default_for(context), "default")
        return slot

    def _settle_one(
        self,
        question: Question,
        slot: _Slot,
        context: Mapping[str, Any],
        so_far: Mapping[str, Any],
        *,
        ask: Collection[str],
    ) -> tuple[_Slot, bool]:
        """Keep, take or ask one question's answer; return it and whether it was asked."""
        options = self._options(question, context)
        if len(options) == 1:
            value = options[0][1]
            return (slot if slot.value == value else _Slot(value, "default")), False
        misfit = self._misfit(question, slot.value, options, context, so_far)
        if misfit and slot.value is not None:
            # An answer that the answers before it rule out: say why before asking.
            self.say(f"{question.name} {_display(slot.value)}: {misfit}")
        default = slot.value
        if misfit:
            # Offer the template's default instead when it fits (3.11 once the base is distroless).
            fallback = question.default_for(context)
            if not self._misfit(question, fallback, options, context, so_far):
                default = fallback
        # A question without an answer so far (the first walk, or newly applying after a change).
        fresh = question.name not in self.slots
        if misfit or question.name in ask or (fresh and self._asked_first(question, slot, context)):
            value = _ask_one(question, default, options, question.help_for(context), context)
            self.asked.add(question.name)
            return _Slot(value, "asked"), True
        return slot, False

    def pick_changes(self) -> set[str]:
        """Offer every question not asked yet in one checkbox (none picked) and return the picked ones."""
        choices = [
            questionary.Choice(
                title=f"{question.name}: {_display(self.slots[question.name].value)}", value=question.name
            )
            for question in self.questions
            if question.name in self.slots
            and self.slots[question.name].origin != "given"
            and question.name not in SETTINGS_ONLY
            and question.name not in self.asked
            and question.name not in self.offered
            and len(self._options(question, self.context)) != 1
        ]
        if not choices:
            return set()
        picked = questionary.checkbox(
            "Change anything else? (space picks, enter goes on; nothing picked: done)", choices=choices
        ).unsafe_ask()
        return set(picked)

    def settle(self) -> None:
        """While the answers together fail validation, say why and ask the refused question again."""
        known = {question.name for question in self.questions}
        while True:
            try:
                Spec.from_answers(self.answers())
            except InvalidAnswerError as error:
                slot = self.slots.get(error.field)
                refused = error.field in known and error.field in Spec.model_fields
                if slot is None or slot.origin == "given" or not refused:
                    raise
                self.say(f"{error.field} {error.accepted} (got {slot.value!r})")
                if not self.walk(ask={error.field}, first=False):
                    raise
            else:
                return

    def _offer_limits(self, context: Mapping[str, Any], ask: set[str]) -> list[str]:
        """Show the limits no flag or setting gave in one confirmation; on "no", mark them to ask."""
        limits = [
            question
            for question in self.questions
            if question.name in LIMITS
            and (question.name not in self.slots or self.slots[question.name].origin == "default")
        ]
        if not limits:
            return []
        # A reservation's default reads its limit: each limit's value joins the context in turn.
        shown = dict(context)
        for question in self.questions:
            if question.name in LIMITS:
                slot = self.slots.get(question.name)
                if slot is not None and slot.origin != "default":
                    shown[question.name] = slot.value
                else:
                    shown[question.name] = question.default_for(shown)
        values = ", ".join(f"{question.name} {_display(shown[question.name])}" for question in limits)
        keep = questionary.confirm(f"Keep the resource limits: {values}?", default=True).unsafe_ask()
        names = [question.name for question in limits]
        if not keep:
            ask.update(names)
        return names

    def _options(self, question: Question, context: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
        options = question.choices_for(context)
        allowed = self.allowed.get(question.name)
        if allowed is not None:
            narrowed = tuple(option for option in options if option[1] in allowed)
            # None allowed for this language: offer them all and let the settings' check name the rule.
            options = narrowed or options
        return options

    def _misfit(
        self,
        question: Question,
        value: Any,
        options: Sequence[tuple[str, str]],
        context: Mapping[str, Any],
        so_far: Mapping[str, Any],
    ) -> str | None:
        """Say why a value does not fit the answers before it (a changed language, a distroless base)."""
        if value is None:
            return "no value"
        if options:
            known = [option for _, option in options]
            return None if str(value) in known else f"must be one of {', '.join(known)}"
        if question.name not in Spec.model_fields:
            return None
        language = context.get("language")
        try:
            check_answer(question.name, value, language=language if isinstance(language, str) else None)
            # Rules that span answers (a distroless base's versions, a reservation under its limit):
            # validate the answers so far with this one, and heed only a complaint about this one.
            Spec.from_answers(
                {
                    name: item
                    for name, item in {**so_far, question.name: value}.items()
                    if name in Spec.model_fields
                }
            )
        except InvalidAnswerError as error:
            if error.field == question.name:
                return error.accepted
        return None

    def _asked_first(self, question: Question, slot: _Slot, context: Mapping[str, Any]) -> bool:
        """Whether a question with a fitting default is asked anyway when it first applies."""
        if slot.origin != "default":
            return False  # shown (settings, detection) or already asked
        if question.name in USER_CHOICES:
            return True
        if question.name == "port":
            # A Python app spec is served by gunicorn or uvicorn, which scaffold binds to the port: any
            # port works. Every other web app picks its own port, which scaffold cannot guess.
            entrypoint = str(context.get("entrypoint", ""))
            return not (context.get("language") == "python" and ":" in entrypoint)
        return question.name in NEEDED


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
