"""Write ``copier.yml`` from the question table, so the questions are defined once.

``python -m generator.spec.copier_yml --write`` rewrites the repository's ``copier.yml``; without
``--write`` the file is printed. A test holds the committed file to what this writes. Every Jinja default,
condition, choice list and validator in it is generated from :mod:`generator.spec.questions` and
:mod:`generator.spec.computed`: the same expressions, patterns and limits the Spec uses.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml

from generator.spec.computed import COMPUTED, Computed
from generator.spec.expr import Const, Expr, Not, literal
from generator.spec.questions import QUESTIONS, Check, QuestionDefinition

_HEADER = """\
# scaffold's questions. GENERATED from generator/spec/questions.py by
# `python -m generator.spec.copier_yml --write`: change the questions there, never here.
# `scaffold new` runs the same table in Python, and `copier copy <this repository> DEST` works on its own.
_min_copier_version: "9.4.0"
_subdirectory: templates
_templates_suffix: .jinja
_answers_file: .copier-answers.yml
_envops:
  # A misspelt variable must fail the render, never print an empty string into a Dockerfile.
  undefined: jinja2.StrictUndefined
  keep_trailing_newline: true
  trim_blocks: true
  lstrip_blocks: true
"""

_COMPUTED_NOTE = """\
# Values computed from the answers for the templates (generator/spec/computed.py): never asked, never
# recorded in the answers file, and refused when given.
"""

#: Copier's question type for each kind: a number is typed as text so its validator sees exactly what
#: was typed (Copier's int() would read 017720, " 8080" or 8_080 as numbers).
_COPIER_TYPE = {"str": "str", "number": "str", "bool": "bool", "yaml": "yaml"}
_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._/()*,?'<>-]*")
_PATH = Path(__file__).resolve().parents[2] / "copier.yml"


def render() -> str:
    """Return the text of ``copier.yml``."""
    parts = [_HEADER]
    for question in QUESTIONS:
        parts.append("\n" + "".join(_question(question)))
    parts.append("\n" + _COMPUTED_NOTE)
    parts.append("\n".join("".join(_computed(value)) for value in COMPUTED))
    return "".join(parts)


def copier_config() -> dict[str, Any]:
    """Return what Copier reads from :func:`render`'s text: each question's settings as values.

    The test that parses :func:`render`'s YAML and compares it with this proves the YAML quoting lost
    nothing.
    """
    config: dict[str, Any] = {}
    for question in QUESTIONS:
        body: dict[str, Any] = {"type": _COPIER_TYPE[question.kind], "help": _help_value(question.help)}
        if question.when is not None:
            body["when"] = _template(question.when)
        choices = _choices_value(question)
        if choices is not None:
            body["choices"] = choices
        body["default"] = _default_value(question.default)
        validator = _validator_lines(question)
        if validator:
            body["validator"] = " ".join(validator)
        config[question.name] = body
    for value in COMPUTED:
        config[value.name] = {
            "type": value.kind,
            "when": False,
            "default": _template(value.expr),
            "validator": _computed_refusal(value),
        }
    return config


def _question(question: QuestionDefinition) -> Iterator[str]:
    if question.comment:
        yield f"{question.name}:\n  # {question.comment}\n"
    else:
        yield f"{question.name}:\n"
    yield f"  type: {_COPIER_TYPE[question.kind]}\n"
    if isinstance(question.help, str):
        yield f"  help: {_scalar(question.help)}\n"
    else:
        yield "  help: >-\n" + "".join(f"    {line}\n" for line in _help_lines(question.help))
    if question.when is not None:
        yield f"  when: {_scalar(_template(question.when))}\n"
    if question.language_choices is not None:
        yield "  choices: |-\n" + "".join(f"    {line}\n" for line in _language_choice_lines(question))
    elif question.choices is not None:
        yield "  choices:\n" + "".join(
            f"    {_scalar(label)}: {_scalar(value)}\n" for value, label in question.choices.items()
        )
    yield f"  default: {_scalar(_default_value(question.default))}\n"
    validator = _validator_lines(question)
    if validator:
        yield "  validator: >-\n" + "".join(f"    {line}\n" for line in validator)


def _computed(value: Computed) -> Iterator[str]:
    yield f"{value.name}:\n  # {value.help}.\n"
    yield f"  type: {value.kind}\n"
    yield "  when: false\n"
    yield f"  default: {_scalar(_template(value.expr))}\n"
    yield f"  validator: {_scalar(_computed_refusal(value))}\n"


def _computed_refusal(value: Computed) -> str:
    return f"{value.name} is computed from the other answers; it cannot be given"


def _template(expr: Expr) -> str:
    return "{{ " + expr.jinja() + " }}"


def _default_value(default: Expr) -> Any:
    return default.value if isinstance(default, Const) else _template(default)


def _help_value(help_text: str | Mapping[str, str]) -> str:
    return help_text if isinstance(help_text, str) else " ".join(_help_lines(help_text))


def _help_lines(by_language: Mapping[str, str]) -> list[str]:
    lines = [
        f"{{%- {'if' if index == 0 else 'elif'} language == {literal(language)} %}}{_jinja_text(text)}"
        for index, (language, text) in enumerate(by_language.items())
    ]
    return [*lines, "{%- endif %}"]


def _choices_value(question: QuestionDefinition) -> Any:
    if question.language_choices is not None:
        return "\n".join(_language_choice_lines(question))
    if question.choices is not None:
        return {label: value for value, label in question.choices.items()}
    return None


def _language_choice_lines(question: QuestionDefinition) -> list[str]:
    # Copier renders the block, then reads it as a YAML mapping of labels to values.
    assert question.language_choices is not None
    lines: list[str] = []
    for index, (language, choices) in enumerate(question.language_choices.items()):
        lines.append(f"{{%- {'if' if index == 0 else 'elif'} language == {literal(language)} %}}")
        lines.extend(f"{json.dumps(label)}: {json.dumps(value)}" for value, label in choices.items())
    return [*lines, "{%- endif %}"]


def _validator_lines(question: QuestionDefinition) -> list[str]:
    branches: list[tuple[Expr, str]] = []
    if question.when is not None:
        branches.append((Not(question.when), question.not_applicable))
    branches.extend((check.refuse, _message(check)) for check in question.checks)
    lines: list[str] = []
    for index, (refuse, accepted) in enumerate(branches):
        lines.append(f"{{% {'if' if index == 0 else 'elif'} {refuse.jinja()} %}}")
        lines.append(f"{question.name} {accepted}")
    return [*lines, "{% endif %}"] if lines else []


def _message(check: Check) -> str:
    # {memory} in the accepted form is the answer to memory: Jinja prints it.
    return re.sub(r"\{([a-z_]+)\}", r"{{ \1 }}", _jinja_text(check.accepted))


def _jinja_text(text: str) -> str:
    # Text Jinja prints as it is: nothing in it may open a Jinja tag.
    for opener in ("{{", "{%", "{#"):
        if opener in text:
            raise ValueError(f"{text!r} holds {opener!r}, which Jinja would read as a tag")
    return text


def _scalar(value: Any) -> str:
    """Write a value as a YAML scalar that reads back as exactly the same value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, Mapping) and not value:
        return "{}"
    if isinstance(value, str):
        if _PLAIN.fullmatch(value) and not value.endswith(" ") and yaml.safe_load(value) == value:
            return value
        return json.dumps(value)
    raise TypeError(f"no YAML scalar for {value!r}")


def main(argv: list[str] | None = None) -> int:
    """Print ``copier.yml``, or rewrite the repository's copy with ``--write``."""
    parser = argparse.ArgumentParser(prog="python -m generator.spec.copier_yml", description=main.__doc__)
    parser.add_argument("--write", action="store_true", help=f"rewrite {_PATH}")
    arguments = parser.parse_args(argv)
    text = render()
    if arguments.write:
        _PATH.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
