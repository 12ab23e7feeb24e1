"""The versioned template source: every distinct template content gets a tag, and versions only go up."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from generator import __version__
from generator.templating.source import sync_cache, template_digest, template_source


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
