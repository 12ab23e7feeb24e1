"""What the image installs: lock files walked from the project's own dependencies, the server's packages
that are missing from them, and the Debian packages of dependencies that compile."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.languages.python.native import NATIVE

from .python_repo import detect_python, found_values, write

_FASTAPI_APP = "from fastapi import FastAPI\n\napp = FastAPI()\n"
_FLASK_APP = "from flask import Flask\n\napp = Flask(__name__)\n"

# uv.lock: the project depends on fastapi[standard], whose extra brings uvicorn; gunicorn is dev-only.
_UV_LOCK = """
version = 1
requires-python = ">=3.11"

[[package]]
name = "fastapi"
version = "0.115.0"
source = { registry = "https://pypi.org/simple" }
dependencies = [
    { name = "starlette" },
]

[package.optional-dependencies]
standard = [
    { name = "uvicorn", extra = ["standard"] },
]

[[package]]
name = "gunicorn"
version = "23.0.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "shop"
version = "0.1.0"
source = { virtual = "." }
dependencies = [
    { name = "fastapi", extra = ["standard"] },
    { name = "psycopg2" },
]

[package.dev-dependencies]
dev = [
    { name = "gunicorn" },
]

[[package]]
name = "psycopg2"
version = "2.9.10"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "starlette"
version = "0.41.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "uvicorn"
version = "0.32.0"
source = { registry = "https://pypi.org/simple" }

[package.optional-dependencies]
standard = [
    { name = "uvloop" },
]

