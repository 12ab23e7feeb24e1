"""`copier copy` and `scaffold new` refuse exactly the same answers, and compute the same values.

Hypothesis draws answers for every question (valid forms from each question's own patterns, those with a
trailing line break or a control character, numbers with leading zeros, signs or underscores, random
text, values of the wrong type) and each set goes through Copier's own questionnaire over the generated
copier.yml and through the Spec. They must both accept it with the same answers and computed values, or
both refuse the same question (with the same words when a check refused it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.languages import LANGUAGES
from generator.spec.expr import AnySearch, Expr, Search
from generator.spec.questions import QUESTION_BY_NAME, QUESTIONS, QuestionDefinition
from generator.spec.rules import MEMORY

from .copier_questions import CopierQuestions, agree, spec_outcome
from .examples import examples

pytestmark = pytest.mark.properties

# Bounded and seeded: the same examples on every run; tests/examples.py sets how many.
_SETTINGS = settings(
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

#: Characters that must never pass into a text answer, and others worth trying.
_TRAILERS = [
    "\n",
    "\r\n",
    "\r",
    "\t",
    "\x00",
    "\x1b",
    "\x7f",
    "\x85",
    "\x9f",
    "\u2028",
    "\u2029",
    " ",
    '"',
    "$",
    "/",
]


@pytest.fixture(scope="module")
def copier_questions(plain_template: Path) -> CopierQuestions:
    return CopierQuestions(plain_template)


def _patterns(expr: Expr) -> Iterator[re.Pattern[str]]:
    if isinstance(expr, (Search, AnySearch)):
        yield expr.pattern
    for value in vars(expr).values():
        parts = value if isinstance(value, tuple) else (value,)
        for part in parts:
            if isinstance(part, Expr):
                yield from _patterns(part)


def _forms(question: QuestionDefinition) -> list[re.Pattern[str]]:
    """The whole-answer patterns a question's checks use: valid answers are drawn from them."""
    found = [pattern for check in question.checks for pattern in _patterns(check.refuse)]
    return [pattern for pattern in found if pattern.pattern.startswith("^")]


def _text(question: QuestionDefinition) -> st.SearchStrategy[Any]:
    forms = _forms(question)
    valid = st.one_of([st.from_regex(pattern) for pattern in forms]) if forms else st.text(max_size=12)
    default = question.default.evaluate({"language": "python", "app_kind": "web", "app_name": "demo",
                                          "runtime_base": "slim", "package_manager": "pip",
                                          "memory": "512m", "cpus": "0.5", "server": "gunicorn"})  # fmt: skip
    broken = st.tuples(valid, st.sampled_from(_TRAILERS)).map("".join)
    return st.one_of(
        valid,
        valid,
        broken,
        st.tuples(st.sampled_from(_TRAILERS), valid).map("".join),
        st.just(str(default)),
        st.text(max_size=12),
        st.integers(-5, 70000),
        st.sampled_from([None, True, 0.5, "", "..", "  "]),
    )


def _number(question: QuestionDefinition) -> st.SearchStrategy[Any]:
    digits = st.integers(0, 2**32)
    return st.one_of(
        digits.map(str),
        digits,
        digits.map(lambda n: f"0{n}"),
        digits.map(lambda n: f"+{n}"),
        digits.map(lambda n: f" {n}\n"),
        digits.map(lambda n: f"{n:_}"),
        digits.map(hex),
        st.floats(allow_nan=False, allow_infinity=False, min_value=0, max_value=1e6),
        st.sampled_from(["", "http", "8080\n", "017720", "0x1F90", "٨٠٨٠", None, True, False, "1e4"]),
    )


def _bool(question: QuestionDefinition) -> st.SearchStrategy[Any]:
    words = [
        "true",
        "false",
        "yes",
        "no",
        "on",
        "off",
        "y",
        "n",
        "t",
        "f",
        "1",
        "0",
        "True",
        " yes\n",
        "maybe",
    ]
    return st.one_of(st.booleans(), st.sampled_from(words), st.sampled_from([0, 1, 2, None]))


