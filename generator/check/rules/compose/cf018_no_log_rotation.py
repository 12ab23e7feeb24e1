"""CF018 no-log-rotation: the service's log grows without bound."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from functools import cache
from typing import Any

from generator.check.compose import Service, interpolated
from generator.check.fixing import add_key, inherited
from generator.check.model import Hit, Rule


def _check(service: Service) -> Iterator[Hit]:
    found = service.get("logging")
    if found is None:
        if service.complete:
            yield Hit(service.line, "no logging: Docker's default json-file driver keeps its whole log")
        return
    logging = found[0] if isinstance(found[0], dict) else {}
    driver = str(interpolated(logging.get("driver") or "json-file")).strip()
    if driver != "json-file":
        return  # `local` rotates by default; journald, syslog, fluentd, ... are rotated elsewhere
    options = logging.get("options")
    size = options.get("max-size") if isinstance(options, dict) else None
    size = None if size is None else str(interpolated(size)).strip()
    if not size:
        yield Hit(found[1], "logging: the json-file driver without max-size keeps its whole log")
    elif size == "-1":
        yield Hit(found[1], "logging: the json-file driver with max-size -1 keeps its whole log")


def _fix(service: Any, hit: Hit) -> bool:
    """Add the log rotation scaffold's compose.yaml writes: the whole `logging`, or its missing options.

    A `logging` with the json-file driver gets `max-size` (and `max-file`, if it has none) under its
    `options`; a `max-size` it sets already (`-1`, no limit) or one from a variable is left.
    """
    rotation = _rotation()
    if rotation is None or inherited(service, "logging"):
        return False
    logging = service.get("logging")
    if logging is None:
        add_key(service, "logging", copy.deepcopy(rotation))
        return True
    if not isinstance(logging, dict) or str(logging.get("driver", "json-file")) != "json-file":
        return False
    options = logging.get("options")
    wanted = rotation["options"]
    if options is None:
        add_key(logging, "options", copy.deepcopy(wanted))
        return True
    if not isinstance(options, dict) or options.get("max-size") is not None:
        return False
    for key in wanted:
        if key not in options:
            add_key(options, key, copy.deepcopy(wanted[key]))
    return True


@cache
def _rotation() -> Any:
    """Read the `logging` block of scaffold's compose.yaml template, its one source, as it is written.

    Returns:
        The round-trip mapping (`driver`, `options` with `max-size` and `max-file`, quoted as in the
        template), or None when the template cannot be read or its block holds template syntax.

    """
    from ruamel.yaml import YAML

    from generator.templating.location import template_root

    try:
        text = (template_root() / "templates" / "compose.yaml.jinja").read_text(encoding="utf-8")
    except (OSError, ValueError):
        return None
    lines = text.splitlines()
    start = next((index for index, line in enumerate(lines) if line.strip() == "logging:"), None)
    if start is None:
        return None
    indent = len(lines[start]) - len(lines[start].lstrip())
    block = [lines[start]]
    for line in lines[start + 1 :]:
        if len(line) - len(line.lstrip()) <= indent:
            break
        block.append(line)
    if any("{" in line for line in block):
        return None
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    data = yaml.load("\n".join(line[indent:] for line in block))
    rotation = data.get("logging") if isinstance(data, dict) else None
    if not isinstance(rotation, dict) or not isinstance(rotation.get("options"), dict):
        return None
    return rotation


BAD = """\
services:
  app:
    image: example/app:1.0
"""
GOOD = """\
services:
  app:
    image: example/app:1.0
    logging:
      driver: json-file
      options:
        max-size: 10m
        max-file: "3"
"""

RULE = Rule(
    id="CF018",
    name="no-log-rotation",
    severity="warning",
    target="compose",
    title="the service's log grows without bound",
    why=(
        "Docker's default json-file driver keeps every line the service prints in one file that is never "
        "rotated: a chatty or crash-looping service fills the host's disk, and every container on it fails."
    ),
    fix=(
        "Rotate it as scaffold's compose.yaml does: `logging: {driver: json-file, options: {max-size: 10m, "
        'max-file: "3"}}` (or use the `local` driver, which rotates by default).'
    ),
    reported=(
        "a service with no `logging` (its driver is then the daemon's default, json-file unless "
        "`daemon.json` says otherwise), or with the `json-file` driver (written or left out) and no "
        "`max-size` option, or `max-size: -1`. Other drivers are not reported: `local` rotates by "
        "default, and journald, syslog, fluentd, awslogs, gelf, `none` and the like keep the log outside "
        "the container. Rotation the daemon sets for every container (`log-opts` in `daemon.json`) cannot "
        "be seen from the compose file: there the finding is false, and is best turned off in the "
        'configuration (`ignore = ["CF018"]`). The fix writes the driver too, which wins over a '
        "`log-driver` set in `daemon.json`."
    ),
    related="none",
    bad={"compose.yaml": BAD},
    good={"compose.yaml": GOOD},
    reads=Service,
    check=_check,
    autofix=_fix,
)
