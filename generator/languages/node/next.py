"""Next.js: how the app runs in the image, read from next.config and package.json.

``next build`` writes the ``.next`` folder the server runs from, so a Next.js app needs package.json's
build script to run it. With ``output: 'standalone'`` in ``next.config.js`` (or ``.mjs``, ``.cjs``,
``.ts``, ``.mts``), the build also writes ``.next/standalone/server.js`` with the production dependencies
it needs, and the image runs that (entrypoint :data:`~generator.languages.node.NEXT_STANDALONE`);
without it, the image runs ``next start`` from the production ``node_modules``
(:data:`~generator.languages.node.NEXT_START`). ``next dev`` never runs in the image.

The config is JavaScript or TypeScript: comments are blanked out (strings kept, every line where it
was) and the ``output`` key or assignment is read with a regular expression. A value that is not a
string literal (``process.env.X ? 'standalone' : undefined``) cannot be told before the build, so the
entrypoint is left open naming both forms. ``output: 'export'`` writes static files and no server.
An app whose start script runs its own server file (``node server.js``) is not handled here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.detect.files import HEALTH_NAME, line_at, read_text, relative
from generator.detect.findings import Detection
from generator.languages.node import NEXT_STANDALONE, NEXT_START, scripts
from generator.languages.node.package import JsonFile

#: The config files Next.js reads, in the order it looks for them.
CONFIG_FILES = ("next.config.js", "next.config.mjs", "next.config.cjs", "next.config.ts", "next.config.mts")
#: Next.js's own port for ``next start`` and the standalone server.js.
DEFAULT_PORT = 3000
#: ``output: <value>`` in the config object, or ``config.output = <value>``; group 1 is the value's text.
_OUTPUT = re.compile(
    r"""(?:(?<![\w$.])output\s*:|\.\s*output\s*=(?!=)|(?<![\w$])['"]output['"]\s*:)\s*([^,;}\n]+)"""
)
_LITERAL = re.compile(r"""^(['"`])([\w-]*)\1$""")
#: ``next start -p 4000``, ``--port 4000``, ``--port=4000`` or ``PORT=4000 next start``.
_PORT_OPTION = re.compile(r"(?:^|\s)(?:-p|--port)(?:\s+|=)(\d{2,5})\b")
_PORT_VARIABLE = re.compile(r"(?:^|\s)PORT=(\d{2,5})\s")
#: App Router and Pages Router folders, with and without src/.
_APP_FOLDERS = ("src/app", "app")
_PAGES_FOLDERS = ("src/pages", "pages")
_ROUTE_SUFFIXES = (".ts", ".js", ".mjs", ".tsx", ".jsx")
#: A route handler answering GET: ``export async function GET``, ``export const GET =``, ``export { GET }``.
_GET_HANDLER = re.compile(r"\bexport\s+(?:async\s+)?(?:function\s+GET\b|const\s+GET\b|\{[^}]*\bGET\b)")
_HEALTH_SEGMENT = re.compile(rf"{HEALTH_NAME}")


@dataclass(frozen=True)
class Output:
    """The ``output`` setting of a Next.js config.

    Attributes:
        value: The literal value (``standalone``, ``export``), or None when it is an expression.
        text: The value as written.
        source: Where it is, such as ``next.config.mjs:4: output 'standalone'``.

    """

    value: str | None
    text: str
    source: str


def is_next_app(package: JsonFile) -> bool:
    """Whether package.json lists next among its dependencies or dev dependencies."""
    return any(package.get(f"{key}.next") is not None for key in ("dependencies", "devDependencies"))


def detect(repo: Path, package: JsonFile, found: Detection) -> bool:
    """Propose how a Next.js app runs, or leave the entrypoint open saying why; False if it is not one.

    An app whose ``scripts.start`` runs a file with node (a custom server) is left to the usual
    entrypoint detection, as is any app without next in its dependencies.
    """
    if not is_next_app(package):
        return False
    start = package.text("scripts.start")
    if start is not None and scripts.node_file(start, repo) is not None:
        return False
    listed = package.source("dependencies.next") if package.get("dependencies.next") is not None else None
    where = listed or package.source("devDependencies.next")
    found.propose("app_kind", "web", where)
    _port(package, found)
    _health(repo, found)
    problem = _build_problem(repo, package)
    if problem is not None:
        found.leave_open("entrypoint", f"Next.js ({where}): {problem}; no candidate found")
        return True
    found.propose("node_build", True, package.source("scripts.build"))
    output = read_output(repo)
    if output is not None and output.value == "standalone":
        found.propose("entrypoint", NEXT_STANDALONE, output.source)
    elif output is not None and output.value is None:
        found.leave_open(
            "entrypoint",
            f"Next.js: {output.source} is computed, so what next build writes is known only when it runs; "
            f"candidates: {NEXT_STANDALONE} (output: 'standalone'), {NEXT_START} (next start)",
        )
    elif output is not None and output.value == "export":
        found.leave_open(
            "entrypoint",
            f"Next.js: {output.source} makes next build write static files (out/) and no server to run: "
            "serve them with a web server's image instead; no candidate found",
        )
    elif listed is None:
        found.leave_open(
            "entrypoint",
            f"Next.js: {where} puts next in devDependencies, and `next start` needs it among the production "
            f"dependencies the image installs: move it to dependencies, or set output: 'standalone' in "
            f"{CONFIG_FILES[1]}; no candidate found",
        )
    else:
        config = output.source if output is not None else _no_output(repo)
        starts = start is not None and any(
            run.tool == "next" and run.subcommand == "start" for run in scripts.runs(start, repo)
        )
        runs = package.source("scripts.start", f"scripts.start {start!r}") if starts else listed
        found.propose("entrypoint", NEXT_START, f"{runs} ({config})")
    return True


def read_output(repo: Path) -> Output | None:
    """Return the ``output`` setting of the first Next.js config in ``repo``, or None when it sets none."""
    for name in CONFIG_FILES:
        text = read_text(repo / name)
        if text is None:
            continue
        code = blank_comments(text)
        for match in _OUTPUT.finditer(code):
            written = match.group(1).strip()
            literal = _LITERAL.match(written)
            value = literal.group(2) if literal else None
            line = line_at(code, match.start(1))
            return Output(value, written, f"{name}:{line}: output {written}")
        return None
    return None


def blank_comments(code: str) -> str:
    """Blank out JavaScript's ``//`` and ``/* */`` comments outside strings, keeping every line in place."""
    out: list[str] = []
    index = 0
    quote = ""
    while index < len(code):
        char = code[index]
        if quote:
            out.append(char)
            if char == "\\" and index + 1 < len(code):
                out.append(code[index + 1])
                index += 1
            elif char == quote:
                quote = ""
        elif char in "'\"`":
            quote = char
            out.append(char)
        elif code.startswith("//", index):
            end = code.find("\n", index)
            end = len(code) if end == -1 else end
            out.append(" " * (end - index))
            index = end - 1
        elif code.startswith("/*", index):
            end = code.find("*/", index + 2)
            end = len(code) if end == -1 else end + 2
            out.append("".join(c if c == "\n" else " " for c in code[index:end]))
            index = end - 1
        else:
            out.append(char)
        index += 1
    return "".join(out)


def _no_output(repo: Path) -> str:
    """Say that the config sets no output, naming it (or that there is none)."""
    name = next((name for name in CONFIG_FILES if (repo / name).is_file()), None)
    return f"no output: 'standalone' in {name}" if name else "no next.config file"


def _build_problem(repo: Path, package: JsonFile) -> str | None:
    """Why package.json's build script will not write .next, or None when it runs next build."""
    script = package.text("scripts.build")
    if script is None:
        return (
            "package.json has no build script, and the image runs it to write .next with next build: "
            'add "build": "next build"'
        )
    if _runs_next_build(package, script, repo, depth=0):
        return None
    return (
        f"{package.source('scripts.build')} runs {script!r}, not next build, which writes the .next folder "
        "the server runs from"
    )


def _runs_next_build(package: JsonFile, script: str, repo: Path, *, depth: int) -> bool:
    for run in scripts.runs(script, repo):
        if run.tool == "next" and run.subcommand == "build":
            return True
        named = scripts.script_named(run)
        inner = package.text(f"scripts.{named}") if named else None
        if inner is not None and depth < 3 and _runs_next_build(package, inner, repo, depth=depth + 1):
            return True
    return False


def _port(package: JsonFile, found: Detection) -> None:
    """The port ``next start`` is given in the start script, else Next.js's own default."""
    start = package.text("scripts.start") or ""
    match = _PORT_OPTION.search(start) or _PORT_VARIABLE.search(f"{start} ")
    if match is not None and "next" in start:
        found.propose(
            "port", int(match.group(1)), package.source("scripts.start", f"scripts.start {start!r}")
        )
        return
    found.propose("port", DEFAULT_PORT, "Next.js's default port (next start and the standalone server.js)")


def _health(repo: Path, found: Detection) -> None:
    """Propose a health route: an App Router route handler answering GET, or a Pages Router API route."""
    for folder in _APP_FOLDERS:
        for path in sorted((repo / folder).rglob("route.*")) if (repo / folder).is_dir() else ():
            if path.suffix not in _ROUTE_SUFFIXES:
                continue
            route = _app_route(PurePosixPath(path.relative_to(repo / folder).as_posix()).parent)
            code = blank_comments(read_text(path) or "")
            handler = _GET_HANDLER.search(code)
            if route is not None and _is_health(route) and handler is not None:
                where = f"{relative(repo, path)}:{line_at(code, handler.start())}"
                found.propose("health_path", route, f"{where}: GET {route}")
                return
    for folder in _PAGES_FOLDERS:
        api = repo / folder / "api"
        for path in sorted(api.rglob("*")) if api.is_dir() else ():
            if path.suffix not in _ROUTE_SUFFIXES or not path.is_file():
                continue
            inside = PurePosixPath(path.relative_to(api).as_posix()).with_suffix("")
            parts = inside.parts[:-1] if inside.name == "index" else inside.parts
            route = "/" + "/".join(("api", *parts))
            if _is_health(route):
                found.propose("health_path", route, f"{relative(repo, path)}: API route {route}")
                return


def _app_route(folder: PurePosixPath) -> str | None:
    """The URL path of an App Router folder: route groups dropped; None for dynamic or private folders."""
    parts = []
    for part in folder.parts:
        if part.startswith("(") and part.endswith(")"):
            continue  # a route group is not in the URL
        if part.startswith(("[", "_", "@")):
            return None
        parts.append(part)
    return "/" + "/".join(parts)


def _is_health(route: str) -> bool:
    return _HEALTH_SEGMENT.fullmatch(route.rsplit("/", 1)[-1]) is not None
