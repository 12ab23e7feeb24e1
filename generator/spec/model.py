"""The validated, frozen description of what to generate.

Every answer, whether it came from a flag, a prompt, an answers file or detection, passes through
:class:`Spec` before anything is rendered. The Spec runs the questions of
:mod:`generator.spec.questions` (the single definition ``copier.yml`` is generated from), so
``scaffold new`` and a plain ``copier copy`` refuse the same input.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from generator.errors import InvalidAnswerError
from generator.languages import LANGUAGES, Language
from generator.spec import questionnaire
from generator.spec.computed import computed_values, entrypoint_kind, memory_bytes
from generator.spec.questions import QUESTION_BY_NAME

__all__ = ["Spec", "check_answer", "choices", "entrypoint_kind", "memory_bytes"]


class Spec(BaseModel):
    """Everything scaffold needs to render a project, validated and immutable.

    A question that does not apply (another language's version, a worker's port) holds ``None``, or
    ``False`` for ``private_index``. Build one with :meth:`Spec.from_answers` to get
    :class:`InvalidAnswerError` instead of pydantic's errors.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    app_name: str
    description: str
    language: str
    package_manager: str
    go_workspace: str | None = None
    go_vendor: bool | None = None
    cgo: bool | None = None
    rust_workspace: str | None = None
    rust_package: str | None = None
    rust_openssl: bool | None = None
    sqlx_offline: bool | None = None
    runtime_base: str
    python_version: str | None = None
    node_version: str | None = None
    go_version: str | None = None
    rust_version: str | None = None
    java_version: str | None = None
    app_kind: str
    # Python's builder (generator/spec/questions.py, _PYTHON_BUILDER).
    requirements_files: str | None = None
    install_project: bool | None = None
    build_packages: str | None = None
    runtime_packages: str | None = None
    entrypoint: str
    server: str | None = None
    server_install: str | None = None
    node_build: bool | None = None
    port: int | None = None
    health_path: str | None = None
    django_settings: str | None = None
    secret_key_env: str | None = None
    allowed_hosts_env: str | None = None
    debug_env: str | None = None
    static_root: str | None = None
    heartbeat_file: str | None = None
    heartbeat_max_age: int | None = None
    memory: str
    memory_reservation: str
    cpus: str
    cpus_reservation: str
    pids: int
    uid: int
    private_index: bool = False
    base_registry: str
    extra_labels: dict[str, str]
    ci: str
    kubernetes: bool

    @model_validator(mode="before")
    @classmethod
    def _ask(cls, data: Any) -> Any:
        # The questions decide; the fields above only hold their typed answers.
        if not isinstance(data, Mapping):
            return data
        try:
            return questionnaire.run(data)
        except InvalidAnswerError as error:
            raise PydanticCustomError(
                "scaffold",
                "{field}: {accepted}",
                {"field": error.field, "accepted": error.accepted, "given": error.given},
            ) from None

    @classmethod
    def from_answers(cls, answers: Mapping[str, Any]) -> Spec:
        """Validate answers into a Spec.

        Args:
            answers: Question names to answers; unknown names are refused.

        Returns:
            The frozen spec.

        Raises:
            InvalidAnswerError: For the first answer that is not in its accepted form.

        """
        try:
            return cls.model_validate(dict(answers))
        except ValidationError as error:
            first = error.errors()[0]
            ctx = first.get("ctx") or {}
            if first["type"] == "scaffold":
                raise InvalidAnswerError(
                    field=ctx["field"], accepted=ctx["accepted"], given=ctx["given"]
                ) from None
            raise InvalidAnswerError(field="answers", accepted=first["msg"]) from None

    @property
    def entrypoint_kind(self) -> str:
        """Which form a Python entrypoint takes: a server app spec, a script or a module."""
        return entrypoint_kind(self.entrypoint)

    @property
    def rules(self) -> Language:
        """The rules of this spec's language."""
        return LANGUAGES[self.language]

    @property
    def version(self) -> str:
        """The toolchain version of this spec's language (python_version, node_version, ...)."""
        return str(getattr(self, self.rules.version_field))

    def answers(self) -> dict[str, Any]:
        """Return the answers as Copier data: every question that applies to this spec, none that doesn't."""
        return questionnaire.applicable(self.model_dump())

    def computed(self) -> dict[str, Any]:
        """Return the values computed from the answers that the templates read.

        ``copier.yml`` computes the same ones, from the same definitions, for a plain ``copier copy``.
        """
        return computed_values(self.model_dump())


def check_answer(field: str, value: object, *, language: str | None = None) -> Any:
    """Validate one answer on its own (for prompts that re-ask until the answer is valid).

    Args:
        field: A question name.
        value: The raw answer.
        language: The language already chosen, if any: answers whose form depends on it are then held to
            its form.

    Returns:
        The answer converted to its question's type.

    Raises:
        InvalidAnswerError: If the answer is not in its accepted form.

    """
    question = QUESTION_BY_NAME.get(field)
    if question is None:
        raise InvalidAnswerError(field=field, accepted="is not a known question")
    context = {"language": language} if language in LANGUAGES else {}
    parsed = questionnaire.parse(question, value, context)
    questionnaire.validate(question, parsed, context, partial=True)
    return questionnaire.native(question, parsed)


def choices(field: str) -> tuple[str, ...]:
    """Return the accepted values of a closed-set question, in declaration order."""
    return QUESTION_BY_NAME[field].values()
