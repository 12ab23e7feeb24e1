"""The validated, frozen description of what to generate.

Every answer, whether it came from a flag, a prompt, an answers file or detection, passes through
:class:`Spec` before anything is rendered. The accepted forms here mirror the validators in
``copier.yml`` (a test renders every refused value through Copier too), so ``scaffold new`` and a plain
``copier copy`` refuse the same input.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated, Any, Literal, get_args, get_origin

from pydantic import AfterValidator, BaseModel, ConfigDict, TypeAdapter, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from generator import languages
from generator.errors import InvalidAnswerError
from generator.languages import LANGUAGES
from generator.languages.python import DISTROLESS_VERSION as DISTROLESS_PYTHON

Language = Literal["python", "node", "go", "rust", "java"]
PackageManager = Literal["pip", "poetry", "uv", "npm", "yarn", "pnpm", "go", "cargo", "maven", "gradle"]
RuntimeBase = Literal["slim", "distroless", "scratch"]
AppKind = Literal["web", "worker"]
Server = Literal["gunicorn", "uvicorn"]
EntrypointKind = Literal["app", "script", "module"]
Ci = Literal["none", "github"]

#: Languages whose dependencies can come from a private index (credentials as a BuildKit secret).
PRIVATE_INDEX_LANGUAGES = tuple(name for name, language in LANGUAGES.items() if language.private_index)


_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")
_DESCRIPTION = re.compile(r'^[^"\\$`\x00-\x1f\x7f]{1,200}$')
_HEALTH_PATH = re.compile(r"^/[A-Za-z0-9._~/-]{0,127}$")
_MEMORY = re.compile(r"^([1-9][0-9]{0,5})([kmg])$", re.IGNORECASE)
_REGISTRY = re.compile(r"^$|^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?(/[a-z0-9._-]+)*/$")
_LABEL_KEY = re.compile(r"^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$")
_LABEL_VALUE = re.compile(r'^[^"\\$`\x00-\x1f\x7f]{0,200}$')
_CPUS = re.compile(r"^([1-9][0-9]{0,2}(\.[0-9]{1,2})?|0\.[0-9]{1,2})$")

_UNIT = {"k": 1024, "m": 1024**2, "g": 1024**3}
#: Docker refuses a memory limit below 6 MiB.
_MIN_MEMORY = 6 * 1024**2


def _refuse(accepted: str) -> PydanticCustomError:
    return PydanticCustomError("scaffold", accepted)


def _matching(pattern: re.Pattern[str], accepted: str) -> AfterValidator:
    def check(value: str) -> str:
        if not pattern.fullmatch(value):
            raise _refuse(accepted)
        return value

    return AfterValidator(check)


def _memory(value: str) -> str:
    if not _MEMORY.fullmatch(value):
        raise _refuse("must be a whole number with a unit k, m or g, such as 512m or 1g")
    if memory_bytes(value) < _MIN_MEMORY:
        raise _refuse("must be at least 6m (Docker's minimum)")
    return value.lower()


def _cpus(value: str) -> str:
    if not _CPUS.fullmatch(value) or float(value) <= 0:
        raise _refuse("must be a positive number with up to two decimals, such as 0.5 or 2")
    return value


def _entrypoint(value: str) -> str:
    # Any language's form passes here; Spec then holds the entrypoint to its own language's form.
    if ".." in value or not any(rules.entrypoint_pattern.fullmatch(value) for rules in LANGUAGES.values()):
        raise _refuse(LANGUAGES["python"].entrypoint_form + " (for Python; see --help for the others)")
    return value


def _bounded(low: int, high: int, why: str = "") -> AfterValidator:
    def check(value: int) -> int:
        if not low <= value <= high:
            raise _refuse(f"must be a whole number from {low} to {high}{why}")
        return value

    return AfterValidator(check)


AppName = Annotated[
    str,
    _matching(_NAME, "must be 1-63 lowercase letters, digits, '-' or '_', starting with a letter or digit"),
]
Description = Annotated[
    str,
    _matching(
        _DESCRIPTION,
        "must be 1-200 characters without quotes, backslashes, '$', backticks or control characters",
    ),
]
PythonVersion = Annotated[
    str, _matching(LANGUAGES["python"].version_pattern, LANGUAGES["python"].version_form)
]
NodeVersion = Annotated[str, _matching(LANGUAGES["node"].version_pattern, LANGUAGES["node"].version_form)]
GoVersion = Annotated[str, _matching(LANGUAGES["go"].version_pattern, LANGUAGES["go"].version_form)]
RustVersion = Annotated[str, _matching(LANGUAGES["rust"].version_pattern, LANGUAGES["rust"].version_form)]
JavaVersion = Annotated[str, _matching(LANGUAGES["java"].version_pattern, LANGUAGES["java"].version_form)]
Entrypoint = Annotated[str, AfterValidator(_entrypoint)]
Port = Annotated[int, _bounded(1024, 65535, " (a non-root user cannot bind lower ports)")]
HealthPath = Annotated[
    str,
    _matching(
        re.compile(rf"^$|{_HEALTH_PATH.pattern}"),
        "must be empty or a path starting with '/' using letters, digits and . _ ~ / -",
    ),
]
Memory = Annotated[str, AfterValidator(_memory)]
Cpus = Annotated[str, AfterValidator(_cpus)]
Pids = Annotated[int, _bounded(8, 65536)]
Uid = Annotated[int, _bounded(1000, 2147483646, " (never root, clear of system ids)")]
BaseRegistry = Annotated[
    str,
    _matching(
        _REGISTRY,
        "must be empty or a registry host with an optional port and path, ending in '/', "
        "such as registry.example.com/mirror/",
    ),
]


def _labels(value: dict[str, str]) -> dict[str, str]:
    for key, text in value.items():
        if not _LABEL_KEY.fullmatch(key) or not _LABEL_VALUE.fullmatch(text):
            raise _refuse(
                "must map lowercase dotted keys to text without quotes, backslashes, '$', backticks or "
                "control characters"
            )
    return value


ExtraLabels = Annotated[dict[str, str], AfterValidator(_labels)]


def memory_bytes(value: str) -> int:
    """Convert a Docker memory value such as ``512m`` to bytes.

    Args:
        value: A number followed by ``k``, ``m`` or ``g`` (either case).

    Returns:
        The size in bytes, as Docker computes it (powers of 1024).

    """
    match = _MEMORY.fullmatch(value)
    if match is None:
        raise ValueError(f"not a Docker memory value: {value!r}")
    return int(match.group(1)) * _UNIT[match.group(2).lower()]


def entrypoint_kind(entrypoint: str) -> EntrypointKind:
    """Tell which of the three entrypoint forms a (valid) entrypoint uses."""
    if entrypoint.startswith("-m "):
        return "module"
    if ":" in entrypoint:
        return "app"
    return "script"


class Spec(BaseModel):
    """Everything scaffold needs to render a project, validated and immutable.

    Build one with :meth:`Spec.from_answers` to get :class:`InvalidAnswerError` instead of pydantic's
    multi-line errors.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    app_name: AppName
    description: Description
    language: Language = "python"
    package_manager: PackageManager
    runtime_base: RuntimeBase
    python_version: PythonVersion | None = None
    node_version: NodeVersion | None = None
    go_version: GoVersion | None = None
    rust_version: RustVersion | None = None
    java_version: JavaVersion | None = None
    app_kind: AppKind = "web"
    entrypoint: Entrypoint
    server: Server | None = None
    node_build: bool | None = None
    port: Port | None = None
    health_path: HealthPath = ""
    memory: Memory = "512m"
    memory_reservation: Memory = "256m"
    cpus: Cpus = "0.5"
    cpus_reservation: Cpus = "0.25"
    pids: Pids = 128
    uid: Uid = 10001
    private_index: bool = False
    base_registry: BaseRegistry = ""
    extra_labels: ExtraLabels = {}
    ci: Ci = "none"

    @model_validator(mode="before")
    @classmethod
    def _fill_dependent_defaults(cls, data: Any) -> Any:
        # Defaults that depend on other answers, exactly as copier.yml computes them.
        if not isinstance(data, dict):
            return data
        filled = dict(data)
        filled.setdefault("description", f"{filled.get('app_name', 'app')} service")
        filled.setdefault("language", "python")
        rules = LANGUAGES.get(str(filled["language"]))
        if rules is None:
            return filled  # the language itself is refused with its choices
        filled.setdefault("package_manager", rules.package_manager_names[0])
        filled.setdefault("runtime_base", rules.runtime_bases[0])
        if rules is LANGUAGES["python"] and filled["runtime_base"] == "distroless":
            filled.setdefault("python_version", DISTROLESS_PYTHON)
        filled.setdefault(rules.version_field, rules.default_version)
        web = filled.get("app_kind", "web") == "web"
        filled.setdefault("entrypoint", rules.default_entrypoint(filled))
        if web:
            filled.setdefault("port", rules.default_port)
        entrypoint = filled["entrypoint"]
        if isinstance(entrypoint, str) and (
            ".." in entrypoint or not rules.entrypoint_pattern.fullmatch(entrypoint)
        ):
            # Checked here, where the language is known, so the message gives that language's form.
            raise PydanticCustomError(
                "scaffold_field", f"{rules.entrypoint_form} for {filled['language']}", {"field": "entrypoint"}
            )
        python = rules is LANGUAGES["python"]
        if python and isinstance(entrypoint, str) and entrypoint_kind(entrypoint) == "app":
            filled.setdefault("server", "gunicorn")
        if filled.get("language") == "node":
            filled.setdefault("node_build", False)
        return filled

    @model_validator(mode="after")
    def _consistent(self) -> Spec:
        def refuse(field: str, accepted: str) -> PydanticCustomError:
            return PydanticCustomError("scaffold_field", accepted, {"field": field})

        rules = LANGUAGES[self.language]
        if self.package_manager not in rules.package_manager_names:
            raise refuse(
                "package_manager",
                f"must be one of {', '.join(rules.package_manager_names)} for {self.language}",
            )
        if self.runtime_base not in rules.runtime_bases:
            raise refuse(
                "runtime_base", f"must be one of {', '.join(rules.runtime_bases)} for {self.language}"
            )
        for language, other in LANGUAGES.items():
            if language != self.language and getattr(self, other.version_field) is not None:
                raise refuse(other.version_field, f"only applies to {language}; leave it unset")
        version = getattr(self, rules.version_field)
        if version is None:
            raise refuse(rules.version_field, f"is required for {self.language}")
        allowed = rules.distroless_versions
        if self.runtime_base == "distroless" and allowed and version not in allowed:
            if self.language == "python":
                accepted = (
                    f"must be {DISTROLESS_PYTHON} with the distroless runtime (it ships Debian 12's Python)"
                )
            else:
                accepted = f"must be one of {', '.join(allowed)} with the distroless runtime"
            raise refuse(rules.version_field, accepted)
        if (self.node_build is not None) != (self.language == "node"):
            raise refuse("node_build", "only applies to node; leave it unset")
        kind = entrypoint_kind(self.entrypoint) if self.language == "python" else "script"
        if self.app_kind == "worker":
            if kind == "app":
                raise refuse(
                    "entrypoint",
                    "must be a script (main.py) or a module (-m pkg) for a worker, not a server app spec",
                )
            if self.port is not None or self.health_path:
                raise refuse("port", "must not be set for a worker (it listens on no port)")
        elif self.port is None:
            raise refuse("port", "is required for a web app")
        if kind == "app" and self.server is None:
            raise refuse("server", "is required with a module:attr entrypoint: gunicorn or uvicorn")
        if kind != "app" and self.server is not None:
            raise refuse("server", "only applies to a Python module:attr entrypoint; leave it unset")
        if self.private_index and self.language not in PRIVATE_INDEX_LANGUAGES:
            raise refuse("private_index", f"only applies to {' and '.join(PRIVATE_INDEX_LANGUAGES)}")
        if memory_bytes(self.memory_reservation) > memory_bytes(self.memory):
            raise refuse("memory_reservation", f"must not exceed memory ({self.memory})")
        if float(self.cpus_reservation) > float(self.cpus):
            raise refuse("cpus_reservation", f"must not exceed cpus ({self.cpus})")
        return self

    @classmethod
    def from_answers(cls, answers: Mapping[str, Any]) -> Spec:
        """Validate answers into a Spec.

        Args:
            answers: Field names to values; unknown names are refused.

        Returns:
            The frozen spec.

        Raises:
            InvalidAnswerError: For the first answer that is not in its accepted form.

        """
        try:
            return cls.model_validate(dict(answers))
        except ValidationError as error:
            raise _to_answer_error(error) from None

    @property
    def entrypoint_kind(self) -> EntrypointKind:
        """Which form a Python entrypoint takes: a server app spec, a script or a module."""
        return entrypoint_kind(self.entrypoint)

    @property
    def rules(self) -> languages.Language:
        """The rules of this spec's language."""
        return LANGUAGES[self.language]

    @property
    def version(self) -> str:
        """The toolchain version of this spec's language (python_version, node_version, ...)."""
        return str(getattr(self, self.rules.version_field))

    def answers(self) -> dict[str, Any]:
        """Return the answers as Copier data: every field that applies to this spec, none that doesn't."""
        return {key: value for key, value in self.model_dump().items() if value is not None}


