"""The answer flags ``scaffold new`` and ``scaffold update`` share: one row per question.

A flag is its question's name with dashes (``memory_reservation`` is ``--memory-reservation``), so the
table states each question's help once and no mapping from flags to answers is written anywhere. The
accepted values of a choice question are not restated here either: ``{choices}`` in a help text is
filled in from :mod:`generator.spec.model` when help is shown (and only then, which keeps the start of
every other command free of the validation library).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

#: Where a flag is listed in ``--help``: with the other answers, or with the resource limits.
Panel = Literal["answers", "limits"]


@dataclass(frozen=True)
class AnswerFlag:
    """One answer given as a flag.

    Attributes:
        name: The question's name; the flag is ``--`` and the name with dashes.
        kind: The value's type; a ``bool`` answer is a ``--name/--no-name`` pair.
        help: One sentence for ``--help``; ``{choices}`` stands for the accepted values.
        panel: The ``--help`` section it is listed in.

    """

    name: str
    kind: type[str] | type[int] | type[bool]
    help: str
    panel: Panel = "answers"

    @property
    def flag(self) -> str:
        """The option as typed, such as ``--memory-reservation``."""
        return "--" + self.name.replace("_", "-")


ANSWER_FLAGS: tuple[AnswerFlag, ...] = (
    AnswerFlag("app_name", str, "Image and compose project name."),
    AnswerFlag("description", str, "One-line description (OCI label)."),
    AnswerFlag("language", str, "Language ({choices})."),
    AnswerFlag("package_manager", str, "Package manager ({choices})."),
    AnswerFlag("go_workspace", str, "Go: the module folders go.work uses, space-separated ('api shared')."),
    AnswerFlag("go_vendor", bool, "Go: build from vendor/ (-mod=vendor) without downloading modules."),
    AnswerFlag("cgo", bool, "Go: build with cgo (CGO_ENABLED=1) and run on distroless base (glibc)."),
    AnswerFlag("rust_workspace", str, "Rust: the Cargo workspace's member folders, space-separated."),
    AnswerFlag("rust_package", str, "Rust: the workspace member to build (cargo build -p)."),
    AnswerFlag("rust_openssl", bool, "Rust: install libssl-dev to build and libssl3 to run (openssl-sys)."),
    AnswerFlag("sqlx_offline", bool, "Rust: build sqlx's query macros from .sqlx/ (SQLX_OFFLINE=true)."),
    AnswerFlag("runtime_base", str, "Runtime base image ({choices})."),
    AnswerFlag("python_version", str, "Python version, major.minor (3.12)."),
    AnswerFlag("node_version", str, "Node.js major version (22)."),
    AnswerFlag("go_version", str, "Go version, 1.minor (1.23)."),
    AnswerFlag("rust_version", str, "Rust version, 1.minor (1.83)."),
    AnswerFlag("java_version", str, "Java LTS version (17, 21, 25)."),
    AnswerFlag("app_kind", str, "({choices}): web listens on a port; worker has none."),
    # Python's builder.
    AnswerFlag(
        "requirements_files",
        str,
        "Python, pip: requirements files, space-separated; the first is installed (-r), the others are "
        "the files it includes.",
    ),
    AnswerFlag(
        "install_project",
        bool,
        "Python: install the project itself into the venv (a package, a src layout, console scripts).",
    ),
    AnswerFlag("build_packages", str, "Python: Debian packages for the build stage (gcc libpq-dev)."),
    AnswerFlag("runtime_packages", str, "Python, slim: Debian packages for the final image (libpq5)."),
    AnswerFlag(
        "entrypoint",
        str,
        "What runs. Python: module:attr for a server (app:app, app:create_app()), a script (main.py), "
        "'-m pkg' or a console script (with --install-project). Node: the .js file (server.js). Go: the "
        "main package (. or ./cmd/api). Rust: the Cargo binary name. Java: the runnable jar (target/*.jar).",
    ),
    AnswerFlag("server", str, "Server for a module:attr entrypoint ({choices})."),
    AnswerFlag(
        "server_install",
        str,
        "Server packages the lock lacks, installed at pinned versions (gunicorn, uvicorn; '' for none).",
    ),
    AnswerFlag(
        "node_build", bool, "Node: run package.json's build script (TypeScript, bundlers) in the build stage."
    ),
    # Numbers are taken as typed, like --data: the Spec reads them (017720 is refused, never 17720).
    AnswerFlag("port", str, "Port the app listens on (1024-65535)."),
    AnswerFlag("health_path", str, "HTTP health path such as /health; empty checks the port instead."),
    # Django and the worker heartbeat (Python).
    AnswerFlag(
        "django_settings", str, "Python: the Django settings module (mysite.settings); empty: not Django."
    ),
    AnswerFlag(
        "secret_key_env", str, "Django: the variable settings.py reads SECRET_KEY from; empty: fixed."
    ),
    AnswerFlag(
        "allowed_hosts_env", str, "Django: the variable settings.py reads ALLOWED_HOSTS from; empty: fixed."
    ),
    AnswerFlag("debug_env", str, "Django: the variable settings.py reads DEBUG from; empty: fixed."),
    AnswerFlag(
        "static_root", str, "Django: STATIC_ROOT relative to the project; collectstatic runs in the build."
    ),
    AnswerFlag(
        "heartbeat_file", str, "Python worker: a file under /tmp it touches; the health check reads its age."
    ),
    AnswerFlag("heartbeat_max_age", str, "Seconds the heartbeat file may go untouched (1-86400)."),
    AnswerFlag("memory", str, "Memory limit, such as 512m or 1g.", "limits"),
    AnswerFlag("memory_reservation", str, "Memory reservation, such as 256m.", "limits"),
    AnswerFlag("cpus", str, "CPU limit, such as 0.5.", "limits"),
    AnswerFlag("cpus_reservation", str, "CPU reservation, such as 0.25.", "limits"),
    AnswerFlag("pids", str, "Process limit.", "limits"),
    AnswerFlag("uid", str, "Numeric user and group id (>= 1000)."),
    AnswerFlag(
        "private_index", bool, "Install from a private index; credentials come in as a BuildKit secret."
    ),
    AnswerFlag("ci", str, "CI files ({choices}): github adds a GitHub Actions workflow and Dependabot."),
    AnswerFlag("kubernetes", bool, "Kubernetes manifests: a kustomize base in k8s/, restricted profile."),
)


def given_answers(
    flags: Mapping[str, object], *, data: Sequence[str] = (), data_file: Path | None = None
) -> dict[str, Any]:
    """Merge the answers given on the command line; a flag wins over ``--data``, which wins over the file.

    Args:
        flags: The answer flags by question name; None means the flag was not given.
        data: ``--data key=value`` pairs.
        data_file: ``--data-file``, a YAML mapping of answers.

    Returns:
        The answers, by question name.

    Raises:
        InvalidAnswerError: A ``--data`` pair or the data file is malformed.

    """
    # The data file parser loads PyYAML; only a command that takes answers pays for that.
    from generator.answers.data_option import load_data_file, parse_data

    explicit = {name: value for name, value in flags.items() if value is not None}
    return {**(load_data_file(data_file) if data_file else {}), **parse_data(data), **explicit}
