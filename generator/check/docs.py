"""Write the rule catalogue of ``docs/rules.md`` from the rule modules.

The catalogue (a table of every rule, then each rule's severity, title, why, fix, what exactly is
reported, and its bad and good examples) sits between two marker comments in ``docs/rules.md``; the
text around it is written by hand. ``tests/check/test_docs.py`` fails when the committed catalogue is
not what this module writes.

Usage::

    python -m generator.check.docs                      # print the catalogue
    python -m generator.check.docs --write docs/rules.md  # rewrite it between the markers
"""

from __future__ import annotations

import inspect
import sys
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from generator.check.model import Rule
from generator.check.registry import all_rules

BEGIN = (
    "<!-- Rule catalogue, written from generator/check/rules/ by\n"
    "     `python -m generator.check.docs --write docs/rules.md`: edit the rule modules, not this text. -->"
)
END = "<!-- end of rule catalogue -->"
_WIDTH = 110


def render_catalogue(rules: Iterable[Rule[Any]]) -> str:
    """Render the catalogue: the table of rules, then one section per rule.

    Args:
        rules: The rules, in the order to list them.

    Returns:
        Markdown, ending with a newline.

    """
    listed = list(rules)
    table = [
        "| id | name | severity | `--fix` | close to |",
        "| --- | --- | --- | --- | --- |",
        *(
            f"| [{rule.id}](#{_anchor(rule)}) | {rule.name} | {rule.severity} | "
            f"{'yes' if rule.autofix else ''} | {rule.related} |"
            for rule in listed
        ),
    ]
    return "\n\n".join(["\n".join(table), *(_section(rule) for rule in listed)]) + "\n"


def splice(document: str, catalogue: str) -> str:
    """Put a catalogue between the markers of a document, replacing what was there.

    Args:
        document: The text of ``docs/rules.md``.
        catalogue: What :func:`render_catalogue` returned.

    Returns:
        The document with the new catalogue.

    Raises:
        ValueError: The document does not hold both markers, in order, once each.

    """
    if document.count(BEGIN) != 1 or document.count(END) != 1 or document.index(BEGIN) > document.index(END):
        raise ValueError("the document needs the catalogue's begin and end markers, once each, in order")
    head, rest = document.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    return f"{head}{BEGIN}\n\n{catalogue}\n{END}{tail}"


def _section(rule: Rule[Any]) -> str:
    reported = textwrap.fill(
        f"- **Reported:** {rule.reported}",
        width=_WIDTH,
        subsequent_indent="  ",
        break_long_words=False,
        break_on_hyphens=False,
    )
    fixed = ""
    if rule.autofix is not None:
        # The fix's docstring says what `scaffold check --fix` writes and when it leaves the finding.
        described = " ".join((inspect.getdoc(rule.autofix) or "").split())
        fixed = "\n" + textwrap.fill(
            f"- **`--fix`:** {described}",
            width=_WIDTH,
            subsequent_indent="  ",
            break_long_words=False,
            break_on_hyphens=False,
        )
    parts = [
        f"### {rule.id} {rule.name}",
        f"**{rule.severity}**: {rule.title}.",
        f"- **Why:** {rule.why}\n- **Fix:** {rule.fix}\n{reported}{fixed}",
        *_examples("bad", rule.bad, beside=rule.good),
        *_examples("good", rule.good, beside=rule.bad),
    ]
    return "\n\n".join(parts)


def _examples(kind: str, files: Mapping[str, str], *, beside: Mapping[str, str]) -> list[str]:
    """One fenced block per file; a file the other example holds unchanged is named, not repeated."""
    unchanged = [name for name, text in files.items() if beside.get(name) == text]
    shown = [(name, text) for name, text in files.items() if name not in unchanged]
    blocks = []
    for name, text in shown:
        label = f"# {kind}"
        if len(files) > 1:
            label += f": {name}"
        if unchanged:
            label += f", next to the {', '.join(unchanged)} above"
        blocks.append(f"```{_language(name)}\n{label}\n{text}```")
    return blocks


def _language(name: str) -> str:
    if name.endswith("dockerignore"):
        return "gitignore"
    if name.endswith((".yaml", ".yml")):
        return "yaml"
    return "dockerfile"


def _anchor(rule: Rule[Any]) -> str:
    """GitHub's anchor for the rule's heading (``### DF001 root-user`` -> ``df001-root-user``)."""
    return f"{rule.id.lower()}-{rule.name}"


def main(argv: Sequence[str] | None = None) -> int:
    """Print the catalogue, or rewrite it in a file with ``--write PATH``.

    Args:
        argv: The arguments after the program name (default: ``sys.argv[1:]``).

    Returns:
        The exit code.

    """
    args = list(sys.argv[1:] if argv is None else argv)
    catalogue = render_catalogue(all_rules())
    if not args:
        sys.stdout.write(catalogue)
        return 0
    if len(args) != 2 or args[0] != "--write":
        sys.stderr.write("usage: python -m generator.check.docs [--write docs/rules.md]\n")
        return 2
    path = Path(args[1])
    path.write_text(splice(path.read_text(encoding="utf-8"), catalogue), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
