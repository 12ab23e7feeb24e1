"""DI002 dockerignore-lets-env-in: .dockerignore does not exclude .env."""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.dockerignore import IgnoreFile, must_exclude
from generator.check.model import Hit, Rule


def _check(ignore: IgnoreFile) -> Iterator[Hit]:
    return must_exclude(ignore, ".env")


BAD = """\
.git
node_modules
"""
GOOD = """\
.git
.env
.env.*
node_modules
"""

RULE = Rule(
    id="DI002",
    name="dockerignore-lets-env-in",
    severity="error",
    target="dockerignore",
    title=".dockerignore does not exclude .env",
    why=(
        ".env files hold passwords and API keys; if the build context includes them, `COPY . .` bakes "
        "them into an image layer for anyone who pulls the image."
    ),
    fix="Add `.env` and `.env.*` to .dockerignore, and no later `!` line that lets them back in.",
    reported=(
        "on the ignore file, when its patterns, matched as the builder matches them (the last matching "
        "line wins), leave `.env` in the context: at line 1 when no line excludes it, or at the `!` line "
        "that lets it back in. Every `.dockerignore` found is checked, with or without a Dockerfile."
    ),
    related="none",
    bad={".dockerignore": BAD},
    good={".dockerignore": GOOD},
    reads=IgnoreFile,
    check=_check,
)
