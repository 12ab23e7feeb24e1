"""What a command line that starts a Python web app runs: the server, the app, the port.

A command (a Procfile line, a line of a start script) is split with :mod:`shlex` into simple commands at
``&&``, ``||``, ``;`` and ``|``; the first that runs a server, Django's ``runserver``, ``flask run``, or
``python <script>`` / ``python -m <module>`` is read. Wrappers before it (``exec``, ``VAR=value``,
``newrelic-admin run-program``, ``ddtrace-run``, ``opentelemetry-instrument``, ``poetry run``, ``uv
run``, ``pipenv run``, ``python -m``) are skipped. A port is read from ``--port N``, ``-p N``, ``--bind
host:N``, ``-b host:N``, ``runserver host:N`` and ``${PORT:-N}`` (the default a platform's ``$PORT``
falls back to).
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, replace
from pathlib import PurePosixPath

#: Options that take the next word as their value, per program (flags such as --reload take none).
_VALUE_OPTIONS = {
    "gunicorn": frozenset(
        [
            "-b",
            "--bind",
            "-w",
            "--workers",
            "-k",
            "--worker-class",
            "-c",
            "--config",
            "--chdir",
            "--pythonpath",
            "-t",
            "--timeout",
            "--log-level",
            "--log-file",
            "--access-logfile",
            "--error-logfile",
            "-e",
            "--env",
            "--threads",
            "--max-requests",
            "--max-requests-jitter",
            "--keep-alive",
            "-g",
            "--group",
            "-u",
            "--user",
            "--worker-tmp-dir",
            "--forwarded-allow-ips",
            "--graceful-timeout",
            "-n",
            "--name",
            "--certfile",
            "--keyfile",
            "--access-logformat",
            "--log-config",
            "--paste",
            "--worker-connections",
            "-p",
            "--pid",
            "--umask",
            "--backlog",
        ]
    ),
    "uvicorn": frozenset(
        [
            "--host",
            "--port",
            "--uds",
            "--fd",
            "--workers",
            "--loop",
            "--http",
            "--ws",
            "--lifespan",
            "--interface",
            "--env-file",
            "--log-config",
            "--log-level",
            "--root-path",
            "--limit-concurrency",
            "--limit-max-requests",
            "--backlog",
            "--timeout-keep-alive",
            "--timeout-graceful-shutdown",
            "--app-dir",
            "--reload-dir",
            "--reload-include",
            "--reload-exclude",
            "--reload-delay",
            "--ssl-keyfile",
            "--ssl-certfile",
            "--ssl-keyfile-password",
            "--ssl-version",
            "--ssl-cert-reqs",
            "--ssl-ca-certs",
            "--ssl-ciphers",
            "--forwarded-allow-ips",
            "--header",
            "--h11-max-incomplete-event-size",
            "--ws-max-size",
            "--ws-max-queue",
            "--ws-ping-interval",
            "--ws-ping-timeout",
        ]
    ),
    "daphne": frozenset(
        [
            "-b",
            "--bind",
            "-p",
            "--port",
            "-u",
            "--unix-socket",
            "--fd",
            "-e",
            "--endpoint",
            "--root-path",
            "-v",
        ]
    ),
    "hypercorn": frozenset(
        ["-b", "--bind", "-w", "--workers", "-k", "--worker-class", "-c", "--config", "--root-path"]
    ),
    "waitress-serve": frozenset(["--host", "--port", "--listen", "--threads", "--url-scheme"]),
    "fastapi": frozenset(["--host", "--port", "--workers", "--root-path", "--app", "--entrypoint"]),
    "flask": frozenset(["--host", "-h", "--port", "-p", "--app", "-A", "--cert", "--key"]),
}
#: Servers scaffold can run as they are, and those whose app it runs under another server of the same
#: interface (the image ships gunicorn and uvicorn only).
_SERVERS = {
    "gunicorn": "gunicorn",
    "uvicorn": "uvicorn",
    "fastapi": "uvicorn",
    "daphne": "uvicorn",
    "hypercorn": "uvicorn",
    "waitress-serve": "gunicorn",
}
_WRAPPERS = frozenset(
    {"exec", "env", "newrelic-admin", "run-program", "ddtrace-run", "opentelemetry-instrument"}
)
_RUNNERS = frozenset({"poetry", "uv", "pipenv", "pdm", "hatch", "rye"})
_SEPARATORS = frozenset({"&&", "||", ";", "|", "&"})
_PYTHON = re.compile(r"^python(3(\.\d+)?)?$")
_APP = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*(:[A-Za-z_][A-Za-z0-9_.]*(\(\))?)?$")
_PORT_WORD = re.compile(r"^(?:\$\{PORT:-(\d+)\}|(\d+)|\$PORT|\$\{PORT\})$")
_UVICORN_WORKERS = ("uvicorn.workers.UvicornWorker", "uvicorn_worker.UvicornWorker")


@dataclass(frozen=True)
class Command:
    """One command line that runs the app.

    Attributes:
        program: The program run: a server's name, ``runserver``, ``flask``, ``script`` or ``module``.
        server: The server the image runs the app with (``gunicorn``, ``uvicorn``, ``uvicorn-worker``),
            when the program is a server.
        app: The app the server loads, as written (``autoapp:app``, ``mysite.wsgi``); for ``fastapi
            run``, the file it names.
        factory: Whether the server calls the app as a factory (``uvicorn --factory``).
        chdir: The folder the server imports the app from (``--chdir``, ``--app-dir``), if not the project's.
        target: The script (``app.py``) or module (``pkg``) that ``python`` runs.
        port: The port it listens on, when written as a number or a ``${PORT:-N}`` default.
        port_text: How that port is written (``-b 0.0.0.0:${PORT:-5000}``).
        dev: Whether it is a development server (``runserver``, ``flask run``, ``--reload``).
        text: The command as written.

    """

    program: str
    server: str | None = None
    app: str | None = None
    factory: bool = False
    chdir: str | None = None
    target: str | None = None
    port: int | None = None
    port_text: str | None = None
    dev: bool = False
    text: str = ""


def parse_command(text: str) -> Command | None:
    """Return what ``text`` runs, or None when no simple command in it starts a Python app."""
    try:
        words = shlex.split(text, comments=True)
    except ValueError:
        return None
    simple: list[str] = []
    folder: str | None = None
    for word in [*words, ";"]:
        if word not in _SEPARATORS:
            simple.append(word)
            continue
        if len(simple) == 2 and simple[0] == "cd":
            folder = simple[1].strip("/") or None  # `cd src && gunicorn ...` imports the app from src
        command = _simple(simple, text.strip())
        if command is not None:
            return replace(command, chdir=command.chdir or folder)
        simple = []
    return None


def port_in(text: str) -> tuple[int, str] | None:
    """Return the port a command line names (and how), whatever program it runs."""
    command = parse_command(text)
    if command is not None and command.port is not None and command.port_text is not None:
        return command.port, command.port_text
    return None


def _simple(words: list[str], text: str) -> Command | None:
    index = 0
    while index < len(words):
        word = PurePosixPath(words[index]).name
        if word in _WRAPPERS or re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", words[index]):
            index += 1
        elif word in _RUNNERS and index + 1 < len(words) and words[index + 1] == "run":
            index += 2
        elif _PYTHON.match(word) and words[index + 1 : index + 2] == ["-m"] and index + 2 < len(words):
            module = words[index + 2]
            if module in _SERVERS:
                words = [*words[:index], module, *words[index + 3 :]]
                continue
            return Command("module", target=module, text=text)
        else:
            break
    if index >= len(words):
        return None
    program = PurePosixPath(words[index]).name
    rest = words[index + 1 :]
    if _PYTHON.match(program) or program in {"django-admin", "manage.py"}:
        return _python(program, rest, text)
    if program in _SERVERS:
        return _server(program, rest, text)
    if program == "flask" and rest[:1] == ["run"]:
        port = _port_options(program, rest)
        return Command(
            "flask", dev=True, port=port[0] if port else None, port_text=port[1] if port else None, text=text
        )
    return None


def _python(program: str, rest: list[str], text: str) -> Command | None:
    arguments = [word for word in rest if not word.startswith("-")]
    if program in {"manage.py", "django-admin"}:
        subcommand = arguments
    elif arguments and PurePosixPath(arguments[0]).name == "manage.py":
        subcommand = arguments[1:]
    elif arguments:
        return Command("script", target=arguments[0], text=text)
    else:
        return None
    if subcommand[:1] != ["runserver"]:
        return None
    address = subcommand[1] if len(subcommand) > 1 else None
    port = _address_port(address if ":" in address else f":{address}") if address else None
    shown = f"runserver {address}" if port is not None else None
    return Command("runserver", dev=True, port=port, port_text=shown, text=text)


def _server(program: str, rest: list[str], text: str) -> Command:
    takes_value = _VALUE_OPTIONS.get(program, frozenset())
    positional: list[str] = []
    options: dict[str, str] = {}
    flags: set[str] = set()
    skip = False
    for position, word in enumerate(rest):
        if skip:
            skip = False
            continue
        if word.startswith("-"):
            name, equals, value = word.partition("=")
            if equals:
                options.setdefault(name, value)
            elif name in takes_value and position + 1 < len(rest):
                options.setdefault(name, rest[position + 1])
                skip = True
            elif re.match(r"^-[a-z][^-]", word) and word[:2] in takes_value:
                options.setdefault(word[:2], word[2:])  # -b0.0.0.0:8000
            else:
                flags.add(name)
        else:
            positional.append(word)
    if program == "fastapi":
        path = next((word for word in positional[1:] if word.endswith(".py") or "/" in word), None)
        app = options.get("--app")
        dev = positional[:1] == ["dev"]
        port = _port_options(program, rest)
        return Command(
            "fastapi",
            server="uvicorn",
            app=path,
            chdir=app,
            dev=dev,
            port=port[0] if port else None,
            port_text=port[1] if port else None,
            text=text,
        )
    app = next((word for word in reversed(positional) if _APP.match(word)), None)
    server = _SERVERS[program]
    worker_class = options.get("-k") or options.get("--worker-class")
    if program == "gunicorn" and worker_class in _UVICORN_WORKERS:
        server = "uvicorn-worker"
    port = _port_options(program, rest)
    return Command(
        program,
        server=server,
        app=app,
        factory="--factory" in flags or "--call" in flags,
        chdir=options.get("--chdir") or options.get("--app-dir"),
        port=port[0] if port else None,
        port_text=port[1] if port else None,
        dev="--reload" in flags,
        text=text,
    )


def _port_options(program: str, rest: list[str]) -> tuple[int, str] | None:
    """The port in ``--port N``, ``-p N``, ``--bind/-b host:N``, ``--listen host:N`` (either form)."""
    for position, word in enumerate(rest):
        name, equals, value = word.partition("=")
        if not equals:
            value = rest[position + 1] if position + 1 < len(rest) else ""
        if name in {"--port", "-p"} and program != "gunicorn":
            port = _port(value)
        elif name in {"--bind", "-b", "--listen"}:
            port = _address_port(value)
        elif re.match(r"^-b\S", word) and program in {"gunicorn", "hypercorn"}:
            value = word[2:]
            port = _address_port(value)
        else:
            continue
        if port is not None:
            shown = (
                word
                if equals or name not in {"--port", "-p", "--bind", "-b", "--listen"}
                else f"{name} {value}"
            )
            return port, shown
    return None


def _address_port(address: str) -> int | None:
    """The port of ``host:port`` (``0.0.0.0:${PORT:-5000}``); None without one."""
    match = re.search(r":(\$\{PORT(?::-\d+)?\}|\$PORT|\d+)$", address)
    return _port(match.group(1)) if match else None


def _port(word: str) -> int | None:
    """A port written as a number or as ``${PORT:-N}``; ``$PORT`` alone has none."""
    match = _PORT_WORD.match(word.strip())
    if match is None:
        return None
    number = match.group(1) or match.group(2)
    return int(number) if number else None
