"""Run the Dockerfile rules (``generator/check/rules/dockerfile/``) on a parsed Dockerfile.

Rules about what ships (user, health check, base, shell form, caches) read the final stage and the
stages it is built ``FROM``, whose layers it inherits; a build stage that is only copied from
(``COPY --from``) does not ship, so its apt lists or pip cache are not reported.
"""

from __future__ import annotations

from generator.check.dockerfile_syntax import Dockerfile
from generator.check.model import Finding
from generator.check.registry import rules_reading


def check_dockerfile(dockerfile: Dockerfile) -> list[Finding]:
    """Run every rule that reads a Dockerfile.

    Args:
        dockerfile: The parsed Dockerfile.

    Returns:
        The findings, in rule order.

    """
    return [
        Finding(rule=rule, file=dockerfile.path, line=hit.line, message=hit.message)
        for rule in rules_reading(Dockerfile)
        for hit in rule.check(dockerfile)
    ]
