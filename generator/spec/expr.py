"""Small expressions over the answers, written once and read two ways.

A question's default, its condition (``when``), the checks on its answer and every computed value are
:class:`Expr` trees. Python evaluates a tree against the answers (that is how :class:`Spec` fills defaults
and refuses input); :meth:`Expr.jinja` writes the same tree as a Jinja expression for ``copier.yml``, so a
plain ``copier copy`` computes and refuses exactly what ``scaffold new`` does. Where Jinja has a filter
(``int``, ``float``, ``round``, ``lower``), the Python reading calls that very filter, so the two cannot
drift apart.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from typing_extensions import override

_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "==": lambda left, right: bool(left == right),
    "!=": lambda left, right: bool(left != right),
    "<": lambda left, right: bool(left < right),
    "<=": lambda left, right: bool(left <= right),
    ">": lambda left, right: bool(left > right),
    ">=": lambda left, right: bool(left >= right),
}


class Expr(ABC):
    """An expression over the answers, evaluated in Python and written out as Jinja."""

    @abstractmethod
    def evaluate(self, answers: Mapping[str, Any]) -> Any:
        """Compute the expression's value from the answers (a missing answer raises ``KeyError``)."""

    @abstractmethod
    def jinja(self) -> str:
        """Write the expression in Jinja, with the answers as variables of the same names."""

    @abstractmethod
    def names(self) -> frozenset[str]:
        """Return the answers the expression reads."""


def _names(*parts: Expr) -> frozenset[str]:
    return frozenset().union(*(part.names() for part in parts))


@dataclass(frozen=True)
class Const(Expr):
    """A fixed value: text, a number, a bool, None, or a list or mapping of those."""

    value: Any

    @override
    def evaluate(self, answers: Mapping[str, Any]) -> Any:
        return self.value

    @override
    def jinja(self) -> str:
        return literal(self.value)

    @override
    def names(self) -> frozenset[str]:
        return frozenset()


@dataclass(frozen=True)
class Var(Expr):
    """The answer to a question."""

    name: str

    @override
    def evaluate(self, answers: Mapping[str, Any]) -> Any:
        return answers[self.name]

    @override
    def jinja(self) -> str:
        return self.name

    @override
    def names(self) -> frozenset[str]:
        return frozenset({self.name})


@dataclass(frozen=True)
class Compare(Expr):
    """Two values compared with ``==``, ``!=``, ``<``, ``<=``, ``>`` or ``>=``."""

    left: Expr
    op: str
    right: Expr

    @override
    def evaluate(self, answers: Mapping[str, Any]) -> Any:
        return _COMPARE[self.op](self.left.evaluate(answers), self.right.evaluate(answers))

    @override
    def jinja(self) -> str:
        return f"({self.left.jinja()} {self.op} {self.right.jinja()})"

    @override
    def names(self) -> frozenset[str]:
        return _names(self.left, self.right)


def eq(left: Expr, right: Any) -> Compare:
    """``left == right``, a plain value on the right standing for a :class:`Const`."""
    return Compare(left, "==", right if isinstance(right, Expr) else Const(right))


@dataclass(frozen=True)
class In(Expr):
    """Whether ``item`` is one of a list's values, or a substring of a text."""

    item: Expr
    container: Expr

    @override
    def evaluate(self, answers: Mapping[str, Any]) -> Any:
        return self.item.evaluate(answers) in self.container.evaluate(answers)

    @override
    def jinja(self) -> str:
        return f"({self.item.jinja()} in {self.container.jinja()})"

    @override
    def names(self) -> frozenset[str]:
        return _names(self.item, self.container)


@dataclass(frozen=True)
class Not(Expr):
    """The negation of a condition."""

    operand: Expr

    @override
    def evaluate(self, answers: Mapping[str, Any]) -> Any:
        return not self.operand.evaluate(answers)

    @override
    def jinja(self) -> str:
        if isinstance(self.operand, Search):
            return self.operand.jinja().replace(" is not none)", " is none)")
        return f"(not {self.operand.jinja()})"

    @override
    def names(self) -> frozenset[str]:
        return self.operand.names()


@dataclass(frozen=True)
class And(Expr):
    """All conditions hold; later ones are read only when the earlier ones do."""

    operands: tuple[Expr, ...]

    @override
    def evaluate(self, answers: Mapping[str, Any]) -> Any:
        return all(operand.evaluate(answers) for operand in self.operands)

    @override
    def jinja(self) -> str:
        return "(" + " and ".join(operand.jinja() for operand in self.operands) + ")"

    @override
    def names(self) -> frozenset[str]:
        return _names(*self.operands)


