"""The template's released versions, shipped with scaffold as a git bundle.

An update renders the version a project was generated from once more, to tell the user's edits from
the template's. That old version must be the same on every machine, whatever scaffold version is
installed there and whether its cache was ever filled. So each release commits its template into
``template-history.bundle`` (``scripts/release_template.py``), tagged ``v<version>``, and the wheel
ships the bundle beside the template; the cache repository starts from it, and gets any tag a newer
bundle adds.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from generator.templating.git import git
from generator.templating.location import template_root

#: The bundle's file name, beside ``copier.yml`` in the template root (repository or wheel).
BUNDLE_NAME = "template-history.bundle"
#: Where the cache repository notes which bundle it last took tags from (inside ``.git``).
_SEEN = "scaffold-history-digest"


def bundle_path(template: Path | None = None) -> Path | None:
    """Return the shipped bundle of released template versions, or None when there is none.

    Args:
        template: The template root; scaffold's own by default.
    """
    path = (template or template_root()) / BUNDLE_NAME
    return path if path.is_file() else None


def seed(repo: Path, bundle: Path) -> None:
    """Start an empty cache repository from the bundle: its branch, its commits and its tags.

    Args:
        repo: A folder that does not exist yet (its parent does).
        bundle: The bundle of released versions.
    """
    git(repo.parent, "clone", "--quiet", "--branch", "main", str(bundle), repo.name)
    _remember(repo, bundle)


def take_new_tags(repo: Path, bundle: Path) -> None:
    """Add the bundle's release tags that the cache repository lacks (a newer scaffold was installed).

    A tag the repository already has is kept as it is: a project generated from it recorded that
    content.
    """
    marker = repo / ".git" / _SEEN
    if marker.is_file() and marker.read_text(encoding="utf-8").strip() == _digest(bundle):
        return
    refs = [line.split("\t", 1)[1] for line in git(repo, "ls-remote", "--tags", str(bundle)).splitlines()]
    have = {f"refs/tags/{tag}" for tag in git(repo, "tag", "--list").split()}
    wanted = [ref for ref in refs if not ref.endswith("^{}") and ref not in have]
    if wanted:
        git(repo, "fetch", "--quiet", "--no-tags", str(bundle), *(f"{ref}:{ref}" for ref in wanted))
    _remember(repo, bundle)


def _remember(repo: Path, bundle: Path) -> None:
    (repo / ".git" / _SEEN).write_text(_digest(bundle) + "\n", encoding="utf-8")


def _digest(bundle: Path) -> str:
    return hashlib.sha256(bundle.read_bytes()).hexdigest()
