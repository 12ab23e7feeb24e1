"""``select``, ``ignore`` and ``per-file-ignores``: which rules count, read as ruff reads its selectors."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.check.registry import all_rules
from generator.check.selection import (
    Layer,
    PerFileIgnore,
    Selection,
    UnknownSelectorError,
    parse_selectors,
    split_selectors,
)

KNOWN = tuple(rule.id for rule in all_rules())


def _file(select: tuple[str, ...] | None = None, ignore: tuple[str, ...] = ()) -> Layer:
    return Layer(
        select,
        ignore,
        select_label="scaffold.toml [check] select",
        ignore_label="scaffold.toml [check] ignore",
    )


def _flags(select: tuple[str, ...] | None = None, ignore: tuple[str, ...] = ()) -> Layer:
    return Layer(select, ignore, select_label="--select", ignore_label="--ignore")


def _off(selection: Selection, *rules: str, path: Path = Path("Dockerfile")) -> dict[str, str | None]:
    return {rule: selection.why_off(rule, path) for rule in rules}


def test_nothing_chosen_keeps_every_rule() -> None:
    assert {selection for selection in _off(Selection(), *KNOWN).values()} == {None}


def test_ignore_more_specific_than_select_turns_the_rule_off() -> None:
    selection = Selection((_file(select=("DF",), ignore=("DF003",)),))
    assert _off(selection, "DF001", "DF003", "CF001") == {
        "DF001": None,
        "DF003": "scaffold.toml [check] ignore DF003",
        "CF001": "not selected by scaffold.toml [check] select DF",
    }


def test_select_more_specific_than_ignore_keeps_the_rule() -> None:
    selection = Selection((_file(select=("DF003",), ignore=("DF",)),))
    assert _off(selection, "DF003", "DF001") == {
        "DF003": None,
        "DF001": "not selected by scaffold.toml [check] select DF003",
    }
    selection = Selection((_file(select=("DF003", "D"), ignore=("DF",)),))
    assert _off(selection, "DF003", "DF001", "DI001") == {
        "DF003": None,
        "DF001": "scaffold.toml [check] ignore DF",
        "DI001": None,
    }


def test_ignore_wins_a_tie() -> None:
    selection = Selection((_file(select=("DF003", "CF"), ignore=("DF003", "CF0")),))
    assert _off(selection, "DF003", "CF001") == {
        "DF003": "scaffold.toml [check] ignore DF003",
        "CF001": "scaffold.toml [check] ignore CF0",
    }


def test_the_most_specific_of_several_selectors_decides() -> None:
    selection = Selection((_file(select=("D", "DF01"), ignore=("DF0",)),))
    assert _off(selection, "DF012", "DF002", "DI001") == {
        "DF012": None,
        "DF002": "scaffold.toml [check] ignore DF0",
        "DI001": None,
    }


def test_select_on_the_command_line_starts_afresh() -> None:
    selection = Selection((_file(ignore=("DF013",)), _flags(select=("DF013",))))
    assert _off(selection, "DF013", "DF001") == {"DF013": None, "DF001": "not selected by --select DF013"}


def test_ignore_on_the_command_line_adds_to_the_files_choice() -> None:
    selection = Selection((_file(select=("DF", "DI"), ignore=("DI",)), _flags(ignore=("DF00",))))
    assert _off(selection, "DF001", "DF012", "DI001", "CF001") == {
        "DF001": "--ignore DF00",
        "DF012": None,
        "DI001": "scaffold.toml [check] ignore DI",
        "CF001": "not selected by scaffold.toml [check] select DF, DI",
    }


def test_an_empty_select_selects_nothing() -> None:
    assert _off(Selection((_flags(select=()),)), "DF001") == {"DF001": "not selected by --select (empty)"}


def test_parse_selectors_reads_case_and_spaces_loosely() -> None:
    assert parse_selectors([" df003", "Cf0 ", "DI"], known=KNOWN) == ("DF003", "CF0", "DI")
    assert split_selectors("DF003,CF,") == ["DF003", "CF"]


@pytest.mark.parametrize("bad", ["DF9", "XX", "", " ", "D-F", "DF003X", "ALL", "003"])
def test_parse_selectors_refuses_what_names_no_rule(bad: str) -> None:
    with pytest.raises(UnknownSelectorError) as raised:
        parse_selectors(["DF", bad], known=KNOWN)
    assert raised.value.selector == bad


@pytest.mark.parametrize(
    ("glob", "path", "matches"),
    [
        ("docker/ci/*.Dockerfile", "docker/ci/test.Dockerfile", True),
        ("docker/ci/*.Dockerfile", "docker/ci/nested/test.Dockerfile", False),
        ("docker/ci/*.Dockerfile", "docker/test.Dockerfile", False),
        ("./docker/ci/*.Dockerfile", "docker/ci/test.Dockerfile", True),
        ("docker/**/*.Dockerfile", "docker/a/b/test.Dockerfile", True),
        ("docker/**/*.Dockerfile", "docker/test.Dockerfile", True),
        ("**/compose.yaml", "compose.yaml", True),
        ("legacy", "legacy/Dockerfile", True),  # a folder's files
        ("legacy/", "legacy/Dockerfile", True),
        ("Dockerfile.dev", "services/api/Dockerfile.dev", True),  # a bare name, in any folder
        ("Dockerfile.???", "Dockerfile.dev", True),
        ("Dockerfile.???", "Dockerfile.prod", False),
        ("api/*", "services/api/Dockerfile", False),
    ],
)
def test_per_file_globs(glob: str, path: str, matches: bool, tmp_path: Path) -> None:
    entry = PerFileIgnore(glob, ("DF002",), tmp_path, "scaffold.toml [check] per-file-ignores")
    assert entry.matches(tmp_path / path) is matches
    selection = Selection(per_file=(entry,))
    expected = f'scaffold.toml [check] per-file-ignores "{glob}" = DF002' if matches else None
    assert selection.why_off("DF002", tmp_path / path) == expected
    assert selection.why_off("DF001", tmp_path / path) is None


def test_per_file_globs_read_relative_paths_from_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    entry = PerFileIgnore("ci/*", ("DF",), tmp_path, "x")
    assert entry.matches(Path("ci/Dockerfile"))
    assert not entry.matches(Path("Dockerfile"))


def test_a_glob_with_a_folder_never_matches_outside_the_configurations_folder(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    assert not PerFileIgnore("ci/*", ("DF",), root, "x").matches(tmp_path / "ci" / "Dockerfile")
    assert PerFileIgnore("Dockerfile", ("DF",), root, "x").matches(tmp_path / "ci" / "Dockerfile")
