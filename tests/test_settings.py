"""Organisation settings: found where documented, validated, applied to new and update, enforced."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from generator.answers.gather import gather
from generator.answers.settings import load_settings
from generator.errors import InvalidAnswerError

from .conftest import Invoke

ORG = """
registry = "registry.example.com/mirror/"
allowed_runtime_bases = ["slim"]

[defaults]
uid = 20000
memory = "1g"

[labels]
"org.opencontainers.image.vendor" = "Example Corp"
"""


def test_scaffold_toml_in_a_parent_folder_applies(tmp_path: Path) -> None:
    (tmp_path / "scaffold.toml").write_text(ORG)
    project = tmp_path / "services" / "api"
    project.mkdir(parents=True)
    settings = load_settings(project)
    assert settings.source == str(tmp_path / "scaffold.toml")
    assert settings.defaults == {"uid": 20000, "memory": "1g"}
    assert settings.policy == {
        "base_registry": "registry.example.com/mirror/",
        "extra_labels": {"org.opencontainers.image.vendor": "Example Corp"},
    }
    assert settings.allowed_runtime_bases == ("slim",)


def test_env_variable_wins_and_pyproject_table_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.scaffold.defaults]\npids = 64\n')
    assert load_settings(tmp_path).defaults == {"pids": 64}
    elsewhere = tmp_path / "org.toml"
    elsewhere.write_text("[defaults]\npids = 32\n")
    monkeypatch.setenv("SCAFFOLD_SETTINGS", str(elsewhere))
    assert load_settings(tmp_path).defaults == {"pids": 32}


def test_no_settings_is_empty(tmp_path: Path) -> None:
    settings = load_settings(tmp_path)
    assert (settings.source, dict(settings.defaults), dict(settings.policy)) == (None, {}, {})


@pytest.mark.parametrize(
    ("toml", "words"),
    [
        ('registry = "not a registry"', "ending in '/'"),
        ('[defaults]\nmemory = "lots"', "unit k, m or g"),
        ("[defaults]\nnot_a_question = 1", "holds question names"),
        ('allowed_runtime_bases = ["alpine"]', "must list some of slim, distroless"),
        ('colour = "blue"', "knows allowed_runtime_bases, defaults, labels, registry"),
        ("[labels]\n'Bad Key' = 'x'", "lowercase dotted keys"),
        ("this is = = not toml", "must be valid TOML"),
    ],
)
def test_bad_settings_are_refused_naming_the_file(tmp_path: Path, toml: str, words: str) -> None:
    (tmp_path / "scaffold.toml").write_text(toml)
    with pytest.raises(InvalidAnswerError) as caught:
        load_settings(tmp_path)
    assert str(tmp_path / "scaffold.toml") in str(caught.value)
    assert words in str(caught.value)


def test_settings_apply_to_new_and_flags_still_win(
    tmp_path: Path, copy_app: Callable[[str], Path], plain_template: Path
) -> None:
    (tmp_path / "scaffold.toml").write_text(ORG)
    app = copy_app("flask-pip")
    spec = gather(app, {"memory": "2g"}, interactive=False).spec
    assert (spec.uid, spec.memory, spec.base_registry) == (20000, "2g", "registry.example.com/mirror/")
    assert spec.extra_labels == {"org.opencontainers.image.vendor": "Example Corp"}
    with pytest.raises(InvalidAnswerError, match="must be one of slim"):
        gather(app, {"runtime_base": "distroless"}, interactive=False)


@pytest.mark.usefixtures("fast_template")
def test_cli_shows_settings_errors_with_the_file_name(
    cli_invoke: Invoke, tmp_path: Path, copy_app: Callable[[str], Path]
) -> None:
    (tmp_path / "scaffold.toml").write_text('[defaults]\ncpus = "0"\n')
    result = cli_invoke(["new", str(copy_app("flask-pip")), "-y"], expect=2)
    assert result.stderr.startswith(
        f"scaffold: error: {tmp_path / 'scaffold.toml'} cpus: must be a positive number"
    )


@pytest.mark.usefixtures("fast_template")
def test_cli_new_writes_registry_and_labels(
    cli_invoke: Invoke, tmp_path: Path, copy_app: Callable[[str], Path]
) -> None:
    (tmp_path / "scaffold.toml").write_text(ORG)
    app = copy_app("flask-pip")
    cli_invoke(["new", str(app), "-y"])
    dockerfile = (app / "Dockerfile").read_text()
    assert "FROM registry.example.com/mirror/python:${PYTHON_VERSION}-slim AS runtime" in dockerfile
    assert 'org.opencontainers.image.vendor="Example Corp"' in dockerfile
    service = yaml.safe_load((app / "compose.yaml").read_text())["services"]["flask-pip"]
    assert service["user"] == "20000:20000"


def test_a_world_writable_folder_is_not_trusted(tmp_path: Path) -> None:
    shared = tmp_path / "shared"  # like /tmp: anyone can put a scaffold.toml there
    project = shared / "api"
    project.mkdir(parents=True)
    shared.chmod(0o1777)
    (shared / "scaffold.toml").write_text('registry = "evil.example.com/"\n[labels]\n"x.y" = "z"\n')
    settings = load_settings(project)
    assert settings.source is None and dict(settings.policy) == {}
    assert settings.notes == (
        f"ignored {shared / 'scaffold.toml'}: its folder is writable by everyone; settings are only read "
        "from files that only you or root can change",
    )
    # One level up, a trusted file still applies: the search goes on past the ignored one.
    (tmp_path / "scaffold.toml").write_text("[defaults]\npids = 64\n")
    assert load_settings(project).defaults == {"pids": 64}


def test_a_world_writable_file_is_not_trusted(tmp_path: Path) -> None:
    (tmp_path / "scaffold.toml").write_text('registry = "evil.example.com/"\n')
    (tmp_path / "scaffold.toml").chmod(0o666)
    settings = load_settings(tmp_path)
    assert settings.source is None
    assert "the file is writable by everyone" in settings.notes[0]


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
def test_a_file_owned_by_another_user_is_not_trusted(tmp_path: Path) -> None:
    (tmp_path / "scaffold.toml").write_text('registry = "evil.example.com/"\n')
    os.chown(tmp_path / "scaffold.toml", 65534, 65534)
    settings = load_settings(tmp_path)
    assert settings.source is None
    assert "the file is owned by another user (uid 65534)" in settings.notes[0]


def test_the_search_stops_at_the_home_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home" / "dev"
    project = home / "work" / "api"
    project.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    (tmp_path / "home" / "scaffold.toml").write_text('registry = "other.example.com/"\n')
    assert load_settings(project).source is None
    (home / "scaffold.toml").write_text('registry = "mine.example.com/"\n')
    assert load_settings(project).policy == {"base_registry": "mine.example.com/"}


def test_an_ignored_settings_file_is_a_note_on_stderr(
    tmp_path: Path, cli_invoke: Invoke, fast_template: Path
) -> None:
    (tmp_path / "scaffold.toml").write_text('registry = "evil.example.com/"\n')
    (tmp_path / "scaffold.toml").chmod(0o666)
    result = cli_invoke(["new", str(tmp_path), "-y", "--dry-run"])
    assert f"note: ignored {tmp_path / 'scaffold.toml'}: the file is writable by everyone" in result.stderr
    assert "evil.example.com" not in result.stdout
