"""Docs that quote a golden file quote it exactly, so they cannot drift from what scaffold writes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from . import golden_store
from .conftest import REPO

# A quote is announced as `tests/golden/<variant>/<file>`: right before its fenced block.
_QUOTE = re.compile(r"`tests/golden/([^/`]+)/([^`]+)`:\n\n```[a-z]*\n(.*?)```", re.DOTALL)
PAGES = sorted((REPO / "docs").glob("*.md"))


@pytest.fixture(scope="module")
def golden() -> dict[str, dict[str, str]]:
    """Every variant's golden files, a file stored once for several variants included in each."""
    return golden_store.read(REPO / "tests" / "golden")


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_quoted_golden_lines_are_real(page: Path, golden: dict[str, dict[str, str]]) -> None:
    quotes = _QUOTE.findall(page.read_text(encoding="utf-8"))
    for variant, name, block in quotes:
        source = f"tests/golden/{variant}/{name}"
        assert name in golden.get(variant, {}), f"{page.name} quotes {source}, which is no golden file"
        text = golden[variant][name]
        # A line of just `...` elides lines; every part must appear, in order.
        position = 0
        for part in re.split(r"^\.\.\.\n", block, flags=re.MULTILINE):
            found = text.find(part, position)
            assert found >= 0, f"{page.name} quotes {source} but this is not in it (in order):\n{part}"
            position = found + len(part)


def test_generated_files_doc_quotes_goldens() -> None:
    assert len(_QUOTE.findall((REPO / "docs" / "generated-files.md").read_text(encoding="utf-8"))) >= 5
