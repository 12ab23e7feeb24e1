"""DI003 dockerignore-lets-git-in: .dockerignore does not exclude .git."""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.dockerignore import IgnoreFile, must_exclude
from generator.check.model import Hit, Rule


def _check(ignore: IgnoreFile) -> Iterator[Hit]:
    return must_exclude(ignore, ".git")


BAD = """\
.env
node_modules
"""
GOOD = """\
.git
.env
node_modules
"""

RULE = Rule(
    id="DI003",
    name="dockerignore-lets-git-in",
    severity="warning",
    target="dockerignore",
    title=".dockerignore does not exclude .git",
    why=(
        ".git holds the whole history, including secrets committed once and deleted since, and "
        "`COPY . .` ships it; it also changes on every commit, which defeats the build cache."
    ),
    fix="Add `.git` to .dockerignore.",
    reported="as DI002, for `.git`.",
    related="none",
    bad={".dockerignore": BAD},
    good={".dockerignore": GOOD},
    reads=IgnoreFile,
    check=_check,
)
