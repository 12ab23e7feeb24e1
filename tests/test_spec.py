"""Spec validation: every refused input is refused with one line naming the field and the accepted form."""

from __future__ import annotations

from typing import Any

import pytest

from generator.errors import InvalidAnswerError
from generator.spec.computed import entrypoint_kind, jvm_heap_percent
from generator.spec.model import Spec, check_answer, memory_bytes

from . import python_build_answers

BASE: dict[str, Any] = {"app_name": "demo"}
#: The answers a row of REFUSED needs around it for its question to apply.
CONTEXT: dict[str, dict[str, Any]] = {
    "node_version": {"language": "node"},
    "go_version": {"language": "go"},
    "rust_version": {"language": "rust"},
    "java_version": {"language": "java"},
    "node_build": {"language": "node"},
}

# (field, bad value, words the message must contain)
REFUSED: list[tuple[str, Any, str]] = [
    ("app_name", "Demo", "lowercase"),
    ("app_name", "-demo", "starting with a letter or digit"),
    ("app_name", "a" * 64, "1-63"),
    ("app_name", "my app", "lowercase"),
    ("description", 'say "hi"', "without quotes"),
    ("description", "line\nbreak", "control characters"),
    ("description", "costs $5", "'$'"),
    # Every control character, in every text answer: C0, DEL, C1, and the Unicode line separators.
    ("description", "say\x7fhi", "control characters"),
    ("description", "next\x85line", "control characters"),
    ("description", "line\u2028separator", "control characters"),
    ("description", "tab\there", "control characters"),
    # A whole match: `$` would also accept a final line break.
    ("app_name", "demo\n", "control characters"),
    ("entrypoint", "main.py\n", "control characters"),
    ("health_path", "/health\n", "control characters"),
    ("python_version", "3.12\n", "control characters"),
    ("node_version", "22\n", "control characters"),
    ("go_version", "1.23\n", "control characters"),
    ("rust_version", "1.83\n", "control characters"),
    ("java_version", "21\n", "control characters"),
    ("cpus", "0.5\n", "control characters"),
    ("cpus_reservation", "0.25\n", "control characters"),
    ("memory", "512m\n", "control characters"),
    ("base_registry", "reg/\n", "control characters"),
    ("package_manager", "bundler", "one of pip, poetry, uv, pipenv"),
    ("runtime_base", "alpine", "one of slim, distroless"),
    ("language", "cobol", "one of python, node, go, rust, java"),
    ("node_version", "v22", "major version"),
    ("node_version", "16", "from 18"),
    ("go_version", "1.18", "from 1.19"),
    ("go_version", "go1.23", "1.minor"),
    ("rust_version", "stable", "1.minor"),
    ("java_version", "11", "17, 21 or 25"),
    ("node_build", "perhaps", "true or false"),
    ("python_version", "3", "major.minor"),
    ("python_version", "3.12.1", "major.minor"),
    ("python_version", "2.7", "major.minor"),
    ("app_kind", "cron", "one of web, worker"),
    ("entrypoint", 'app:app"]\nRUN rm -rf /', "control characters"),
    ("entrypoint", "app:app; rm -rf /", "module:attr"),
    ("entrypoint", "$(reboot)", "module:attr"),
    ("entrypoint", "../outside.py", "no '..'"),
    ("entrypoint", "/abs/main.py", "module:attr"),
    ("entrypoint", "-m pkg; ls", "module:attr"),
    ("entrypoint", "bin/main.sh", "module:attr"),
    ("server", "waitress", "one of gunicorn, uvicorn"),
    ("port", 80, "from 1024 to 65535"),
    ("port", 70000, "from 1024 to 65535"),
    ("port", "http", "whole number"),
    # A number is read as typed: no leading zero (not octal, not decimal), sign, space, underscore or
    # other base.
    ("port", "017720", "whole number"),
    ("port", "0x1F90", "whole number"),
    ("port", " 8080", "whole number"),
    ("port", "8080\n", "whole number"),
    ("port", "8_080", "whole number"),
    ("port", "+8080", "whole number"),
    ("port", 8080.0, "whole number"),
    ("pids", "0128", "whole number"),
    ("uid", "10001 ", "whole number"),
    ("health_path", "health", "starting with '/'"),
    ("health_path", "/health?x=1", "starting with '/'"),
    ("memory", "512", "unit k, m or g"),
    ("memory", "1.5g", "unit k, m or g"),
    ("memory", "512mb", "unit k, m or g"),
    ("memory", "-1g", "unit k, m or g"),
    ("memory", "4m", "at least 6m"),
    ("memory_reservation", "lots", "unit k, m or g"),
    ("cpus", "0", "positive number"),
    ("cpus", "-1", "positive number"),
    ("cpus", "half", "positive number"),
    ("cpus", "0.125", "up to two decimals"),
    ("cpus_reservation", "0.0", "positive number"),
    ("pids", 2, "from 8 to 65536"),
    ("uid", 0, "never root"),
    ("uid", 999, "from 1000"),
    ("private_index", "maybe", "true or false"),
    ("ci", "gitlab", "one of none, github"),
    ("extra_labels", {"a\n": "x"}, "lowercase dotted keys"),
    ("extra_labels", {"org.example": "x\ny"}, "control characters"),
    ("extra_labels", {"org.example": 1}, "lowercase dotted keys to text"),
    ("extra_labels", "{a: !!int x}", "valid YAML"),
    ("extra_labels", None, "a mapping"),
]
# The Python builder's answers (requirements files, server packages, Debian packages, ...).
REFUSED += python_build_answers.REFUSED
CONTEXT.update(python_build_answers.CONTEXT)


