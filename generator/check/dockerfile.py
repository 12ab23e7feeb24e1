"""Run the Dockerfile rules (``generator/check/rules/dockerfile/``) on a parsed Dockerfile.

Rules about what ships (user, health check, base, shell form, caches) read the stage that ships
(:mod:`generator.check.stages` chooses it: the build's target, else the last stage that does more than
test or lint) and the stages it is built ``FROM``, whose layers it inherits; a build stage that is only
copied from (``COPY --from``) does not ship, so its apt lists or pip cache are not reported.

In a Dockerfile of more than one stage, each finding's message starts with the stage it is about, and
says when that stage is the one judged as shipped and why.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from generator.check.dockerfile_syntax import Dockerfile
from generator.check.model import Finding
from generator.check.registry import rules_reading
from generator.check.stages import choose, label, ship

#: A stage named for the build, and what named it (``--target``); ``(None, "")`` for the default choice.
BuildTarget = tuple[str | None, str]


def check_dockerfile(
    dockerfile: Dockerfile, *, targets: Sequence[BuildTarget] = ((None, ""),)
) -> list[Finding]:
    """Run every rule that reads a Dockerfile, once for each stage that ships.

    Args:
        dockerfile: The parsed Dockerfile.
        targets: The stages its builds name (compose services may build different ones), each with what
            named it; ``(None, "")`` lets :func:`~generator.check.stages.choose` pick.

    Returns:
        The findings, in rule order for the first target, then those only another target adds.

    Raises:
        InputError: A target names no stage of the Dockerfile.

    """
    findings: list[Finding] = []
    seen: set[tuple[str, int, str]] = set()
    for target, given_by in targets or ((None, ""),):
        shipped = choose(dockerfile, target=target, given_by=given_by or "--target")
        judged = ship(dockerfile, shipped)
        for rule in rules_reading(Dockerfile):
            for hit in rule.check(judged):
                # A finding another target's run already made differs at most in its stage label.
                key = (rule.id, hit.line, hit.message)
                if key not in seen:
                    seen.add(key)
                    message = _about_stage(judged, hit.line, shipped.why) + hit.message
                    findings.append(Finding(rule=rule, file=dockerfile.path, line=hit.line, message=message))
    return findings


def _about_stage(dockerfile: Dockerfile, line: int, why: str) -> str:
    """Name the stage a line belongs to, in a Dockerfile of more than one stage; else nothing."""
    stages = dockerfile.stages
    if len(stages) < 2:
        return ""
    index = bisect.bisect_right([stage.line for stage in stages], line) - 1
    if index < 0:
        return ""  # a global ARG, before the first FROM
    shipped = dockerfile.final
    if index == shipped.index:
        return f"{label(dockerfile, index)} (shipped: {why}): "
    if any(stage.index == index for stage in dockerfile.lineage(shipped)):
        return f"{label(dockerfile, index)} (under the shipped {label(dockerfile, shipped.index)}): "
    return f"{label(dockerfile, index)}: "
