"""One private scratch folder per run, so an interrupted run leaves no temporary clones behind.

Copier clones the template (``copier._vcs.clone.*``) and scaffold renders into temporary folders
(``scaffold-new-*``, ``scaffold-update-*``). Each cleans up after itself on a normal exit, but a clone
made at the moment of a Ctrl-C or SIGTERM can slip through. Inside :func:`scratch_space` every
temporary folder, whoever makes it, is created inside one folder that is removed as the block ends,
however it ends (short of SIGKILL).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.errors import ScratchError
from generator.writing.atomic import interrupts_deferred

_active: list[Path] = []


@contextmanager
def scratch_space() -> Iterator[Path]:
    """Send every temporary file and folder of the block into one folder, removed at the end.

    Re-entrant: a nested block shares the outer one's folder.

    Yields:
        The scratch folder (inside the system's temporary folder).

    Raises:
        ScratchError: The system's temporary folder cannot be written.
    """
    if _active:
        yield _active[-1]
        return
    try:
        folder = Path(tempfile.mkdtemp(prefix="scaffold-run-"))
    except OSError as error:
        where = tempfile.gettempdir()
        raise ScratchError(
            f"cannot create a temporary folder in {where}: {error.strerror or error}"
        ) from None
    previous = tempfile.tempdir
    tempfile.tempdir = str(folder)
    _active.append(folder)
    try:
        yield folder
    finally:
        # A second Ctrl-C must not stop the clean-up halfway.
        with interrupts_deferred():
            _active.pop()
            tempfile.tempdir = previous
            _remove(folder)


#: How long the clean-up waits for a process still writing in the scratch folder, in seconds.
_REMOVE_WAIT = 2.0


def _remove(folder: Path) -> None:
    """Remove ``folder``, trying again for a moment while something still writes in it.

    A signal sent to scaffold alone (``kill -INT``, a supervisor's SIGTERM) stops scaffold but not the
    ``git clone`` Copier started, which goes on writing into its clone in the scratch folder, then removes
    what it made once it notices: a single removal can come between the two and leave the folder behind.
    """
    deadline = time.monotonic() + _REMOVE_WAIT
    while True:
        shutil.rmtree(folder, ignore_errors=True)
        if not os.path.lexists(folder) or time.monotonic() >= deadline:
            return
        time.sleep(0.05)
