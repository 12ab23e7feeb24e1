"""What a command has to say: its output, its notes and its exit code, ready for the CLI to print."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Report:
    """A command's result in words, formatted by the command and printed as it is by the CLI.

    Attributes:
        out: Text for standard output (ends with a newline when not empty).
        err: Text for standard error: notes and findings that go with the result.
        error: A one-line error, printed after ``err`` as ``scaffold: error: <error>``; empty for none.
        exit_code: 0, or 1 when the command did its work but the result is a failure (conflicts left,
            findings at or above the threshold).

    """

    out: str = ""
    err: str = ""
    error: str = ""
    exit_code: int = 0
