"""The one exception family scaffold raises; the CLI turns each into an exit code."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


class ScaffoldError(Exception):
    """Root of every error scaffold raises on purpose.

    Attributes:
        exit_code: The process exit code the CLI uses for this error.

    """

    exit_code: int = 1


class InvalidAnswerError(ScaffoldError, ValueError):
    """An answer (flag, prompt or answers file) is not in its accepted form.

    The message is one line naming the field, the accepted form and what was given.
    """

    exit_code = 2

    def __init__(self, *, field: str, accepted: str, given: object | None = None) -> None:
        self.field = field
        self.accepted = accepted
        self.given = given
        got = "" if given is None else f" (got {given!r})"
        super().__init__(f"{field}: {accepted}{got}")


class ExistingFilesError(ScaffoldError):
    """Rendering would replace files the user already has, and overwriting was not allowed."""

    exit_code = 1

    def __init__(self, *, dest: Path, paths: Sequence[str]) -> None:
        self.dest = dest
        self.paths = tuple(paths)
        listed = ", ".join(self.paths)
        exists, differs = ("exists", "differs") if len(self.paths) == 1 else ("exist", "differ")
        super().__init__(
            f"{listed} already {exists} in {dest} and {differs} from what would be written; "
            "nothing was written (use --force to overwrite, or --dry-run to see the difference)"
        )


class DestinationError(ScaffoldError):
    """The destination cannot be written to (not a folder, not writable)."""

    exit_code = 2

    def __init__(self, *, dest: Path, reason: str, argument: str = "DEST") -> None:
        self.dest = dest
        super().__init__(f"{argument}: {dest} {reason}")


class RenderError(ScaffoldError):
    """The template failed to render; this is a bug in scaffold or in a customised template."""

    exit_code = 1


class ScratchError(ScaffoldError):
    """scaffold's temporary working space cannot be written (a full disk, a read-only temporary folder)."""

    exit_code = 2


class TemplateNotFoundError(ScaffoldError):
    """A configured template location holds no ``copier.yml``."""

    exit_code = 2

    def __init__(self, *, variable: str, path: Path) -> None:
        self.path = path
        super().__init__(f"{variable}: {path} has no copier.yml (it must point at a Copier template root)")


class CheckInputError(ScaffoldError):
    """A path given to ``scaffold check`` is missing, unreadable, or not a file it can parse."""

    exit_code = 2

    def __init__(self, *, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class Terminated(KeyboardInterrupt):
    """SIGTERM, turned into the same clean stop as Ctrl-C (temporary folders removed, nothing half-written).

    A KeyboardInterrupt, so every clean-up that runs on Ctrl-C runs on it too; the CLI exits 143
    (128 + SIGTERM) for it, and 130 for Ctrl-C, as shells report a process ended by each signal.
    """

    exit_code = 143

    def __init__(self) -> None:
        super().__init__("terminated")
