"""CF010 extends-not-read: a service extends a service in a file that is not read."""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.compose import Service, one_shot
from generator.check.escaping import snippet
from generator.check.model import Hit, Rule

# The keys whose absence the rules CF004, CF005, CF007 and CF008 report, which they cannot tell when
# the key may come from the other file; CF003's resource limits are counted apart.
_KEYS = ("cap_drop", "security_opt", "read_only", "healthcheck")
_LIMITS = {"memory": "mem_limit", "cpus": "cpus", "pids": "pids_limit"}


def _check(service: Service) -> Iterator[Hit]:
    if service.complete:
        return
    extends = service.layers[-1].get("extends")
    if isinstance(extends, dict) and "file" in extends:
        where = (
            f"{snippet(str(extends.get('service')))} in {snippet(str(extends['file']))}, a file not read here"
        )
    else:
        name = extends.get("service") if isinstance(extends, dict) else extends
        where = f"{snippet(str(name))}, which this file does not hold"
    unchecked = ["resource limits"] if _limits_missing(service) else []
    unchecked += [key for key in _KEYS if service.get(key) is None]
    if one_shot(service) and "healthcheck" in unchecked:
        unchecked.remove("healthcheck")  # CF008 skips a one-shot service anyway
    if unchecked:
        line = service.layers[-1].line_of("extends")
        yield Hit(
            line,
            f"extends {where}: {', '.join(unchecked)} may be set there, so they were not checked",
        )


def _limits_missing(service: Service) -> bool:
    """Tell whether a memory, CPU or pids limit is missing (CF003 wants all three)."""
    deployed = service.value("deploy", "resources", "limits")
    deployed = deployed if isinstance(deployed, dict) else {}
    return any(deployed.get(limit) is None and service.value(key) is None for limit, key in _LIMITS.items())


BAD = """\
services:
  app:
    extends:
      file: common.yaml
      service: base
    image: example/app:1.0
"""
GOOD = """\
services:
  app:
    extends:
      file: common.yaml
      service: base
    image: example/app:1.0
    read_only: true
    cap_drop: [ALL]
    security_opt: ["no-new-privileges:true"]
    mem_limit: 256m
    cpus: 0.5
    pids_limit: 100
    healthcheck:
      test: ["CMD", "/app", "-healthcheck"]
      interval: 30s
      timeout: 5s
      retries: 3
"""

RULE = Rule(
    id="CF010",
    name="extends-not-read",
    severity="info",
    target="compose",
    title="a service extends a service in a file that is not read",
    why=(
        "A key the service does not set may come from the other file, so the checks for a missing "
        "cap_drop, security_opt, read_only, healthcheck or resource limit are skipped for it: a gap "
        "there goes unreported."
    ),
    fix=(
        "Check the other file as well (`scaffold check common.yaml`), or set those keys in this file, "
        "where they override what it extends."
    ),
    reported=(
        "each service whose `extends` names a `file:` (or a service this file does not hold) while it, "
        "and the services it extends in this file, leave one of these unset: resource limits (CF003), "
        "`cap_drop` (CF004), `security_opt` (CF005), `read_only` (CF007), `healthcheck` (CF008, not for a "
        "one-shot service); the message names them. What the service sets itself is checked as usual."
    ),
    related="none",
    bad={"compose.yaml": BAD},
    good={"compose.yaml": GOOD},
    reads=Service,
    check=_check,
)
