"""Collect the rules: every module under :mod:`generator.check.rules` defines one ``RULE``.

A rule is added by adding its module, nothing else: the registry walks the rule packages with
:mod:`pkgutil`, imports each module once, on first use, and orders the rules by target (Dockerfile,
.dockerignore, compose file) and id.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from typing import Any, TypeVar

from generator.check.model import TARGETS, Rule

_PACKAGE = "generator.check.rules"
SubjectT = TypeVar("SubjectT")


@cache
def all_rules() -> tuple[Rule[Any], ...]:
    """Return every rule, loaded once.

    Returns:
        The rules, ordered by target, then id.

    Raises:
        TypeError: A rule module has no ``RULE``, or its ``RULE`` is not a :class:`Rule`.

    """
    package = importlib.import_module(_PACKAGE)
    found: list[Rule[Any]] = []
    for info in pkgutil.walk_packages(package.__path__, prefix=f"{_PACKAGE}."):
        if info.ispkg:
            continue
        rule = getattr(importlib.import_module(info.name), "RULE", None)
        if not isinstance(rule, Rule):
            raise TypeError(f"{info.name} defines no RULE")
        found.append(rule)
    return tuple(sorted(found, key=lambda rule: (TARGETS.index(rule.target), rule.id)))


def rules_reading(subject: type[SubjectT]) -> tuple[Rule[SubjectT], ...]:
    """Return the rules whose check reads ``subject``, in id order.

    Args:
        subject: The type a runner has in hand (a parsed Dockerfile, an ignore file, a service).

    Returns:
        Those rules.

    """
    return tuple(rule for rule in all_rules() if rule.reads is subject)
