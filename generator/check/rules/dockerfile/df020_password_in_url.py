"""DF020 password-in-url: an ENV or ARG value is a URL with a password in it."""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.dockerfile_syntax import Dockerfile, arg_pairs, env_pairs
from generator.check.model import Hit, Rule
from generator.check.secrets import secret_name, url_passwords


def _check(dockerfile: Dockerfile) -> Iterator[Hit]:
    instructions = [*dockerfile.preamble, *(i for stage in dockerfile.stages for i in stage.of("ENV", "ARG"))]
    for instruction in instructions:
        pairs = env_pairs(instruction) if instruction.keyword == "ENV" else arg_pairs(instruction)
        for name, value in pairs:
            # A secret-looking name with a value is DF010's already.
            if not value or secret_name(name):
                continue
            urls = url_passwords(value)
            if urls:
                yield Hit(
                    instruction.line,
                    f"{instruction.keyword} {name} is a URL with a password in it ({urls[0]}): set it at "
                    "run time, or take the password from a variable (user:${PASSWORD}@)",
                )


BAD = """\
FROM python:3.12-slim
ENV DATABASE_URL=postgres://app:hunter2@db:5432/app
"""
GOOD = """\
FROM python:3.12-slim
# compose.yaml sets DATABASE_URL at run time, from a secret or an env file.
ENV DATABASE_HOST=db
"""

RULE = Rule(
    id="DF020",
    name="password-in-url",
    severity="error",
    target="dockerfile",
    title="an ENV or ARG value is a URL with a password in it",
    why=(
        "A connection string such as `postgres://user:password@host/db` set in the Dockerfile is stored in "
        "the image config (ENV) or build history (ARG) for anyone with the image to read, and the "
        "Dockerfile puts it in version control."
    ),
    fix=(
        "Set the URL at run time (compose `environment:` from an env file, or `secrets:`); in the "
        "Dockerfile, leave the password to a variable (`postgres://app:${DB_PASSWORD}@db/app`)."
    ),
    reported=(
        "an `ENV`, or an `ARG` with a default, in any stage or before the first `FROM`, whose value holds "
        "`scheme://user:password@` with a written-out password. A password taken from a variable "
        "(`${DB_PASSWORD}`, `$DB_PASSWORD`) or left empty is not reported, nor is a variable DF010 already "
        "reports for its secret-looking name. The message masks the password."
    ),
    related="none",
    bad={"Dockerfile": BAD},
    good={"Dockerfile": GOOD},
    reads=Dockerfile,
    check=_check,
)
