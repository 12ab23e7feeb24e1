"""DI001 no-dockerignore: no .dockerignore next to the Dockerfile."""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.dockerignore import BuildContext
from generator.check.model import Hit, Rule


def _check(context: BuildContext) -> Iterator[Hit]:
    if context.ignore_file is not None:
        return
    dockerfile = context.dockerfile
    for stage in dockerfile.stages:
        for instruction in stage.of("COPY", "ADD"):
            if instruction.copies_from_context():
                yield Hit(
                    instruction.line,
                    f"no .dockerignore beside {dockerfile.path.name}: {instruction.keyword} "
                    "reads from a build context that nothing filters",
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
    title="no .dockerignore next to the Dockerfile",
    why=(
        "Without one the whole folder (.git, .env, virtualenvs, node_modules) is sent to the builder on "
        "every build, and `COPY . .` puts all of it in the image."
    ),
    fix=(
        "Add a .dockerignore next to the Dockerfile listing at least .git, .env, .venv, node_modules and "
        "build output."
    ),
    reported=(
        "on the Dockerfile, at its first `COPY` or `ADD` from the build context, when neither "
        "`<Dockerfile name>.dockerignore` nor `.dockerignore` is beside it. A Dockerfile that copies "
        "nothing from the context is not reported."
    ),
    related="none",
    bad={"Dockerfile": BAD},
    good={"Dockerfile": BAD, ".dockerignore": GOOD},
    reads=BuildContext,
    check=_check,
)
