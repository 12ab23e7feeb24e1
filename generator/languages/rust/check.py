"""What ``scaffold check`` knows about Rust: Cargo's dependency builds and fetches, and its slim image."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.languages.checking import SLIM_AFTER_VERSION, CheckFacts

if TYPE_CHECKING:
    from generator.check.shell import Command


def installer(command: Command, *, dependencies_only: bool) -> str | None:
    """Return ``cargo`` when the command fetches or builds the dependencies, None otherwise.

    Args:
        command: One simple command.
        dependencies_only: Ignore ``cargo install NAME``, which installs a tool; ``cargo install --path .``
            builds the app itself and still counts.

    Returns:
        ``cargo`` for ``cargo fetch``, ``cargo build`` (``b``), ``cargo chef cook`` and ``cargo install``;
        None for anything else.
    """
    # Cargo has no step that only installs: `cargo build` downloads and compiles every dependency
    # along with the app, so it is the install that must come before the source (after a placeholder
    # build or `cargo fetch`).
    if command.program != "cargo":
        return None
    operands = command.operands()
    sub = command.subcommand()
    if sub in {"fetch", "build", "b"} or operands[:2] == ["chef", "cook"]:
        return "cargo"
    if sub == "install":
        return None if dependencies_only and not command.has("--path") else "cargo"
    return None


#: What scaffold check reads from this folder.
FACTS = CheckFacts(installer=installer, slim_tags={"rust": SLIM_AFTER_VERSION})
