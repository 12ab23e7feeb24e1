"""What ``scaffold check`` knows about Go: ``go mod download`` installs the module's dependencies.

The official ``golang`` image publishes no slim variant (a Go app ships on distroless or scratch, not on
the toolchain's image), so none is named here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.languages.checking import CheckFacts

if TYPE_CHECKING:
    from generator.check.shell import Command


def installer(command: Command, *, dependencies_only: bool) -> str | None:
    """Return ``go`` for ``go mod download``, None for anything else (every form installs dependencies)."""
    if command.program == "go" and command.operands()[:2] == ["mod", "download"]:
        return "go"
    return None


#: What scaffold check reads from this folder.
FACTS = CheckFacts(installer=installer)
