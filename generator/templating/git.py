"""Run git for scaffold's own bookkeeping (the template cache, update clones)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from generator.errors import ScaffoldError

#: An identity for scaffold's own commits, so they work on machines with no git identity configured.
IDENTITY = (
    "-c",
    "user.name=scaffold",
    "-c",
    "user.email=scaffold@localhost",
    "-c",
    "commit.gpgsign=false",
    "-c",
    "tag.gpgsign=false",
)


class GitError(ScaffoldError):
    """git is missing, or a git command scaffold needed failed."""

    exit_code = 1


def git(repo: Path, *args: str, check: bool = True) -> str:
    """Run ``git ARGS`` in ``repo`` and return its standard output.

    Args:
        repo: The working folder.
        *args: git's arguments.
        check: Raise on a non-zero exit; otherwise return an empty string.

    Raises:
        GitError: git is not installed, or (with ``check``) the command failed.
    """
    try:
        done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=False)
    except FileNotFoundError as error:
        raise GitError("git is not installed; scaffold keeps template versions and updates in git") from error
    if done.returncode != 0:
        if check:
            raise GitError(f"git {args[0]} failed in {repo}: {done.stderr.strip()}")
        return ""
    return done.stdout
