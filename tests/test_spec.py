"""Spec validation: every refused input is refused with one line naming the field and the accepted form."""

from __future__ import annotations

from typing import Any

import pytest

from generator.errors import InvalidAnswerError
from generator.spec.model import Spec, check_answer, memory_bytes

BASE: dict[str, Any] = {"app_name": "demo"}

# (field, bad value, words the message must contain)
REFUSED: list[tuple[str, Any, str]] = [
    ("app_name", "Demo", "lowercase"),
    ("app_name", "-demo", "starting with a letter or digit"),
    ("app_name", "a" * 64, "1-63"),
    ("app_name", "my app", "lowercase"),
    ("description", 'say "hi"', "without quotes"),
    ("description", "line\nbreak", "control characters"),
    ("description", "costs $5", "'$'"),
    ("package_manager", "bundler", "one of pip, poetry, uv, npm, yarn, pnpm, go, cargo, maven, gradle"),
    ("runtime_base", "alpine", "one of slim, distroless, scratch"),
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
    ("entrypoint", 'app:app"]\nRUN rm -rf /', "module:attr"),
    ("entrypoint", "app:app; rm -rf /", "module:attr"),
    ("entrypoint", "$(reboot)", "module:attr"),
    ("entrypoint", "../outside.py", "module:attr"),
    ("entrypoint", "/abs/main.py", "module:attr"),
    ("entrypoint", "-m pkg; ls", "module:attr"),
    ("entrypoint", "main.sh", "module:attr"),
    ("server", "waitress", "one of gunicorn, uvicorn"),
    ("port", 80, "from 1024 to 65535"),
    ("port", 70000, "from 1024 to 65535"),
    ("port", "http", "whole number"),
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
]


@pytest.mark.parametrize(("field", "value", "words"), REFUSED)
def test_refused_answer_names_field_and_form(field: str, value: Any, words: str) -> None:
    with pytest.raises(InvalidAnswerError) as caught:
        Spec.from_answers({**BASE, field: value})
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
    ({"package_manager": "npm"}, "package_manager", "one of pip, poetry, uv for python"),
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
    ({"language": "go", "entrypoint": "./../x"}, "entrypoint", "main package"),
    ({"language": "rust", "entrypoint": "src/main.rs"}, "entrypoint", "Cargo binary"),
    ({"language": "java", "entrypoint": "app.jar"}, "entrypoint", "runnable jar"),
    ({"language": "node", "entrypoint": "server.js", "server": "gunicorn"}, "server", "Python module:attr"),
    ({"node_build": True}, "node_build", "only applies to node"),
    ({"language": "go", "private_index": True}, "private_index", "only applies to python and node"),
]


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


def test_memory_units_are_normalised_and_converted() -> None:
    assert Spec.from_answers({**BASE, "memory": "1G", "memory_reservation": "512M"}).memory == "1g"
    assert memory_bytes("512m") == 512 * 1024**2
    assert memory_bytes("1g") == 1024**3
    assert memory_bytes("64k") == 64 * 1024


def test_single_answer_check_knows_the_language() -> None:
    assert check_answer("entrypoint", "./cmd/api", language="go") == "./cmd/api"
    with pytest.raises(InvalidAnswerError) as caught:
        check_answer("entrypoint", "app:app", language="go")
    assert "main package" in caught.value.accepted
