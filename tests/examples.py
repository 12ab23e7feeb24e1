"""How many examples a Hypothesis property tries: a share of them in the fast tier, all of them in CI.

Each property names its full number of examples, the number CI runs (``scripts/test.sh`` runs every
property again with ``HYPOTHESIS_PROFILE=thorough``, a step of its own). The fast tier, run after each
change, tries an eighth of them (and at least a few): every property is still exercised, with the same
seeded examples on every run, and the full search runs before anything merges. The properties that
render through Copier cost a tenth of a CPU-second per example, which is why this matters.
"""

from __future__ import annotations

import os

__all__ = ["THOROUGH", "examples"]

#: The profile that runs every property at full strength.
THOROUGH = os.environ.get("HYPOTHESIS_PROFILE") == "thorough"

#: The fast tier's share of each property's examples, and its floor.
_SHARE = 8
_FLOOR = 2


def examples(full: int) -> int:
    """Return ``full`` under the thorough profile, else an eighth of it (at least ``_FLOOR``)."""
    return full if THOROUGH else max(_FLOOR, full // _SHARE)
