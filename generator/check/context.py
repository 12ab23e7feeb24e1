"""Where a Dockerfile's build context is, so the right ignore file is read (DI001, DI002, DI003).

The context, in order:

1. ``build.context`` of a compose service that builds the Dockerfile (relative to the compose file);
2. ``--context`` (or ``context`` in the ``[check]`` configuration, relative to the folder it is in);
3. otherwise the Dockerfile's folder, as ``docker build .`` beside it uses, unless some of what its
   ``COPY`` and ``ADD`` read from the context is missing there: then the nearest folder above it, up to
   the repository's root (the folder holding ``.git``), that holds all of it (a ``docker/Dockerfile``
   built with ``docker build -f docker/Dockerfile .`` from the root). When a folder above holds some of
   the missing sources but none holds all, the context cannot be told and nothing is reported about a
   missing ignore file. Sources that exist nowhere (made by an earlier build step) leave the Dockerfile's
   folder in place.

The ignore file is Docker's: ``<Dockerfile name>.dockerignore`` beside the Dockerfile if there is one,
else ``.dockerignore`` at the root of the context.
"""

from __future__ import annotations

import glob
import itertools
import os
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.check.dockerfile_syntax import Dockerfile

#: The most folders above a Dockerfile that are searched for its COPY sources.
MAX_LEVELS = 8
#: The most COPY sources looked for (real Dockerfiles have a few dozen; each costs a look in each folder).
MAX_SOURCES = 64


@dataclass(frozen=True)
class Context:
    """A Dockerfile's build context, as far as it can be told.

    Attributes:
        folder: The context's folder, or None when it cannot be told.
        why: How it was found, for messages (``build.context of compose.yaml``).

    """

    folder: Path | None
    why: str


def lone_context(dockerfile: Dockerfile) -> Context:
    """Find the context of a Dockerfile nothing names a context for (rule 3 above).

    Args:
        dockerfile: The parsed Dockerfile; its path locates it.

    Returns:
        The Dockerfile's folder, a folder above it that holds its ``COPY`` sources, or an unknown context.

    """
    folder = dockerfile.path.parent
    sources = list(itertools.islice(_context_sources(dockerfile), MAX_SOURCES))
    missing = [source for source in sources if not _exists(folder, source)]
    if not missing:
        return Context(folder, "the Dockerfile's folder")
    partial = False
    for above in _folders_above(folder):
        found = [source for source in missing if _exists(above, source)]
        if len(found) == len(missing) and all(_exists(above, source) for source in sources):
            return Context(above, "the folder above that holds its COPY sources")
        partial = partial or bool(found)
    if partial:
        return Context(None, "unknown: no folder holds all its COPY sources")
    return Context(folder, "the Dockerfile's folder")


def ignore_file_in(dockerfile: Path, context: Path | None) -> Path | None:
    """Return the ignore file the builder uses for a Dockerfile built from ``context``, if there is one.

    BuildKit prefers ``<Dockerfile name>.dockerignore`` beside the Dockerfile (``app.Dockerfile`` ->
    ``app.Dockerfile.dockerignore``) and otherwise reads ``.dockerignore`` at the root of the context.

    Args:
        dockerfile: The Dockerfile's path.
        context: The build context's folder; None when unknown (only the first file is looked for).

    Returns:
        The ignore file's path, or None if there is none. A path that exists but is not a regular file is
        returned too, so that reading it refuses it rather than the check calling it missing.

    """
    candidates = [dockerfile.with_name(dockerfile.name + ".dockerignore")]
    if context is not None:
        candidates.append(context / ".dockerignore")
    return next((candidate for candidate in candidates if os.path.lexists(candidate)), None)


def _context_sources(dockerfile: Dockerfile) -> Iterator[str]:
    """Yield what ``COPY`` and ``ADD`` read from the context, cleaned; ``.`` and ``$VAR`` words left out."""
    for instruction in dockerfile.instructions:
        if not instruction.copies_from_context():
            continue
        for source in instruction.sources():
            if "$" in source or "://" in source or source.startswith("git@"):
                continue
            cleaned = posixpath.normpath(source).lstrip("/")
            if cleaned not in {"", "."} and not cleaned.startswith(".."):
                yield cleaned


def _exists(folder: Path, source: str) -> bool:
    """Tell whether a ``COPY`` source (a path or a glob) matches something in ``folder``."""
    if glob.has_magic(source):
        return bool(glob.glob(glob.escape(str(folder)) + "/" + source))
    return os.path.lexists(folder / source)


def _folders_above(folder: Path) -> Iterator[Path]:
    """Yield the folders above ``folder``, up to the repository's root, the home folder or ``/``."""
    if os.path.lexists(folder / ".git"):
        return
    try:
        home: Path | None = Path.home()
    except (RuntimeError, OSError):
        home = None
    absolute = Path(os.path.abspath(folder))
    for level, above in enumerate(list(absolute.parents)[:MAX_LEVELS], start=1):
        # Shown as the Dockerfile is (`docker/Dockerfile` -> `.`), not as an absolute path.
        yield Path(os.path.normpath(os.path.join(folder, *[".."] * level)))
        if above == home or os.path.lexists(above / ".git"):
            return
