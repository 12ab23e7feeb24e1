"""CF003 no-resource-limits: memory, CPU or process limits are missing."""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.compose import Service
from generator.check.model import Hit, Rule


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
)
