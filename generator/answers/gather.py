"""Gather the answers for a run: explicit ones, detected defaults, and (interactively) prompts."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.answers.prompts import ask_flow, ask_missing
from generator.answers.questions import applicable_answers, load_questions
from generator.answers.settings import load_settings
from generator.detect import Detection, Finding, ambiguity, detect
from generator.errors import InvalidAnswerError
from generator.spec.model import Spec


@dataclass(frozen=True)
class Gathered:
    """The validated spec and what detection said on the way."""

    spec: Spec
    detection: Detection


def gather(dest: Path, explicit: Mapping[str, Any], *, interactive: bool) -> Gathered:
    """Turn explicit answers plus what ``dest`` holds into a validated spec.

    Args:
        dest: The application's folder, read for defaults.
        explicit: Answers given as flags; they always win over detection.
        interactive: Ask the missing questions (a terminal is attached and ``--defaults`` was not given).

    Returns:
        The spec and the detection behind its defaults.

    Raises:
        InvalidAnswerError: An answer is not in its accepted form, or the organisation's settings
            (see :mod:`generator.answers.settings`) do not allow it.

    """
    # A language given explicitly settles which detector reads the repository (it may hold several).
    language = explicit.get("language")
    detection = detect(dest, language=language if isinstance(language, str) else None)
    settings = load_settings(dest)
    # The organisation's choices come before what the repository suggests; the user's own answers win.
    proposed = {**detection.answers(), **settings.defaults, **settings.policy}
    if not interactive and "language" not in explicit and "language" not in proposed and detection.languages:
        # Several languages' manifests and nobody to ask: a guess could be wrong, so stop instead.
        raise InvalidAnswerError(
            field="language",
            accepted=f"must be chosen: this repository has manifests of {ambiguity(detection)}",
        )
    if not interactive:
        # An answer the repository leaves open (two lock files, a start script for development only)
        # and nobody to ask: a default could write files that never build or start, so stop instead.
        for name, why in detection.unsettled.items():
            if name not in explicit and name not in proposed:
                raise InvalidAnswerError(field=name, accepted=f"must be chosen: {why}")
    chosen: dict[str, Finding] = {}
    if interactive and "language" not in explicit and "language" not in proposed:
        # The repository did not settle the language (several manifests, or none): ask it first, then
        # read the repository again with that language's detector so the other answers start from it.
        if detection.languages:
            print(f"This repository has manifests of {ambiguity(detection)}.", file=sys.stderr)
        questions = [question for question in load_questions() if question.name == "language"]
        language = ask_missing(questions, explicit={}, proposed={})["language"]
        # Shown with the other answers and, like them, open to change at the end.
        chosen["language"] = Finding(language, "your answer above")
        detection = detect(dest, language=str(language))
    if interactive:
        # The organisation's choices come before what the repository suggests, as without prompts.
        from_settings = {**settings.defaults, **settings.policy}
        for name, why in detection.unsettled.items():
            if name not in explicit and name not in from_settings:
                # Said before the table: the question is asked, and this names the candidates to pick.
                print(f"{name} must be chosen: {why}.", file=sys.stderr)
        shown = {
            **detection.findings,
            **{name: Finding(value, str(settings.source)) for name, value in from_settings.items()},
            **chosen,
        }
        allowed = (
            {} if settings.allowed_runtime_bases is None else {"runtime_base": settings.allowed_runtime_bases}
        )
        unsettled = [name for name in detection.unsettled if name not in from_settings]
        answers = ask_flow(
            load_questions(), given=explicit, shown=shown, allowed=allowed, unsettled=unsettled
        )
    else:
        answers = applicable_answers(explicit, proposed)
    spec = Spec.from_answers(answers)
    settings.enforce(spec)
    detection.notes.extend(settings.notes)
    return Gathered(spec=spec, detection=detection)