_ADAPTERS: dict[str, TypeAdapter[Any]] = {
    name: TypeAdapter(info.rebuild_annotation()) for name, info in Spec.model_fields.items()
}


def check_answer(field: str, value: object, *, language: str | None = None) -> Any:
    """Validate one answer on its own (for prompts that re-ask until the answer is valid).

    Args:
        field: A :class:`Spec` field name.
        value: The raw answer.
        language: The language already chosen, if any: the entrypoint is then held to its form.

    Returns:
        The answer converted to its field's type.

    Raises:
        InvalidAnswerError: If the answer is not in its accepted form.

    """
    try:
        checked = _ADAPTERS[field].validate_python(value)
    except ValidationError as error:
        raise _to_answer_error(error, field=field) from None
    rules = LANGUAGES.get(language or "")
    if field == "entrypoint" and rules is not None and not rules.entrypoint_pattern.fullmatch(checked):
        raise InvalidAnswerError(field=field, accepted=f"{rules.entrypoint_form} for {language}", given=value)
    return checked


def choices(field: str) -> tuple[str, ...]:
    """Return the accepted values of a closed-set field, in declaration order."""

    def literals(annotation: Any) -> list[str]:
        if get_origin(annotation) is Literal:
            return [str(value) for value in get_args(annotation)]
        return [value for arg in get_args(annotation) for value in literals(arg)]

    return tuple(literals(Spec.model_fields[field].annotation))


def _to_answer_error(error: ValidationError, *, field: str | None = None) -> InvalidAnswerError:
    first = error.errors()[0]
    ctx = first.get("ctx") or {}
    loc = [str(part) for part in first["loc"] if part != ""]
    name = ctx.get("field") or (loc[0] if loc else None) or field or "answers"
    if first["type"] == "extra_forbidden":
        return InvalidAnswerError(field=name, accepted="is not a known question")
    if first["type"] in {"scaffold", "scaffold_field"}:
        accepted = first["msg"]
    elif first["type"] == "literal_error":
        accepted = f"must be one of {', '.join(choices(name))}"
    elif first["type"].startswith("int"):
        accepted = "must be a whole number"
    elif first["type"].startswith("bool"):
        accepted = "must be true or false"
    elif first["type"] == "dict_type":
        accepted = "must be a mapping of names to text"
    elif name == "extra_labels":
        accepted = "must map lowercase dotted keys to text"
    else:
        accepted = first["msg"]
    given = None if first["type"] == "scaffold_field" else first.get("input")
    return InvalidAnswerError(field=name, accepted=accepted, given=given)
