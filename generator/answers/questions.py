"""The questions, read from the template's ``copier.yml``.

scaffold's own ``copier.yml`` is generated from :mod:`generator.spec.questions`; reading the template's
file (rather than that table) lets a customised template's questions be asked too. ``scaffold new`` asks
them in the file's order, with its help texts, choices, conditions (``when``) and computed defaults;
:class:`~generator.spec.model.Spec` then validates the answers. Copier computed values (``when: false``)
are not questions and are skipped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from generator.plain_yaml import safe_load
from generator.templating.location import template_root

# Copier's own filters (regex_search and the like), so every expression copier.yml may hold renders here.
_JINJA = jinja2.Environment(
    undefined=jinja2.StrictUndefined,
    autoescape=False,
    extensions=["jinja2_ansible_filters.AnsibleCoreFiltersExtension"],
)


@dataclass(frozen=True)
class Question:
    """One question from ``copier.yml``.

    Attributes:
        name: The answer's key (and the ``--flag`` name with dashes).
        kind: ``str``, ``int`` or ``bool``.
        help: The prompt text, possibly a Jinja template over earlier answers.
        choices: ``(label, value)`` pairs for a closed set, else empty; or a Jinja template that renders
            to a YAML mapping of labels to values (choices that depend on earlier answers).
        default: The default, possibly a Jinja expression over earlier answers.
        when: A Jinja condition over earlier answers; the question applies only when it is true.

    """

    name: str
    kind: str
    help: str
    choices: tuple[tuple[str, str], ...] | str
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

    def choices_for(self, answers: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
        """Return the ``(label, value)`` choices that apply, given the answers so far."""
        if not isinstance(self.choices, str):
            return self.choices
        try:
            rendered = safe_load(_JINJA.from_string(self.choices).render(**answers)) or {}
        except jinja2.UndefinedError:
            return ()
        return _pairs(rendered)

    def help_for(self, answers: Mapping[str, Any]) -> str:
        """Return the prompt text, rendered against the answers so far."""
        if "{" not in self.help:
            return self.help
        try:
            return _JINJA.from_string(self.help).render(**answers).strip()
        except jinja2.UndefinedError:
            return self.name

    def default_for(self, answers: Mapping[str, Any]) -> Any:
        """Return the template's default, rendered against the answers so far."""
        if not isinstance(self.default, str) or "{{" not in self.default:
            return self.default
        try:
            rendered = _JINJA.from_string(self.default).render(**answers).strip()
        except jinja2.UndefinedError:
            return None
        # Copier casts a rendered default to the question's type; so does this.
        if self.kind == "int" and rendered.lstrip("-").isdigit():
            return int(rendered)
        return rendered


@cache
def load_questions(template: Path | None = None) -> tuple[Question, ...]:
    """Read the questions of a Copier template, in order.

    Args:
        template: A template root; scaffold's own by default.

    Returns:
        The questions (settings keys starting with ``_`` and computed values are skipped).

    """
    config = safe_load(((template or template_root()) / "copier.yml").read_text(encoding="utf-8"))
    questions = []
    for name, body in config.items():
        if name.startswith("_") or body.get("when") is False:
            continue
        raw_choices = body.get("choices") or {}
        questions.append(
            Question(
                name=name,
                kind=str(body.get("type", "str")),
                help=str(body.get("help", name)),
                choices=raw_choices if isinstance(raw_choices, str) else _pairs(raw_choices),
                default=body.get("default"),
                when=body.get("when", True),
            )
        )
    return tuple(questions)


def _pairs(raw: Any) -> tuple[tuple[str, str], ...]:
    if isinstance(raw, list):
        raw = {str(choice): choice for choice in raw}
    if not isinstance(raw, dict):
        return ()
    return tuple((str(label), str(value)) for label, value in raw.items())


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
