"""Where scaffold's Copier template lives: beside the source tree, or inside the installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def template_root() -> Path:
    """Return the folder holding ``copier.yml`` (the Copier template root).

    An installed wheel carries the template under ``generator/_template``; a source checkout (or an
    editable install) uses the repository root, which is the same template.
    """
    bundled = _PACKAGE / "_template"
    if (bundled / "copier.yml").is_file():
        return bundled
    return _PACKAGE.parent
