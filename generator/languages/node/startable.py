"""Whether a Node.js image scaffold writes will start: the entrypoint is in it, and so is what it loads.

Two mistakes build an image that stops at once, so ``scaffold new`` refuses them (exit 2) instead of
writing it:

- the entrypoint lies under a folder the generated ``.dockerignore`` leaves out of the build context
  (``dist``, ``build``: build output, which the image makes itself) and no build step writes it there;
- the entrypoint, run as it is in the repository, loads a package that ``package.json`` lists only in
  ``devDependencies``, which the image never installs.

A build output that does not exist yet is not read: a bundler may inline what it imports.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.detect.files import Sources
from generator.errors import InvalidAnswerError
from generator.languages.node.package import JsonFile

#: What a file loads at its top level: static imports, re-exports, and unindented require() calls. An
#: indented require sits in a block (``if (dev) require('dotenv')``, a try) that may never run.
_LOADS = (
    re.compile(r"""^import\s+(?!type\b)(?:[\w$*{}\s,]+?\s+from\s+)?['"]([^'"./][^'"]*)['"]""", re.MULTILINE),
    re.compile(r"""^export\s+(?!type\b)(?:\*|\{[^}]*\})\s+from\s+['"]([^'"./][^'"]*)['"]""", re.MULTILINE),
    re.compile(
        r"""^(?:(?:const|let|var)\s+[\w${}\s,:]+?=\s*)?require\(\s*['"]([^'"./][^'"]*)['"]\s*\)""",
        re.MULTILINE,
    ),
)
#: Dependency fields whose packages a production install (``npm ci --omit=dev``) puts in node_modules.
_INSTALLED = ("dependencies", "optionalDependencies", "peerDependencies")


def dev_only_import(repo: Path, entrypoint: str) -> str | None:
    """Say which devDependency the entrypoint loads at its top level, if it loads one.

    Args:
        repo: The project folder (holding package.json).
        entrypoint: The file node runs, relative to ``repo``; only read if it is there.

    Returns:
        ``server.js:3 loads 'dotenv', which package.json lists only in devDependencies, ...``, or None.

    """
    if not (repo / entrypoint).is_file():
        return None
    package = JsonFile.read(repo, "package.json")
    dev = package.get("devDependencies")
    if not isinstance(dev, dict) or not dev:
        return None
    installed = {
        name for field in _INSTALLED if isinstance(package.get(field), dict) for name in package.get(field)
    }
    sources = Sources(repo, [repo / entrypoint])
    for pattern in _LOADS:
        for hit in sources.find_all(pattern):
            specifier = hit.match.group(1)
            if specifier.startswith("node:"):
                continue
            parts = specifier.split("/")
            name = "/".join(parts[:2]) if specifier.startswith("@") else parts[0]
            if name in dev and name not in installed:
                return (
                    f"{hit.path}:{hit.line} loads {name!r}, which package.json lists only in devDependencies "
                    "(the image installs production dependencies only): move it to dependencies"
                )
    return None


def refusal(repo: Path, *, entrypoint: str, node_build: bool, dockerignore: str) -> InvalidAnswerError | None:
    """Return why the image would not start, as the error ``scaffold new`` exits with, or None.

    Args:
        repo: The project folder.
        entrypoint: The file node runs.
        node_build: Whether the image runs the build script.
        dockerignore: The generated ``.dockerignore``.

    """
    # Imported here: scaffold new needs the ignore file reader, never the rest of scaffold check.
    from generator.check.dockerignore import parse_ignore_file

    ignore = parse_ignore_file(dockerignore, path=Path(".dockerignore"))
    deciding = ignore.deciding(entrypoint)
    if deciding is not None and not deciding.negated:
        if node_build:
            return None  # the build writes it inside the image, where nothing is left out
        return InvalidAnswerError(
            field="entrypoint",
            accepted=(
                f"{entrypoint} never reaches the image: .dockerignore line {deciding.line} ({deciding.text}) "
                "keeps it out of the build context, and without a build step nothing writes it there; pass "
                "--node-build with a build script that writes it, or another --entrypoint"
            ),
        )
    loaded = dev_only_import(repo, entrypoint)
    if loaded is not None:
        return InvalidAnswerError(field="entrypoint", accepted=f"{loaded}, or pass another --entrypoint")
    return None
