"""The version is written once, and the changelog's newest release is that version."""

from __future__ import annotations

import re
import sys
from datetime import date

from packaging.version import Version

from generator import __version__

from .conftest import REPO

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

RELEASE = re.compile(r"^## \[(?P<version>[^\]]+)\] - (?P<date>\d{4}-\d{2}-\d{2})$", re.MULTILINE)


def test_pyproject_reads_the_version_from_the_package() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"]
    assert "version" in project["project"]["dynamic"]
    assert project["tool"]["hatch"]["version"]["path"] == "generator/__init__.py"
    # Hatch reads the assignment with a pattern: it must stay one plain string literal.
    init = (REPO / "generator" / "__init__.py").read_text(encoding="utf-8")
    assert re.findall(r'^__version__ = "([^"]+)"$', init, flags=re.MULTILINE) == [__version__]


def test_changelog_opens_with_unreleased_then_this_version() -> None:
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## .*$", changelog, flags=re.MULTILINE)
    assert headings[0] == "## [Unreleased]"
    releases = [match.groupdict() for match in RELEASE.finditer(changelog)]
    assert len(releases) == len(headings) - 1, "every other section is '## [X.Y.Z] - YYYY-MM-DD'"
    assert releases[0]["version"] == __version__
    versions = [Version(release["version"]) for release in releases]
    dates = [date.fromisoformat(release["date"]) for release in releases]
    assert versions == sorted(versions, reverse=True) and dates == sorted(dates, reverse=True)
