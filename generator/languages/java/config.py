"""A JVM app's runtime configuration: ``src/main/resources/application.properties`` or ``.yml``.

Spring Boot, Quarkus and Micronaut all read their port from there. Properties files are ``key=value``
lines; YAML is parsed with PyYAML, and a key's line is found by following the indentation.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from generator.detect.files import read_text

RESOURCES = "src/main/resources"
_FILES = ("application.properties", "application.yml", "application.yaml")
_YAML_KEY = re.compile(r"^(\s*)([\w.\-]+)\s*:")
# Spring's placeholder with a default: ${PORT:8080} runs on 8080 unless PORT is set.
_PLACEHOLDER = re.compile(r"^\$\{[^:}]+:([^}]*)\}$")


def setting(repo: Path, key: str) -> tuple[str, str] | None:
    """Return a setting's value (a placeholder's default, for ``${PORT:8080}``) and its source.

    Args:
        repo: The application's folder.
        key: The dotted key, such as ``server.port``.

    Returns:
        The value and ``src/main/resources/<file>:<line>: <key>=<value>``, or None if no file sets it.

    """
    for name in _FILES:
        text = read_text(repo / RESOURCES / name)
        if text is None:
            continue
        found = _from_properties(text, key) if name.endswith(".properties") else _from_yaml(text, key)
        if found is not None:
            value, line = found
            placeholder = _PLACEHOLDER.match(value)
            return (
                placeholder.group(1) if placeholder else value
            ), f"{RESOURCES}/{name}:{line}: {key}={value}"
    return None


def _from_properties(text: str, key: str) -> tuple[str, int] | None:
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*[=:\s]\s*(.*?)\s*$")
    for number, line in enumerate(text.splitlines(), start=1):
        match = pattern.match(line)
        if match and not line.lstrip().startswith(("#", "!")):
            return match.group(1), number
    return None


def _from_yaml(text: str, key: str) -> tuple[str, int] | None:
    try:
        documents = list(yaml.safe_load_all(text))
    except yaml.YAMLError:
        return None
    for document in documents:
        value = _lookup(document, key.split("."))
        if value is not None and not isinstance(value, (dict, list)):
            return str(value), _yaml_line(text, key) or 1
    return None


def _lookup(data: Any, parts: list[str]) -> Any:
    """Find ``a.b.c`` nested, or written flat (``a.b: {c: 1}``, ``a.b.c: 1``), in YAML data."""
    if not parts:
        return data
    if not isinstance(data, dict):
        return None
    for size in range(len(parts), 0, -1):
        head = ".".join(parts[:size])
        if head in data:
            found = _lookup(data[head], parts[size:])
            if found is not None:
                return found
    return None


def _yaml_line(text: str, key: str) -> int | None:
    stack: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _YAML_KEY.match(line)
        if not match or line.lstrip().startswith("#"):
            continue
        indent = len(match.group(1))
        while stack and stack[-1][0] >= indent:
            stack.pop()
        stack.append((indent, match.group(2)))
        if ".".join(part for _, part in stack) == key:
            return number
    return None
