"""Released template versions ship with scaffold, so a project updates on any machine, from any release."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import copier
import pytest
import yaml

from generator import __version__
from generator.commands.update import update
from generator.spec.model import Spec
from generator.templating import history, source
from generator.templating.source import ANSWERS_FILE, OWN_SOURCE, record_source, sync_cache

RELEASE = f"v{__version__}"
IDENTITY = ("-c", "user.name=test", "-c", "user.email=test@localhost")


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *IDENTITY, *args], cwd=repo, capture_output=True, text=True, check=True)
    return done.stdout


def released(plain_template: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A template root whose bundle holds an earlier content as this version's release.

    Returns:
        The template root (today's content) and a repository holding the release (as shipped).
    """
    old = tmp_path / "old-template"
    shutil.copytree(plain_template, old)
    ignore = old / "templates" / ".dockerignore.jinja"
    text = ignore.read_text()
    assert ".DS_Store\n" in text
    ignore.write_text(text.replace(".DS_Store\n", "", 1))
    shipped = tmp_path / "shipped"
    assert sync_cache(old, shipped) == RELEASE
    root = tmp_path / "template-root"
    shutil.copytree(plain_template, root)
    git(shipped, "bundle", "create", "--quiet", str(root / history.BUNDLE_NAME), "main", "--tags")
    return root, shipped


def test_a_fresh_cache_starts_from_the_shipped_releases(plain_template: Path, tmp_path: Path) -> None:
    root, shipped = released(plain_template, tmp_path)
    cache = tmp_path / "cache" / "template"

    tag = sync_cache(root, cache)

    # Today's template differs from the release, so it is an unreleased edit on top of it.
    assert tag == f"{RELEASE}.post1"
    assert set(git(cache, "tag", "--list").split()) == {RELEASE, tag}
    assert git(cache, "rev-parse", f"{RELEASE}^{{commit}}") == git(
        shipped, "rev-parse", f"{RELEASE}^{{commit}}"
    )


def test_an_older_cache_gets_new_releases_and_keeps_its_own_tags(
    plain_template: Path, tmp_path: Path
) -> None:
    root, shipped = released(plain_template, tmp_path)
    git(shipped, "tag", "v0.0.1", "main")  # an older release the installed bundle also carries
    git(shipped, "bundle", "create", "--quiet", str(root / history.BUNDLE_NAME), "main", "--tags")
    cache = tmp_path / "cache" / "template"
    bare = tmp_path / "bare-root"
    shutil.copytree(plain_template, bare)
    first = sync_cache(bare, cache)  # made by a scaffold that shipped no bundle
    kept = git(cache, "rev-parse", f"{first}^{{commit}}")

    sync_cache(root, cache)

    assert "v0.0.1" in git(cache, "tag", "--list").split()
    assert git(cache, "rev-parse", f"{first}^{{commit}}") == kept


def test_a_project_from_a_release_updates_with_a_fresh_cache(
    plain_template: Path, tmp_path: Path, copy_app: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, shipped = released(plain_template, tmp_path)
    app = copy_app("flask-pip")
    spec = Spec.from_answers({"app_name": "shop", "health_path": "/health"})
    # Generated from the release on another machine, then committed with a local edit.
    copier.run_copy(str(shipped), app, data=spec.answers(), vcs_ref=RELEASE, defaults=True, quiet=True)
    record_source(app / ANSWERS_FILE, OWN_SOURCE)
    assert ".DS_Store" not in (app / ".dockerignore").read_text()
    with (app / "Dockerfile").open("a") as dockerfile:
        dockerfile.write("# reviewed by the platform team\n")
    git(app, "init", "--quiet", "--initial-branch=main")
    git(app, "add", "--all")
    git(app, "commit", "--quiet", "-m", "app")
    # This machine has never run scaffold: its cache is empty, and scaffold ships the release.
    monkeypatch.delenv("SCAFFOLD_TEMPLATE", raising=False)
    monkeypatch.setenv("SCAFFOLD_CACHE_DIR", str(tmp_path / "fresh-cache"))
    monkeypatch.setattr(source, "template_root", lambda: root)

    result = update(app)

    assert (result.from_version, result.to_version) == (RELEASE, f"{RELEASE}.post1")
    assert ".DS_Store" in (app / ".dockerignore").read_text()
    assert (app / "Dockerfile").read_text().endswith("# reviewed by the platform team\n")
    assert yaml.safe_load((app / ANSWERS_FILE).read_text())["_src_path"] == OWN_SOURCE
