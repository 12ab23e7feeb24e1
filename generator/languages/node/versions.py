"""Node.js versions: a pin (``.nvmrc``, ``.node-version``) or an ``engines.node`` range to a major.

``engines.node`` is an npm semver range (``>=20``, ``^20.11``, ``18 || 20``, ``20.x``, ``18 - 22``).
Only the majors matter here, so a range is read as half-open version intervals and each major is tested
for an overlap: small, and exact for every form npm documents (prereleases aside).
"""

from __future__ import annotations

import re

#: Node's long-term-support majors that scaffold builds on, oldest first (all have distroless images).
LTS = ("18", "20", "22", "24")
#: The oldest Node.js scaffold supports (the node_version question's lower bound).
OLDEST = 18
_CODENAMES = {"hydrogen": "18", "iron": "20", "jod": "22", "krypton": "24"}
_NEWEST_CHECKED = 99

Version = tuple[int, int, int]
Interval = tuple[Version, Version]  # [low, high)
_ZERO: Version = (0, 0, 0)
_INFINITY: Version = (10**9, 0, 0)
_PART = r"(\*|[xX]|\d+)"
_COMPARATOR = re.compile(rf"^(>=|<=|>|<|=|\^|~>?|)v?{_PART}(?:\.{_PART})?(?:\.{_PART})?(?:[-+]\S*)?$")
_HYPHEN = re.compile(r"^\s*(\S+)\s+-\s+(\S+)\s*$")


def from_pin(text: str) -> str | None:
    """Return the major a ``.nvmrc`` / ``.node-version`` line names (``v20.11.1``, ``lts/iron``), if any."""
    value = text.strip().lower()
    if value == "lts/*":
        return LTS[-1]
    if value.startswith("lts/"):
        return _CODENAMES.get(value[4:])
    match = re.match(r"^v?(\d+)(\.\d+){0,2}$", value)
    return match.group(1) if match else None


def from_range(text: str) -> str | None:
    """Return the major to build on for an ``engines.node`` range.

    The newest LTS major the range allows, else the oldest major from 18 it allows (a non-LTS release),
    else None (the range is not valid, or allows nothing from 18).
    """
    groups = _parse(text)
    if groups is None:
        return None

    def allows(major: int) -> bool:
        inside: Interval = ((major, 0, 0), (major + 1, 0, 0))
        return any(_overlap([*group, inside]) for group in groups)

    lts = [major for major in LTS if allows(int(major))]
    if lts:
        return lts[-1]
    other = next((major for major in range(OLDEST, _NEWEST_CHECKED + 1) if allows(major)), None)
    return str(other) if other is not None else None


def _overlap(intervals: list[Interval]) -> bool:
    low = max(interval[0] for interval in intervals)
    high = min(interval[1] for interval in intervals)
    return low < high


def _parse(text: str) -> list[list[Interval]] | None:
    groups: list[list[Interval]] = []
    for raw in text.split("||"):
        hyphen = _HYPHEN.match(raw)
        if hyphen:
            low, high = _comparator(">=" + hyphen.group(1)), _comparator("<=" + hyphen.group(2))
            if low is None or high is None:
                return None
            groups.append([low, high])
            continue
        # npm allows a space between an operator and its version (">= 20").
        tokens = re.sub(r"(>=|<=|>|<|=|\^|~>?)\s+", r"\1", raw.strip()).split()
        group = [_comparator(token) for token in tokens or ["*"]]
        if any(interval is None for interval in group):
            return None
        groups.append([interval for interval in group if interval is not None])
    return groups


def _comparator(token: str) -> Interval | None:
    match = _COMPARATOR.match(token)
    if match is None:
        return None
    operator = match.group(1)
    parts: list[int] = []
    for part in match.groups()[1:]:
        if part is None or not part.isdigit():
            break
        parts.append(int(part))
    padded = [*parts, 0, 0, 0]
    low: Version = (padded[0], padded[1], padded[2])
    given = len(parts)
    # The first version past everything the partial version names: 20 -> 21.0.0, 20.11 -> 20.12.0.
    past: list[Version] = [
        _INFINITY,
        (low[0] + 1, 0, 0),
        (low[0], low[1] + 1, 0),
        (low[0], low[1], low[2] + 1),
    ]
    bumped = past[given]
    if operator in {"", "="}:
        return (low, bumped)
    if operator == ">=":
        return (low, _INFINITY)
    if operator == ">":
        return (bumped, _INFINITY)
    if operator == "<":
        return (_ZERO, low)
    if operator == "<=":
        return (_ZERO, bumped)
    if operator.startswith("~"):
        return (low, (low[0], low[1] + 1, 0) if given >= 2 else bumped)
    # Caret: up to the next change of the first non-zero part.
    if low[0] > 0 or given <= 1:
        return (low, (low[0] + 1, 0, 0) if given else _INFINITY)
    if low[1] > 0 or given == 2:
        return (low, (0, low[1] + 1, 0))
    return (low, (0, 0, low[2] + 1))
