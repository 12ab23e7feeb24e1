"""Read a compose file into services and run the compose rules (``generator/check/rules/compose/``).

Values are read after compose's own substitution of ``${VAR:-default}`` defaults; a variable with no
default counts as empty, which is what compose uses when it is not set. A service that ``extends``
another in the same file inherits its keys; one that extends a service in another file is only checked
for what it sets itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.check.located_yaml import LocatedMap, load
from generator.check.model import Finding
from generator.check.registry import rules_reading
from generator.check.variables import expand
from generator.errors import CheckInputError


@dataclass(frozen=True)
class Service:
    """A service with the services it extends in the same file (nearest first): what compose rules read.

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
    import yaml  # here, not at the top: only a run that reads a compose file pays for PyYAML

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
    return [
        Finding(rule, path, hit.line, f"service {service.name!r}: {hit.message}")
        for service in services(document)
        for rule in rules_reading(Service)
        for hit in rule.check(service)
    ]


def services(document: LocatedMap) -> Iterator[Service]:
    """Yield the file's services, each with the services it extends in the same file.

    Args:
        document: What :func:`parse_compose` returned.

    Yields:
        The services, in file order.

    """
    found = document.get("services")
    if not isinstance(found, LocatedMap):
        return
    for name, body in found.items():
        line = found.line_of(name)
        layers = [body if isinstance(body, LocatedMap) else LocatedMap(line)]
        complete = True
        while "extends" in layers[-1]:
            extends = layers[-1]["extends"]
            parent = extends if isinstance(extends, str) else extends.get("service")
            if (isinstance(extends, dict) and "file" in extends) or parent not in found:
                complete = False
                break
            if any(layer is found[parent] for layer in layers) or not isinstance(found[parent], LocatedMap):
                break
            layers.append(found[parent])
        yield Service(str(name), line, tuple(layers), complete)


def interpolated(value: Any) -> Any:
    """Substitute ``${VAR:-default}`` as compose does with nothing set; ``$$`` stays a literal ``$``.

    Args:
        value: A value from the file; only strings change.

    Returns:
        The value compose would use.

    """
    if not isinstance(value, str):
        return value
    substituted = expand(value.replace("$$", "\x00"), {}, unset="")
    return (substituted or "").replace("\x00", "$")


def is_true(value: Any) -> bool:
    """Tell whether a value is YAML ``true`` or a string that reads ``true`` after substitution.

    Args:
        value: A value from the file.

    Returns:
        True if compose takes it as true.

    """
    return value is True or (isinstance(value, str) and interpolated(value).strip().lower() == "true")