def _labels(question: QuestionDefinition) -> st.SearchStrategy[Any]:
    key = st.one_of(
        st.from_regex(r"^[a-z0-9][a-z0-9.-]{0,12}[a-z0-9]\Z"), st.text(max_size=6), st.integers(0, 9)
    )
    value = st.one_of(st.text(max_size=12), st.integers(0, 9), st.none(), st.booleans())
    return st.one_of(
        st.dictionaries(key, value, max_size=3),
        st.dictionaries(
            st.sampled_from(["org.example.team", "com.example"]), st.text(max_size=8), max_size=2
        ),
        st.sampled_from(["{a.b: c}", "{a: 'x\\ny'}", "[1, 2]", "{a: !!int x}", "a: [", "", "null", None, 5]),
    )


def _choice(question: QuestionDefinition) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.sampled_from(question.values()), st.sampled_from(["", "Python", "slim\n", "alpine", 1, None])
    )


def values(question: QuestionDefinition) -> st.SearchStrategy[Any]:
    """Answers worth trying for a question."""
    if question.values():
        return _choice(question)
    return {"str": _text, "number": _number, "bool": _bool, "yaml": _labels}[question.kind](question)


@st.composite
def answer_sets(draw: st.DrawFn, fuzzed: tuple[str, ...]) -> dict[str, Any]:
    """A language and the settings around it, with answers drawn for the fuzzed questions."""
    language = draw(st.sampled_from(list(LANGUAGES)))
    rules = LANGUAGES[language]
    answers: dict[str, Any] = {"app_name": "demo", "language": language}
    if draw(st.booleans()):
        answers["app_kind"] = draw(st.sampled_from(["web", "worker"]))
    if draw(st.booleans()):
        answers["runtime_base"] = draw(st.sampled_from(list(rules.runtime_bases)))
    if draw(st.booleans()):
        answers["package_manager"] = draw(st.sampled_from(rules.package_manager_names))
    for name in fuzzed:
        answers[name] = draw(values(QUESTION_BY_NAME[name]))
    return answers


def _check(copier_questions: CopierQuestions, answers: dict[str, Any]) -> None:
    spec_side, _ = spec_outcome(answers)
    copier_side = copier_questions.outcome(answers)
    assert agree(copier_side, spec_side), f"{answers!r}\n copier: {copier_side}\n spec:   {spec_side}"


@pytest.mark.parametrize("name", [question.name for question in QUESTIONS])
def test_one_answer_is_refused_alike(name: str, copier_questions: CopierQuestions) -> None:
    """Every question, alone: a few drawn answers each."""

    @settings(_SETTINGS, max_examples=examples(6))
    @given(answer_sets((name,)))
    def check(answers: dict[str, Any]) -> None:
        _check(copier_questions, answers)

    check()


def test_answers_together_are_refused_alike(copier_questions: CopierQuestions) -> None:
    """Several answers at once: the first one Copier refuses is the one the Spec names."""
    names = st.lists(
        st.sampled_from([question.name for question in QUESTIONS]), min_size=2, max_size=4, unique=True
    )

    @settings(_SETTINGS, max_examples=examples(40))
    @given(names.flatmap(lambda fuzzed: answer_sets(tuple(fuzzed))))
    def check(answers: dict[str, Any]) -> None:
        _check(copier_questions, answers)

    check()


@pytest.mark.parametrize(
    "answers",
    [
        {
            "language": language,
            "app_kind": kind,
            "runtime_base": base,
            "package_manager": manager,
            "private_index": private,
        }
        for language, rules in LANGUAGES.items()
        for kind in ("web", "worker")
        for base in rules.runtime_bases
        for manager in rules.package_manager_names
        for private in ((False, True) if rules.private_index else (None,))
    ],
    ids=lambda answers: "-".join(str(value) for value in answers.values()),
)
def test_every_combination_computes_alike(answers: dict[str, Any], copier_questions: CopierQuestions) -> None:
    """Every language, kind, base and package manager: the same defaults and computed values."""
    given_answers = {
        "app_name": "demo",
        **{key: value for key, value in answers.items() if value is not None},
    }
    _check(copier_questions, given_answers)


def test_memory_limits_compute_alike(copier_questions: CopierQuestions) -> None:
    """Every memory form: the same bytes and the same JVM heap share on both sides."""

    @settings(_SETTINGS, max_examples=examples(25))
    @given(st.from_regex(MEMORY))
    def check(memory: str) -> None:
        _check(
            copier_questions,
            {"app_name": "demo", "language": "java", "memory": memory, "memory_reservation": "6m"},
        )

    check()
