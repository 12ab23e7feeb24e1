"""How tests/golden/ stores the rendered files of every variant: each distinct file once.

``tests/golden/<variant>/<path>`` holds a variant's rendered file, unless a variant whose name sorts
before it renders the same path with the same bytes: then only that first variant stores it, and
``tests/golden/shared.txt`` says so with one line per reference, ``<variant>/<path> = <owner>``. A
template change to a shared file shows up once in ``git diff tests/golden``; a change that makes a
variant's copy differ (or agree again) moves a line of shared.txt.

:func:`write` lays out the store from every variant's files, :func:`read` gives every variant's files back
in full, and :func:`duplicates` finds stored files that should have been references.
"""

from __future__ import annotations

import shutil
from pathlib import Path

__all__ = ["SHARED", "duplicates", "read", "write"]

#: The list of references, beside the variants' folders.
SHARED = "shared.txt"
_HEADER = (
    "# Rendered files stored once: <variant>/<path> = <owner> means that the variant's file is, byte for\n"
    "# byte, tests/golden/<owner>/<path>. Written by `pytest tests/test_golden.py --update-golden`.\n"
)

Files = dict[str, str]


def write(golden: Path, rendered: dict[str, Files]) -> None:
    """Replace everything in ``golden`` with the store of ``rendered`` (variant -> path -> text)."""
    owners: dict[tuple[str, str], str] = {}
    references: list[str] = []
    if golden.exists():
        shutil.rmtree(golden)
    golden.mkdir(parents=True)
    for variant in sorted(rendered):
        for path, text in sorted(rendered[variant].items()):
            owner = owners.setdefault((path, text), variant)
            if owner != variant:
                references.append(f"{variant}/{path} = {owner}\n")
                continue
            target = golden / variant / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    (golden / SHARED).write_text(_HEADER + "".join(references), encoding="utf-8")


def _stored(golden: Path) -> dict[str, Files]:
    return {
        folder.name: {
            path.relative_to(folder).as_posix(): path.read_text(encoding="utf-8")
            for path in sorted(folder.rglob("*"))
            if path.is_file()
        }
        for folder in sorted(golden.iterdir())
        if folder.is_dir()
    }


def read(golden: Path) -> dict[str, Files]:
    """Return every variant's files (variant -> path -> text), references resolved.

    Raises:
        ValueError: shared.txt has a line of another form, a reference to a file not stored, or one
            for a file the variant also stores itself.
    """
    files = _stored(golden)
    stored = {variant: dict(paths) for variant, paths in files.items()}
    for number, line in enumerate((golden / SHARED).read_text(encoding="utf-8").splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        reference, sep, owner = line.partition(" = ")
        variant, slash, path = reference.partition("/")
        where = f"{SHARED} line {number}"
        if not (sep and slash and variant and path and owner):
            raise ValueError(f"{where}: not '<variant>/<path> = <owner>': {line!r}")
        if path not in stored.get(owner, {}):
            raise ValueError(f"{where}: {owner}/{path} is not stored")
        if path in files.setdefault(variant, {}):
            raise ValueError(f"{where}: {variant}/{path} is stored and shared both")
        files[variant][path] = stored[owner][path]
    return files


def duplicates(golden: Path) -> list[str]:
    """Return the stored files identical (same path, same bytes) to one stored before them."""
    first: dict[tuple[str, str], str] = {}
    found = []
    for variant, paths in _stored(golden).items():
        for path, text in paths.items():
            owner = first.setdefault((path, text), variant)
            if owner != variant:
                found.append(f"{variant}/{path} (same as {owner}/{path})")
    return found
