"""Read rendered YAML back as the tests check it: PyYAML's safe loader on libyaml's C parser.

``yaml.safe_load`` parses with PyYAML's pure-Python scanner, about ten times slower than libyaml, and the
suite reads hundreds of rendered compose files, manifests and workflows. ``CSafeLoader`` builds the same
values (the same safe constructor and YAML 1.1 resolver: ``on`` is still ``True``, ``10s`` a string); only
the parser underneath differs. PyYAML's wheels ship it; where it was built without libyaml the
pure-Python loader is used instead.

The product's own reader (``generator.plain_yaml``) is left out on purpose: the tests read what scaffold
writes as any YAML consumer would, not through the code that reads scaffold's inputs.
"""

from __future__ import annotations

from typing import Any

import yaml

__all__ = ["load"]

_LOADER: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(text: str) -> Any:
    """Return the one YAML document in ``text``, as ``yaml.safe_load`` would."""
    return yaml.load(text, Loader=_LOADER)
