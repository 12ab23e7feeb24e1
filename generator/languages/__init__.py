"""Every language scaffold writes container files for: one folder each, listed once here.

A language's folder holds its facts (``language.py``: package managers with their manifest and lock
files, versions, defaults, entrypoint form; the package's ``__init__.py`` keeps the plain constants other
modules share), its detector (``detect.py``) and what ``scaffold check`` knows about its install commands
and images (``check.py``, in the shape of :mod:`generator.languages.checking`); its templates live in
``includes/<name>/``. See docs/contributing.md, "Adding a language".

The registry is read on first use: ``scaffold check`` needs only each language's ``check.py``
(:func:`check_facts`), and building the facts loads the answer expressions, which would cost every check
run a noticeable part of its start.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from generator.languages.checking import CheckFacts
    from generator.languages.model import Language, PackageManager

    #: The registry, in the order languages are offered; the first is the default.
    LANGUAGES: dict[str, Language]

__all__ = ["LANGUAGES", "NAMES", "Language", "PackageManager", "check_facts", "check_facts_of"]

#: The registered languages' names (their folders), in the order they are offered; the first is the default.
NAMES: tuple[str, ...] = ("python", "node", "go", "rust", "java")


def check_facts_of(name: str) -> CheckFacts:
    """What the language ``name``'s ``check.py`` says (its package is imported, its facts are not)."""
    return cast("CheckFacts", import_module(f"generator.languages.{name}.check").FACTS)


def check_facts() -> tuple[CheckFacts, ...]:
    """What every registered language's ``check.py`` says, in the registry's order."""
    return tuple(check_facts_of(name) for name in NAMES)


def __getattr__(name: str) -> object:
    """Build the registry (and hand out the model's classes) on first use."""
    if name == "LANGUAGES":
        languages = {key: import_module(f"generator.languages.{key}.language").LANGUAGE for key in NAMES}
        globals()["LANGUAGES"] = languages
        return languages
    if name in {"Language", "PackageManager"}:
        return getattr(import_module("generator.languages.model"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
