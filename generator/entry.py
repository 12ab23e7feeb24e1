"""The ``scaffold`` console script: a clean stop on Ctrl-C or SIGTERM from the very first instant.

Importing the command line (Typer, Copier, pydantic) takes a moment; a Ctrl-C then would otherwise
print an import traceback. This module imports only the standard library and :mod:`generator.stopping`,
which turns SIGTERM into :class:`~generator.errors.Terminated`, and imports the rest inside the guard.
Exit codes: 130 after Ctrl-C, 143 after SIGTERM.
"""

from __future__ import annotations

import sys

from generator import stopping

#: The exit code of a run stopped by Ctrl-C (128 + SIGINT).
INTERRUPTED = 130


def main() -> None:
    """Run the ``scaffold`` command line with Ctrl-C and SIGTERM turned into a one-line exit."""
    stopping.install()
    if sys.argv[1:] == ["--version"]:
        # The most frequent question a script asks answers without loading the command line at all.
        from generator import version_line

        sys.stdout.write(version_line() + "\n")
        stopping.ignore()
        return
    try:
        from generator.cli import main as run

        run()
    except KeyboardInterrupt as stop:
        # Reached only outside the commands' own handling (start-up, argument parsing).
        stopping.ignore()
        sys.stderr.write(f"scaffold: {str(stop) or 'interrupted'}\n")
        sys.exit(getattr(stop, "exit_code", INTERRUPTED))
    finally:
        # Whatever the outcome, it is decided: the exit status must not become a death by signal.
        stopping.ignore()
