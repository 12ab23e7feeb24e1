"""DF013 shell-form-command: CMD or ENTRYPOINT is in shell form."""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.dockerfile_syntax import Dockerfile
from generator.check.model import Hit, Rule


def _check(dockerfile: Dockerfile) -> Iterator[Hit]:
    lineage = dockerfile.lineage(dockerfile.final)
    for keyword in ("ENTRYPOINT", "CMD"):
        found = [instruction for stage in lineage for instruction in stage.of(keyword)]
        if not found or found[-1].exec_form() is not None:
            continue
        last = found[-1]
        shown = last.args if len(last.args) <= 60 else last.args[:57] + "..."
        reason = (
            "is not a valid JSON array (double quotes only), so Docker runs it in shell form"
            if last.looks_like_json()
            else "is in shell form"
        )
        yield Hit(
            last.line,
            f"{keyword} {shown} {reason}: /bin/sh is PID 1 and the app never gets SIGTERM",
        )


BAD = """\
FROM python:3.12-slim
CMD python app.py
"""
GOOD = """\
FROM python:3.12-slim
CMD ["python", "app.py"]
"""

RULE = Rule(
    id="DF013",
    name="shell-form-command",
    severity="warning",
    target="dockerfile",
    title="CMD or ENTRYPOINT is in shell form",
    why=(
        'The shell form runs `/bin/sh -c "..."`: the shell is PID 1 and does not pass SIGTERM on, so '
        "`docker stop` waits 10 s and kills the app with no clean shutdown (and an image without a "
        "shell cannot start it at all)."
    ),
    fix='Write it as a JSON array of strings: `CMD ["python", "app.py"]`.',
    reported=(
        "the `CMD` and the `ENTRYPOINT` the final image runs (the last of each in the final stage or the "
        "stages it is built `FROM`) when they are not a JSON array of strings. An array in single quotes "
        "is not JSON, and Docker runs it as a shell command; the message says so."
    ),
    related="hadolint DL3025",
    bad={"Dockerfile": BAD},
    good={"Dockerfile": GOOD},
    reads=Dockerfile,
    check=_check,
)
