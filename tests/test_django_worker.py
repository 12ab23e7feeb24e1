"""Django and worker-heartbeat answers: their refusals, defaults and computed start period, and what the
rendered Dockerfile, compose.yaml and README.Docker.md do with them."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.errors import InvalidAnswerError
from generator.spec.model import Spec, check_answer

from .variants import MATRIX

BASE: dict[str, Any] = {"app_name": "demo"}
_DJANGO: dict[str, Any] = {"django_settings": "mysite.settings"}
_WORKER: dict[str, Any] = {"app_kind": "worker", "entrypoint": "main.py"}
_HEARTBEAT: dict[str, Any] = {**_WORKER, "heartbeat_file": "/tmp/heartbeat"}
#: The answers a row of REFUSED needs around it for its question to apply.
CONTEXT: dict[str, dict[str, Any]] = {
    "secret_key_env": _DJANGO,
    "allowed_hosts_env": _DJANGO,
    "debug_env": _DJANGO,
    "static_root": _DJANGO,
    "heartbeat_file": _WORKER,
    "heartbeat_max_age": _HEARTBEAT,
}

# (field, bad value, words the message must contain)
REFUSED: list[tuple[str, Any, str]] = [
    ("django_settings", "mysite/settings", "dotted Python module"),
    ("django_settings", ".settings", "dotted Python module"),
    ("django_settings", "my-site.settings", "dotted Python module"),
    ("django_settings", "1site.settings", "dotted Python module"),
    ("django_settings", "mysite.settings.", "dotted Python module"),
    ("django_settings", "mysite.settings\n", "control characters"),
    ("secret_key_env", "django_secret_key", "environment variable name"),
    ("secret_key_env", "1KEY", "not starting with a digit"),
    ("secret_key_env", "SECRET KEY", "environment variable name"),
    ("secret_key_env", "$KEY", "environment variable name"),
    ("secret_key_env", "KEY\n", "control characters"),
    ("secret_key_env", "PATH", "sets itself"),
    ("allowed_hosts_env", "DJANGO_HOSTS=a", "environment variable name"),
    ("allowed_hosts_env", "DJANGO_SETTINGS_MODULE", "sets itself"),
    ("debug_env", "Debug", "environment variable name"),
    ("debug_env", "HOME", "sets itself"),
    ("static_root", "/srv/static", "no leading '/'"),
    ("static_root", "../static", "none starting with '.'"),
    ("static_root", "static/../../etc", "none starting with '.'"),
    ("static_root", ".", "none starting with '.'"),
    ("static_root", "static/", "relative to the project"),
    ("static_root", "my static", "relative to the project"),
    ("static_root", "static\n", "control characters"),
    ("heartbeat_file", "heartbeat", "a file under /tmp"),
    ("heartbeat_file", "/var/run/heartbeat", "a file under /tmp"),
    ("heartbeat_file", "/tmp", "a file under /tmp"),
    ("heartbeat_file", "/tmp/", "a file under /tmp"),
    ("heartbeat_file", "/tmp/../etc/passwd", "none starting with '.'"),
    ("heartbeat_file", "/tmpfile", "a file under /tmp"),
    ("heartbeat_file", "/tmp/it's", "a file under /tmp"),
    ("heartbeat_file", "/tmp/heart beat", "a file under /tmp"),
    ("heartbeat_file", "/tmp/heartbeat\n", "control characters"),
    ("heartbeat_max_age", "0", "from 1 to 86400"),
    ("heartbeat_max_age", 86401, "from 1 to 86400"),
    ("heartbeat_max_age", "1m", "whole number"),
    ("heartbeat_max_age", "060", "whole number"),
    ("heartbeat_max_age", -5, "whole number"),
]

#: (answers, the field refused, words the message must contain)
CONFLICTS: list[tuple[dict[str, Any], str, str]] = [
    ({"language": "node", "django_settings": "mysite.settings"}, "django_settings", "only applies to python"),
    ({"secret_key_env": "DJANGO_SECRET_KEY"}, "secret_key_env", "only applies to a Django project"),
    ({"allowed_hosts_env": ""}, "allowed_hosts_env", "only applies to a Django project"),
    ({"static_root": "staticfiles"}, "static_root", "only applies to a Django project"),
    ({"heartbeat_file": "/tmp/heartbeat"}, "heartbeat_file", "only applies to a python worker"),
    (
        {"language": "node", "app_kind": "worker", "heartbeat_file": "/tmp/heartbeat"},
        "heartbeat_file",
        "only applies to a python worker",
    ),
    ({**_WORKER, "heartbeat_max_age": 30}, "heartbeat_max_age", "with a heartbeat_file"),
    (
        {**_DJANGO, "secret_key_env": "DJANGO_KEY", "allowed_hosts_env": "DJANGO_KEY"},
        "allowed_hosts_env",
        "must differ from secret_key_env (DJANGO_KEY)",
    ),
    (
        {**_DJANGO, "secret_key_env": "DJANGO_KEY", "debug_env": "DJANGO_KEY"},
        "debug_env",
        "must differ from secret_key_env (DJANGO_KEY)",
    ),
    (
        {**_DJANGO, "allowed_hosts_env": "HOSTS", "debug_env": "HOSTS"},
        "debug_env",
        "must differ from allowed_hosts_env (HOSTS)",
    ),
]


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
        check_answer(field, value, language="python")
    assert words in caught.value.accepted


@pytest.mark.parametrize(("answers", "field", "words"), CONFLICTS)
def test_contradicting_answers_are_refused(answers: dict[str, Any], field: str, words: str) -> None:
    with pytest.raises(InvalidAnswerError) as caught:
        Spec.from_answers({**BASE, **answers})
    assert caught.value.field == field
    assert words in str(caught.value)
    assert "\n" not in str(caught.value)


def test_defaults_leave_django_and_the_heartbeat_off() -> None:
    web = Spec.from_answers(BASE)
    assert (web.django_settings, web.secret_key_env, web.static_root, web.heartbeat_file) == (
        "",
        None,
        None,
        None,
    )
    assert "secret_key_env" not in web.answers()
    django = Spec.from_answers({**BASE, **_DJANGO})
    assert (django.secret_key_env, django.allowed_hosts_env, django.debug_env, django.static_root) == (
        "",
    ) * 4
    worker = Spec.from_answers({**BASE, **_WORKER})
    assert (worker.heartbeat_file, worker.heartbeat_max_age) == ("", None)
    beating = Spec.from_answers({**BASE, **_HEARTBEAT})
    assert beating.heartbeat_max_age == 60
    go = Spec.from_answers({**BASE, "language": "go", "app_kind": "worker"})
    assert (go.django_settings, go.heartbeat_file) == (None, None)


def test_the_three_names_may_all_be_empty_or_all_differ() -> None:
    empty = Spec.from_answers(
        {**BASE, **_DJANGO, "secret_key_env": "", "allowed_hosts_env": "", "debug_env": ""}
    )
    assert empty.answers()["debug_env"] == ""
    named = Spec.from_answers(
        {
            **BASE,
            **_DJANGO,
            "secret_key_env": "SECRET_KEY",
            "allowed_hosts_env": "HOSTS",
            "debug_env": "DEBUG",
        }
    )
    assert (named.secret_key_env, named.allowed_hosts_env, named.debug_env) == (
        "SECRET_KEY",
        "HOSTS",
        "DEBUG",
    )


@pytest.mark.parametrize(
    ("answers", "start_period"),
    [
        (BASE, 30),
        (_WORKER, 30),
        (_HEARTBEAT, 60),
        ({**_HEARTBEAT, "heartbeat_max_age": "10"}, 30),
        ({**_HEARTBEAT, "heartbeat_max_age": "30"}, 30),
        ({**_HEARTBEAT, "heartbeat_max_age": "31"}, 31),
        ({**_HEARTBEAT, "heartbeat_max_age": 86400}, 86400),
        ({"language": "node", "app_kind": "worker"}, 30),
    ],
)
def test_a_heartbeat_worker_gets_one_whole_age_to_start(answers: dict[str, Any], start_period: int) -> None:
    assert Spec.from_answers({**BASE, **answers}).computed()["health_start_period"] == start_period


# --------------------------------------------------------------------------- rendered files

_DJANGO_VARIANTS = sorted(
    name for name, spec in MATRIX.items() if spec.language == "python" and spec.django_settings
)
_HEARTBEAT_VARIANTS = sorted(
    name for name, spec in MATRIX.items() if spec.language == "python" and spec.heartbeat_file
)


def test_the_matrix_covers_django_and_heartbeats() -> None:
    django = [MATRIX[name] for name in _DJANGO_VARIANTS]
    assert {spec.runtime_base for spec in django} == {"slim", "distroless"}
    assert {bool(spec.static_root) for spec in django} == {True, False}
    assert {bool(spec.secret_key_env) for spec in django} == {True, False}
    assert {bool(spec.debug_env) for spec in django} == {True, False}
    assert {MATRIX[name].runtime_base for name in _HEARTBEAT_VARIANTS} == {"slim", "distroless"}


def _stages(dockerfile: str) -> list[str]:
    return re.split(r"^(?=FROM )", dockerfile, flags=re.MULTILINE)[1:]


@pytest.mark.parametrize("variant", _DJANGO_VARIANTS)
def test_compose_sets_the_django_settings(
    variant: str, render_variant: Callable[[str], dict[str, str]]
) -> None:
    spec = MATRIX[variant]
    compose = render_variant(variant)["compose.yaml"]
    environment = yaml.safe_load(compose)["services"][spec.app_name]["environment"]
    expected: dict[str, str] = {"DJANGO_SETTINGS_MODULE": str(spec.django_settings)}
    if spec.secret_key_env:
        name = spec.secret_key_env
        expected[name] = f"${{{name}:?set {name} to a long random value, see README.Docker.md}}"
    if spec.allowed_hosts_env:
        expected[spec.allowed_hosts_env] = f"127.0.0.1,localhost,{spec.app_name}"
    if spec.debug_env:
        expected[spec.debug_env] = "0"
    assert environment == expected


@pytest.mark.parametrize("variant", _DJANGO_VARIANTS)
def test_the_secret_key_never_reaches_the_image(
    variant: str, render_variant: Callable[[str], dict[str, str]]
) -> None:
    spec = MATRIX[variant]
    dockerfile = render_variant(variant)["Dockerfile"]
    builder, runtime = _stages(dockerfile)
    assert "SECRET" not in runtime
    instructions = dockerfile.replace("\\\n", " ").splitlines()
    assert [line for line in instructions if line.startswith(("ENV", "ARG")) and "SECRET" in line] == []
    lines = [" ".join(line.split()) for line in builder.replace("\\\n", " ").splitlines()]
    collect = [line for line in lines if "collectstatic" in line]
    if not spec.static_root:
        assert collect == []
        return
    # The stand-in is set on the RUN line itself, for that one command.
    stand_in = f" {spec.secret_key_env}=collectstatic-build-only-not-secret" if spec.secret_key_env else ""
    assert collect == [
        f"RUN DJANGO_SETTINGS_MODULE={spec.django_settings}{stand_in} "
        "/opt/venv/bin/python manage.py collectstatic --noinput"
    ]
    # The source arrives after the dependencies' layer, and the collected folder is copied root-owned.
    dependencies = max(builder.rfind(word) for word in ("install -r", "--require-hashes", "uv sync"))
    assert 0 <= dependencies < builder.index("COPY . .")
    assert f"COPY --from=builder /app/{spec.static_root} /app/{spec.static_root}\n" in runtime
    assert spec.static_root in render_variant(variant)[".dockerignore"].splitlines()


@pytest.mark.parametrize("variant", _DJANGO_VARIANTS)
def test_readme_tells_how_to_give_each_setting(
    variant: str, render_variant: Callable[[str], dict[str, str]]
) -> None:
    spec = MATRIX[variant]
    readme = render_variant(variant)["README.Docker.md"]
    compose_block = readme.split("## Build and run with Compose", 1)[1].split("```sh\n", 1)[1]
    docker_block = readme.split("## Build and run with plain Docker", 1)[1].split("```sh\n", 1)[1]
    export = (
        f"export {spec.secret_key_env}=\"$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')\""
    )
    assert compose_block.startswith(f"{export}\n") == bool(spec.secret_key_env)
    assert f"-e DJANGO_SETTINGS_MODULE={spec.django_settings} \\" in docker_block
    settings_file = str(spec.django_settings).replace(".", "/") + ".py"
    changes = {
        "secret_key_env": 'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]',
        "allowed_hosts_env": "ALLOWED_HOSTS = [host for host in os.environ.get(",
        "debug_env": 'DEBUG = os.environ.get("DJANGO_DEBUG", "0") == "1"',
    }
    for answer, change in changes.items():
        assert (change in readme) == (getattr(spec, answer) == ""), answer
        assert (f"--{answer.replace('_', '-')} " in readme) == (getattr(spec, answer) == ""), answer
    if "" in (spec.secret_key_env, spec.allowed_hosts_env, spec.debug_env):
        assert f"replace its line in `{settings_file}`" in readme
    assert "127.0.0.1" in readme.split("## Django", 1)[1]


def test_the_readme_export_line_makes_a_usable_key(
    render_variant: Callable[[str], dict[str, str]], tmp_path: Path
) -> None:
    """The command README.Docker.md gives prints a key that Compose and a .env file take as it is."""
    readme = render_variant("django-web-slim")["README.Docker.md"]
    line = next(line for line in readme.splitlines() if line.startswith("export DJANGO_SECRET_KEY="))
    command = re.fullmatch(r"export DJANGO_SECRET_KEY=\"\$\((.*)\)\"", line)
    assert command is not None
    program = re.fullmatch(r"python3 -c '(.*)'", command.group(1))
    assert program is not None
    key = subprocess.run(
        [sys.executable, "-c", program.group(1)], capture_output=True, text=True, check=True
    ).stdout.strip()
    # Long, and nothing Compose or a .env file would read specially.
    assert len(key) >= 50
    assert re.fullmatch(r"[A-Za-z0-9_-]+", key)


# --------------------------------------------------------------------------- the heartbeat probe


def _probe(dockerfile: str) -> list[str]:
    line = dockerfile.replace("\\\n", " ").split("HEALTHCHECK --interval", 1)[1].split("CMD ", 1)[1]
    argv: list[str] = json.loads(line.splitlines()[0])
    return argv


@pytest.mark.parametrize("variant", _HEARTBEAT_VARIANTS)
def test_heartbeat_timings_follow_the_max_age(
    variant: str, render_variant: Callable[[str], dict[str, str]]
) -> None:
    spec = MATRIX[variant]
    files = render_variant(variant)
    start = max(30, int(spec.heartbeat_max_age or 0))
    assert f"--start-period={start}s" in files["Dockerfile"]
    assert f"      start_period: {start}s\n" in files["compose.yaml"]
    assert "    volumes:\n      - type: tmpfs\n        target: /tmp\n" in files["compose.yaml"]
    assert "    read_only: true\n" in files["compose.yaml"]
    # No shell anywhere: distroless has none.
    probe = _probe(files["Dockerfile"])
    assert probe[:2] == ["python", "-c"]
    readme = " ".join(files["README.Docker.md"].split())
    assert (
        f"the worker must touch that file** when it starts and then at least every {spec.heartbeat_max_age} s"
        in readme
    )


@pytest.fixture
def heartbeat_dir() -> Iterator[Path]:
    # Under /tmp itself, whatever TMPDIR says: the answer must name a file under /tmp.
    folder = Path(tempfile.mkdtemp(dir="/tmp", prefix="heartbeat-"))
    yield folder
    for child in folder.iterdir():
        child.unlink()
    folder.rmdir()


def test_the_probe_fails_on_a_missing_or_stale_file(
    heartbeat_dir: Path, render_spec: Callable[[Spec], dict[str, str]]
) -> None:
    heartbeat = heartbeat_dir / "beat"
    spec = Spec.from_answers({**BASE, **_WORKER, "heartbeat_file": str(heartbeat), "heartbeat_max_age": "90"})
    argv = _probe(render_spec(spec)["Dockerfile"])

    def probe() -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, *argv[1:]], capture_output=True, text=True, check=False)

    missing = probe()
    assert (missing.returncode, missing.stderr.strip()) == (1, f"{heartbeat} is missing")
    heartbeat.touch()
    assert probe().returncode == 0
    now = heartbeat.stat().st_mtime
    os.utime(heartbeat, (now - 80, now - 80))
    assert probe().returncode == 0
    os.utime(heartbeat, (now - 100, now - 100))
    stale = probe()
    assert stale.returncode == 1
    assert re.fullmatch(rf"{re.escape(str(heartbeat))} is 1\d\d s old, over 90 s", stale.stderr.strip())
