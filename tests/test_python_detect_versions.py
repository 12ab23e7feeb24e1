"""The Python version: the known version every constraint allows, each constraint shown with its line."""

from __future__ import annotations

from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet

from generator.languages.python.versions import poetry_specifiers

from .python_repo import detect_python, opened, write


@pytest.mark.parametrize(
    ("constraint", "specifiers"),
    [
        ("^3.9", [">=3.9,<4"]),
        ("^3.11.4", [">=3.11.4,<4"]),
        ("^0.3", [">=0.3,<0.4"]),
        ("~3.10", [">=3.10,<3.11"]),
        ("~3.10.2", [">=3.10.2,<3.11"]),
        ("~3", [">=3,<4"]),
        ("~=3.10", ["~=3.10"]),
        (">=3.9,<3.13", [">=3.9,<3.13"]),
        (">= 3.9 <3.13", [">=3.9,<3.13"]),
        ("3.11", ["==3.11.*"]),
        ("3.11.*", ["==3.11.*"]),
        ("*", [""]),
        ("^3.8 || ^3.10", [">=3.8,<4", ">=3.10,<4"]),
    ],
)
def test_poetry_constraints_become_pep440(constraint: str, specifiers: list[str]) -> None:
    assert poetry_specifiers(constraint) == tuple(SpecifierSet(spec) for spec in specifiers)


@pytest.mark.parametrize("constraint", ["python3", "^three", ">=3.9 || bogus"])
def test_text_that_is_no_poetry_constraint_is_refused(constraint: str) -> None:
    assert poetry_specifiers(constraint) is None


def test_every_constraint_counts_and_each_is_named(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            ".python-version": "# pyenv\n3.11.9\n",
            "pyproject.toml": """
                [project]
                name = "shop"
                requires-python = ">=3.10"

                [tool.poetry.dependencies]
                python = "^3.9"
            """,
        },
    )
    found = detect_python(tmp_path)
    assert (found.findings["python_version"].value, found.findings["python_version"].source) == (
        "3.11",
        ".python-version:2: 3.11.9; pyproject.toml:3: requires-python '>=3.10'; "
        "pyproject.toml:6: python '^3.9'",
    )


def test_the_newest_allowed_version_is_proposed(tmp_path: Path) -> None:
    write(tmp_path, {"pyproject.toml": '[tool.poetry.dependencies]\npython = "^3.9"\n'})
    assert detect_python(tmp_path).findings["python_version"].value == "3.14"
    write(tmp_path, {"pyproject.toml": '[tool.poetry.dependencies]\npython = "~3.10"\n'})
    assert detect_python(tmp_path).findings["python_version"].value == "3.10"
    write(tmp_path, {"pyproject.toml": '[project]\nrequires-python = ">=3.11,<3.13"\n'})
    assert detect_python(tmp_path).findings["python_version"].value == "3.12"


_UV_LOCK = """
version = 1
requires-python = ">=3.10"

[[package]]
name = "pydantic-core"
version = "2.33.2"
wheels = [
    { url = "https://files.example/pydantic_core-2.33.2-cp311-cp311-manylinux_2_17_x86_64.whl" },
    { url = "https://files.example/pydantic_core-2.33.2-cp312-cp312-manylinux_2_17_x86_64.whl" },
    { url = "https://files.example/pydantic_core-2.33.2-cp313-cp313-manylinux_2_17_x86_64.whl" },
    { url = "https://files.example/pydantic_core-2.33.2-pp310-pypy310_pp73-manylinux_2_17_x86_64.whl" },
]

[[package]]
name = "orjson"
version = "3.10.0"
wheels = [{ url = "https://files.example/orjson-3.10.0-cp38-abi3-manylinux_2_17_x86_64.whl" }]

[[package]]
name = "click"
version = "8.1.8"
wheels = [{ url = "https://files.example/click-8.1.8-py3-none-any.whl" }]
"""


