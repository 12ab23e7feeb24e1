"""The questions, read from the template's ``copier.yml`` so they are defined once.

``scaffold new`` asks them in the file's order, with its help texts, choices, conditions (``when``) and
computed defaults; :class:`~generator.spec.Spec` then validates the answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import yaml

from generator.template import template_root

_JINJA = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False)


@dataclass(frozen=True)
class Question:
    """One question from ``copier.yml``.

    Attributes:
        name: The answer's key (and the ``--flag`` name with dashes).
        kind: ``str``, ``int`` or ``bool``.
        help: The prompt text.
        choices: ``(label, value)`` pairs for a closed set, else empty.
        default: The default, possibly a Jinja expression over earlier answers.
        when: A Jinja condition over earlier answers; the question applies only when it is true.

    """

    name: str
    kind: str
    help: str
    choices: tuple[tuple[str, str], ...]
    default: Any
    when: str | bool

    def applies(self, answers: Mapping[str, Any]) -> bool:
        """Whether the question applies, given the answers so far."""
        if isinstance(self.when, bool):
            return self.when
        try:
            return _JINJA.from_string(self.when).render(**answers).strip().lower() in {"true", "1", "yes"}
        except jinja2.UndefinedError:
            return True

    def default_for(self, answers: Mapping[str, Any]) -> Any:
        """Return the template's default, rendered against the answers so far."""
        if not isinstance(self.default, str) or "{{" not in self.default:
            return self.default
        try:
            return _JINJA.from_string(self.default).render(**answers)
        except jinja2.UndefinedError:
            return None


@cache
def load_questions(template: Path | None = None) -> tuple[Question, ...]:
    """Read the questions of a Copier template, in order.

    Args:
        template: A template root; scaffold's own by default.

    Returns:
        The questions (settings keys starting with ``_`` are skipped).

    """
    config = yaml.safe_load(((template or template_root()) / "copier.yml").read_text(encoding="utf-8"))
    questions = []
    for name, body in config.items():
        if name.startswith("_"):
            continue
        raw_choices = body.get("choices") or {}
        if isinstance(raw_choices, list):
            raw_choices = {str(choice): choice for choice in raw_choices}
        questions.append(
            Question(
                name=name,
                kind=str(body.get("type", "str")),
                help=str(body.get("help", name)),
                choices=tuple((str(label), str(value)) for label, value in raw_choices.items()),
                default=body.get("default"),
                when=body.get("when", True),
            )
        )
    return tuple(questions)


def applicable_answers(
    explicit: Mapping[str, Any], proposed: Mapping[str, Any], *, template: Path | None = None
) -> dict[str, Any]:
    """Merge explicit answers over proposed ones, dropping proposals that no longer apply.

    A proposal (detected default) is dropped when its question's condition is false under the merged
    answers, for example a detected ``server`` once ``--entrypoint main.py`` is given. Explicit answers
    are always kept, so that validation can name them if they contradict each other.

    Args:
        explicit: Answers the user gave (flags, prompts, data files).
        proposed: Defaults detected from the repository.
        template: A template root; scaffold's own by default.

    Returns:
        The merged answers, in question order.

    """
    merged: dict[str, Any] = {}
    # Every earlier question's value (answered, proposed or default), for conditions and defaults.
    context: dict[str, Any] = {}
    for question in load_questions(template):
        if question.name in explicit:
            merged[question.name] = explicit[question.name]
        elif question.name in proposed and question.applies(context):
            merged[question.name] = proposed[question.name]
        context[question.name] = merged.get(question.name, question.default_for(context))
    unknown = {key: value for key, value in explicit.items() if key not in merged}
    return {**merged, **unknown}
