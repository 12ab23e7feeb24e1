"""DF001 root-user: the final stage runs as root."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.check.dockerfile_syntax import Dockerfile, Stage, arg_pairs, env_pairs, key_value_words
from generator.check.images import parse_image
from generator.check.model import Hit, Rule
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
            "no USER instruction: the final stage runs as root",
        )
        return
    last = users[-1]
    if _root(last.args, _variables(dockerfile, lineage)):
        yield Hit(last.line, f"USER {last.args} runs the final stage as root")


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
)
