"""DF001 root-user: the final stage runs as root."""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.dockerfile_syntax import Dockerfile, Stage, arg_pairs, env_pairs
from generator.check.images import parse_image
from generator.check.model import Hit, Rule
from generator.check.variables import expand


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
    user = expand(last.args.split(":", 1)[0].strip(), _variables(dockerfile, lineage))
    if user in {"root", "0"}:
        yield Hit(last.line, f"USER {last.args} runs the final stage as root")


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
        "`nonroot`, as distroless `:nonroot` does), or a last `USER` of `root` or `0`, also through an "
        "`ARG` default. A `USER` in a build stage the final stage is not built on does not count."
    ),
    related="hadolint DL3002; Trivy DS-0002; Checkov CKV_DOCKER_3, CKV_DOCKER_8",
    bad={"Dockerfile": BAD},
    good={"Dockerfile": GOOD},
    reads=Dockerfile,
    check=_check,
)
