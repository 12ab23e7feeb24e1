"""CF006 port-all-interfaces: a port is published on all interfaces."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.check.compose import Service, interpolated
from generator.check.fixing import add_key, inherited, item_at_line, replace_value, same_style
from generator.check.located_yaml import LocatedList
from generator.check.model import Hit, Rule

_ALL_INTERFACES = frozenset({"", "0.0.0.0", "::"})


def _check(service: Service) -> Iterator[Hit]:
    found = service.get("ports")
    if not found or not isinstance(found[0], LocatedList):
        return
    ports = found[0]
    for item, line in zip(ports, ports.item_lines, strict=True):
        host_ip = _host_ip(item)
        if host_ip is not None and host_ip in _ALL_INTERFACES:
            shown = _long_syntax(item) if isinstance(item, dict) else item
            where = "has no host address" if host_ip == "" else f"binds {host_ip}"
            yield Hit(line, f"port {shown} {where}, so it listens on every interface")


def _long_syntax(item: dict[Any, Any]) -> str:
    """Show a long-syntax port as it is written: ``target: 80, published: 8080``."""
    return ", ".join(f"{key}: {_scalar(value)}" for key, value in item.items())


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "null" if value is None else str(value)


def _host_ip(item: Any) -> str | None:
    """Return the host address a port is published on ("" for none); None if it publishes nothing."""
    if isinstance(item, dict):
        if "target" not in item:
            return None
        return str(interpolated(str(item.get("host_ip", "")))).strip()
    text = str(interpolated(str(item))).strip().split("/", 1)[0]
    if text.startswith("["):
        return text[1:].partition("]")[0]
    parts = text.split(":")
    return parts[0] if len(parts) == 3 else ""


_LOOPBACK = "127.0.0.1"


def _fix(service: Any, hit: Hit) -> bool:
    """Bind the reported port of the service's own `ports` to 127.0.0.1, keeping its host port.

    A port written with a variable (`${PORT}:8000`) is left: the variable may hold a host address.
    """
    if inherited(service, "ports"):
        return False
    ports = service.get("ports")
    index = item_at_line(ports, hit.line) if isinstance(ports, list) else None
    if index is None:
        return False
    item = ports[index]
    if isinstance(item, dict):
        if "target" not in item:
            return False
        if "host_ip" in item:
            replace_value(item, "host_ip", same_style(item["host_ip"], _LOOPBACK))
        else:
            add_key(item, "host_ip", _LOOPBACK)
        return True
    bound = _bound(str(item))
    if bound is None:
        return False
    replace_value(ports, index, same_style(item, bound))
    return True


def _bound(port: str) -> str | None:
    """Rewrite a short-syntax port to listen on loopback only: `8000:8000` -> `127.0.0.1:8000:8000`."""
    if "$" in port:
        return None
    body, slash, protocol = port.strip().partition("/")
    if body.startswith("["):
        _, closed, rest = body[1:].partition("]:")
        body = rest if closed and rest else ""
        parts = ["", *body.split(":")] if body else []
    else:
        parts = body.split(":")
    if len(parts) == 1:
        parts = ["", "", parts[0]]  # a container port alone: a random host port
    elif len(parts) == 2:
        parts = ["", *parts]
    if len(parts) != 3 or not parts[2]:
        return None
    return ":".join([_LOOPBACK, parts[1], parts[2]]) + slash + protocol


BAD = """\
services:
  app:
    image: example/app:1.0
    ports:
      - "8000:8000"
"""
GOOD = """\
services:
  app:
    image: example/app:1.0
    ports:
      - "127.0.0.1:8000:8000"
"""

RULE = Rule(
    id="CF006",
    name="port-all-interfaces",
    severity="warning",
    target="compose",
    title="a port is published on all interfaces",
    why=(
        "A port with no host address listens on every interface of the host, so anyone on the network "
        "can reach it; Docker's own firewall rules bypass host firewalls such as ufw."
    ),
    fix=(
        'Bind it to loopback, `"127.0.0.1:8000:8000"`, and put a reverse proxy in front for traffic that '
        "must come from outside."
    ),
    reported=(
        "each `ports` entry with no host address, or `0.0.0.0` or `::` (short syntax, a bare number, or "
        "long syntax without `host_ip`)."
    ),
    related="dclint no-unbound-port-interfaces (accepts `0.0.0.0`)",
    bad={"compose.yaml": BAD},
    good={"compose.yaml": GOOD},
    reads=Service,
    check=_check,
    autofix=_fix,
)
