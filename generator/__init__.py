"""scaffold: hardened, linter-clean container files for an application."""

from __future__ import annotations

#: The one place the version is written: the package metadata (pyproject.toml's dynamic version), the
#: template cache's tags (``v<version>``, which ``scaffold update`` renders again) and SARIF output read
#: it from here. docs/contributing.md says when to raise it.
__version__ = "0.2.0"


def version_line() -> str:
    """Return what ``scaffold --version`` prints: ``scaffold <version>``."""
    return f"scaffold {__version__}"
