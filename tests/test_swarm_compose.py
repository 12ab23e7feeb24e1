"""compose.yaml stays deployable to a Swarm: no key ``docker stack deploy`` refuses or drops unseen.

The engine tier (tests/engine/test_swarm.py) deploys one variant for real; these checks hold every golden
variant to what it found, and the update monitor window to the health check it is computed from.
"""

from __future__ import annotations

import json
from pathlib import Path

import jinja2
import pytest

from generator.spec.computed import HEALTH_INTERVAL, HEALTH_RETRIES, HEALTH_TIMEOUT, UPDATE_MONITOR

from . import yaml_text

REPO = Path(__file__).resolve().parent.parent
COMPOSE_FILES = sorted((REPO / "tests" / "golden").glob("*/compose.yaml"))

#: Keys ``docker stack deploy`` refuses outright (its schema allows neither).
REFUSED_TOP_LEVEL = {"name"}
REFUSED_SERVICE = {"pull_policy"}
#: Keys Swarm drops without a word, whose setting scaffold writes in a form Swarm keeps instead:
#: ``tmpfs`` (a ``volumes`` entry of type tmpfs) and ``restart`` (``deploy.restart_policy``).
SILENTLY_DROPPED = {"tmpfs", "restart"}


def _seconds(value: str) -> int:
    assert value.endswith("s") and value[:-1].isdigit(), value
    return int(value[:-1])


def test_the_health_timings_are_the_ones_the_templates_write() -> None:
    """includes/common.jinja's ``health`` and the constants UPDATE_MONITOR is computed from are equal."""
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(REPO), autoescape=False)
    environment.filters["to_json"] = json.dumps  # Copier's filter, which the macros use (not called here)
    health = environment.get_template("includes/common.jinja").module.health  # type: ignore[attr-defined]
    assert health == {"interval": HEALTH_INTERVAL, "timeout": HEALTH_TIMEOUT, "retries": HEALTH_RETRIES}
    assert UPDATE_MONITOR == HEALTH_RETRIES * (HEALTH_INTERVAL + HEALTH_TIMEOUT)


def test_there_are_golden_compose_files() -> None:
    """The checks below read every variant's golden compose.yaml; a wrong path would make them vacuous."""
    assert len(COMPOSE_FILES) > 20


@pytest.mark.parametrize("path", COMPOSE_FILES, ids=lambda path: path.parent.name)
def test_compose_file_deploys_to_a_swarm(path: Path) -> None:
    """No refused or silently dropped key; a deploy section Swarm honours, its window from the healthcheck."""
    compose = yaml_text.load(path.read_text(encoding="utf-8"))
    assert not REFUSED_TOP_LEVEL & set(compose)
    (service,) = compose["services"].values()
    assert not (REFUSED_SERVICE | SILENTLY_DROPPED) & set(service)
    assert {"type": "tmpfs", "target": "/tmp"} in service["volumes"]
    health = service["healthcheck"]
    window = health["retries"] * (_seconds(health["interval"]) + _seconds(health["timeout"]))
    deploy = service["deploy"]
    assert deploy["replicas"] == 1
    assert deploy["restart_policy"] == {"condition": "on-failure", "max_attempts": 5}
    for key, failure_action in (("update_config", "rollback"), ("rollback_config", "pause")):
        assert deploy[key] == {
            "parallelism": 1,
            "order": "start-first",
            "failure_action": failure_action,
            "monitor": f"{window}s",
        }
