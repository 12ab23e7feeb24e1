"""The check's configuration file: where it is found, which one wins, and one-line errors for bad keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.answers.settings import load_settings
from generator.check.config import CheckConfig, ConfigError, find_config
from generator.check.registry import all_rules

KNOWN = tuple(rule.id for rule in all_rules())


def _repo(tmp_path: Path) -> Path:
    """A repository root: the search for the configuration stops at its ``.git``."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    return root


def _found(start: Path) -> CheckConfig:
    config, notes = find_config(start, known=KNOWN)
    assert config is not None and notes == []
    return config


def test_scaffold_toml_in_the_current_folder(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    (root / "scaffold.toml").write_text(
        '[check]\nselect = ["DF", "cf0"]\nignore = ["DF012"]\nfail-on = "error"\n'
        'per-file-ignores = {"docker/ci/*.Dockerfile" = ["DF002", "DI"]}\n'
    )
    config = _found(root)
    assert (config.path, config.table, config.fail_on) == (Path("scaffold.toml"), "[check]", "error")
    assert (config.layer.select, config.layer.ignore) == (("DF", "CF0"), ("DF012",))
    assert config.layer.ignore_label == "scaffold.toml [check] ignore"
    (entry,) = config.per_file
    assert (entry.glob, entry.rules, entry.root) == ("docker/ci/*.Dockerfile", ("DF002", "DI"), root)
    assert entry.label == "scaffold.toml [check] per-file-ignores"


def test_found_in_a_folder_above_and_globs_read_from_there(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    (root / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.scaffold.check]\nignore = ["DF"]\n')
    start = root / "services" / "api"
    start.mkdir(parents=True)
    config = _found(start)
    assert config.path == root / "pyproject.toml"  # outside the current folder: shown in full
    assert config.table == "[tool.scaffold.check]" and config.layer.ignore == ("DF",)
    assert config.layer.select is None and config.fail_on is None


def test_the_search_stops_at_the_repository_root(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    (tmp_path / "scaffold.toml").write_text('[check]\nignore = ["DF"]\n')  # above the repository
    assert find_config(root, known=KNOWN) == (None, [])
    (root / ".git").rmdir()
    (root / ".git").write_text("gitdir: /elsewhere/.git/worktrees/repo\n")  # a worktree's .git is a file
    assert find_config(root / ".", known=KNOWN) == (None, [])
    (root / ".git").unlink()
    assert _found(root).path == tmp_path / "scaffold.toml"


def test_the_nearest_folder_wins_and_scaffold_toml_wins_in_a_folder(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    inner = root / "app"
    inner.mkdir()
    (root / "scaffold.toml").write_text('[check]\nignore = ["CF"]\n')
    (inner / "pyproject.toml").write_text('[tool.scaffold.check]\nignore = ["DI"]\n')
    assert _found(inner).layer.ignore == ("DI",)
    (inner / "scaffold.toml").write_text('[check]\nignore = ["DF"]\n')
    assert _found(inner).layer.ignore == ("DF",)


def test_files_without_the_table_are_passed_over(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    inner = root / "app"
    inner.mkdir()
    (root / "scaffold.toml").write_text('[check]\nignore = ["CF"]\n')
    (inner / "scaffold.toml").write_text('registry = "mirror.example.com/"\n')  # settings for `new` only
    (inner / "pyproject.toml").write_text('[tool.scaffold]\nregistry = "mirror.example.com/"\n')
    assert _found(inner).layer.ignore == ("CF",)


def test_a_pyproject_that_does_not_parse_is_passed_over(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    (root / "pyproject.toml").write_text("[tool.scaffold.check\n")
    assert find_config(root, known=KNOWN) == (None, [])


def test_a_file_anyone_can_write_is_passed_over_with_a_note(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    open_folder = root / "shared"
    open_folder.mkdir()
    (open_folder / "scaffold.toml").write_text('[check]\nignore = ["DF"]\n')
    open_folder.chmod(0o777)
    (root / "scaffold.toml").write_text('[check]\nignore = ["CF"]\n')
    config, notes = find_config(open_folder, known=KNOWN)
    assert config is not None and config.layer.ignore == ("CF",)
    assert notes == [
        "ignored scaffold.toml: its folder is writable by everyone, so anyone could have written it"
    ]
    open_folder.chmod(0o755)
    (open_folder / "scaffold.toml").chmod(0o666)
    assert find_config(open_folder, known=KNOWN)[1] == [
        "ignored scaffold.toml: the file is writable by everyone, so anyone could have written it"
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "[check]\nselekt = []\n",
            "[check] selekt: not a key; the keys are select, ignore, fail-on, per-file-ignores, target "
            "(got 'selekt')",
        ),
        (
            '[check]\nselect = "DF"\n',
            "[check] select: must be a list of rule ids or prefixes of them (DF003, DF, CF0) (got 'DF')",
        ),
        (
            '[check]\nignore = ["DF", 3]\n',
            "[check] ignore: must be a list of rule ids or prefixes of them (DF003, DF, CF0) (got ['DF', 3])",
        ),
        (
            '[check]\nignore = ["DF999"]\n',
            "[check] ignore: must be a list of rule ids or prefixes of them (DF003, DF, CF0) (got 'DF999')",
        ),
        (
            '[check]\nfail-on = "errors"\n',
            "[check] fail-on: must be one of error, warning, info, never (got 'errors')",
        ),
        (
            '[check]\nper-file-ignores = ["DF"]\n',
            "[check] per-file-ignores: must be a table of globs to lists of rule ids "
            '({"*.Dockerfile" = ["DF002"]}) (got [\'DF\'])',
        ),
        (
            '[check.per-file-ignores]\n"ci/*" = ["XX1"]\n',
            '[check] per-file-ignores "ci/*": must be a list of rule ids or prefixes of them '
            "(DF003, DF, CF0) (got 'XX1')",
        ),
        ("check = 1\n", "[check] must be a table"),
        ("[check\n", "not valid TOML (Expected ']' at the end of a table declaration (at line 1, column 7))"),
    ],
)
def test_bad_configuration_is_one_line_naming_the_key(text: str, message: str, tmp_path: Path) -> None:
    root = _repo(tmp_path)
    (root / "scaffold.toml").write_text(text)
    with pytest.raises(ConfigError) as raised:
        find_config(root, known=KNOWN)
    assert str(raised.value) == f"scaffold.toml: {message}"
    assert raised.value.exit_code == 2


def test_an_unreadable_scaffold_toml_is_an_error(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    (root / "scaffold.toml").write_bytes(b"[check]\nignore = ['\xff']\n")
    with pytest.raises(ConfigError, match=r"^scaffold.toml: not UTF-8 text$"):
        find_config(root, known=KNOWN)


def test_the_org_settings_reader_leaves_the_check_table_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SCAFFOLD_SETTINGS", raising=False)
    root = _repo(tmp_path)
    (root / "scaffold.toml").write_text('registry = "mirror.example.com/"\n\n[check]\nignore = ["DF"]\n')
    assert load_settings(root).policy == {"base_registry": "mirror.example.com/"}
    assert _found(root).layer.ignore == ("DF",)
