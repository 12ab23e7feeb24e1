"""CF014 secret-in-environment: a credential is written out in the service's environment."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.check.compose import Service
from generator.check.located_yaml import LocatedList, LocatedMap
from generator.check.model import Hit, Rule
from generator.check.secrets import SECRET_NAMES, literal, secret_name, switch, url_passwords


def _check(service: Service) -> Iterator[Hit]:
    found = service.get("environment")
    if found is None:
        return
    for name, value, line in _variables(found[0]):
        if value is None or isinstance(value, bool):
            continue
        text = str(value)
        if secret_name(name) and literal(text) and not switch(name, text):
            yield Hit(line, f"environment {name} is written out in the file: {_FIX}")
        elif urls := url_passwords(text):
            yield Hit(line, f"environment {name} is a URL with a password in it ({urls[0]}): {_FIX}")


_FIX = "read it from an env file kept out of version control (${VAR}), or use secrets:"


def _variables(environment: Any) -> Iterator[tuple[str, Any, int]]:
    """Yield each variable's name, value (None when it has none) and line, in mapping or list form."""
    if isinstance(environment, LocatedMap):
        for name, value in environment.items():
            yield str(name), value, environment.line_of(name)
    elif isinstance(environment, LocatedList):
        for item, line in zip(environment, environment.item_lines, strict=True):
            if isinstance(item, str):
                name, equals, value = item.partition("=")
                # `- NAME` alone passes the variable on from the shell that runs compose.
                yield name.strip(), value if equals else None, line


BAD = """\
services:
  db:
    image: postgres:16.4-alpine
    environment:
      POSTGRES_PASSWORD: hunter2
"""
GOOD = """\
services:
  db:
    image: postgres:16.4-alpine
    environment:
      POSTGRES_PASSWORD_FILE: /run/secrets/db_password
    secrets: [db_password]
secrets:
  db_password:
    file: ./db_password.txt
"""

RULE = Rule(
    id="CF014",
    name="secret-in-environment",
    severity="error",
    target="compose",
    title="a credential is written out in the service's environment",
    why=(
        "A password or token written in the compose file is in version control for everyone with the "
        "repository, and `docker inspect` shows it on every host that runs the service."
    ),
    fix=(
        "Take it from the environment (`POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}` with an `.env` file kept "
        "out of git), or mount it with `secrets:` and point a `_FILE` variable at `/run/secrets/...`."
    ),
    reported=(
        f"an `environment` entry (mapping or list form) with a written-out value for {SECRET_NAMES}; and "
        "any entry whose value holds a URL with a written-out password (`postgres://app:hunter2@db/app`). "
        "A value that is a `${VAR}` or `$VAR` reference (with a `:-default` or not), an empty one, a "
        "boolean, a switch with a yes or no value (`MYSQL_RANDOM_ROOT_PASSWORD=1`, "
        '`MARIADB_ALLOW_EMPTY_ROOT_PASSWORD: "yes"`: a name with `RANDOM`, `ALLOW`, `EMPTY`, `ONETIME`, '
        "`GENERATE`, `SKIP`, `DISABLE` or `REQUIRE` as a word, and `1`, `0`, `yes`, `no`, `true`, `false`, "
        "`on` or `off`), and a name with no value (`- API_TOKEN`, passed on from the shell) are not "
        "reported; nor is a URL whose password is a variable (`postgres://app:${DB_PASSWORD}@db/app`). "
        "The message names the variable, never its value."
    ),
    related="none",
    bad={"compose.yaml": BAD},
    good={"compose.yaml": GOOD},
    reads=Service,
    check=_check,
)
