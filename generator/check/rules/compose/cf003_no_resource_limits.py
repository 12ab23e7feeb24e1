"""CF003 no-resource-limits: memory, CPU or process limits are missing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.check.compose import Service
from generator.check.fixing import add_key, block_map, double_quoted, inherited
from generator.check.model import Hit, Rule

# Each limit: its key under deploy.resources.limits, its key at the service's top level, and the question
# whose default scaffold writes for it.
_LIMITS = (("cpus", "cpus", "cpus"), ("memory", "mem_limit", "memory"), ("pids", "pids_limit", "pids"))


def _check(service: Service) -> Iterator[Hit]:
    if not service.complete:
        return
    limits = {
        "memory": ("mem_limit", service.value("deploy", "resources", "limits", "memory")),
        "CPU": ("cpus", service.value("deploy", "resources", "limits", "cpus")),
        "pids": ("pids_limit", service.value("deploy", "resources", "limits", "pids")),
    }
    missing = [
        what for what, (key, deployed) in limits.items() if deployed is None and service.value(key) is None
    ]
    if missing:
        listed = " or ".join([", ".join(missing[:-1]), missing[-1]] if len(missing) > 1 else missing)
        yield Hit(service.line, f"no {listed} limit")


def _fix(service: Any, hit: Hit) -> bool:
    """Add the missing limits with the defaults `scaffold new` writes (`--memory`, `--cpus`, `--pids`).

    They go under `deploy.resources.limits`, or at the service's top level (`mem_limit`, `cpus`,
    `pids_limit`) when it already writes its limits that way.
    """
    if inherited(service, "deploy", "mem_limit", "cpus", "pids_limit"):
        return False
    top_level = any(key in service for _, key, _ in _LIMITS)
    deploy = service.get("deploy")
    resources = deploy.get("resources") if isinstance(deploy, dict) else None
    limits = resources.get("limits") if isinstance(resources, dict) else None
    if any(value is not None and not isinstance(value, dict) for value in (deploy, resources, limits)):
        return False
    defaults = _defaults()
    missing = [
        (deployed, key, defaults[question])
        for deployed, key, question in _LIMITS
        if key not in service and not (isinstance(limits, dict) and deployed in limits)
    ]
    if not missing:
        return False
    if top_level:
        for _, key, value in missing:
            add_key(service, key, value)
        return True
    pairs = [(deployed, value) for deployed, _, value in missing]
    if limits is not None:
        for deployed, value in pairs:
            add_key(limits, deployed, value)
    elif resources is not None:
        add_key(resources, "limits", block_map(pairs))
    elif deploy is not None:
        add_key(deploy, "resources", block_map([("limits", block_map(pairs))]))
    else:
        add_key(service, "deploy", block_map([("resources", block_map([("limits", block_map(pairs))]))]))
    return True


def _defaults() -> dict[str, Any]:
    """Read the limits' defaults from the question table, their one source, as compose.yaml writes them."""
    from generator.spec.expr import Const
    from generator.spec.questions import QUESTIONS

    found = {
        question.name: question.default.value
        for question in QUESTIONS
        if question.name in {"memory", "cpus", "pids"} and isinstance(question.default, Const)
    }
    return {
        "memory": str(found["memory"]),
        "cpus": double_quoted(str(found["cpus"])),
        "pids": int(found["pids"]),
    }


BAD = """\
services:
  app:
    image: example/app:1.0
"""
GOOD = """\
services:
  app:
    image: example/app:1.0
    deploy:
      resources:
        limits:
          cpus: "0.5"
          memory: 512m
          pids: 128
"""

RULE = Rule(
    id="CF003",
    name="no-resource-limits",
    severity="warning",
    target="compose",
    title="memory, CPU or process limits are missing",
    why=(
        "Without limits one leaking or runaway container can take all the host's memory, CPU or process "
        "slots (a fork bomb) and bring down everything else on it."
    ),
    fix=(
        "Set `deploy.resources.limits` with `memory`, `cpus` and `pids` (or `mem_limit`, `cpus` and "
        "`pids_limit`)."
    ),
    reported=(
        "a service without a memory limit (`deploy.resources.limits.memory` or `mem_limit`), a CPU limit "
        "(`deploy.resources.limits.cpus` or `cpus`) or a process limit (`deploy.resources.limits.pids` or "
        "`pids_limit`); one finding names every missing one."
    ),
    related="none",
    bad={"compose.yaml": BAD},
    good={"compose.yaml": GOOD},
    reads=Service,
    check=_check,
    autofix=_fix,
)
