"""scaffold's own output passes its own check: every variant of the matrix has zero findings."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.commands.check import check

from ..conftest import Invoke
from ..variants import MATRIX


def _write(files: dict[str, str], folder: Path) -> Path:
    for name, text in files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("variant", sorted(MATRIX))
def test_rendered_variant_has_no_findings(
    variant: str, render_variant: Callable[[str], dict[str, str]], tmp_path: Path
) -> None:
    folder = _write(render_variant(variant), tmp_path)
    result = check([folder])
    assert {path.name for path in result.files} == {"Dockerfile", ".dockerignore", "compose.yaml"}
    assert [f"{f.file.name}:{f.line}: {f.rule.id} {f.message}" for f in result.findings] == []


def test_a_rendered_folder_passes_the_cli_at_the_strictest_threshold(
    render_variant: Callable[[str], dict[str, str]], tmp_path: Path, cli_invoke: Invoke
) -> None:
    folder = _write(render_variant("pip-web-slim"), tmp_path)
    result = cli_invoke(["check", str(folder), "--fail-on", "info"], expect=0)
    assert result.stdout.startswith("no findings in 3 files checked")
