"""Whether the Go image scaffold is about to write would build: the checks ``scaffold new`` refuses on."""

from __future__ import annotations

from pathlib import Path

from generator.errors import InvalidAnswerError


def refusal(repo: Path, *, vendor: bool) -> InvalidAnswerError | None:
    """Return why the image would not build, as the error ``scaffold new`` exits with, or None.

    Args:
        repo: The project folder.
        vendor: Whether the build reads vendor/ (``-mod=vendor``) instead of downloading modules.

    """
    if vendor and not (repo / "vendor" / "modules.txt").is_file():
        return InvalidAnswerError(
            field="go_vendor",
            accepted=(
                "vendor/modules.txt is missing, and -mod=vendor builds only from the vendor/ folder `go mod "
                "vendor` writes: run it and commit vendor/, or pass --no-go-vendor"
            ),
        )
    return None
