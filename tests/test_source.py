"""The versioned template source: every distinct template content gets a tag, and versions only go up."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from generator import __version__
from generator.templating.source import sync_cache, template_digest, template_source

from .conftest import Invoke


def _tags(repo: Path) -> list[str]:
    out = subprocess.run(["git", "tag", "--list"], cwd=repo, capture_output=True, text=True, check=True)
    return sorted(out.stdout.split())


def test_same_content_keeps_its_tag_and_edits_get_post_releases(plain_template: Path, tmp_path: Path) -> None:
    template = tmp_path / "template"
    shutil.copytree(plain_template, template)
    repo = tmp_path / "cache" / "template"
    first = sync_cache(template, repo)
    assert first == f"v{__version__}"
    assert sync_cache(template, repo) == first  # nothing changed: no new commit, same tag
    assert _tags(repo) == [first]
    (template / "templates" / "compose.yaml.jinja").write_text("name: {{ app_name }}\nservices: {}\n")
    assert sync_cache(template, repo) == f"v{__version__}.post1"
    (template / "copier.yml").write_text((template / "copier.yml").read_text() + "\n# edited\n")
    assert sync_cache(template, repo) == f"v{__version__}.post2"
    assert (repo / "templates" / "compose.yaml.jinja").read_text().startswith("name:")


def test_digest_changes_with_content_only(plain_template: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(plain_template, copy)
    assert template_digest(copy) == template_digest(plain_template)
    (copy / "includes" / "common.jinja").write_text("changed")
    assert template_digest(copy) != template_digest(plain_template)


def test_default_source_is_the_tagged_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("SCAFFOLD_TEMPLATE", raising=False)
    monkeypatch.setenv("SCAFFOLD_CACHE_DIR", str(tmp_path / "cache"))
    source = template_source()
    assert source.url == str(tmp_path / "cache" / "template")
    # The released template's tag, or a .postN one when this checkout's template has changed since.
    assert re.fullmatch(rf"v{re.escape(__version__)}(\.post[0-9]+)?", source.ref)


def test_cache_under_home_is_recorded_with_a_tilde(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("SCAFFOLD_TEMPLATE", raising=False)
    monkeypatch.delenv("SCAFFOLD_CACHE_DIR", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert template_source().answers_source == "~/.cache/scaffold/template"


def test_template_env_is_used_as_is(monkeypatch: pytest.MonkeyPatch, plain_template: Path) -> None:
    monkeypatch.setenv("SCAFFOLD_TEMPLATE", str(plain_template))
    source = template_source()
    assert (source.url, source.ref) == (str(plain_template), None)


def _healthy_tag(repo: Path) -> str:
    out = subprocess.run(
        ["git", "tag", "--points-at", "HEAD"], cwd=repo, capture_output=True, text=True, check=True
    )
    return out.stdout.strip()


@pytest.mark.parametrize(
    "damage",
    [
        "no .git",  # a folder of template files, as an interrupted first run left it
        "empty .git",  # git init interrupted
        "no HEAD",
        "stale index.lock",  # git add interrupted
        "empty folder",
    ],
)
def test_a_broken_cache_is_rebuilt(plain_template: Path, tmp_path: Path, damage: str) -> None:
    repo = tmp_path / "cache" / "template"
    tag = sync_cache(plain_template, repo)
    if damage == "no .git":
        shutil.rmtree(repo / ".git")
    elif damage == "empty .git":
        shutil.rmtree(repo / ".git")
        (repo / ".git").mkdir()
    elif damage == "no HEAD":
        (repo / ".git" / "HEAD").unlink()
    elif damage == "stale index.lock":
        (repo / ".git" / "index.lock").write_text("")
    else:
        shutil.rmtree(repo)
        repo.mkdir()
    assert sync_cache(plain_template, repo) == tag
    assert _healthy_tag(repo) == tag
    assert not list(repo.parent.glob(".template.*-*"))  # no stray copies


def test_an_interrupted_swap_is_finished(plain_template: Path, tmp_path: Path) -> None:
    repo = tmp_path / "cache" / "template"
    tag = sync_cache(plain_template, repo)
    # Killed between the two renames: the old repository is aside, the new one not in place.
    repo.rename(repo.with_name(".template.old-0123abcd"))
    (repo.parent / ".template.new-xyz").mkdir()
    assert sync_cache(plain_template, repo) == tag
    assert _tags(repo) == [tag]
    assert not list(repo.parent.glob(".template.*-*"))


def test_a_new_version_is_committed_in_a_copy_and_keeps_the_old_tags(
    plain_template: Path, tmp_path: Path
) -> None:
    template = tmp_path / "template"
    shutil.copytree(plain_template, template)
    repo = tmp_path / "cache" / "template"
    first = sync_cache(template, repo)
    inode = repo.stat().st_ino
    (template / "copier.yml").write_text((template / "copier.yml").read_text() + "\n# edited\n")
    second = sync_cache(template, repo)
    assert _tags(repo) == sorted([first, second])
    assert repo.stat().st_ino != inode  # swapped in, not edited in place


@pytest.mark.parametrize("kind", ["a file", "read-only", "home is a file"])
def test_an_unusable_cache_folder_is_one_line(
    cli_invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    from generator.templating import source

    monkeypatch.delenv("SCAFFOLD_TEMPLATE", raising=False)
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    if kind == "a file":
        monkeypatch.setenv("SCAFFOLD_CACHE_DIR", str(blocker))
    elif kind == "home is a file":
        monkeypatch.delenv("SCAFFOLD_CACHE_DIR")
        monkeypatch.setenv("HOME", str(blocker))
    else:
        monkeypatch.setenv("SCAFFOLD_CACHE_DIR", str(tmp_path / "cache"))

        real_mkdtemp = source.tempfile.mkdtemp

        def read_only(*args: str | None, **kwargs: str | None) -> str:
            if kwargs.get("dir") is not None:  # the cache's own working copy, beside the cache
                raise PermissionError(13, "Permission denied")
            return real_mkdtemp(*args, **kwargs)  # type: ignore[arg-type]

        # Root ignores permission bits, so a read-only folder is simulated where the cache writes.
        monkeypatch.setattr(source.tempfile, "mkdtemp", read_only)
    app = tmp_path / "app"
    app.mkdir()
    result = cli_invoke(["new", str(app), "-y"], expect=2)
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("scaffold: error: the template cache ") and "SCAFFOLD_CACHE_DIR" in line
    assert list(app.iterdir()) == []
