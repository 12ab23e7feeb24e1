"""DF010 secret-in-env: a secret-looking value is set in ENV or ARG."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from generator.check.dockerfile_syntax import Dockerfile, arg_pairs, env_pairs
from generator.check.model import Hit, Rule

_SECRET_WORDS = frozenset({"PASSWORD", "PASSWD", "PASSPHRASE", "SECRET", "TOKEN", "APIKEY"})
_SECRET_PAIRS = frozenset({("API", "KEY"), ("PRIVATE", "KEY"), ("ACCESS", "KEY"), ("SECRET", "KEY")})
# A variable that names where a secret is (DB_PASSWORD_FILE=/run/secrets/db) holds no secret itself.
_REFERENCE_SUFFIXES = frozenset({"FILE", "PATH", "DIR", "URL", "ENDPOINT"})


def _check(dockerfile: Dockerfile) -> Iterator[Hit]:
    instructions = [*dockerfile.preamble, *(i for stage in dockerfile.stages for i in stage.of("ENV", "ARG"))]
    for instruction in instructions:
        pairs = env_pairs(instruction) if instruction.keyword == "ENV" else arg_pairs(instruction)
        for name, value in pairs:
            if value and _secret_name(name):
                yield Hit(
                    instruction.line,
                    f"{instruction.keyword} {name} gives a secret-looking variable a value in the Dockerfile",
                )


def _secret_name(name: str) -> bool:
    parts = [part for part in re.split(r"[_.-]", name.upper()) if part]
    if not parts or parts[-1] in _REFERENCE_SUFFIXES:
        return False
    return bool(_SECRET_WORDS.intersection(parts)) or any(pair in _SECRET_PAIRS for pair in pairwise(parts))


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
        "an `ENV`, or an `ARG` with a default, that gives a non-empty value to a name with `PASSWORD`, "
        "`PASSWD`, `PASSPHRASE`, `SECRET`, `TOKEN` or `APIKEY` as a word, or `API_KEY`, `PRIVATE_KEY`, "
        "`ACCESS_KEY` or `SECRET_KEY` in it. Names ending in `_FILE`, `_PATH`, `_DIR`, `_URL` or "
        "`_ENDPOINT` point at a secret rather than hold one, and `ARG NPM_TOKEN` with no value is fine. "
        "The message names the variable, never its value."
    ),
    related="hadolint DL3064; Trivy DS-0031",
    bad={"Dockerfile": BAD},
    good={"Dockerfile": GOOD},
    reads=Dockerfile,
    check=_check,
)
