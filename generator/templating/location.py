"""Where scaffold's Copier template lives: beside the source tree, or inside the installed wheel."""

from __future__ import annotations

import os
from pathlib import Path

from generator.errors import TemplateNotFoundError

_PACKAGE = Path(__file__).resolve().parent.parent

#: Environment variable naming another Copier template root to render from (a fork, a test copy).
TEMPLATE_ENV = "SCAFFOLD_TEMPLATE"


def template_root() -> Path:
    """Return the folder holding ``copier.yml`` (the Copier template root).

    ``$SCAFFOLD_TEMPLATE`` wins when set. Otherwise an installed wheel carries the template under
    ``generator/_template``, and a source checkout (or an editable install) uses the repository root,
    which is the same template.

    Raises:
        TemplateNotFoundError: ``$SCAFFOLD_TEMPLATE`` does not point at a template root.
    """
    chosen = os.environ.get(TEMPLATE_ENV)
    if chosen:
        root = Path(chosen).expanduser()
        if not (root / "copier.yml").is_file():
            raise TemplateNotFoundError(variable=TEMPLATE_ENV, path=root)
        return root
    bundled = _PACKAGE / "_template"
    if (bundled / "copier.yml").is_file():
        return bundled
    return _PACKAGE.parent
