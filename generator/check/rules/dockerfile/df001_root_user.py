"""DF001 root-user: the final stage runs as root."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from generator.check.dockerfile_syntax import Dockerfile, Stage, arg_pairs, env_pairs, key_value_words
from generator.check.fixing import Edit
from generator.check.images import parse_image
from generator.check.model import Hit, Rule
from generator.check.runs import run_commands
from generator.check.shell import Command
from generator.check.variables import expand

_BRACED = re.compile(r"\$\{[^}]*\}")


def _check(dockerfile: Dockerfile) -> Iterator[Hit]:
    lineage = dockerfile.lineage(dockerfile.final)
    users = [instruction for stage in lineage for instruction in stage.of("USER")]
    if not users:
        root = parse_image(lineage[0].image) if lineage[0].image else None
        if root is not None and root.tag is not None and "nonroot" in root.tag:
            return  # distroless :nonroot and the like set a non-root user themselves
        yield Hit(
            dockerfile.final.line,
            "no USER instruction: the image runs as root",
        )
        return
    last = users[-1]
    if _root(last.args, _variables(dockerfile, lineage)):
        yield Hit(last.line, f"USER {last.args}: the image runs as root")


def _root(args: str, values: dict[str, str]) -> bool:
    """Tell whether a ``USER`` value is root once read as Docker reads it.

    Docker removes quotes (``USER "root"``) and substitutes variables (``USER "$UID:$UID"``) before it
    splits off the group; a uid of all zeros is root too. A user that depends on a build argument with
    no default is not known, so not root.
    """
    words = key_value_words(args)
    if not words:
        return False
    # The group starts at the first `:` outside a `${...}` (`${UID:-0}:0` is the user `${UID:-0}`).
    masked = _BRACED.sub(lambda match: "x" * len(match.group()), words[0])
    colon = masked.find(":")
    user = expand(words[0] if colon < 0 else words[0][:colon], values)
    return user == "root" or (user is not None and user.isdigit() and int(user) == 0)


def _variables(dockerfile: Dockerfile, lineage: list[Stage]) -> dict[str, str]:
    """The ARG defaults and ENV values the lineage sets, for substituting into USER."""
    values = dict(dockerfile.global_args)
    for stage in lineage:
        for instruction in stage.of("ARG", "ENV"):
            if instruction.keyword == "ENV":
                values.update(env_pairs(instruction))
            else:
                values.update({name: value for name, value in arg_pairs(instruction) if value is not None})
    return values


# The instructions that may need root, after which the USER goes.
_ROOT_STEPS = frozenset({"RUN", "COPY", "ADD", "WORKDIR", "VOLUME", "USER", "ONBUILD", "SHELL"})


def _fix(dockerfile: Dockerfile, hit: Hit, lines: Sequence[str]) -> Edit | None:
    """Switch to the user the final stage creates, by its number, after the last step that may need root.

    Only a user the final stage itself creates with an explicit uid (`useradd -u 10001`,
    `adduser -u 10001`, `adduser --uid 10001`) is used: the uid is then known to exist in the image.
    Its group is added when the same stage gives it a numeric one.
    """
    stage = dockerfile.final
    created = _created_user(stage)
    steps = [instruction for instruction in stage.instructions if instruction.keyword in _ROOT_STEPS]
    if created is None or not steps:
        return None
    user = ":".join(part for part in created if part)
    last = steps[-1]
    if last.keyword == "USER":
        if last.line != last.last_line:
            return None
        written = re.match(r"^\s*\S+", lines[last.line - 1])
        return Edit(last.line, last.line, (f"{written.group() if written else 'USER'} {user}",))
    return Edit(last.last_line, last.last_line, (lines[last.last_line - 1], f"USER {user}"))


def _created_user(stage: Stage) -> tuple[str, str] | None:
    """Return the uid (and numeric gid, or "") of the last user a stage's RUNs create with a given uid."""
    groups: dict[str, str] = {}
    created: tuple[str, str] | None = None
    for run in stage.of("RUN"):
        for command in run_commands(run):
            if command.program in {"groupadd", "addgroup"}:
                gid, name = _option(command, "-g", "--gid"), command.operands()[-1:]
                if gid and name:
                    groups[name[0]] = gid
            elif command.program in {"useradd", "adduser"}:
                uid = _option(command, "-u", "--uid")
                if uid and int(uid) != 0:
                    # useradd's primary group is -g (-G adds groups); busybox adduser's is -G.
                    names = ("-g", "--gid") if command.program == "useradd" else ("-G", "--gid", "--ingroup")
                    group = _option(command, *names, numeric=False) or ""
                    created = (uid, group if group.isdigit() else groups.get(group, ""))
    return created


def _option(command: Command, *names: str, numeric: bool = True) -> str | None:
    """Return the value of the last of the options ``names`` (``-u 10001``, ``--uid=10001``)."""
    value: str | None = None
    words = command.argv[1:]
    for index, word in enumerate(words):
        name, equals, given = word.partition("=")
        if name in names and equals:
            value = given
        elif word in names and index + 1 < len(words):
            value = words[index + 1]
    if numeric and value is not None and not value.isdigit():
        return None
    return value


BAD = """\
FROM python:3.12-slim
COPY app.py /app/
CMD ["python", "/app/app.py"]
"""
GOOD = """\
FROM python:3.12-slim
COPY app.py /app/
USER 10001:10001
CMD ["python", "/app/app.py"]
"""

RULE = Rule(
    id="DF001",
    name="root-user",
    severity="error",
    target="dockerfile",
    title="the final stage runs as root",
    why=(
        "Anything that takes over the app (a bug, a malicious dependency) gets root in the container: it "
        "can rewrite the image's files and is one kernel or runtime bug away from root on the host."
    ),
    fix=(
        "Add a numeric non-root user at the end of the final stage, after the steps that need root: "
        "`USER 10001:10001`."
    ),
    reported=(
        "no `USER` in the final stage or the stages it is built `FROM` (unless the base image's tag says "
        "`nonroot`, as distroless `:nonroot` does), or a last `USER` of `root` or `0` (with a group or "
        'not, in quotes or not), also through an `ARG` default or an `ENV` value (`USER "$UID:$UID"` '
        "with `ARG UID=0`). A `USER` in a build stage the final stage is not built on does not count."
    ),
    related="hadolint DL3002; Trivy DS-0002; Checkov CKV_DOCKER_3, CKV_DOCKER_8",
    bad={"Dockerfile": BAD},
    good={"Dockerfile": GOOD},
    reads=Dockerfile,
    check=_check,
    autofix=_fix,
)
