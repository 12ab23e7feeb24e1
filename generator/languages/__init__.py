"""Every language scaffold writes container files for: one folder each, listed once here.

A language's folder holds its facts (``__init__.py``: package managers with their manifest and lock
files, versions, defaults, entrypoint form), its detector (``detect.py``) and what ``scaffold check`` knows
about its install commands and images (``check.py``, in the shape of :mod:`generator.languages.checking`);
its templates live in ``includes/<name>/``. See docs/contributing.md, "Adding a language".
"""

from __future__ import annotations

from generator.languages import go, java, node, python, rust
from generator.languages.model import Language, PackageManager

__all__ = ["LANGUAGES", "Language", "PackageManager"]

#: The registry, in the order languages are offered; the first is the default.
LANGUAGES: dict[str, Language] = {
    language.name: language
    for language in (python.LANGUAGE, node.LANGUAGE, go.LANGUAGE, rust.LANGUAGE, java.LANGUAGE)
}
