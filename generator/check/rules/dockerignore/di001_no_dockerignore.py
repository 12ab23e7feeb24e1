"""DI001 no-dockerignore: no .dockerignore filters the Dockerfile's build context."""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.dockerignore import BuildContext
from generator.check.model import Hit, Rule


def _check(context: BuildContext) -> Iterator[Hit]:
    if context.ignore_file is not None:
        return
    dockerfile = context.dockerfile
    where = f"no .dockerignore beside {dockerfile.path.name}"
    if context.context is not None:
        folder = context.context.folder
        if folder is None:
            return  # the context cannot be told: no finding rather than a false one
        if folder != dockerfile.path.parent:
            where = (
                f"no .dockerignore in the build context {folder.as_posix()} ({context.context.why}) "
                f"and no {dockerfile.path.name}.dockerignore beside the Dockerfile"
            )
    for stage in dockerfile.stages:
        for instruction in stage.of("COPY", "ADD"):
            if instruction.copies_from_context():
                yield Hit(
                    instruction.line,
                    f"{where}: {instruction.keyword} reads from a build context that nothing filters",
                )
                return


BAD = """\
FROM python:3.12-slim
COPY . /app
"""
GOOD = """\
.git
.env
.env.*
.venv
node_modules
dist
"""

RULE = Rule(
    id="DI001",
    name="no-dockerignore",
    severity="warning",
    target="dockerignore",
    title="no .dockerignore filters the build context",
    why=(
        "Without one the whole folder (.git, .env, virtualenvs, node_modules) is sent to the builder on "
        "every build, and `COPY . .` puts all of it in the image."
    ),
    fix=(
        "Add a .dockerignore at the root of the build context (the Dockerfile's folder for `docker build .`) "
        "listing at least .git, .env, .venv, node_modules and build output."
    ),
    reported=(
        "on the Dockerfile, at its first `COPY` or `ADD` from the build context, when neither "
        "`<Dockerfile name>.dockerignore` is beside it nor `.dockerignore` at the root of its build "
        "context: the `build.context` of the compose service that builds it, `--context`, or else the "
        "Dockerfile's folder, or the folder above it that holds what it copies (see [how the rules read a "
        "file](#scaffold-check-rules)). A Dockerfile that copies nothing from the context, or whose "
        "context cannot be told, is not reported."
    ),
    related="none",
    bad={"Dockerfile": BAD},
    good={"Dockerfile": BAD, ".dockerignore": GOOD},
    reads=BuildContext,
    check=_check,
)
