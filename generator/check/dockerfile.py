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
from collections.abc import Iterator, Sequence

from generator.check.dockerfile_syntax import Dockerfile
from generator.check.model import Finding, Hit, Rule
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
        The findings, in rule order.

    Raises:
        InputError: A target names no stage of the Dockerfile.

    """
    return [
        Finding(rule=rule, file=dockerfile.path, line=hit.line, message=hit.message)
        for rule in rules_reading(Dockerfile)
        for _, hit in reported_hits(dockerfile, rule, targets=targets)
    ]


def reported_hits(
    dockerfile: Dockerfile, rule: Rule[Dockerfile], *, targets: Sequence[BuildTarget] = ((None, ""),)
) -> Iterator[tuple[Dockerfile, Hit]]:
    """Yield one rule's hits as the check reports them: each message with its stage, each hit once.

    Args:
        dockerfile: The parsed Dockerfile.
        rule: A rule that reads a Dockerfile.
        targets: As for :func:`check_dockerfile`.

    Yields:
        The Dockerfile as judged (its shipped stage chosen, for a fix to act on) and the hit.

    Raises:
        InputError: A target names no stage of the Dockerfile.

    """
    seen: set[tuple[int, str]] = set()
    for target, given_by in targets or ((None, ""),):
        shipped = choose(dockerfile, target=target, given_by=given_by or "--target")
        judged = ship(dockerfile, shipped)
        for hit in rule.check(judged):
            # A hit another target's run already made differs at most in its stage label.
            if (hit.line, hit.message) not in seen:
                seen.add((hit.line, hit.message))
                yield judged, Hit(hit.line, _about_stage(judged, hit.line, shipped.why) + hit.message)


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
