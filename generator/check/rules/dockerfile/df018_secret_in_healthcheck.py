"""DF018 secret-in-healthcheck: the HEALTHCHECK command carries a credential."""

from __future__ import annotations

import json
from collections.abc import Iterator

from generator.check.dockerfile_syntax import Dockerfile, Instruction
from generator.check.model import Hit, Rule
from generator.check.secrets import literal, secret_name, url_passwords
from generator.check.shell import Command, commands, exec_command

_SHELLS = frozenset({"sh", "bash", "dash", "ash"})
# Clients whose `-pSECRET` (attached; `-p` alone asks for it) is the password.
_MYSQL = frozenset({"mysql", "mysqladmin", "mariadb", "mariadb-admin", "mysqlshow", "mysqldump"})
# Options whose value is `user:password` (`user` alone makes the client ask for the password).
_USER_OPTIONS = frozenset({"-u", "--user", "--proxy-user"})
# HTTP headers that carry a credential whatever their name says.
_AUTH_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie"})


def _check(dockerfile: Dockerfile) -> Iterator[Hit]:
    for stage in dockerfile.stages:
        for healthcheck in stage.of("HEALTHCHECK"):
            found = [what for command in _commands(healthcheck) for what in credentials(command)]
            if found:
                yield Hit(
                    healthcheck.line,
                    f"HEALTHCHECK writes a credential into the image config ({', '.join(found)}), where "
                    "docker inspect shows it: read it from an environment variable at run time instead",
                )


def _commands(healthcheck: Instruction) -> list[Command]:
    """The commands a ``HEALTHCHECK CMD`` runs, in shell or exec form (``["sh", "-c", "..."]`` read too)."""
    keyword, _, rest = healthcheck.args.strip().partition(" ")
    rest = rest.strip()
    if keyword.upper() != "CMD" or not rest:
        return []
    try:
        argv = json.loads(rest) if rest.startswith("[") else None
    except json.JSONDecodeError:
        argv = None
    if not (isinstance(argv, list) and argv and all(isinstance(word, str) for word in argv)):
        return commands(rest)
    found = exec_command(argv)
    if len(argv) >= 3 and argv[0].rsplit("/", 1)[-1] in _SHELLS and argv[1] == "-c":
        found += commands(argv[2])
    return found


def credentials(command: Command) -> list[str]:
    """Say where a command carries a written-out credential, without showing it.

    Args:
        command: One simple command.

    Returns:
        Descriptions such as ``PGPASSWORD=``, ``mysqladmin -p``, ``curl -u user:password``, ``the
        Authorization header`` or ``a password in postgres://app:***@``; empty when a credential
        comes from a variable (``-p"$MYSQL_ROOT_PASSWORD"``) or there is none.

    """
    found = [
        f"{name}=" for name, _, value in (word.partition("=") for word in command.env) if _secret(name, value)
    ]
    words = command.argv[1:]
    for index, word in enumerate(words):
        after = words[index + 1] if index + 1 < len(words) else ""
        option, equals, attached = word.partition("=")
        value = attached if equals else after
        if word.startswith("--") and _secret(option.lstrip("-"), value):
            found.append(f"{command.program} {option}")
        elif command.program in _MYSQL and word.startswith("-p") and literal(word[2:]):
            found.append(f"{command.program} -p")
        elif command.program == "redis-cli" and word in {"-a", "--pass"} and literal(after):
            found.append(f"redis-cli {word}")
        elif _user_password(command.program, option, value):
            found.append(f"{command.program} -u user:password")
        elif option in {"-H", "--header"} and _credential_header(value):
            found.append(f"the {value.partition(':')[0].strip()} header")
        found.extend(f"a password in {url}" for url in url_passwords(word))
    return found


def _user_password(program: str, option: str, value: str) -> bool:
    """Tell whether an option gives ``user:password`` with the password written out.

    ``-u``, ``--user`` and ``--proxy-user`` take it; curl also in a cluster (``-fsu user:pw``) or attached
    (``-uuser:pw``).
    """
    if program == "curl" and option.startswith("-") and not option.startswith("--") and "u" in option:
        attached = option[option.index("u") + 1 :]
        value = attached or value
    elif option not in _USER_OPTIONS:
        return False
    return ":" in value and literal(value.partition(":")[2])


def _secret(name: str, value: str) -> bool:
    return secret_name(name) and literal(value)


def _credential_header(header: str) -> bool:
    """Tell whether an HTTP header (``Authorization: Bearer abc``) carries a written-out credential."""
    name, colon, value = header.partition(":")
    if not colon:
        return False
    credential = value.strip().split(" ")[-1]
    return (name.strip().lower() in _AUTH_HEADERS or secret_name(name.strip())) and literal(credential)


BAD = """\
FROM mysql:8.4
HEALTHCHECK --interval=10s CMD mysqladmin ping -h 127.0.0.1 -uroot -phunter2
"""
GOOD = """\
FROM mysql:8.4
# MYSQL_ROOT_PASSWORD is given at run time (compose `environment:` or `secrets:`), never in the image.
HEALTHCHECK --interval=10s CMD mysqladmin ping -h 127.0.0.1 -uroot -p"$MYSQL_ROOT_PASSWORD"
"""

RULE = Rule(
    id="DF018",
    name="secret-in-healthcheck",
    severity="error",
    target="dockerfile",
    title="the HEALTHCHECK command carries a credential",
    why=(
        "The health check's command is stored in the image config: anyone who can pull the image reads "
        "the password or token in it with `docker inspect`, and the Dockerfile puts it in version control."
    ),
    fix=(
        "Use the shell form and read the credential from the environment the container is given at run "
        'time (`-p"$MYSQL_ROOT_PASSWORD"`, `PGPASSWORD` set by compose), or probe an endpoint that needs '
        "no credential."
    ),
    reported=(
        "a `HEALTHCHECK CMD`, in shell or exec form, in any stage, that writes out a credential: a "
        "secret-looking variable set in front of the command (`PGPASSWORD=...`) or given as a long option "
        "(`--password=...`, `--token ...`, `--api-key ...`), the attached `-pSECRET` of `mysql` and "
        "`mysqladmin`, `redis-cli -a`, a `-u user:password` (`curl`), an `Authorization`, `Cookie` or "
        "secret-looking header (`-H 'X-Api-Key: ...'`), or a URL with a password "
        "(`http://user:password@...`). Names are read as DF010 reads them. A value taken from a variable "
        "(`$VAR`, `${VAR}`) is not reported. The message says where, never the value."
    ),
    related="none",
    bad={"Dockerfile": BAD},
    good={"Dockerfile": GOOD},
    reads=Dockerfile,
    check=_check,
)
