"""Ctrl-C and SIGTERM as exceptions that cannot get lost.

Python raises a signal's exception in whatever code runs at that instant. When that is a finaliser
(``__del__`` of a finished subprocess, which Copier's git calls leave behind), Python only prints the
exception and the run goes on as if nothing happened, writing files the user asked it not to. So the
handlers here also remember the signal, and :func:`raise_if_stopped` raises it again at the points
where it must not be missed (before anything is written).
"""

from __future__ import annotations

import signal
import sys
from types import FrameType

from generator.errors import Terminated

_received: list[int] = []


def install() -> None:
    """Handle SIGINT (KeyboardInterrupt) and SIGTERM (:class:`Terminated`), remembering each.

    A signal the parent set to be ignored (SIGINT for a shell's background job) stays ignored.
    """
    for signum in (signal.SIGINT, signal.SIGTERM):
        if signal.getsignal(signum) is not signal.SIG_IGN:
            signal.signal(signum, _stop)
    previous = sys.unraisablehook

    def quiet(unraisable: sys.UnraisableHookArgs) -> None:
        # The stop is remembered and raised again; the finaliser's traceback is noise.
        if not isinstance(unraisable.exc_value, KeyboardInterrupt):
            previous(unraisable)

    sys.unraisablehook = quiet


def ignore() -> None:
    """Ignore SIGINT and SIGTERM from now on: the run is over, and a late stop has nothing to stop.

    Without this, a Ctrl-C that lands while Python shuts down (after the files are written and the
    report printed) ends the process by the signal itself, turning a finished run's status into -2.
    """
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, signal.SIG_IGN)


def raise_if_stopped() -> None:
    """Raise the stop a finaliser swallowed, if any.

    Raises:
        Terminated: SIGTERM arrived.
        KeyboardInterrupt: Ctrl-C arrived.
    """
    if signal.SIGTERM in _received:
        raise Terminated
    if _received:
        raise KeyboardInterrupt


def _stop(signum: int, _frame: FrameType | None) -> None:
    _received.append(signum)
    raise_if_stopped()
