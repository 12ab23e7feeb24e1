"""One way the image could start the app, with where it was read: what the entrypoint sources return."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    """An entrypoint the image can run.

    Attributes:
        value: The entrypoint answer: an app spec (``shop.main:app``), a script (``main.py``), a module
            (``-m worker``) or a console script's name (``shop-worker``).
        source: Where it was read, with the line.
        kind: ``web`` or ``worker``.
        interface: For an app spec whose framework is known: ``wsgi`` or ``asgi``.
        server: For an app spec: the server a Procfile runs it with, used when the interface is unknown.
        path: The module or script file, relative to the repository (where its port and routes are).
        install: Why the project must be installed for the entrypoint to import or exist (a src layout,
            a console script), as a source; None when it need not be.

    """

    value: str
    source: str
    kind: str
    interface: str | None = None
    server: str | None = None
    path: str | None = None
    install: str | None = None
