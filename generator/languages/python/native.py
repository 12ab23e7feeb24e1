"""Dependencies that compile C code or load a system library: the Debian packages the image needs for them.

One table: each dependency with the packages the builder installs to compile it (``build_packages``) and
the ones the runtime stage installs for the libraries it loads (``runtime_packages``). Only packages
without wheels for Linux are here (psycopg2, not psycopg2-binary). The names are those of Debian 13
(trixie), which ``python:<version>-slim`` is built on; each is in Debian 12 (bookworm) too, except
``libldap2`` (bookworm's is ``libldap-2.5-0``, whose library python-ldap built on trixie does not load).
``gcc`` comes with ``libc6-dev``: without it (a recommendation apt skips with
``--no-install-recommends``) there are no C headers to compile against.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.detect.findings import Detection
from generator.languages.python.dependencies import Dependencies

_COMPILER = ("gcc", "libc6-dev")


@dataclass(frozen=True)
class Native:
    """What one dependency needs from Debian.

    Attributes:
        build: Packages the builder installs to compile it.
        runtime: Packages the runtime stage installs for the libraries it loads.

    """

    build: tuple[str, ...]
    runtime: tuple[str, ...]


#: The dependencies that need Debian packages, by normalised name.
NATIVE = {
    "psycopg2": Native((*_COMPILER, "libpq-dev"), ("libpq5",)),
    "psycopg-c": Native((*_COMPILER, "libpq-dev"), ("libpq5",)),
    "mysqlclient": Native((*_COMPILER, "pkg-config", "default-libmysqlclient-dev"), ("libmariadb3",)),
    "mariadb": Native((*_COMPILER, "libmariadb-dev"), ("libmariadb3",)),
    "python-ldap": Native((*_COMPILER, "libldap-dev", "libsasl2-dev"), ("libldap2", "libsasl2-2")),
    "uwsgi": Native(_COMPILER, ()),
}
#: psycopg 3 without its binary or C build is pure Python that loads libpq at run time.
_PSYCOPG = Native((), ("libpq5",))


def needs(dependencies: Dependencies) -> list[tuple[str, Native]]:
    """The installed dependencies that need Debian packages, each with what it needs, in table order."""
    found = [(name, native) for name, native in NATIVE.items() if dependencies.has(name)]
    if not dependencies.has("psycopg"):
        return found
    # psycopg[c] is psycopg-c (which a lock file lists on its own); psycopg[binary] has wheels.
    extras = dependencies.extras("psycopg")
    if "c" in extras and not dependencies.has("psycopg-c"):
        found.append(("psycopg", NATIVE["psycopg-c"]))
    elif not ("binary" in extras or dependencies.has("psycopg-binary") or dependencies.has("psycopg-c")):
        found.append(("psycopg", _PSYCOPG))
    return found


def propose_native(dependencies: Dependencies, found: Detection) -> None:
    """Propose build_packages and runtime_packages for the dependencies in the table, with a note."""
    wanted = needs(dependencies)
    if not wanted:
        return
    build = list(dict.fromkeys(package for _, native in wanted for package in native.build))
    runtime = list(dict.fromkeys(package for _, native in wanted for package in native.runtime))
    if build:
        built = "; ".join(dependencies.source(name) for name, native in wanted if native.build)
        found.propose("build_packages", " ".join(build), built)
    if runtime:
        loading = [name for name, native in wanted if native.runtime]
        found.propose("runtime_packages", " ".join(runtime), "; ".join(map(dependencies.source, loading)))
        verb = "needs" if len(loading) == 1 else "need"
        found.note(
            f"{' and '.join(loading)} {verb} {' '.join(runtime)} at run time: the runtime stage installs "
            f"{'it' if len(runtime) == 1 else 'them'} with apt, so runtime_base distroless (no package "
            "manager) is refused for this app; use slim"
        )
