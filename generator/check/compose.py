"""The compose file rules (``CF``): each service's privileges, mounts, limits, ports and health check.

Values are read after compose's own substitution of ``${VAR:-default}`` defaults; a variable with no
default counts as empty, which is what compose uses when it is not set. A service that ``extends``
another in the same file inherits its keys; one that extends a service in another file is only checked
for what it sets itself.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.check import rules
from generator.check.located_yaml import LocatedList, LocatedMap, load
from generator.check.model import Finding, Rule
from generator.check.variables import expand
from generator.errors import CheckInputError

_SOCKETS = ("docker.sock", "podman.sock", "containerd.sock")
_SOCKET_FOLDERS = frozenset({"/var/run", "/run", "/var/run/docker", "/run/docker"})
_ALL_INTERFACES = frozenset({"", "0.0.0.0", "::"})
_HOST_NAMESPACES = {
    "network_mode": "network",
    "pid": "process",
    "ipc": "IPC",
    "uts": "hostname",
    "userns_mode": "user",
}


@dataclass(frozen=True)
class _Service:
    """A service with the services it extends in the same file (nearest first).

    Attributes:
        name: The service's name.
        line: Line of the service's key under ``services``.
        layers: Its own mapping, then each mapping it extends.
        complete: False when it extends a service this file does not hold, so a key that looks
            missing may be set there.

    """

    name: str
    line: int
    layers: tuple[LocatedMap, ...]
    complete: bool

    def get(self, key: str) -> tuple[Any, int] | None:
        """Return a key's value and line from the nearest layer that sets it, or None."""
        for layer in self.layers:
            if key in layer:
                return layer[key], layer.line_of(key)
        return None

    def value(self, *keys: str) -> Any:
        """Return the value at a key path (``deploy``, ``resources``, ``limits``), or None.

        Compose merges mappings of an extended service key by key, so the nearest layer that has the
        whole path wins.
        """
        for layer in self.layers:
            current: Any = layer
            for key in keys:
                current = current.get(key) if isinstance(current, dict) else None
            if current is not None:
                return current
        return None


def parse_compose(text: str, *, path: Path) -> LocatedMap:
    """Parse a compose file, keeping line numbers.

    Args:
        text: The file's content.
        path: Where it came from, for error messages.

    Returns:
        The top-level mapping.

    Raises:
        CheckInputError: It is not valid YAML, or not a mapping with ``services`` (or ``include``).

    """
    try:
        document = load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(error, "problem", None) or "invalid YAML"
        raise CheckInputError(path=path, reason=f"{where}not valid YAML ({problem})") from error
    if not isinstance(document, LocatedMap) or not (
        isinstance(document.get("services"), LocatedMap) or "include" in document
    ):
        raise CheckInputError(path=path, reason="not a compose file: no `services:` mapping")
    return document


def check_compose(document: LocatedMap, *, path: Path) -> list[Finding]:
    """Run every compose rule on every service.

    Args:
        document: What :func:`parse_compose` returned.
        path: The compose file, for the findings.

    Returns:
        The findings, by service and rule.

    """
    checks: tuple[Callable[[_Service], Iterator[tuple[Rule, int, str]]], ...] = (
        _privileged,
        _host_mount,
        _resource_limits,
        _cap_drop,
        _no_new_privileges,
        _ports,
        _read_only,
        _healthcheck,
        _host_namespace,
    )
    findings: list[Finding] = []
    for service in _services(document):
        for check in checks:
            findings.extend(
                Finding(rule, path, line, f"service {service.name!r}: {message}")
                for rule, line, message in check(service)
            )
    return findings


def _services(document: LocatedMap) -> Iterator[_Service]:
    services = document.get("services")
    if not isinstance(services, LocatedMap):
        return
    for name, body in services.items():
        line = services.line_of(name)
        layers = [body if isinstance(body, LocatedMap) else LocatedMap(line)]
        complete = True
        while "extends" in layers[-1]:
            extends = layers[-1]["extends"]
            parent = extends if isinstance(extends, str) else extends.get("service")
            if (isinstance(extends, dict) and "file" in extends) or parent not in services:
                complete = False
                break
            if any(layer is services[parent] for layer in layers) or not isinstance(
                services[parent], LocatedMap
            ):
                break
            layers.append(services[parent])
        yield _Service(str(name), line, tuple(layers), complete)


def _privileged(service: _Service) -> Iterator[tuple[Rule, int, str]]:
    found = service.get("privileged")
    if found and _true(found[0]):
        yield rules.PRIVILEGED, found[1], "privileged: true gives it every capability and host device"


def _host_mount(service: _Service) -> Iterator[tuple[Rule, int, str]]:
    found = service.get("volumes")
    if not found or not isinstance(found[0], LocatedList):
        return
    volumes = found[0]
    for item, line in zip(volumes, volumes.item_lines, strict=True):
        source = _mount_source(item)
        if source is None:
            continue
        if source.endswith(_SOCKETS) or source in _SOCKET_FOLDERS:
            yield rules.HOST_MOUNT, line, f"mounts the container engine's socket ({source})"
        elif source == "/":
            yield rules.HOST_MOUNT, line, "mounts the host's root filesystem (/)"