def test_a_lock_whose_compiled_wheels_stop_early_caps_the_version(tmp_path: Path) -> None:
    # pydantic-core has no 3.14 wheel at this version: 3.14 would compile it, with a Rust compiler the
    # image lacks. abi3 and pure-Python wheels cap nothing.
    write(tmp_path, {"pyproject.toml": '[project]\nrequires-python = ">=3.10"\n', "uv.lock": _UV_LOCK})
    found = detect_python(tmp_path).findings["python_version"]
    assert (found.value, found.source) == (
        "3.13",
        "pyproject.toml:2: requires-python '>=3.10'; uv.lock: compiled wheels go up to Python 3.13",
    )
    write(tmp_path, {"uv.lock": _UV_LOCK.replace("cp313-cp313", "cp310-cp310")})
    found = detect_python(tmp_path).findings["python_version"]
    assert (found.value, found.source) == ("3.12", found.source)
    assert "compiled wheels go up to Python 3.12" in found.source


def test_a_lock_ready_for_no_allowed_version_leaves_the_constraint_to_decide(tmp_path: Path) -> None:
    lock = _UV_LOCK.replace("cp311-cp311", "cp39-cp39").replace("cp312-cp312", "cp39-cp39")
    lock = lock.replace("cp313-cp313", "cp39-cp39")
    write(tmp_path, {"pyproject.toml": '[project]\nrequires-python = ">=3.11,<3.13"\n', "uv.lock": lock})
    found = detect_python(tmp_path).findings["python_version"]
    assert (found.value, found.source) == ("3.12", "pyproject.toml:2: requires-python '>=3.11,<3.13'")


def test_a_minor_is_allowed_when_its_newest_patch_is(tmp_path: Path) -> None:
    # >=3.11.4 allows 3.11 (the image's 3.11 is its newest patch); <=3.11 is 3.11.0 only, so not 3.11.
    write(tmp_path, {"pyproject.toml": '[project]\nrequires-python = ">=3.11.4,<3.12"\n'})
    assert detect_python(tmp_path).findings["python_version"].value == "3.11"
    write(tmp_path, {"pyproject.toml": '[project]\nrequires-python = ">=3.8,<=3.11"\n'})
    assert detect_python(tmp_path).findings["python_version"].value == "3.10"


def test_pipfile_python_version(tmp_path: Path) -> None:
    write(tmp_path, {"Pipfile": '[packages]\nflask = "*"\n\n[requires]\npython_version = "3.10"\n'})
    found = detect_python(tmp_path)
    assert (found.findings["python_version"].value, found.findings["python_version"].source) == (
        "3.10",
        "Pipfile:5: python_version '3.10'",
    )
    write(tmp_path, {"Pipfile": '[requires]\npython_full_version = "3.13.1"\n'})
    assert detect_python(tmp_path).findings["python_version"].source == (
        "Pipfile:2: python_full_version '3.13.1'"
    )


@pytest.mark.parametrize(
    ("files", "why"),
    [
        (
            {"pyproject.toml": '[project]\nname = "old"\nrequires-python = "<3.8"\n'},
            "no Python that scaffold knows (3.9 to 3.14) satisfies pyproject.toml:3: requires-python '<3.8'",
        ),
        (
            {".python-version": "3.12\n", "pyproject.toml": '[tool.poetry.dependencies]\npython = "~3.10"\n'},
            "no Python that scaffold knows (3.9 to 3.14) satisfies .python-version:1: 3.12; "
            "pyproject.toml:2: python '~3.10'",
        ),
        (
            {".python-version": "3.8.18\n"},
            "no Python that scaffold knows (3.9 to 3.14) satisfies .python-version:1: 3.8.18",
        ),
    ],
    ids=["requires-python", "conflicting", "old-pin"],
)
def test_no_version_satisfies_leaves_it_open(tmp_path: Path, files: dict[str, str], why: str) -> None:
    found = detect_python(write(tmp_path, files))
    assert "python_version" not in found.findings
    assert opened(found, "python_version") == why


def test_unreadable_constraints_are_noted_and_skipped(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            ".python-version": "pypy3.10\n",
            "pyproject.toml": """
                [project]
                requires-python = ">>3.9"

                [tool.poetry.dependencies]
                python = "3.x"
            """,
        },
    )
    found = detect_python(tmp_path)
    assert "python_version" not in found.findings
    assert found.notes == [
        ".python-version:1: pypy3.10 is not a CPython 3 version scaffold can read: it is not read",
        "pyproject.toml:2: requires-python '>>3.9' is not a valid version specifier: it is not read",
        "pyproject.toml:5: python '3.x' is not a Poetry version constraint scaffold can read: it is not read",
    ]
