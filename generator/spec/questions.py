"""The questions, defined once: help, choices, defaults, conditions and checks.

This table is the single source. :mod:`generator.spec.questionnaire` runs it in Python (that is what
:class:`~generator.spec.model.Spec` validates with), and :mod:`generator.spec.copier_yml` writes it out
as ``copier.yml`` (``python -m generator.spec.copier_yml --write``), whose Jinja defaults, conditions and
validators are generated from the same expressions and patterns, so a plain ``copier copy`` of this
repository asks, computes and refuses exactly what ``scaffold new`` does.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from generator.languages import LANGUAGES, Language
from generator.languages.node import NEXT_STANDALONE, NEXT_START
from generator.languages.python import (
    DEBIAN_PACKAGES,
    REQUIREMENTS_FILES,
    SERVER_INSTALL,
    SERVER_PACKAGES,
    django_worker,
)
from generator.spec.computed import ENTRYPOINT_KIND, memory_bytes_of
from generator.spec.expr import (
    And,
    AnyNotText,
    AnySearch,
    Compare,
    Concat,
    Const,
    Entries,
    Expr,
    Filter,
    If,
    In,
    IsMapping,
    Not,
    Or,
    Search,
    Table,
    Var,
    eq,
    switch,
)
from generator.spec.rules import (
    CONTROL_CHARACTER,
    CPUS,
    DESCRIPTION,
    FOLDERS,
    HEALTH_PATH,
    KUBERNETES_NAME,
    LABEL_KEY,
    LABEL_VALUE,
    MEMORY,
    MIN_MEMORY,
    NAME,
    REGISTRY,
    WHOLE_NUMBER,
    whole,
)

#: Languages whose dependencies can come from a private index (credentials as a BuildKit secret).
PRIVATE_INDEX_LANGUAGES = tuple(name for name, language in LANGUAGES.items() if language.private_index)

#: How an answer is typed: text, a whole number (typed as text, so its checks see exactly what was
#: typed), yes or no, or a YAML value.
Kind = Literal["str", "number", "bool", "yaml"]


@dataclass(frozen=True)
class Check:
    """One rule an answer must follow.

    Attributes:
        refuse: True when the answer breaks the rule; it may read the answers to earlier questions.
        accepted: The accepted form, in words, after the question's name; ``{name}`` stands for the
            answer to question ``name``.

    """

    refuse: Expr
    accepted: str

    def message(self, answers: Mapping[str, Any]) -> str:
        """Return the accepted form with the answers it names filled in."""
        return _PLACEHOLDER.sub(lambda match: str(answers[match.group(1)]), self.accepted)


_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True)
class QuestionDefinition:
    """One question.

    Attributes:
        name: The answer's key (and the ``--flag`` name with dashes).
        kind: How the answer is typed.
        help: The prompt, or one per language.
        default: The answer when none is given; it may read earlier answers.
        choices: Value to label, for a closed set.
        language_choices: Per language, value to label, for a closed set that depends on the language.
        when: The question applies only when this holds; an answer given to it otherwise is refused.
        not_applicable: Why, in words, when an answer is given to a question that does not apply.
        checks: The rules the answer must follow, in order; the first broken one is reported.
        alone: Rules that stand in for the language's own when an answer is checked before the
            language is known (a prompt, a detected value).
        comment: A note for the reader of ``copier.yml``.

    """

    name: str
    kind: Kind
    help: str | Mapping[str, str]
    default: Expr
    choices: Mapping[str, str] | None = None
    language_choices: Mapping[str, Mapping[str, str]] | None = None
    when: Expr | None = None
    not_applicable: str = ""
    checks: tuple[Check, ...] = ()
    alone: tuple[Check, ...] = ()
    comment: str = ""

    def choices_for(self, answers: Mapping[str, Any]) -> Mapping[str, str] | None:
        """Return the choices (value to label) that apply, given the earlier answers."""
        if self.language_choices is not None:
            return self.language_choices[str(answers["language"])]
        return self.choices

    def values(self) -> tuple[str, ...]:
        """Return every value any language accepts, in declaration order (empty for an open question)."""
        if self.language_choices is not None:
            every = [value for choices in self.language_choices.values() for value in choices]
            return tuple(dict.fromkeys(every))
        return tuple(self.choices or ())


def _no_control(name: str) -> Check:
    return Check(
        Search(Var(name), CONTROL_CHARACTER),
        "must not contain control characters (line breaks, tabs and the like)",
    )


def _text(name: str, *checks: Check) -> tuple[Check, ...]:
    # Every text answer is refused with a control character first, whatever its own form allows.
    return (_no_control(name), *checks)


def _matching(name: str, pattern: re.Pattern[str], accepted: str, *, or_empty: bool = False) -> Check:
    mismatch = Not(Search(Var(name), pattern))
    return Check(And((Compare(Var(name), "!=", Const("")), mismatch)) if or_empty else mismatch, accepted)


def _number(name: str, low: int, high: int, why: str = "") -> tuple[Check, ...]:
    accepted = f"must be a whole number from {low} to {high}{why}"
    value = Filter("int", Var(name))
    out_of_range = Or((Compare(value, "<", Const(low)), Compare(value, ">", Const(high))))
    return (Check(Not(Search(Var(name), WHOLE_NUMBER)), accepted), Check(out_of_range, accepted))


def _memory(name: str, example: str) -> tuple[Check, ...]:
    return _text(
        name,
        _matching(name, MEMORY, f"must be a whole number with a unit k, m or g, such as {example}"),
        Check(
            Compare(memory_bytes_of(Var(name)), "<", Const(MIN_MEMORY)),
            "must be at least 6m (Docker's minimum)",
        ),
    )


def _cpus(name: str, example: str) -> tuple[Check, ...]:
    return _text(
        name,
        Check(
            Or((Not(Search(Var(name), CPUS)), Compare(Filter("float", Var(name)), "<=", Const(0.0)))),
            f"must be a positive number with up to two decimals, such as {example}",
        ),
    )


def _version(language: str, rules: Language) -> QuestionDefinition:
    field = rules.version_field
    default: Expr = Const(rules.default_version)
    checks = [_matching(field, whole(rules.version_pattern.pattern), rules.version_form)]
    if rules.distroless_versions:
        if rules.default_version not in rules.distroless_versions:
            default = If(eq(Var("runtime_base"), "distroless"), Const(rules.distroless_versions[0]), default)
        outside = Not(In(Var(field), Const(rules.distroless_versions)))
        checks.append(Check(And((eq(Var("runtime_base"), "distroless"), outside)), rules.distroless_form()))
    for manager, (versions, accepted) in rules.package_manager_versions.items():
        refused = And((eq(Var("package_manager"), manager), In(Var(field), Const(versions))))
        checks.append(Check(refused, accepted))
    return QuestionDefinition(
        name=field,
        kind="str",
        help=rules.version_help,
        when=eq(Var("language"), language),
        not_applicable=f"only applies to {language}; leave it unset",
        default=default,
        checks=_text(field, *checks),
    )


#: The entrypoint is a Next.js server (computed.NEXT_SERVER names which).
_NEXT_SERVER = And((eq(Var("language"), "node"), In(Var("entrypoint"), Const([NEXT_STANDALONE, NEXT_START]))))


def _entrypoint_checks() -> tuple[Check, ...]:
    own_form = [
        Check(
            And(
                (
                    eq(Var("language"), language),
                    Not(Search(Var("entrypoint"), whole(rules.entrypoint_pattern.pattern))),
                )
            ),
            rules.entrypoint_form,
        )
        for language, rules in LANGUAGES.items()
    ]
    worker_app_spec = And(
        (eq(Var("app_kind"), "worker"), eq(Var("language"), "python"), eq(ENTRYPOINT_KIND, "app"))
    )
    console_without_project = And(
        (eq(Var("language"), "python"), eq(ENTRYPOINT_KIND, "console"), Not(Var("install_project")))
    )
    return _text(
        "entrypoint",
        Check(In(Const(".."), Var("entrypoint")), "must stay inside the project (no '..')"),
        *own_form,
        Check(
            console_without_project,
            "may name a console script only with --install-project (install_project true), which installs "
            "the project that provides it; else it must be module:attr, a script ending in .py or -m module",
        ),
        Check(
            And((eq(Var("app_kind"), "worker"), _NEXT_SERVER)),
            "must be a file node runs for a worker: a Next.js server ({entrypoint}) is a web app",
        ),
        Check(
            worker_app_spec,
            (
                "must be a script (main.py), a module (-m pkg) or a console script for a worker, not a "
                "server app spec"
            ),
        ),
    )


_ANY_ENTRYPOINT = Check(
    Not(
        Or(
            tuple(
                Search(Var("entrypoint"), whole(rules.entrypoint_pattern.pattern))
                for rules in LANGUAGES.values()
            )
        )
    ),
    LANGUAGES["python"].entrypoint_form + " (for Python; see --help for the others)",
)

# --------------------------------------------------------------------------- Python's builder
# What the Python builder installs besides the locked dependencies. The ones the entrypoint's check reads
# (install_project) come before the entrypoint; server_install follows the server it defaults from.

_PYTHON = eq(Var("language"), "python")
_PYTHON_ONLY = "only applies to python; leave it unset"


def _debian_packages(name: str, where: str, *extra: Check) -> QuestionDefinition:
    return QuestionDefinition(
        name=name,
        kind="str",
        help=f"Debian packages to apt-get install in {where}, space-separated (empty: none)",
        when=_PYTHON,
        not_applicable=_PYTHON_ONLY,
        default=Const(""),
        checks=_text(
            name,
            _matching(
                name,
                DEBIAN_PACKAGES,
                "must be empty or Debian package names separated by single spaces (lowercase letters, "
                "digits and + . -, at least two characters), such as gcc libpq-dev",
                or_empty=True,
            ),
            *extra,
        ),
    )


_PYTHON_BUILDER: tuple[QuestionDefinition, ...] = (
    QuestionDefinition(
        name="requirements_files",
        kind="str",
        help="Requirements files, space-separated; the first is the one pip installs (-r), the others "
        "are what it includes (-r, -c)",
        when=And((_PYTHON, eq(Var("package_manager"), "pip"))),
        not_applicable="only applies to python with package_manager pip; leave it unset",
        default=Const("requirements.txt"),
        checks=_text(
            "requirements_files",
            Check(In(Const(".."), Var("requirements_files")), "must stay inside the project (no '..')"),
            _matching(
                "requirements_files",
                REQUIREMENTS_FILES,
                "must be relative paths separated by single spaces, of letters, digits and . _ / -, each "
                "ending in a letter, digit, _ or -, such as requirements/prod.txt requirements/base.txt",
            ),
        ),
    ),
    QuestionDefinition(
        name="install_project",
        kind="bool",
        help="Install the project itself into the venv (a package, a src layout, console scripts)?",
        when=_PYTHON,
        not_applicable=_PYTHON_ONLY,
        default=Const(False),
    ),
    _debian_packages("build_packages", "the build stage (compilers, -dev headers)"),
    _debian_packages(
        "runtime_packages",
        "the final image (shared libraries)",
        Check(
            And((eq(Var("runtime_base"), "distroless"), Compare(Var("runtime_packages"), "!=", Const("")))),
            "must be empty with the distroless runtime: distroless has no package manager (use "
            "--runtime-base slim)",
        ),
    ),
)

_SERVER_INSTALL = QuestionDefinition(
    name="server_install",
    kind="str",
    help="Server packages to install at scaffold's pinned versions, space-separated (empty: the lock "
    "holds them)",
    when=And((_PYTHON, eq(ENTRYPOINT_KIND, "app"))),
    not_applicable="only applies to a Python module:attr entrypoint; leave it unset",
    default=switch(Var("server"), {server: Const(packages) for server, packages in SERVER_PACKAGES.items()}),
    checks=_text(
        "server_install",
        _matching(
            "server_install",
            SERVER_INSTALL,
            "must be empty or gunicorn, uvicorn or both, separated by a space: the server packages the "
            "lock does not hold",
            or_empty=True,
        ),
    ),
)

# --------------------------------------------------------------------------- every language

_LABELS = Var("extra_labels")
_LABEL_KEYS = Entries(_LABELS, "keys")
_LABEL_VALUES = Entries(_LABELS, "values")
_BAD_LABELS = Or(
    (
        AnyNotText(_LABEL_KEYS),
        AnyNotText(_LABEL_VALUES),
        AnySearch(_LABEL_KEYS, LABEL_KEY, found=False),
        AnySearch(_LABEL_VALUES, LABEL_VALUE, found=False),
    )
)
_WEB = eq(Var("app_kind"), "web")
_WORKER_NOTE = "must not be set for a worker (it listens on no port)"
_BY_LANGUAGE = tuple((language,) for language in LANGUAGES)


# --- Django and worker heartbeat (Python) -------------------------------------------------------------

_PYTHON = eq(Var("language"), "python")
_DJANGO = And((_PYTHON, Compare(Var("django_settings"), "!=", Const(""))))
_PYTHON_WORKER = And((_PYTHON, eq(Var("app_kind"), "worker")))
_DJANGO_NOTE = "only applies to a Django project (python with django_settings set); leave it unset"
_ENV_NAMES = ("secret_key_env", "allowed_hosts_env", "debug_env")
_ENV_FORM = (
    "must be empty or an environment variable name of uppercase letters, digits and '_', not starting with "
    "a digit, such as {example}"
)


def _env_name_question(name: str, setting: str, example: str) -> QuestionDefinition:
    # A name already used by the image, compose.yaml or an earlier one of the three would be one
    # variable holding two settings (compose.yaml would even list it twice).
    taken = tuple(Var(earlier) for earlier in _ENV_NAMES[: _ENV_NAMES.index(name)])
    same_as_earlier = [
        Check(
            And((Compare(Var(name), "!=", Const("")), eq(Var(name), earlier))),
            f"must differ from {earlier.name} ({{{earlier.name}}}): each setting needs its own variable",
        )
        for earlier in taken
    ]
    return QuestionDefinition(
        name=name,
        kind="str",
        help=f"Environment variable your Django settings read {setting} from (empty: fixed in settings.py)",
        when=_DJANGO,
        not_applicable=_DJANGO_NOTE,
        default=Const(""),
        checks=_text(
            name,
            _matching(name, django_worker.ENV_NAME, _ENV_FORM.format(example=example), or_empty=True),
            Check(
                In(Var(name), Const(django_worker.RESERVED_ENV_NAMES)),
                "must not be a variable the image or compose.yaml sets itself ("
                + ", ".join(django_worker.RESERVED_ENV_NAMES)
                + ")",
            ),
            *same_as_earlier,
        ),
    )


def _django_and_worker_questions() -> tuple[QuestionDefinition, ...]:
    return (
        QuestionDefinition(
            name="django_settings",
            kind="str",
            help="Django settings module, such as mysite.settings (empty: not a Django project)",
            when=_PYTHON,
            not_applicable="only applies to python; leave it unset",
            default=Const(""),
            checks=_text(
                "django_settings",
                _matching(
                    "django_settings",
                    django_worker.SETTINGS_MODULE,
                    "must be empty or a dotted Python module, such as mysite.settings",
                    or_empty=True,
                ),
            ),
        ),
        _env_name_question("secret_key_env", "the secret key", "DJANGO_SECRET_KEY"),
        _env_name_question("allowed_hosts_env", "the allowed hosts", "DJANGO_ALLOWED_HOSTS"),
        _env_name_question("debug_env", "the debug flag", "DJANGO_DEBUG"),
        QuestionDefinition(
            name="static_root",
            kind="str",
            help="STATIC_ROOT relative to the project, filled by collectstatic in the build (empty: none)",
            when=_DJANGO,
            not_applicable=_DJANGO_NOTE,
            default=Const(""),
            checks=_text(
                "static_root",
                _matching(
                    "static_root",
                    django_worker.RELATIVE_FOLDER,
                    "must be empty or a folder relative to the project, such as staticfiles: parts of "
                    "letters, digits, '.', '_' or '-', none starting with '.', no leading '/'",
                    or_empty=True,
                ),
            ),
        ),
        QuestionDefinition(
            name="heartbeat_file",
            kind="str",
            help="File the worker touches to show it makes progress, such as /tmp/heartbeat (empty: none)",
            when=_PYTHON_WORKER,
            not_applicable="only applies to a python worker; leave it unset",
            default=Const(""),
            checks=_text(
                "heartbeat_file",
                _matching(
                    "heartbeat_file",
                    django_worker.HEARTBEAT_FILE,
                    "must be empty or a file under /tmp, such as /tmp/heartbeat (parts of letters, digits, "
                    "'.', '_' or '-', none starting with '.'): the root filesystem is read-only and /tmp "
                    "is the container's writable tmpfs",
                    or_empty=True,
                ),
            ),
        ),
        QuestionDefinition(
            name="heartbeat_max_age",
            kind="number",
            help="Seconds after which a heartbeat file not touched marks the worker unhealthy",
            when=And((_PYTHON_WORKER, Compare(Var("heartbeat_file"), "!=", Const("")))),
            not_applicable="only applies to a python worker with a heartbeat_file; leave it unset",
            default=Const(str(django_worker.HEARTBEAT_MAX_AGE_DEFAULT)),
            checks=_number("heartbeat_max_age", 1, django_worker.HEARTBEAT_MAX_AGE_LIMIT, " (seconds)"),
        ),
    )


def _only_for(
    language: str, name: str, kind: Kind, prompt: str, default: Expr, *checks: Check
) -> QuestionDefinition:
    return QuestionDefinition(
        name=name,
        kind=kind,
        help=prompt,
        when=eq(Var("language"), language),
        not_applicable=f"only applies to {language}; leave it unset",
        default=default,
        checks=checks,
    )


def _folders(name: str, what: str) -> tuple[Check, ...]:
    return _text(
        name,
        _matching(
            name,
            FOLDERS,
            f"must be empty or {what}: folders inside the project, space-separated, such as 'api shared' "
            "('.' for the project's own folder; no '..', no leading '/')",
            or_empty=True,
        ),
    )


#: How Go and Rust build, asked before the runtime base (cgo decides which runtimes can run the binary).
#: Detection answers them; each is shown with the file and line behind it.
_BUILD_QUESTIONS: tuple[QuestionDefinition, ...] = (
    _only_for(
        "go",
        "go_workspace",
        "str",
        "Go workspace: the module folders go.work uses (empty: one module at the root)",
        Const(""),
        *_folders("go_workspace", "the module folders go.work uses"),
    ),
    _only_for(
        "go",
        "go_vendor",
        "bool",
        "Build from the module's vendor/ folder (-mod=vendor, no download)?",
        Const(False),
    ),
    _only_for(
        "go",
        "cgo",
        "bool",
        'Build with cgo (CGO_ENABLED=1: go-sqlite3, import "C") and run on a base with glibc?',
        Const(False),
    ),
    _only_for(
        "rust",
        "rust_workspace",
        "str",
        "Cargo workspace: its member folders (empty: a single crate)",
        Const(""),
        *_folders("rust_workspace", "the workspace's member folders"),
    ),
    QuestionDefinition(
        name="rust_package",
        kind="str",
        help="Workspace member to build (cargo build -p)",
        when=And((eq(Var("language"), "rust"), Compare(Var("rust_workspace"), "!=", Const("")))),
        not_applicable="only applies to a Cargo workspace (rust_workspace); leave it unset",
        default=Var("app_name"),
        checks=_text(
            "rust_package",
            _matching(
                "rust_package",
                whole(LANGUAGES["rust"].entrypoint_pattern.pattern),
                "must be a Cargo package name: letters, digits, '-' or '_'",
            ),
        ),
    ),
    _only_for(
        "rust",
        "rust_openssl",
        "bool",
        "Link the system OpenSSL (openssl-sys, as native-tls does): libssl-dev to build, libssl3 to run?",
        Const(False),
    ),
    _only_for(
        "rust",
        "sqlx_offline",
        "bool",
        "Check sqlx's query macros against the committed .sqlx/ data (SQLX_OFFLINE=true)?",
        Const(False),
    ),
)

#: Every question, in the order they are asked.
QUESTIONS: tuple[QuestionDefinition, ...] = (
    QuestionDefinition(
        name="app_name",
        kind="str",
        help="App name (image and compose project name)",
        default=Const("app"),
        checks=_text(
            "app_name",
            _matching(
                "app_name",
                NAME,
                "must be 1-63 lowercase letters, digits, '-' or '_', starting with a letter or digit",
            ),
        ),
    ),
    QuestionDefinition(
        name="description",
        kind="str",
        help="One-line description (OCI image label)",
        default=Concat((Var("app_name"), Const(" service"))),
        checks=_text(
            "description",
            _matching(
                "description",
                DESCRIPTION,
                "must be 1-200 characters without quotes, backslashes, '$', backticks or control characters",
            ),
        ),
    ),
    QuestionDefinition(
        name="language",
        kind="str",
        help="Language",
        choices={language: rules.label for language, rules in LANGUAGES.items()},
        default=Const(next(iter(LANGUAGES))),
    ),
    QuestionDefinition(
        name="package_manager",
        kind="str",
        help="Package manager (build tool)",
        language_choices={
            language: {manager.name: manager.choice_label for manager in rules.package_managers}
            for language, rules in LANGUAGES.items()
        },
        default=Table(
            ("language",), lambda language: LANGUAGES[language].package_manager_names[0], _BY_LANGUAGE
        ),
        comment="The choices depend on the language; an answer from another language is refused.",
    ),
    *_BUILD_QUESTIONS,
    QuestionDefinition(
        name="runtime_base",
        kind="str",
        help="Runtime base image",
        language_choices={
            language: {base: rules.runtime_base_label(base) for base in rules.runtime_bases}
            for language, rules in LANGUAGES.items()
        },
        default=Table(
            ("language",), lambda language: next(iter(LANGUAGES[language].runtime_bases)), _BY_LANGUAGE
        ),
        checks=(
            Check(
                And((eq(Var("language"), "go"), Var("cgo"), eq(Var("runtime_base"), "scratch"))),
                "must be distroless with cgo: a cgo binary loads the C library, which scratch lacks "
                "(distroless is then base-debian12, with glibc); or pass --no-cgo",
            ),
        ),
    ),
    *(_version(language, rules) for language, rules in LANGUAGES.items()),
    QuestionDefinition(
        name="app_kind",
        kind="str",
        help="App kind",
        choices={
            "web": "web (listens on a port, HTTP health check)",
            "worker": "worker (no port, health check without network)",
        },
        default=Const("web"),
    ),
    *_PYTHON_BUILDER,
    QuestionDefinition(
        name="entrypoint",
        kind="str",
        help={language: rules.entrypoint_help for language, rules in LANGUAGES.items()},
        default=switch(
            Var("language"), {language: rules.default_entrypoint for language, rules in LANGUAGES.items()}
        ),
        checks=_entrypoint_checks(),
        alone=(_ANY_ENTRYPOINT,),
    ),
    QuestionDefinition(
        name="server",
        kind="str",
        help="Server that runs the app spec",
        choices={
            "gunicorn": "gunicorn (WSGI: Flask, Django)",
            "uvicorn": "uvicorn (ASGI: FastAPI, Starlette)",
            "uvicorn-worker": "uvicorn-worker (ASGI under gunicorn: -k uvicorn.workers.UvicornWorker)",
        },
        when=And((eq(Var("language"), "python"), eq(ENTRYPOINT_KIND, "app"))),
        not_applicable="only applies to a Python module:attr entrypoint; leave it unset",
        default=Const("gunicorn"),
    ),
    _SERVER_INSTALL,
    QuestionDefinition(
        name="node_build",
        kind="bool",
        help="Run package.json's build script (such as TypeScript) in the build stage?",
        when=eq(Var("language"), "node"),
        not_applicable="only applies to node; leave it unset",
        # A Next.js server runs from what next build writes in .next: the build is not optional.
        default=_NEXT_SERVER,
        checks=(
            Check(
                And((_NEXT_SERVER, Not(Var("node_build")))),
                "must be true with a Next.js entrypoint ({entrypoint}): it runs from the .next folder that "
                "package.json's build script (next build) writes",
            ),
        ),
    ),
    QuestionDefinition(
        name="port",
        kind="number",
        help="Port the app listens on inside the container",
        when=_WEB,
        not_applicable=_WORKER_NOTE,
        default=Table(("language",), lambda language: str(LANGUAGES[language].default_port), _BY_LANGUAGE),
        checks=_number("port", 1024, 65535, " (a non-root user cannot bind lower ports)"),
    ),
    QuestionDefinition(
        name="health_path",
        kind="str",
        help="HTTP health path such as /health (empty = check that the port accepts connections)",
        when=_WEB,
        not_applicable=_WORKER_NOTE,
        default=Const(""),
        checks=_text(
            "health_path",
            _matching(
                "health_path",
                HEALTH_PATH,
                "must be empty or a path starting with '/' using letters, digits and . _ ~ / -",
                or_empty=True,
            ),
        ),
    ),
    *_django_and_worker_questions(),
    QuestionDefinition(
        name="memory",
        kind="str",
        help="Memory limit (Docker form, such as 512m or 1g)",
        default=Const("512m"),
        checks=_memory("memory", "512m or 1g"),
    ),
    QuestionDefinition(
        name="memory_reservation",
        kind="str",
        help="Memory reservation, the soft floor (Docker form, such as 256m)",
        # 256m, or the whole limit when that is smaller: the default never exceeds the limit.
        default=If(
            Compare(memory_bytes_of(Var("memory")), "<", Const(256 * 1024**2)), Var("memory"), Const("256m")
        ),
        checks=(
            *_memory("memory_reservation", "256m"),
            Check(
                Compare(memory_bytes_of(Var("memory_reservation")), ">", memory_bytes_of(Var("memory"))),
                "must not exceed memory ({memory})",
            ),
        ),
    ),
    QuestionDefinition(
        name="cpus",
        kind="str",
        help="CPU limit (such as 0.5 or 2)",
        default=Const("0.5"),
        checks=_cpus("cpus", "0.5 or 2"),
    ),
    QuestionDefinition(
        name="cpus_reservation",
        kind="str",
        help="CPU reservation (such as 0.25)",
        # 0.25, or the whole limit when that is smaller: the default never exceeds the limit.
        default=If(Compare(Filter("float", Var("cpus")), "<", Const(0.25)), Var("cpus"), Const("0.25")),
        checks=(
            *_cpus("cpus_reservation", "0.25"),
            Check(
                Compare(Filter("float", Var("cpus_reservation")), ">", Filter("float", Var("cpus"))),
                "must not exceed cpus ({cpus})",
            ),
        ),
    ),
    QuestionDefinition(
        name="pids",
        kind="number",
        help="Process limit (pids)",
        default=Const("128"),
        checks=_number("pids", 8, 65536),
    ),
    QuestionDefinition(
        name="uid",
        kind="number",
        help="Numeric user and group id the app runs as",
        default=Const("10001"),
        checks=_number("uid", 1000, 2147483646, " (never root, clear of system ids)"),
    ),
    QuestionDefinition(
        name="private_index",
        kind="bool",
        help="Install from a private package index (credentials passed as a BuildKit secret)?",
        when=In(Var("language"), Const(PRIVATE_INDEX_LANGUAGES)),
        not_applicable=f"only applies to {' and '.join(PRIVATE_INDEX_LANGUAGES)}",
        default=Const(False),
    ),
    QuestionDefinition(
        name="base_registry",
        kind="str",
        help=(
            "Registry prefix for base images, such as registry.example.com/mirror/ (empty: the images' "
            "own registries)"
        ),
        default=Const(""),
        checks=_text(
            "base_registry",
            _matching(
                "base_registry",
                REGISTRY,
                "must be empty or a registry host with an optional port and path, ending in '/', such as "
                "registry.example.com/mirror/",
                or_empty=True,
            ),
        ),
    ),
    QuestionDefinition(
        name="extra_labels",
        kind="yaml",
        help="Extra image labels as a YAML mapping, such as {org.opencontainers.image.vendor: Example}",
        default=Const({}),
        checks=(
            Check(Not(IsMapping(_LABELS)), "must be a mapping of names to text"),
            Check(
                _BAD_LABELS,
                "must map lowercase dotted keys to text without quotes, backslashes, '$', backticks or "
                "control characters",
            ),
        ),
    ),
    QuestionDefinition(
        name="ci",
        kind="str",
        help=(
            "CI files: none, or github (a GitHub Actions workflow that builds, scans and pushes the image, "
            "and Dependabot)"
        ),
        choices={
            "none": "none (no CI files)",
            "github": "github (.github/workflows/container.yml and .github/dependabot.yml)",
        },
        default=Const("none"),
    ),
    QuestionDefinition(
        name="kubernetes",
        kind="bool",
        help="Kubernetes manifests: a kustomize base in k8s/ (Deployment, Service, NetworkPolicy and more)?",
        default=Const(False),
        checks=(
            Check(
                And((Var("kubernetes"), Not(Search(Var("app_name"), KUBERNETES_NAME)))),
                "needs an app_name Kubernetes accepts as a name: lowercase letters, digits and '-', starting "
                "with a letter and ending with a letter or digit ({app_name} is not)",
            ),
        ),
    ),
)

#: The questions by name.
QUESTION_BY_NAME: dict[str, QuestionDefinition] = {question.name: question for question in QUESTIONS}
