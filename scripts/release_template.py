"""Add this version's template to template-history.bundle, the released versions scaffold ships.

Run it once per release, after the version in generator/__init__.py is bumped and the template is
final (docs/contributing.md, "Versions and the template"):

    .venv/bin/python scripts/release_template.py

It refuses a template that differs from an earlier release under the same version: bump the version
first. Projects generated from any released version then update on every machine, since every scaffold
installed afterwards carries that version's template.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from generator import __version__
from generator.templating import history
from generator.templating.git import git
from generator.templating.location import template_root
from generator.templating.source import sync_cache


def main() -> int:
    """Write the bundle; return the exit code."""
    root = template_root()
    target = root / history.BUNDLE_NAME
    with tempfile.TemporaryDirectory(prefix="scaffold-release-") as scratch:
        repo = Path(scratch) / "template"
        tag = sync_cache(root, repo)
        if tag != f"v{__version__}":
            print(
                f"release_template: the template differs from the released v{__version__} (it would be "
                f"{tag}); bump the version in generator/__init__.py first",
                file=sys.stderr,
            )
            return 1
        git(repo, "bundle", "create", "--quiet", str(target), "main", "--tags")
    tags = git(root, "ls-remote", "--tags", str(target)).count("refs/tags/")
    print(f"release_template: {target.name} holds {tags} released versions, the newest {tag}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
