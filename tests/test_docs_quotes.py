"""Docs that quote a golden file quote it exactly, so they cannot drift from what scaffold writes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import REPO

# A quote is announced as `tests/golden/<variant>/<file>`: right before its fenced block.
_QUOTE = re.compile(r"`(tests/golden/[^`]+)`:\n\n```[a-z]*\n(.*?)```", re.DOTALL)
PAGES = sorted((REPO / "docs").glob("*.md"))


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_quoted_golden_lines_are_real(page: Path) -> None:
    quotes = _QUOTE.findall(page.read_text(encoding="utf-8"))
    for source, block in quotes:
        golden = (REPO / source).read_text(encoding="utf-8")
        # A line of just `...` elides lines; every part must appear, in order.
        position = 0
        for part in re.split(r"^\.\.\.\n", block, flags=re.MULTILINE):
            found = golden.find(part, position)
            assert found >= 0, f"{page.name} quotes {source} but this is not in it (in order):\n{part}"
            position = found + len(part)


def test_generated_files_doc_quotes_goldens() -> None:
    assert len(_QUOTE.findall((REPO / "docs" / "generated-files.md").read_text(encoding="utf-8"))) >= 5
