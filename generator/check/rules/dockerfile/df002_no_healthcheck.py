"""DF002 no-healthcheck: the final stage has no HEALTHCHECK."""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.dockerfile_syntax import Dockerfile, Stage
from generator.check.model import Hit, Rule


def _check(dockerfile: Dockerfile) -> Iterator[Hit]:
    lineage = dockerfile.lineage(dockerfile.final)
    if not _service(lineage):
        return
    checks = [instruction for stage in lineage for instruction in stage.of("HEALTHCHECK")]
    if not checks:
        yield Hit(dockerfile.final.line, "the image has no HEALTHCHECK")
    elif checks[-1].args.strip().upper() == "NONE":
        yield Hit(
            checks[-1].line,
            "HEALTHCHECK NONE switches the image's health check off",
        )


def _service(lineage: list[Stage]) -> bool:
    """Tell whether the final image looks like a service that runs and answers.

    A final stage with no ``CMD``, ``ENTRYPOINT`` or ``EXPOSE`` (itself or the stages it is built on) is
    a base or build image that others build on; one built ``FROM scratch`` that exposes no port is a
    command-line tool. Neither has anything for a health check to ask.
    """
    keywords = {instruction.keyword for stage in lineage for instruction in stage.instructions}
    if "EXPOSE" in keywords:
        return True
    scratch = (lineage[0].image or "").lower() == "scratch"
    return not scratch and bool(keywords & {"CMD", "ENTRYPOINT"})


BAD = """\
FROM python:3.12-slim
USER 10001:10001
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]
"""
GOOD = """\
FROM python:3.12-slim
USER 10001:10001
HEALTHCHECK --interval=30s --timeout=5s CMD ["python", "-c", \\
    "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4)"]
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]
"""

RULE = Rule(
    id="DF002",
    name="no-healthcheck",
    severity="warning",
    target="dockerfile",
    title="the final stage has no HEALTHCHECK",
    why=(
        "Docker then only knows the process exists, not that it answers: a hung app shows as running, "
        "keeps getting traffic and nothing restarts it."
    ),
    fix=(
        "Add an exec-form check to the final stage that uses a program the image has (slim images lack "
        'curl): `HEALTHCHECK --interval=30s --timeout=5s CMD ["python", "healthcheck.py"]`.'
    ),
    reported=(
        "no `HEALTHCHECK` in the final stage or the stages it is built `FROM`, or `HEALTHCHECK NONE` as "
        "the last one. A check the registry base image may define is not known, so it does not count. "
        "Only a final image that looks like a service is checked: one with an `EXPOSE`, or a `CMD` or "
        "`ENTRYPOINT` on a base other than `scratch` (in the final stage or the stages it is built "
        "`FROM`). With none of them it is a base or build image; built `FROM scratch` with no `EXPOSE`, "
        "a command-line tool."
    ),
    related="hadolint DL3057; Trivy DS-0026; Checkov CKV_DOCKER_2",
    bad={"Dockerfile": BAD},
    good={"Dockerfile": GOOD},
    reads=Dockerfile,
    check=_check,
)