@dataclass(frozen=True)
class Or(Expr):
    """Some condition holds; later ones are read only when the earlier ones do not."""

    operands: tuple[Expr, ...]

    @override
    def evaluate(self, answers: Mapping[str, Any]) -> Any:
        return any(operand.evaluate(answers) for operand in self.operands)

    @override
    def jinja(self) -> str:
        return "(" + " or ".join(operand.jinja() for operand in self.operands) + ")"

    @override
    def names(self) -> frozenset[str]:
        return _names(*self.operands)


@dataclass(frozen=True)
class If(Expr):
    """``then`` when the condition holds, else ``otherwise``; only the chosen branch is read."""

    condition: Expr
    then: Expr
    otherwise: Expr

    @override
    def evaluate(self, answers: Mapping[str, Any]) -> Any:
        chosen = self.then if self.condition.evaluate(answers) else self.otherwise
        return chosen.evaluate(answers)

    @override
    def jinja(self) -> str:
        return f"({self.then.jinja()} if {self.condition.jinja()} else {self.otherwise.jinja()})"

    @override
    def names(self) -> frozenset[str]:
        return _names(self.condition, self.then, self.otherwise)


def switch(key: Expr, cases: Mapping[Any, Expr], otherwise: Expr | None = None) -> Expr:
    """Choose an expression by the value of ``key``; the last case doubles as the fallback."""
    items = list(cases.items())
    result = otherwise if otherwise is not None else items.pop()[1]
    for value, expr in reversed(items):
        result = If(eq(key, value), expr, result)
    return result


@dataclass(frozen=True)
class Concat(Expr):
    """The parts joined as text (Jinja's ``~``)."""

    parts: tuple[Expr, ...]

    @override
    def evaluate(self, answers: Mapping[str, Any]) -> Any:
        return "".join(str(part.evaluate(answers)) for part in self.parts)

    @override
    def jinja(self) -> str:
        return "(" + " ~ ".join(part.jinja() for part in self.parts) + ")"

    @override
    def names(self) -> frozenset[str]:
        return _names(*self.parts)


@dataclass(frozen=True)
class Index(Expr):
    """A mapping's value at a key."""

    mapping: Expr
    key: Expr

    @override
    def evaluate(self, answers: Mapping[str, Any]) -> Any:
        return self.mapping.evaluate(answers)[self.key.evaluate(answers)]

    @override
    def jinja(self) -> str:
        return f"{self.mapping.jinja()}[{self.key.jinja()}]"

    @override
    def names(self) -> frozenset[str]:
        return _names(self.mapping, self.key)


@dataclass(frozen=True)
class Slice(Expr):
    """Part of a text, ``value[start:stop]``."""

    value: Expr
    start: int | None
    stop: int | None

    @override
    def evaluate(self, answers: Mapping[str, Any]) -> Any:
        return self.value.evaluate(answers)[self.start : self.stop]

    @override
    def jinja(self) -> str:
        start = "" if self.start is None else str(self.start)
        stop = "" if self.stop is None else str(self.stop)
        return f"{self.value.jinja()}[{start}:{stop}]"

    @override
    def names(self) -> frozenset[str]:
        return self.value.names()


@dataclass(frozen=True)
class Filter(Expr):
    """One of Jinja's filters ``int``, ``float``, ``round`` or ``lower``; Python calls the same function."""

    name: str
    value: Expr

    @override
    def evaluate(self, answers: Mapping[str, Any]) -> Any:
        # Imported here: the language table reads expressions, and `scaffold check` loads no Jinja.
        from jinja2 import filters

        value = self.value.evaluate(answers)
        if self.name == "int":
            return filters.do_int(value)
        if self.name == "float":
            return filters.do_float(value)
        if self.name == "round":
            return filters.do_round(value)
        return filters.do_lower(value)

    @override
    def jinja(self) -> str:
        return f"({self.value.jinja()} | {self.name})"

    @override
    def names(self) -> frozenset[str]:
        return self.value.names()


@dataclass(frozen=True)
class Times(Expr):
    """The product of two numbers."""

    left: Expr
    right: Expr

    @override
    def evaluate(self, answers: Mapping[str, Any]) -> Any:
        return self.left.evaluate(answers) * self.right.evaluate(answers)

    @override
    def jinja(self) -> str:
        return f"({self.left.jinja()} * {self.right.jinja()})"

    @override
    def names(self) -> frozenset[str]:
        return _names(self.left, self.right)


@dataclass(frozen=True)
class StartsWith(Expr):
    """Whether a text starts with a prefix."""

    value: Expr
    prefix: str

    @override
    def evaluate(self, answers: Mapping[str, Any]) -> Any:
        return str(self.value.evaluate(answers)).startswith(self.prefix)

    @override
    def jinja(self) -> str:
        return f"{self.value.jinja()}.startswith({literal(self.prefix)})"

    @override
    def names(self) -> frozenset[str]:
        return self.value.names()


