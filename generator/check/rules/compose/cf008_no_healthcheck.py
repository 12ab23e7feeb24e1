"""CF008 no-healthcheck: the service has no health check."""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.compose import Service, is_true, one_shot
from generator.check.model import Hit, Rule


def _check(service: Service) -> Iterator[Hit]:
    if one_shot(service):
        return
    found = service.get("healthcheck")
    if found is None:
        if service.complete:
            yield Hit(service.line, "no healthcheck")
        return
    check = found[0] if isinstance(found[0], dict) else {}
    test = check.get("test")
    disabled = is_true(check.get("disable")) or (isinstance(test, list) and test[:1] == ["NONE"])
    if disabled:
        yield Hit(found[1], "the healthcheck is disabled")


BAD = """\
services:
  app:
    image: example/app:1.0
"""
GOOD = """\
services:
  app:
    image: example/app:1.0
    healthcheck:
      test: ["CMD", "python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health')"]
      interval: 30s
      timeout: 5s
      retries: 3
"""

RULE = Rule(
    id="CF008",
    name="no-healthcheck",
    severity="warning",
    target="compose",
    title="the service has no health check",
    why=(
        "compose then cannot tell a hung service from a working one: `docker compose ps` shows it up, "
        "and `up --wait` and `depends_on: condition: service_healthy` have nothing to wait for."
    ),
    fix=(
        "Add a `healthcheck:` with `test`, `interval`, `timeout` and `retries`; if the image has a "
        "HEALTHCHECK, a `healthcheck:` with only the timings keeps its test."
    ),
    reported=(
        'no `healthcheck` key, or one with `disable: true` or `test: ["NONE"]`. The check does not look '
        "into the image, so a service relying on the image's `HEALTHCHECK` states at least its timings, "
        'as scaffold\'s compose.yaml does. A one-shot service is not reported: one with `restart: "no"`, or '
        "one under `profiles:` (started on demand, as migrations and admin tools are)."
    ),
    related="none",
    bad={"compose.yaml": BAD},
    good={"compose.yaml": GOOD},
    reads=Service,
    check=_check,
)
