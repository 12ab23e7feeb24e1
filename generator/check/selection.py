"""Which rules count, and for which files: ``select``, ``ignore`` and ``per-file-ignores``.

Rules are chosen as ruff chooses them. A selector is a rule id (``DF003``) or a prefix of ids (``DF``,
``CF0``). Within one layer (the configuration file, then the flags) the most specific selector that
matches a rule decides: ``select = ["DF"]`` with ``ignore = ["DF003"]`` keeps every Dockerfile rule but
DF003, and ``select = ["DF003"]`` with ``ignore = ["DF"]`` keeps DF003 alone; for selectors of the same
length, ``ignore`` wins. A layer that selects starts afresh, so ``--select`` on the command line wins over
the file's ``select`` and ``ignore``; a layer that only ignores turns more rules off. ``per-file-ignores``
turn rules off for the files matching a glob, whatever is selected.

A rule turned off still runs: its findings are kept, marked as suppressed (SARIF ``external``), so a
report can say how many there were.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

#: How a selector is written: letters, then digits (``DF``, ``CF0``, ``DI001``).
SELECTOR = re.compile(r"[A-Z]+[0-9]*")
#: The accepted form of a list of selectors, for error messages.
SELECTORS_FORM = "rule ids or prefixes of them (DF003, DF, CF0)"


class UnknownSelectorError(ValueError):
    """A selector is not a rule id or a prefix of one.

    Attributes:
        selector: The selector, as given.

    """

    def __init__(self, selector: str) -> None:
        super().__init__(selector)
        self.selector = selector


def parse_selectors(values: Iterable[str], *, known: Sequence[str]) -> tuple[str, ...]:
    """Read selectors, each a rule id or a prefix of rule ids; case and spaces around them do not count.

    Args:
        values: The selectors as written (``--select`` is split on commas before).
        known: Every rule id.

    Returns:
        The selectors, upper-case, in order.

    Raises:
        UnknownSelectorError: One is empty, not letters then digits, or no rule id starts with it.

    """
    selectors = []
    for value in values:
        selector = value.strip().upper()
        if not SELECTOR.fullmatch(selector) or not any(rule.startswith(selector) for rule in known):
            raise UnknownSelectorError(value)
        selectors.append(selector)
    return tuple(selectors)


def split_selectors(text: str) -> list[str]:
    """Split a comma-separated flag value (``DF003,CF``) into selectors; a trailing comma is allowed."""
    parts = text.split(",")
    if len(parts) > 1 and not parts[-1].strip():
        parts.pop()
    return parts


@dataclass(frozen=True)
class Layer:
    """One place rules are chosen: the configuration file, or the flags.

    Attributes:
        select: The rules it selects, or None when it selects nothing anew (the layer below stands).
        ignore: The rules it turns off.
        select_label: How to name its ``select`` in a justification (``--select``).
        ignore_label: How to name its ``ignore``.

    """

    select: tuple[str, ...] | None
    ignore: tuple[str, ...]
    select_label: str
    ignore_label: str


@dataclass(frozen=True)
class PerFileIgnore:
    """Rules turned off for the files a glob matches.

    Attributes:
        glob: The glob, relative to :attr:`root`: ``*`` and ``?`` stay within a path segment, ``**``
            spans segments, a glob without ``/`` matches a file name anywhere below the root, and a glob
            that matches a folder matches what is in it.
        rules: The selectors turned off.
        root: The folder of the configuration file.
        label: How to name it in a justification.

    """

    glob: str
    rules: tuple[str, ...]
    root: Path
    label: str

    def matches(self, path: Path) -> bool:
        """Tell whether the glob matches ``path`` (relative paths are read from the current folder)."""
        absolute = Path(os.path.abspath(path))
        try:
            relative = absolute.relative_to(os.path.abspath(self.root)).as_posix()
        except ValueError:
            relative = None
        pattern = glob_regex(self.glob)
        if relative is not None and pattern.fullmatch(relative):
            return True
        # As in ruff and .gitignore, a glob of a bare name matches that name in any folder.
        return "/" not in self.glob.strip().strip("/") and pattern.fullmatch(absolute.name) is not None


@dataclass(frozen=True)
class Selection:
    """Everything that turns rules off outside the checked files.

    Attributes:
        layers: The configuration file's layer, then the flags' (each optional).
        per_file: The ``per-file-ignores``.

    """

    layers: tuple[Layer, ...] = ()
    per_file: tuple[PerFileIgnore, ...] = ()

    def why_off(self, rule: str, path: Path) -> str | None:
        """Say why ``rule`` does not count in ``path``, or None when it counts.

        Args:
            rule: A rule id.
            path: The file a finding of it is in.

        Returns:
            A justification naming the setting and the selector (``--ignore DF0``), or None.

        """
        reason = _layered(self.layers, rule)
        if reason is not None:
            return reason
        for entry in self.per_file:
            matched = _longest(entry.rules, rule)
            if matched is not None and entry.matches(path):
                return f'{entry.label} "{entry.glob}" = {matched}'
        return None


def _layered(layers: tuple[Layer, ...], rule: str) -> str | None:
    reason: str | None = None
    for layer in layers:
        ignored = _longest(layer.ignore, rule)
        if layer.select is not None:
            selected = _longest(layer.select, rule)
            if selected is None:
                chosen = ", ".join(layer.select) or "(empty)"
                reason = f"not selected by {layer.select_label} {chosen}"
            elif ignored is not None and len(ignored) >= len(selected):
                reason = f"{layer.ignore_label} {ignored}"
            else:
                reason = None
        elif ignored is not None:
            reason = f"{layer.ignore_label} {ignored}"
    return reason


def _longest(selectors: Iterable[str], rule: str) -> str | None:
    """Return the longest selector that matches ``rule`` (the most specific), or None."""
    matching = [selector for selector in selectors if rule.startswith(selector)]
    return max(matching, key=len) if matching else None


@cache
def glob_regex(glob: str) -> re.Pattern[str]:
    """Translate a ``per-file-ignores`` glob into a regex over a ``/``-separated relative path.

    Args:
        glob: The glob (see :class:`PerFileIgnore`); a leading ``./`` or ``/`` is dropped.

    Returns:
        A regex that matches the paths the glob names, and everything under them.

    """
    text = glob.strip()
    text = (text[2:] if text.startswith("./") else text.lstrip("/")).rstrip("/")
    out = []
    index = 0
    while index < len(text):
        if text.startswith("**/", index):
            out.append("(?:.*/)?")
            index += 3
        elif text.startswith("**", index):
            out.append(".*")
            index += 2
        else:
            char = text[index]
            out.append("[^/]*" if char == "*" else "[^/]" if char == "?" else re.escape(char))
            index += 1
    return re.compile("".join(out) + "(?:/.*)?", re.DOTALL)