[[package]]
name = "uvloop"
version = "0.21.0"
source = { registry = "https://pypi.org/simple" }
"""


def test_uv_lock_is_walked_from_the_project_without_dev_dependencies(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "pyproject.toml": '[project]\nname = "shop"\ndependencies = ["fastapi[standard]", "psycopg2"]\n',
            "uv.lock": _UV_LOCK,
            "main.py": _FASTAPI_APP,
        },
    )
    found = detect_python(tmp_path)
    values = found_values(found)
    # uvicorn comes with fastapi[standard]; gunicorn is only a development dependency, so not uvicorn-worker.
    assert values["server"] == ("uvicorn", "main.py:3: FastAPI app")
    assert values["server_install"] == ("", "uv.lock:47: uvicorn")
    assert values["build_packages"] == ("gcc libc6-dev libpq-dev", "pyproject.toml:3: psycopg2")
    assert not [note for note in found.notes if "not among the dependencies" in note]


def test_gunicorn_among_the_dependencies_runs_an_asgi_app_with_uvicorns_worker(tmp_path: Path) -> None:
    lock = _UV_LOCK.replace('    { name = "psycopg2" },\n', '    { name = "gunicorn" },\n')
    write(
        tmp_path,
        {"pyproject.toml": '[project]\nname = "shop"\n', "uv.lock": lock, "main.py": _FASTAPI_APP},
    )
    values = found_values(detect_python(tmp_path))
    assert values["server"] == ("uvicorn-worker", "main.py:3: FastAPI app")
    assert values["server_install"][0] == ""
    assert "build_packages" not in values  # psycopg2 is no longer a dependency


def test_a_server_missing_from_the_lock_file_is_installed_by_the_image(tmp_path: Path) -> None:
    lock = _UV_LOCK.replace('{ name = "fastapi", extra = ["standard"] }', '{ name = "fastapi" }')
    lock = lock.replace('    { name = "psycopg2" },\n', '    { name = "gunicorn" },\n')
    write(
        tmp_path, {"pyproject.toml": '[project]\nname = "shop"\n', "uv.lock": lock, "main.py": _FASTAPI_APP}
    )
    found = detect_python(tmp_path)
    assert found.findings["server"].value == "uvicorn-worker"
    assert found.findings["server_install"].value == "uvicorn"
    assert (
        "uvicorn is not among the dependencies in uv.lock: the image installs it at scaffold's pinned "
        "version, after the locked install"
    ) in found.notes


def test_poetry_lock_walks_extras_and_leaves_the_dev_group_out(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "pyproject.toml": """
                [tool.poetry]
                name = "shop"

                [tool.poetry.dependencies]
                python = "^3.11"
                quart = "^0.19"
                mysqlclient = "^2.2"

                [tool.poetry.group.dev.dependencies]
                gunicorn = "^23"
            """,
            "poetry.lock": """
                [[package]]
                name = "gunicorn"
                version = "23.0.0"
                groups = ["dev"]

                [[package]]
                name = "hypercorn"
                version = "0.17.3"
                groups = ["main"]

                [[package]]
                name = "mysqlclient"
                version = "2.2.6"
                groups = ["main"]

                [[package]]
                name = "quart"
                version = "0.19.9"
                groups = ["main"]

                [package.dependencies]
                hypercorn = ">=0.11.2"
                python-dotenv = {version = "*", optional = true}

                [package.extras]
                dotenv = ["python-dotenv"]

                [[package]]
                name = "python-dotenv"
                version = "1.0.1"
                groups = ["main"]
            """,
            "app.py": "from quart import Quart\n\napp = Quart(__name__)\n",
        },
    )
    found = detect_python(tmp_path)
    values = found_values(found)
    assert values["package_manager"] == ("poetry", "poetry.lock")
    assert values["server"] == ("uvicorn", "app.py:3: Quart app")
    assert values["server_install"] == ("uvicorn", "app.py:3: Quart app")
    assert values["build_packages"] == (
        "gcc libc6-dev pkg-config default-libmysqlclient-dev",
        "pyproject.toml:7: mysqlclient",
    )
    assert values["runtime_packages"][0] == "libmariadb3"
    assert "uvicorn is not among the dependencies in poetry.lock" in " ".join(found.notes)


def test_poetry_lock_follows_an_extra_to_the_server(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "pyproject.toml": """
                [tool.poetry.dependencies]
                python = "^3.11"
                fastapi = {version = "^0.115", extras = ["standard"]}
            """,
            "poetry.lock": """
                [[package]]
                name = "fastapi"
                version = "0.115.0"

                [package.dependencies]
                uvicorn = {version = ">=0.12.0", extras = ["standard"], optional = true}

                [package.extras]
                standard = ["uvicorn[standard] (>=0.12.0)"]

                [[package]]
                name = "uvicorn"
                version = "0.32.0"
            """,
            "main.py": _FASTAPI_APP,
        },
    )
    assert detect_python(tmp_path).findings["server_install"].value == ""


def test_pipenv_installs_what_pipfile_lock_holds_by_default(tmp_path: Path) -> None:
    lock = {
        "_meta": {"requires": {"python_version": "3.12"}},
        "default": {"flask": {"version": "==3.1.3"}, "python-ldap": {"version": "==3.4.4"}},
        "develop": {"gunicorn": {"version": "==23.0.0"}},
    }
    write(
        tmp_path,
        {
            "Pipfile": '[packages]\nflask = "*"\npython-ldap = "*"\n\n[dev-packages]\ngunicorn = "*"\n',
            "Pipfile.lock": json.dumps(lock, indent=4) + "\n",
            "app.py": _FLASK_APP,
        },
    )
    found = detect_python(tmp_path)
    values = found_values(found)
    assert values["package_manager"] == ("pipenv", "Pipfile.lock")
    assert values["server_install"] == ("gunicorn", "app.py:3: Flask app")
    assert values["build_packages"] == ("gcc libc6-dev libldap-dev libsasl2-dev", "Pipfile:3: python-ldap")
    assert values["runtime_packages"] == ("libldap2 libsasl2-2", "Pipfile:3: python-ldap")
    assert "gunicorn is not among the dependencies in Pipfile.lock" in " ".join(found.notes)


def test_a_pipfile_without_its_lock_file_is_still_pipenv(tmp_path: Path) -> None:
    write(tmp_path, {"Pipfile": '[packages]\nflask = "*"\n'})
    assert found_values(detect_python(tmp_path))["package_manager"] == ("pipenv", "Pipfile")


def test_a_missing_server_without_any_dependency_file(tmp_path: Path) -> None:
    found = detect_python(write(tmp_path, {"app.py": _FLASK_APP}))
    assert found.findings["server_install"].value == "gunicorn"
    assert found.notes == [
        "gunicorn is not among the dependencies (no file lists them): the image installs it at scaffold's "
        "pinned version, after the locked install"
    ]


def test_a_dependency_reached_only_through_the_lock_file_names_its_line(tmp_path: Path) -> None:
    lock = _UV_LOCK.replace('{ name = "starlette" },', '{ name = "starlette" },\n    { name = "uwsgi" },')
    lock += '\n[[package]]\nname = "uwsgi"\nversion = "2.0.28"\n'
    write(
        tmp_path, {"pyproject.toml": '[project]\nname = "shop"\n', "uv.lock": lock, "main.py": _FASTAPI_APP}
    )
    lines = lock.lstrip("\n").splitlines()
    psycopg2, uwsgi = (lines.index(f'name = "{name}"') + 1 for name in ("psycopg2", "uwsgi"))
    values = found_values(detect_python(tmp_path))
    assert values["build_packages"] == (
        "gcc libc6-dev libpq-dev",
        f"uv.lock:{psycopg2}: psycopg2; uv.lock:{uwsgi}: uwsgi",
    )
    # uwsgi loads nothing at run time: only psycopg2 names the runtime packages.
    assert values["runtime_packages"] == ("libpq5", f"uv.lock:{psycopg2}: psycopg2")


@pytest.mark.parametrize(
    ("requirement", "build", "runtime"),
    [
        ("psycopg2==2.9.10", "gcc libc6-dev libpq-dev", "libpq5"),
        ("psycopg2-binary==2.9.10", None, None),
        ("psycopg==3.2.12", None, "libpq5"),
        ("psycopg[binary]==3.2.12", None, None),
        ("psycopg[c]==3.2.12", "gcc libc6-dev libpq-dev", "libpq5"),
        ("mysqlclient==2.2.6", "gcc libc6-dev pkg-config default-libmysqlclient-dev", "libmariadb3"),
        ("mariadb==1.1.11", "gcc libc6-dev libmariadb-dev", "libmariadb3"),
        ("python-ldap==3.4.4", "gcc libc6-dev libldap-dev libsasl2-dev", "libldap2 libsasl2-2"),
        ("uWSGI==2.0.28", "gcc libc6-dev", None),
    ],
)
def test_the_native_build_table(
    tmp_path: Path, requirement: str, build: str | None, runtime: str | None
) -> None:
    write(tmp_path, {"requirements.txt": f"flask==3.1.3\n{requirement}\n"})
    found = detect_python(tmp_path)
    source = f"requirements.txt:2: {requirement}"
    assert found_values(found).get("build_packages") == ((build, source) if build else None)
    assert found_values(found).get("runtime_packages") == ((runtime, source) if runtime else None)
    name = requirement.split("=", 1)[0].split("[", 1)[0].lower()
    refusal = [note for note in found.notes if "distroless" in note]
    if runtime:
        assert refusal == [
            f"{name} needs {runtime} at run time: the runtime stage installs "
            f"{'it' if ' ' not in runtime else 'them'} with apt, so runtime_base distroless (no package "
            "manager) is refused for this app; use slim"
        ]
    else:
        assert refusal == []


def test_the_table_names_debian_packages() -> None:
    for native in NATIVE.values():
        for package in (*native.build, *native.runtime):
            assert package == package.lower() and " " not in package
