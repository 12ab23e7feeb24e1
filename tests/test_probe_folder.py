"""The .container/ folder holds the compiled languages' health probe sources, and nothing else anywhere.

Its name and each file's name are Jinja conditions, so a language whose condition is false must get
neither the file nor an empty folder.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.templating.render import render_into

from .variants import MATRIX

#: The probe source each compiled language gets, by file extension; the others get no .container/.
PROBE_SUFFIX = {"go": ".go", "rust": ".rs", "java": ".java"}
# One variant per language is enough: the folder depends on the language answer alone.
FIRST_OF_LANGUAGE = {spec.language: name for name, spec in sorted(MATRIX.items(), reverse=True)}


@pytest.mark.parametrize("variant", sorted(FIRST_OF_LANGUAGE.values()))
def test_probe_folder_only_for_its_language(variant: str, plain_template: Path, tmp_path: Path) -> None:
    spec = MATRIX[variant]
    render_into(spec, tmp_path, template=plain_template)
    empty = [path for path in tmp_path.rglob("*") if path.is_dir() and not any(path.iterdir())]
    assert empty == []
    probes = sorted(path.name for path in (tmp_path / ".container").glob("*"))
    if spec.language in PROBE_SUFFIX:
        assert len(probes) == 1 and probes[0].endswith(PROBE_SUFFIX[spec.language]), probes
    else:
        assert not (tmp_path / ".container").exists()


@pytest.mark.parametrize("variant", sorted(name for name, spec in MATRIX.items() if spec.language == "rust"))
def test_rust_dockerfile_compiles_the_probe_it_was_given(
    variant: str, render_variant: Callable[[str], dict[str, str]]
) -> None:
    files = render_variant(variant)
    copied = re.findall(r"^COPY (\.container/\S+) ", files["Dockerfile"], re.MULTILINE)
    assert copied == [".container/healthcheck.rs"]
    assert "fn main()" in files[".container/healthcheck.rs"]
    assert "rustc --edition 2021 -C opt-level=s -C strip=symbols -o /out/healthcheck " in files["Dockerfile"]
