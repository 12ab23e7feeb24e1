"""DF019 secret-build-arg: a secret is passed to RUN as a build argument."""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.dockerfile_syntax import Dockerfile, arg_pairs
from generator.check.model import Hit, Rule
from generator.check.secrets import SECRET_NAMES, secret_name


def _check(dockerfile: Dockerfile) -> Iterator[Hit]:
    for stage in dockerfile.lineage(dockerfile.final):
        declared: dict[str, int] = {}
        for instruction in stage.instructions:
            if instruction.keyword == "ARG":
                for name, _ in arg_pairs(instruction):
                    if secret_name(name):
                        declared.setdefault(name, instruction.line)
            elif instruction.keyword == "RUN" and declared:
                for name, line in declared.items():
                    yield Hit(
                        line,
                        f"ARG {name} is in scope of the RUN on line {instruction.line}, so its value is "
                        "recorded in the image history: pass it with RUN --mount=type=secret instead",
                    )
                declared = {}


BAD = """\
FROM node:22-slim
WORKDIR /app
COPY package.json package-lock.json ./
ARG NPM_TOKEN
RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc \\
    && npm ci --omit=dev && npm cache clean --force && rm .npmrc
"""
GOOD = """\
FROM node:22-slim
WORKDIR /app
COPY package.json package-lock.json ./
# docker build --secret id=npmrc,src=$HOME/.npmrc .
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci --omit=dev && npm cache clean --force
"""

RULE = Rule(
    id="DF019",
    name="secret-build-arg",
    severity="error",
    target="dockerfile",
    title="a secret is passed to RUN as a build argument",
    why=(
        "Every `RUN` after an `ARG` records the argument's value in the image history, default or "
        "`--build-arg` alike: `docker history --no-trunc` shows the token to anyone who can pull the image."
    ),
    fix=(
        "Drop the `ARG` and mount the secret for the one `RUN` that needs it: "
        "`RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci`, built with "
        "`docker build --secret id=npmrc,src=$HOME/.npmrc`."
    ),
    reported=(
        f"an `ARG` whose name is secret-looking ({SECRET_NAMES}), with a default or not, declared in the "
        "final stage or a stage it is built `FROM` and followed by a `RUN` in that stage: BuildKit and the "
        "classic builder write each build argument in scope into that `RUN`'s history entry, whether the "
        "command uses it or not. Reported once per `ARG`, naming the first such `RUN`. A build stage that "
        "is only copied from is not reported: its history does not ship."
    ),
    related="Docker build check SecretsUsedInArgOrEnv",
    bad={"Dockerfile": BAD},
    good={"Dockerfile": GOOD},
    reads=Dockerfile,
    check=_check,
)
