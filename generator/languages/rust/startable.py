"""Whether the Rust image scaffold is about to write would build: the checks ``scaffold new`` refuses on."""

from __future__ import annotations

from pathlib import Path

from generator.errors import InvalidAnswerError
from generator.languages.rust.native import NO_QUERY_DATA, offline_data_present


def refusal(repo: Path, *, sqlx_offline: bool) -> InvalidAnswerError | None:
    """Return why the image would not build, as the error ``scaffold new`` exits with, or None.

    Args:
        repo: The project folder.
        sqlx_offline: Whether the build sets ``SQLX_OFFLINE=true``.

    """
    if sqlx_offline and not offline_data_present(repo):
        return InvalidAnswerError(
            field="sqlx_offline",
            accepted=NO_QUERY_DATA,
        )
    return None
