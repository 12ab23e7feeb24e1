"""The server that runs an app spec, and which of its packages the image adds to the locked install.

The server follows the app's interface: a WSGI app (Flask, Django) runs under gunicorn; an ASGI app
(FastAPI, Starlette, Litestar, Quart, Sanic, Channels) under uvicorn, or under gunicorn with uvicorn's
worker class (``uvicorn-worker``) when gunicorn is already among the dependencies, since the project
then runs gunicorn as its process manager. Whatever the server needs that the dependencies do not have
is installed by the image after the locked install, at scaffold's pinned versions (``server_install``).
"""

from __future__ import annotations

from generator.detect.findings import Detection
from generator.languages.python.dependencies import Dependencies

#: The packages each server answer needs.
NEEDS = {"gunicorn": ("gunicorn",), "uvicorn": ("uvicorn",), "uvicorn-worker": ("gunicorn", "uvicorn")}


def server_for(interface: str, dependencies: Dependencies) -> str:
    """The server for an app of ``interface`` (``wsgi`` or ``asgi``)."""
    if interface == "wsgi":
        return "gunicorn"
    return "uvicorn-worker" if dependencies.has("gunicorn") else "uvicorn"


def propose_server(server: str, source: str, dependencies: Dependencies, found: Detection) -> None:
    """Propose the server and server_install (its packages the dependencies lack), with a note on those."""
    found.propose("server", server, source)
    missing = [package for package in NEEDS[server] if not dependencies.has(package)]
    # Nothing to install: the source is where the dependencies already hold the server's packages.
    held = source if missing else "; ".join(dependencies.source(package) for package in NEEDS[server])
    found.propose("server_install", " ".join(missing), held)
    if not missing:
        return
    listed = " and ".join(missing)
    if dependencies.listed_in:
        where = f"not among the dependencies in {dependencies.listed_in}"
    else:
        where = "not among the dependencies (no file lists them)"
    found.note(
        f"{listed} {'is' if len(missing) == 1 else 'are'} {where}: the image installs "
        f"{'it' if len(missing) == 1 else 'them'} at scaffold's pinned version, after the locked install"
    )