def _resource_limits(service: _Service) -> Iterator[tuple[Rule, int, str]]:
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
        yield rules.NO_RESOURCE_LIMITS, service.line, f"no {listed} limit"


def _cap_drop(service: _Service) -> Iterator[tuple[Rule, int, str]]:
    found = service.get("cap_drop")
    if found is None:
        if service.complete:
            yield rules.NO_CAP_DROP, service.line, "no cap_drop: it keeps Docker's default capabilities"
        return
    dropped = found[0] if isinstance(found[0], list) else [found[0]]
    if not any(str(capability).upper() in {"ALL", "CAP_ALL"} for capability in dropped):
        yield rules.NO_CAP_DROP, found[1], "cap_drop does not drop ALL"


def _no_new_privileges(service: _Service) -> Iterator[tuple[Rule, int, str]]:
    found = service.get("security_opt")
    options = found[0] if found and isinstance(found[0], list) else []
    for option in options:
        name, _, value = str(option).replace("=", ":").partition(":")
        if name.strip() == "no-new-privileges" and value.strip().lower() in {"", "true"}:
            return
    if found is not None:
        yield rules.NO_NEW_PRIVILEGES, found[1], "security_opt does not set no-new-privileges:true"
    elif service.complete:
        yield rules.NO_NEW_PRIVILEGES, service.line, "no security_opt with no-new-privileges:true"


def _ports(service: _Service) -> Iterator[tuple[Rule, int, str]]:
    found = service.get("ports")
    if not found or not isinstance(found[0], LocatedList):
        return
    ports = found[0]
    for item, line in zip(ports, ports.item_lines, strict=True):
        host_ip = _host_ip(item)
        if host_ip is not None and host_ip in _ALL_INTERFACES:
            shown = item if not isinstance(item, dict) else dict(item)
            where = "has no host address" if host_ip == "" else f"binds {host_ip}"
            yield rules.PORT_ALL_INTERFACES, line, f"port {shown} {where}, so it listens on every interface"


def _read_only(service: _Service) -> Iterator[tuple[Rule, int, str]]:
    found = service.get("read_only")
    if found is None:
        if service.complete:
            yield (
                rules.WRITABLE_ROOT_FS,
                service.line,
                "no read_only: true, so its root filesystem is writable",
            )
    elif not _true(found[0]):
        shown = str(found[0]).lower() if isinstance(found[0], bool) else found[0]
        yield rules.WRITABLE_ROOT_FS, found[1], f"read_only: {shown} leaves its root filesystem writable"


def _healthcheck(service: _Service) -> Iterator[tuple[Rule, int, str]]:
    found = service.get("healthcheck")
    if found is None:
        if service.complete:
            yield rules.NO_COMPOSE_HEALTHCHECK, service.line, "no healthcheck"
        return
    check = found[0] if isinstance(found[0], dict) else {}
    test = check.get("test")
    disabled = _true(check.get("disable")) or (isinstance(test, list) and test[:1] == ["NONE"])
    if disabled:
        yield rules.NO_COMPOSE_HEALTHCHECK, found[1], "the healthcheck is disabled"


def _host_namespace(service: _Service) -> Iterator[tuple[Rule, int, str]]:
    for key, namespace in _HOST_NAMESPACES.items():
        found = service.get(key)
        if found and str(_interpolated(found[0])).strip().lower() == "host":
            yield rules.HOST_NAMESPACE, found[1], f"{key}: host shares the host's {namespace} namespace"


def _mount_source(item: Any) -> str | None:
    """Return a volume's host source path, normalised; None for a named or anonymous volume."""
    if isinstance(item, dict):
        if item.get("type", "volume") != "bind":
            return None
        source = item.get("source")
    elif isinstance(item, str):
        parts = _interpolated(item).split(":")
        source = parts[0] if len(parts) > 1 else None
    else:
        return None
    if not isinstance(source, str) or not source.startswith("/"):
        return None
    source = _interpolated(source)
    return "/" + posixpath.normpath(source).lstrip("/") if source.strip("/") else "/"


def _host_ip(item: Any) -> str | None:
    """Return the host address a port is published on ("" for none); None if it publishes nothing."""
    if isinstance(item, dict):
        if "target" not in item:
            return None
        return str(_interpolated(str(item.get("host_ip", "")))).strip()
    text = str(_interpolated(str(item))).strip().split("/", 1)[0]
    if text.startswith("["):
        return text[1:].partition("]")[0]
    parts = text.split(":")
    return parts[0] if len(parts) == 3 else ""


def _interpolated(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    substituted = expand(value.replace("$$", "\x00"), {}, unset="")
    return (substituted or "").replace("\x00", "$")


def _true(value: Any) -> bool:
    return value is True or (isinstance(value, str) and _interpolated(value).strip().lower() == "true")