@pytest.mark.parametrize(("field", "value", "words"), REFUSED)
def test_refused_answer_names_field_and_form(field: str, value: Any, words: str) -> None:
    with pytest.raises(InvalidAnswerError) as caught:
        Spec.from_answers({**BASE, **CONTEXT.get(field, {}), field: value})
    message = str(caught.value)
    assert caught.value.field == field
    assert message.startswith(f"{field}: ")
    assert words in message
    assert "\n" not in message


@pytest.mark.parametrize(("field", "value", "words"), REFUSED)
def test_single_answer_check_agrees(field: str, value: Any, words: str) -> None:
    with pytest.raises(InvalidAnswerError) as caught:
        check_answer(field, value)
    assert words in caught.value.accepted


CONFLICTS: list[tuple[dict[str, Any], str, str]] = [
    ({"runtime_base": "distroless", "python_version": "3.12"}, "python_version", "3.11"),
    ({"app_kind": "worker", "entrypoint": "app:app"}, "entrypoint", "worker"),
    ({"app_kind": "worker", "entrypoint": "main.py", "port": 8000}, "port", "worker"),
    ({"entrypoint": "main.py", "server": "gunicorn"}, "server", "module:attr"),
    ({"memory": "256m", "memory_reservation": "512m"}, "memory_reservation", "must not exceed memory"),
    ({"cpus": "0.5", "cpus_reservation": "1"}, "cpus_reservation", "must not exceed cpus"),
    ({"bogus": 1}, "bogus", "not a known question"),
    ({"package_manager": "npm"}, "package_manager", "one of pip, poetry, uv, pipenv for python"),
    ({"language": "node", "package_manager": "pip"}, "package_manager", "one of npm, yarn, pnpm for node"),
    ({"language": "go", "runtime_base": "slim"}, "runtime_base", "one of distroless, scratch for go"),
    ({"language": "python", "runtime_base": "scratch"}, "runtime_base", "one of slim, distroless for python"),
    ({"language": "node", "python_version": "3.12"}, "python_version", "only applies to python"),
    ({"node_version": "22"}, "node_version", "only applies to node"),
    (
        {"language": "node", "runtime_base": "distroless", "node_version": "23"},
        "node_version",
        "18, 20, 22, 24",
    ),
    ({"language": "java", "runtime_base": "distroless", "java_version": "25"}, "java_version", "17, 21"),
    ({"language": "node", "entrypoint": "app:app"}, "entrypoint", ".js, .mjs or .cjs file"),
    ({"language": "go", "entrypoint": "main.go"}, "entrypoint", "main package"),
    ({"language": "go", "entrypoint": "./../x"}, "entrypoint", "no '..'"),
    ({"language": "rust", "entrypoint": "src/main.rs"}, "entrypoint", "Cargo binary"),
    ({"language": "java", "entrypoint": "app.jar"}, "entrypoint", "runnable jar"),
    ({"language": "node", "entrypoint": "server.js", "server": "gunicorn"}, "server", "Python module:attr"),
    ({"node_build": True}, "node_build", "only applies to node"),
    # A Next.js server runs from what next build writes, and only a web app has one.
    (
        {"language": "node", "entrypoint": ".next/standalone/server.js", "node_build": False},
        "node_build",
        "must be true with a Next.js entrypoint (.next/standalone/server.js)",
    ),
    (
        {"language": "node", "app_kind": "worker", "entrypoint": "node_modules/next/dist/bin/next"},
        "entrypoint",
        "a Next.js server (node_modules/next/dist/bin/next) is a web app",
    ),
    ({"language": "node", "entrypoint": ".next/server.js"}, "entrypoint", "or a Next.js server"),
    ({"language": "go", "private_index": True}, "private_index", "only applies to python and node"),
    # An answer to a question that does not apply is refused whatever it is, as copier.yml refuses it.
    ({"language": "go", "private_index": False}, "private_index", "only applies to python and node"),
    ({"app_kind": "worker", "entrypoint": "main.py", "health_path": ""}, "health_path", "worker"),
    ({"node_build": False}, "node_build", "only applies to node"),
    ({"memory_limit_bytes": 1}, "memory_limit_bytes", "computed from the other answers"),
    ({"language": "node", "node_version": "22\n"}, "node_version", "control characters"),
]
CONFLICTS += python_build_answers.CONFLICTS


