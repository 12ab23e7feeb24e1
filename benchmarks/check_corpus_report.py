"""Print ``scaffold check``'s findings over the corpus, rule by rule, with how many are known to be true.

The corpus is ``tests/check/corpus/`` and ``tests/check/corpus-projects/``, and its expectations
``tests/check/corpus_cases.py``: every finding a case must produce, the ones among them known to be false
(``FALSE``), and the false positives the check once made (``ABSENT``). For each rule this prints:

- ``findings``: how many it makes over the corpus, and ``files``: in how many files;
- ``true`` and ``false``: how many of them the expectations hold as true, and as known false;
- ``unlisted``: findings the expectations do not hold at all (a rule that changed: label them);
- ``missed``: expected findings it no longer makes;
- ``precision``: ``true`` over ``findings``, the share of its findings that are right.

Usage::

    .venv/bin/python benchmarks/check_corpus_report.py
    .venv/bin/python benchmarks/check_corpus_report.py --json     # the same figures, as JSON

The figures are measurements: ``tests/check/test_corpus.py`` is what holds the findings exact.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.check.registry import all_rules  # noqa: E402
from tests.check.corpus_cases import ABSENT, EXPECTED, FALSE  # noqa: E402
from tests.check.corpus_run import Found, copy_corpus, found  # noqa: E402

COLUMNS = ("findings", "files", "true", "false", "unlisted", "missed")


def figures(root: Path) -> dict[str, dict[str, float | None]]:
    """Count each rule's findings over the copied corpus, labelled by the expectations."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    files: dict[str, set[str]] = defaultdict(set)
    for case in sorted(EXPECTED):
        made = Counter(found(root, case))
        expected = Counter(Found(*finding) for finding in EXPECTED[case])
        false = Counter(Found(*finding) for finding in FALSE.get(case, []))
        for finding, number in made.items():
            rule = finding.rule
            files[rule].add(f"{case}:{finding.file}")
            listed = min(number, expected[finding])
            wrong = min(listed, false[finding])
            counts[rule].update(
                {"findings": number, "true": listed - wrong, "false": wrong, "unlisted": number - listed}
            )
        for finding, number in expected.items():
            counts[finding[2]]["missed"] += max(0, number - made[Found(*finding)])
    table: dict[str, dict[str, float | None]] = {}
    for rule in (rule.id for rule in all_rules()):
        row = counts[rule]
        table[rule] = {
            **{column: row[column] for column in COLUMNS},
            "files": len(files[rule]),
            # None: the rule found nothing, so there is no share to give.
            "precision": round(row["true"] / row["findings"], 3) if row["findings"] else None,
        }
    return table


def render(table: dict[str, dict[str, float | None]]) -> str:
    """Lay the figures out as a text table, with a total line."""
    header = f"{'rule':<6}" + "".join(f"{column:>10}" for column in (*COLUMNS, "precision"))
    lines = [header, "-" * len(header)]
    totals: Counter[str] = Counter()
    for rule, row in table.items():
        totals.update({column: int(row[column] or 0) for column in COLUMNS})
        precision = "-" if row["precision"] is None else f"{row['precision']:.0%}"
        cells = "".join(f"{int(row[column] or 0):>10}" for column in COLUMNS)
        lines.append(f"{rule:<6}{cells}{precision:>10}")
    share = f"{totals['true'] / totals['findings']:.0%}" if totals["findings"] else "-"
    lines.append("-" * len(header))
    lines.append(f"{'all':<6}" + "".join(f"{totals[column]:>10}" for column in COLUMNS) + f"{share:>10}")
    cases = len(EXPECTED)
    absent = sum(len(listed) for listed in ABSENT.values())
    lines.append(
        f"\n{cases} cases; {absent} listed false positives are held absent by tests/check/test_corpus.py"
    )
    return "\n".join(lines) + "\n"


def main() -> None:
    """Run the check over a copy of the corpus and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        table = figures(copy_corpus(Path(scratch)))
    if arguments.json:
        print(json.dumps(table, indent=2))
    else:
        sys.stdout.write(render(table))


if __name__ == "__main__":
    main()
