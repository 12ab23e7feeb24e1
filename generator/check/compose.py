"""Read a compose file into services and run the compose rules (``generator/check/rules/compose/``).

Values are read after compose's own substitution of ``${VAR:-default}`` defaults; a variable with no
default counts as empty, which is what compose uses when it is not set. A service that ``extends``
another in the same file inherits its keys; one that extends a service in another file is only checked
for what it sets itself. An ``extends`` that is neither a service name nor a mapping with a ``service``
name, a cycle of ``extends``, or a chain longer than :data:`MAX_EXTENDS` services is refused, as Compose
refuses the first two.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.check.escaping import SNIPPET_CHARS, escape, snippet
from generator.check.located_yaml import LocatedMap, YamlLimitError, load
from generator.check.model import Finding
from generator.check.registry import rules_reading
from generator.check.source import ParseError
from generator.check.variables import expand

#: The longest chain of services extending one another that is followed (real files have two or three).
MAX_EXTENDS = 64


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


@dataclass(frozen=True)
class ComposeFile:
    """A whole compose file: what rules about its top-level keys read (each service is a :class:`Service`).

    Attributes:
        document: The top-level mapping.

    """

    document: LocatedMap


def parse_compose(text: str, *, path: Path) -> LocatedMap:
    """Parse a compose file, keeping line numbers.

    Args:
        text: The file's content.
        path: Where it came from, for error messages.

    Returns:
        The top-level mapping.

    Raises:
        ParseError: It is not valid YAML, breaks a limit of :mod:`~generator.check.located_yaml`, is not
            a mapping with ``services`` (or ``include``), or has an ``extends`` that is malformed, cyclic
            or chained more than :data:`MAX_EXTENDS` deep.

    """
    import yaml  # here, not at the top: only a run that reads a compose file pays for PyYAML

    try:
        document = load(text)
    except YamlLimitError as error:
        raise ParseError(path=path, line=error.line, problem=f"refused: {error.problem}") from None
    except RecursionError:
        raise ParseError(path=path, problem="refused: nested too deep to read") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or getattr(error, "reason", None) or "invalid YAML"
        shown = escape(str(problem)[: 2 * SNIPPET_CHARS])
        line = mark.line + 1 if mark is not None else None
        raise ParseError(path=path, line=line, problem=f"not valid YAML ({shown})") from None
    if not isinstance(document, LocatedMap) or not (
        isinstance(document.get("services"), LocatedMap) or "include" in document
    ):
        raise ParseError(path=path, problem="not a compose file: no `services:` mapping")
    found = document.get("services")
    if isinstance(found, LocatedMap):
        _check_extends(found, path=path)
    return document


def check_compose(document: LocatedMap, *, path: Path) -> list[Finding]:
    """Run every compose rule: those about the whole file, then those about each service.

    Args:
        document: What :func:`parse_compose` returned.
        path: The compose file, for the findings.

    Returns:
        The findings: the file's by rule, then by service and rule.

    """
    whole = ComposeFile(document)
    found = [
        Finding(rule, path, hit.line, hit.message)
        for rule in rules_reading(ComposeFile)
        for hit in rule.check(whole)
    ]
    return found + [
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
        while "extends" in layers[-1] and len(layers) <= MAX_EXTENDS:
            parent, elsewhere = _extended(layers[-1]["extends"])
            if elsewhere or parent not in found:
                complete = False
                break
            if any(layer is found[parent] for layer in layers) or not isinstance(found[parent], LocatedMap):
                break
            layers.append(found[parent])
        yield Service(str(name), line, tuple(layers), complete)


def one_shot(service: Service) -> bool:
    """Tell whether a service is a job run now and then, not a service that keeps answering.

    ``restart: "no"`` says it is meant to end; ``profiles`` keep it out of a plain ``docker compose up``
    (migrations, seeding, admin tools are run on demand).
    """
    restart = service.get("restart")
    # An unquoted `restart: no` is YAML's false.
    if restart is not None and str(interpolated(restart[0])).strip().lower() in {"no", "false"}:
        return True
    return bool(service.value("profiles"))


def _extended(extends: Any) -> tuple[str | None, bool]:
    """Return the service an ``extends`` names (None if malformed) and whether it is in another file."""
    if isinstance(extends, str):
        return extends, False
    if isinstance(extends, dict) and isinstance(extends.get("service"), str):
        return extends["service"], "file" in extends
    return None, False


def _check_extends(found: LocatedMap, *, path: Path) -> None:
    """Refuse a malformed ``extends``, a cycle of them, or a chain longer than :data:`MAX_EXTENDS`.

    Each service's depth (how many services it extends in turn) is remembered, so the whole file is
    walked once however long the chains.
    """
    parents: dict[Any, Any] = {}
    for name, body in found.items():
        if not isinstance(body, LocatedMap) or "extends" not in body:
            continue
        extends = body["extends"]
        parent, elsewhere = _extended(extends)
        if isinstance(extends, dict) and not isinstance(extends.get("file", ""), str):
            raise ParseError(
                path=path,
                line=body.line_of("extends"),
                problem=f"service {snippet(str(name))}: `extends.file` must be a path, "
                f"not {_described(extends['file'])}",
            )
        if parent is None:
            raise ParseError(
                path=path,
                line=body.line_of("extends"),
                problem=f"service {snippet(str(name))}: `extends` must be a service name or a mapping "
                f"with a `service:` name, not {_described(extends)}",
            )
        if not elsewhere and parent in found:
            parents[name] = parent
    depths: dict[Any, int] = {}
    for start in found:
        chain: list[Any] = []
        on_chain: set[Any] = set()
        name = start
        while name not in depths:
            if name in on_chain:
                cycle = " -> ".join(snippet(str(member)) for member in [*chain[chain.index(name) :], name])
                raise ParseError(
                    path=path,
                    line=found[name].line_of("extends"),
                    problem=f"`extends` goes round in a cycle: {escape(cycle[: 4 * SNIPPET_CHARS])}",
                )
            chain.append(name)
            on_chain.add(name)
            if name not in parents:
                depths[name] = 0
                chain.pop()
                break
            name = parents[name]
        depth = depths[name]
        for member in reversed(chain):
            depth += 1
            if depth > MAX_EXTENDS:
                raise ParseError(
                    path=path,
                    line=found[member].line_of("extends"),
                    problem=f"service {snippet(str(member))} extends a chain of more than {MAX_EXTENDS} "
                    "services; refused",
                )
            depths[member] = depth


def _described(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "a mapping without a `service:` name"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "a boolean"
    return "a number" if isinstance(value, (int, float)) else "a value of another type"


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