@dataclass(frozen=True)
class Search(Expr):
    """Whether a regular expression matches somewhere in a text (anchor it for a whole match).

    Jinja reads it with Copier's ``regex_search`` filter, which is :func:`re.search` on the same pattern.
    """

    value: Expr
    pattern: re.Pattern[str]

    @override
    def evaluate(self, answers: Mapping[str, Any]) -> Any:
        return self.pattern.search(self.value.evaluate(answers)) is not None

    @override
    def jinja(self) -> str:
        return f"(({self.value.jinja()} | regex_search({literal(self.pattern.pattern)})) is not none)"

    @override
    def names(self) -> frozenset[str]:
        return self.value.names()


@dataclass(frozen=True)
class IsMapping(Expr):
    """Whether a value is a mapping (a YAML answer can be anything)."""

    value: Expr

    @override
    def evaluate(self, answers: Mapping[str, Any]) -> Any:
        return isinstance(self.value.evaluate(answers), Mapping)

    @override
    def jinja(self) -> str:
        return f"({self.value.jinja()} is mapping)"

    @override
    def names(self) -> frozenset[str]:
        return self.value.names()


@dataclass(frozen=True)
class Entries(Expr):
    """A mapping's keys or its values, as a list."""

    mapping: Expr
    part: str  # "keys" or "values"

    @override
    def evaluate(self, answers: Mapping[str, Any]) -> Any:
        found = self.mapping.evaluate(answers)
        return list(found.keys() if self.part == "keys" else found.values())

    @override
    def jinja(self) -> str:
        return f"({self.mapping.jinja()}.{self.part}() | list)"

    @override
    def names(self) -> frozenset[str]:
        return self.mapping.names()


@dataclass(frozen=True)
class AnyNotText(Expr):
    """Whether some item of a list is not text."""

    items: Expr

    @override
    def evaluate(self, answers: Mapping[str, Any]) -> Any:
        return any(not isinstance(item, str) for item in self.items.evaluate(answers))

    @override
    def jinja(self) -> str:
        return f"(({self.items.jinja()} | reject('string') | list | length) > 0)"

    @override
    def names(self) -> frozenset[str]:
        return self.items.names()


@dataclass(frozen=True)
class AnySearch(Expr):
    """Whether a regular expression matches in some item (``found=True``) or misses in some item."""

    items: Expr
    pattern: re.Pattern[str]
    found: bool

    @override
    def evaluate(self, answers: Mapping[str, Any]) -> Any:
        return any(
            (self.pattern.search(item) is not None) == self.found for item in self.items.evaluate(answers)
        )

    @override
    def jinja(self) -> str:
        keep = "reject" if self.found else "select"
        searched = f"{self.items.jinja()} | map('regex_search', {literal(self.pattern.pattern)})"
        return f"(({searched} | {keep}('none') | list | length) > 0)"

    @override
    def names(self) -> frozenset[str]:
        return self.items.names()


@dataclass(frozen=True)
class Table(Expr):
    """A Python function of a few closed-set answers, written out for Jinja as a lookup table.

    Attributes:
        inputs: The answers the function takes, in order.
        function: The function; it is the one definition of the value.
        domain: Every combination of inputs the table must hold (the valid ones).

    """

    inputs: tuple[str, ...]
    function: Callable[..., Any]
    domain: tuple[tuple[str, ...], ...]

    @override
    def evaluate(self, answers: Mapping[str, Any]) -> Any:
        return self.function(*(answers[name] for name in self.inputs))

    @override
    def jinja(self) -> str:
        table: dict[str, Any] = {}
        for combination in self.domain:
            level = table
            for value in combination[:-1]:
                level = level.setdefault(value, {})
            level[combination[-1]] = self.function(*combination)
        return literal(table) + "".join(f"[{name}]" for name in self.inputs)

    @override
    def names(self) -> frozenset[str]:
        return frozenset(self.inputs)


def literal(value: Any) -> str:
    """Write a value as a Jinja literal (text is escaped so Jinja reads back exactly the same text)."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return "'" + "".join(_escaped(char) for char in value) + "'"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{literal(key)}: {literal(item)}" for key, item in value.items()) + "}"
    if isinstance(value, Iterable):
        return "[" + ", ".join(literal(item) for item in value) + "]"
    raise TypeError(f"no Jinja literal for {value!r}")


def _escaped(char: str) -> str:
    # Jinja reads a string literal with Python's unicode-escape codec; anything outside printable ASCII
    # is written as an escape, so copier.yml stays plain ASCII (YAML takes U+2028 for a line break).
    if char in "\\'":
        return "\\" + char
    if " " <= char <= "~":
        return char
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"