@pytest.mark.parametrize(("answers", "field", "words"), CONFLICTS)
def test_contradicting_answers_are_refused(answers: dict[str, Any], field: str, words: str) -> None:
    with pytest.raises(InvalidAnswerError) as caught:
        Spec.from_answers({**BASE, **answers})
    assert caught.value.field == field
    assert words in str(caught.value)


def test_defaults_depend_on_other_answers() -> None:
    web = Spec.from_answers(BASE)
    assert (web.entrypoint, web.server, web.port, web.python_version) == ("app:app", "gunicorn", 8000, "3.12")
    worker = Spec.from_answers({**BASE, "app_kind": "worker"})
    assert (worker.entrypoint, worker.server, worker.port) == ("main.py", None, None)
    distroless = Spec.from_answers({**BASE, "runtime_base": "distroless"})
    assert distroless.python_version == "3.11"
    assert Spec.from_answers(BASE).description == "demo service"
    # A reservation's default never exceeds its limit.
    small = Spec.from_answers({**BASE, "memory": "128m", "cpus": "0.1"})
    assert (small.memory_reservation, small.cpus_reservation) == ("128m", "0.1")
    large = Spec.from_answers({**BASE, "memory": "1g", "cpus": "2"})
    assert (large.memory_reservation, large.cpus_reservation) == ("256m", "0.25")


@pytest.mark.parametrize(
    ("entrypoint", "kind"),
    [
        ("app:app", "app"),
        ("pkg.web:create_app()", "app"),
        ("main.py", "script"),
        ("src/tool/run.py", "script"),
        ("-m pkg.worker", "module"),
    ],
)
def test_accepted_entrypoint_forms(entrypoint: str, kind: str) -> None:
    answers: dict[str, Any] = {**BASE, "entrypoint": entrypoint}
    spec = Spec.from_answers(answers)
    assert spec.entrypoint_kind == kind


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"language": "node"}, ("npm", "slim", "22", "server.js", 3000)),
        ({"language": "node", "app_kind": "worker"}, ("npm", "slim", "22", "worker.js", None)),
        ({"language": "go"}, ("go", "distroless", "1.23", ".", 8080)),
        ({"language": "rust"}, ("cargo", "distroless", "1.83", "demo", 8080)),
        ({"language": "java"}, ("maven", "slim", "21", "target/*.jar", 8080)),
        (
            {"language": "java", "package_manager": "gradle"},
            ("gradle", "slim", "21", "build/libs/*.jar", 8080),
        ),
    ],
)
def test_each_language_has_working_defaults(answers: dict[str, Any], expected: tuple[Any, ...]) -> None:
    spec = Spec.from_answers({**BASE, **answers})
    assert (spec.package_manager, spec.runtime_base, spec.version, spec.entrypoint, spec.port) == expected
    assert spec.python_version is None or spec.language == "python"
    assert spec.server is None
    assert (spec.node_build is not None) == (spec.language == "node")


