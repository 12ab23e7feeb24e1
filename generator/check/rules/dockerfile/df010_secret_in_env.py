"""DF010 secret-in-env: a secret-looking value is set in ENV or ARG."""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.dockerfile_syntax import Dockerfile, arg_pairs, env_pairs
from generator.check.model import Hit, Rule
from generator.check.secrets import SECRET_NAMES, secret_name


def _check(dockerfile: Dockerfile) -> Iterator[Hit]:
    instructions = [*dockerfile.preamble, *(i for stage in dockerfile.stages for i in stage.of("ENV", "ARG"))]
    for instruction in instructions:
        pairs = env_pairs(instruction) if instruction.keyword == "ENV" else arg_pairs(instruction)
        for name, value in pairs:
            if value and secret_name(name):
                yield Hit(
                    instruction.line,
                    f"{instruction.keyword} {name} gives a secret-looking variable a value in the Dockerfile",
                )


BAD = """\
FROM python:3.12-slim
ENV DATABASE_PASSWORD=hunter2
"""
GOOD = """\
FROM python:3.12-slim
# compose.yaml mounts the secret at run time: secrets: [db_password]
ENV DATABASE_PASSWORD_FILE=/run/secrets/db_password
"""

RULE = Rule(
    id="DF010",
    name="secret-in-env",
    severity="error",
    target="dockerfile",
    title="a secret-looking value is set in ENV or ARG",
    why=(
        "ENV values are stored in the image config and ARG values in its build history: anyone who can "
        "pull the image reads them with `docker inspect` or `docker history`, and the Dockerfile puts "
        "them in version control."
    ),
    fix=(
        "Pass secrets at run time (compose `secrets:` or an env file) and at build time with "
        "`RUN --mount=type=secret,id=...`; never give them a value in the Dockerfile."
    ),
    reported=(
        f"an `ENV`, or an `ARG` with a default, that gives a non-empty value to {SECRET_NAMES}. "
        "`ARG NPM_TOKEN` with no value is fine here (DF019 reports it when a `RUN` follows it). The "
        "message names the variable, never its value."
    ),
    related="hadolint DL3064; Trivy DS-0031",
    bad={"Dockerfile": BAD},
    good={"Dockerfile": GOOD},
    reads=Dockerfile,
    check=_check,
)
