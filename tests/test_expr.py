"""Expressions over the answers read the same in Python and in the Jinja written for copier.yml."""

from __future__ import annotations

from typing import Any

import jinja2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.spec.computed import ENTRYPOINT_KIND, memory_bytes_of
from generator.spec.copier_yml import render
from generator.spec.expr import Expr, Var, literal
from generator.spec.rules import MEMORY

from .examples import examples

pytestmark = pytest.mark.properties

_JINJA = jinja2.Environment(
    undefined=jinja2.StrictUndefined, extensions=["jinja2_ansible_filters.AnsibleCoreFiltersExtension"]
)
# No deadline: on a loaded machine a slow example says nothing about the property.
_SETTINGS = settings(derandomize=True, database=None, deadline=None, max_examples=examples(200))


def _in_jinja(expr: Expr, answers: dict[str, Any]) -> str:
    return _JINJA.from_string("{{ " + expr.jinja() + " }}").render(**answers)


@_SETTINGS
@given(
    st.one_of(st.text(), st.lists(st.text(max_size=3), max_size=3), st.integers(), st.booleans(), st.none())
)
def test_a_literal_reads_back_as_the_same_value(value: Any) -> None:
    assert _JINJA.from_string("{{ value == " + literal(value) + " }}").render(value=value) == "True"


@_SETTINGS
@given(st.text())
def test_a_literal_is_plain_ascii(text: str) -> None:
    written = literal(text)
    assert written.isascii() and written.isprintable()


@_SETTINGS
@given(st.from_regex(MEMORY))
def test_memory_in_bytes_reads_the_same(memory: str) -> None:
    expr = memory_bytes_of(Var("memory"))
    assert _in_jinja(expr, {"memory": memory}) == str(expr.evaluate({"memory": memory}))


@_SETTINGS
@given(st.text(alphabet="-m :.apy_()", max_size=12))
def test_entrypoint_kind_reads_the_same(entrypoint: str) -> None:
    assert _in_jinja(ENTRYPOINT_KIND, {"entrypoint": entrypoint}) == ENTRYPOINT_KIND.evaluate(
        {"entrypoint": entrypoint}
    )


def test_copier_yml_is_plain_ascii() -> None:
    # YAML reads U+2028 and U+0085 as line breaks: every such character is written as an escape.
    assert render().isascii()
