"""Read a repository and propose answers, each with the file and line behind it.

Detection only proposes defaults: explicit flags and prompt answers always win, and nothing here is
trusted without passing through :class:`~generator.spec.model.Spec`. The language comes from the manifests
present; one module per language (:mod:`.python`, :mod:`.node`, :mod:`.go`, :mod:`.rust`, :mod:`.java`)
reads the rest.
"""

from __future__ import annotations

from pathlib import Path

from generator.detect.findings import Detection, Finding, normalise_name
from generator.errors import DestinationError, InvalidAnswerError
from generator.languages import LANGUAGES
from generator.languages.python import APP_FILES
from generator.spec.model import Spec, check_answer
from generator.spec.questions import QUESTION_BY_NAME

__all__ = ["Detection", "Finding", "detect", "manifests", "normalise_name"]

#: Answers that only exist for one language; a detector proposing one for another is a bug, not a hint.
_ONLY_FOR = {
    answer: name
    for name, language in LANGUAGES.items()
    for answer in (language.version_field, *language.own_answers)
}


def ambiguity(found: Detection) -> str:
    """Name the languages whose manifests a repository holds: ``node (package.json), python (...)``."""
    return ", ".join(f"{name} ({manifest})" for name, manifest in found.languages.items())


def detect(repo: Path, *, language: str | None = None) -> Detection:
    """Propose answers for the repository at ``repo``.

    Args:
        repo: The application's folder (it need not exist yet: an empty folder proposes only a name).
        language: The language the user chose (``--language``): its detector runs even when the
            manifests are ambiguous or missing. An unknown language is ignored (Spec refuses it later).

    Returns:
        The proposals, in question order, with their sources and notes.

    Raises:
        DestinationError: ``repo`` cannot even be looked at (a name too long for the filesystem).

    """
    try:
        repo.exists()
    except OSError as error:
        raise DestinationError(dest=repo, reason=f"cannot be used: {error.strerror}") from None
    found = Detection()
    present = manifests(repo)
    chosen = language if language in LANGUAGES else None
    if chosen is not None:
        found.propose("language", chosen, present.get(chosen, "--language"))
        if chosen not in present:
            names = ", ".join(LANGUAGES[chosen].manifests)
            found.note(f"--language {chosen}: no {chosen} manifest here ({names}), so little can be read")
    elif len(present) == 1:
        chosen, manifest = next(iter(present.items()))
        found.propose("language", chosen, manifest)
    elif present:
        # A package.json for frontend tooling beside a pyproject.toml is common: never guess between them.
        found.languages = dict(sorted(present.items()))
        found.note(
            f"manifests of more than one language: {ambiguity(found)}; pass --language to choose "
            "(without it, scaffold new asks, or with --defaults stops)"
        )
    else:
        script = next((name for name in APP_FILES if (repo / name).is_file()), None)
        if script is not None:
            chosen = "python"
            found.propose("language", "python", f"{script} (a Python source file; no manifest)")
        else:
            every = ", ".join(name for language in LANGUAGES.values() for name in language.manifests)
            found.note(
                f"no manifest found: none of {every}; scaffold new asks (or, with --defaults, uses python)"
            )
    if chosen is not None:
        LANGUAGES[chosen].detect(repo, found)
    folder = repo.resolve().name
    found.propose("app_name", normalise_name(folder), f"folder name {folder!r}")
    _keep_valid(found, chosen)
    order = list(Spec.model_fields)
    found.findings = dict(sorted(found.findings.items(), key=lambda item: order.index(item[0])))
    return found


def manifests(repo: Path) -> dict[str, str]:
    """Return each language whose manifest is in ``repo``, with the first such manifest."""
    present: dict[str, str] = {}
    for name, language in LANGUAGES.items():
        manifest = next((file for file in language.manifests if (repo / file).is_file()), None)
        if manifest is not None:
            present[name] = manifest
    return present


def _keep_valid(found: Detection, language: str | None) -> None:
    """Drop any proposal Spec would refuse, with a note, so a detected default never fails a run."""
    for name, finding in list(found.findings.items()):
        owner = _ONLY_FOR.get(name)
        # An answer this template asks no question for has nowhere to go: a detector may read more than
        # the template uses yet (each question is added with the template code that reads it).
        if (owner is not None and owner != language) or name not in QUESTION_BY_NAME:
            del found.findings[name]
            continue
        rules = LANGUAGES.get(language or "")
        try:
            # An entrypoint is held to its own language's form, and the message says which.
            if name == "entrypoint" and rules and not rules.entrypoint_pattern.fullmatch(str(finding.value)):
                raise InvalidAnswerError(field=name, accepted=f"{rules.entrypoint_form} for {language}")
            check_answer(name, finding.value)
        except InvalidAnswerError as error:
            del found.findings[name]
            found.note(
                f"{finding.source}: {finding.value!r} cannot be the {name} ({error.accepted}); "
                f"pass --{name.replace('_', '-')}"
            )