def test_spec_is_frozen_and_answers_omit_unset_fields() -> None:
    spec = Spec.from_answers({**BASE, "app_kind": "worker"})
    with pytest.raises(ValueError, match="frozen"):
        spec.memory = "1g"  # type: ignore[misc]
    assert "port" not in spec.answers()
    assert "server" not in spec.answers()


def test_memory_is_kept_as_typed_and_converted() -> None:
    # Kept as typed, as copier.yml keeps it: both render the same compose.yaml.
    assert Spec.from_answers({**BASE, "memory": "1G", "memory_reservation": "512M"}).memory == "1G"
    assert memory_bytes("512m") == 512 * 1024**2
    assert memory_bytes("1G") == 1024**3
    assert memory_bytes("64k") == 64 * 1024
    with pytest.raises(ValueError, match="not a Docker memory value"):
        memory_bytes("512m\n")


def test_numbers_are_read_as_typed() -> None:
    spec = Spec.from_answers({**BASE, "port": "9000", "pids": 256, "uid": "20000"})
    assert (spec.port, spec.pids, spec.uid) == (9000, 256, 20000)
    assert check_answer("port", "8080") == 8080


@pytest.mark.parametrize(
    ("memory", "percent"),
    [("6m", 40), ("255m", 40), ("256m", 50), ("511m", 50), ("512m", 60), ("1023m", 60), ("1g", 70),
     ("2047m", 70), ("2g", 75), ("64G", 75), ("262144k", 50)],
)  # fmt: skip
def test_jvm_heap_share_follows_the_memory_limit(memory: str, percent: int) -> None:
    assert jvm_heap_percent(memory) == percent


def test_computed_values() -> None:
    python = Spec.from_answers(
        {**BASE, "package_manager": "uv", "private_index": True, "entrypoint": "-m pkg"}
    )
    assert python.computed() == {
        "entrypoint_kind": "module",
        "next_server": "",
        "memory_limit_bytes": 512 * 1024**2,
        "jvm_heap_percent": 60,
        "lock_file": "uv.lock",
        "secret_id": "uv_conf",
        "secret_file": "uv.toml",
        "secret_mount": "--mount=type=secret,id=uv_conf,target=/etc/uv/uv.toml,required=true",
        "health_start_period": 30,
        "update_monitor": 24,
        "memory_quantity": "512Mi",
        "memory_reservation_quantity": "256Mi",
        "cpus_quantity": "500m",
        "cpus_reservation_quantity": "250m",
        "container_folder": "",
    }
    node = Spec.from_answers({**BASE, "language": "node", "package_manager": "pnpm"}).computed()
    assert (node["lock_file"], node["secret_id"], node["secret_file"]) == (
        "pnpm-lock.yaml",
        "npmrc",
        ".npmrc",
    )
    assert node["next_server"] == ""
    for entrypoint, server in (
        (".next/standalone/server.js", "standalone"),
        ("node_modules/next/dist/bin/next", "start"),
    ):
        next_js = Spec.from_answers({**BASE, "language": "node", "entrypoint": entrypoint})
        # The build is what writes .next, so it is on by default for a Next.js server.
        assert (next_js.computed()["next_server"], next_js.node_build) == (server, True)
    for language in ("go", "rust", "java"):
        compiled = Spec.from_answers({**BASE, "language": language}).computed()
        assert (compiled["container_folder"], compiled["secret_mount"]) == (".container", "")
    assert [entrypoint_kind(e) for e in ("app:app", "pkg.web:create_app()", "main.py", "-m pkg")] == [
        "app",
        "app",
        "script",
        "module",
    ]


def test_single_answer_check_knows_the_language() -> None:
    assert check_answer("entrypoint", "./cmd/api", language="go") == "./cmd/api"
    with pytest.raises(InvalidAnswerError) as caught:
        check_answer("entrypoint", "app:app", language="go")
    assert "main package" in caught.value.accepted
