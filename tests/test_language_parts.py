"""Every registered language has all its parts: a language added to the registry alone fails here.

A language is one folder under generator/languages/ and one registry line, but it only works with its
templates, and it is only held by the tests once it has a detection fixture, a reference app, variants
with golden files and a section in the docs. docs/contributing.md, "Adding a language", lists the same
parts in the order they are written; each message below names the exact file that is missing.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from generator.detect import detect
from generator.languages import LANGUAGES, NAMES

from .conftest import APPS, REPO
from .test_detect import EXPECTED, FIXTURES
from .variants import MATRIX

GENERATED_FILES = REPO / "docs" / "generated-files.md"


@cache
def _detected_language(folder: Path) -> str | None:
    language = detect(folder).answers().get("language")
    return None if language is None else str(language)


def _detected_as(root: Path, name: str) -> list[Path]:
    return [
        folder for folder in sorted(root.iterdir()) if folder.is_dir() and _detected_language(folder) == name
    ]


def _relative(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


def missing_parts(name: str) -> list[str]:
    """Return one line per part the language ``name`` lacks, naming the file to add."""
    missing: list[str] = []
    folder = REPO / "generator" / "languages" / name
    for module, what in (
        ("__init__.py", "its package"),
        ("language.py", "its facts: a Language named LANGUAGE"),
        ("detect.py", "its detector"),
        ("check.py", "what scaffold check knows about its installs and images: FACTS"),
    ):
        if not (folder / module).is_file():
            missing.append(f"{_relative(folder / module)} is missing ({what})")
    for template in ("Dockerfile.jinja", "facts.jinja"):
        path = REPO / "includes" / name / template
        if not path.is_file():
            missing.append(f"{_relative(path)} is missing")
    fixtures = _detected_as(FIXTURES, name)
    if not fixtures:
        missing.append(
            f"no repository under {_relative(FIXTURES)}/ is detected as {name}: add {_relative(FIXTURES)}/"
            f"{name}-<case>/ and its findings to EXPECTED in tests/test_detect.py"
        )
    elif not any(fixture.name in EXPECTED for fixture in fixtures):
        names = ", ".join(_relative(fixture) for fixture in fixtures)
        missing.append(f"tests/test_detect.py: EXPECTED holds the findings of none of {names}")
    if not _detected_as(APPS, name):
        missing.append(f"no reference app under {_relative(APPS)}/ is detected as {name}: add one")
    variants = sorted(variant for variant, spec in MATRIX.items() if spec.language == name)
    if not variants:
        missing.append(f"no variant has language {name}: add tests/variant_sets/{name}.py with VARIANTS")
    for variant in variants:
        golden = REPO / "tests" / "golden" / variant / "Dockerfile"
        if not golden.is_file():
            missing.append(
                f"{_relative(golden)} is missing: run pytest tests/test_golden.py --update-golden, review it"
            )
    if f"includes/{name}/Dockerfile.jinja" not in GENERATED_FILES.read_text(encoding="utf-8"):
        missing.append(
            f"{_relative(GENERATED_FILES)} does not name includes/{name}/Dockerfile.jinja: add the "
            "language's section, opening with where its Dockerfile comes from"
        )
    return missing


@pytest.mark.parametrize("name", list(LANGUAGES))
def test_a_registered_language_has_every_part(name: str) -> None:
    missing = missing_parts(name)
    assert missing == [], f"language {name} lacks:\n" + "\n".join(missing)


def test_a_language_registered_alone_is_told_each_missing_file() -> None:
    assert missing_parts("cobol") == [
        "generator/languages/cobol/__init__.py is missing (its package)",
        "generator/languages/cobol/language.py is missing (its facts: a Language named LANGUAGE)",
        "generator/languages/cobol/detect.py is missing (its detector)",
        "generator/languages/cobol/check.py is missing (what scaffold check knows about its installs and "
        "images: FACTS)",
        "includes/cobol/Dockerfile.jinja is missing",
        "includes/cobol/facts.jinja is missing",
        "no repository under tests/fixtures/detect/ is detected as cobol: add tests/fixtures/detect/"
        "cobol-<case>/ and its findings to EXPECTED in tests/test_detect.py",
        "no reference app under tests/apps/ is detected as cobol: add one",
        "no variant has language cobol: add tests/variant_sets/cobol.py with VARIANTS",
        "docs/generated-files.md does not name includes/cobol/Dockerfile.jinja: add the language's "
        "section, opening with where its Dockerfile comes from",
    ]


def test_each_language_folder_is_registered() -> None:
    """The other way round: a folder under generator/languages/ with a Language in it is in the registry."""
    folders = {
        path.parent.name
        for path in (REPO / "generator" / "languages").glob("*/language.py")
        if "LANGUAGE = Language(" in path.read_text(encoding="utf-8")
    }
    assert sorted(folders) == sorted(LANGUAGES)
    assert list(NAMES) == list(LANGUAGES)
