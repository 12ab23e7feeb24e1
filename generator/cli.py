"""The ``scaffold`` command line: translation only.

Flags become answers, the core does the work, and :class:`~generator.errors.ScaffoldError` becomes an
exit code here and nowhere else: 0 ok, 1 failure, 2 bad input, 130 interrupted.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from generator import __version__
from generator.answers.data_option import load_data_file, parse_data
from generator.answers.gather import gather
from generator.answers.prompts import ask_new_questions, confirm_overwrite
from generator.check.model import FailOn, reaches
from generator.check.report import Format, render_json, render_text
from generator.check.sarif import render_sarif
from generator.commands.check import CheckResult, check
from generator.commands.detect import as_json, as_text, detect_repository
from generator.commands.new import NewResult, new
from generator.commands.update import update
from generator.errors import InvalidAnswerError, ScaffoldError
from generator.spec.model import choices

app = typer.Typer(
    name="scaffold",
    help="Write a hardened, linter-clean Dockerfile, .dockerignore and compose.yaml for an application.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Markdown joins a docstring's wrapped lines back into paragraphs in --help.
    rich_markup_mode="markdown",
)

_QUESTIONS = "Answers (asked when missing and a terminal is attached)"
_LIMITS = "Resource limits"
_RUN = "Run"


def _one_of(field: str) -> str:
    return "(" + ", ".join(choices(field)) + ")"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"scaffold {__version__}")
        raise typer.Exit


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Write a hardened, linter-clean Dockerfile, .dockerignore and compose.yaml for an application."""


@app.command("new")
def new_command(
    dest: Annotated[
        Path, typer.Argument(help="The application's folder: read for defaults, written to.")
    ] = Path("."),
    app_name: Annotated[
        str | None, typer.Option(help="Image and compose project name.", rich_help_panel=_QUESTIONS)
    ] = None,
    description: Annotated[
        str | None, typer.Option(help="One-line description (OCI label).", rich_help_panel=_QUESTIONS)
    ] = None,
    language: Annotated[
        str | None, typer.Option(help=f"Language {_one_of('language')}.", rich_help_panel=_QUESTIONS)
    ] = None,
    package_manager: Annotated[
        str | None,
        typer.Option(help=f"Package manager {_one_of('package_manager')}.", rich_help_panel=_QUESTIONS),
    ] = None,
    runtime_base: Annotated[
        str | None,
        typer.Option(help=f"Runtime base image {_one_of('runtime_base')}.", rich_help_panel=_QUESTIONS),
    ] = None,
    python_version: Annotated[
        str | None, typer.Option(help="Python version, major.minor (3.12).", rich_help_panel=_QUESTIONS)
    ] = None,
    node_version: Annotated[
        str | None, typer.Option(help="Node.js major version (22).", rich_help_panel=_QUESTIONS)
    ] = None,
    go_version: Annotated[
        str | None, typer.Option(help="Go version, 1.minor (1.23).", rich_help_panel=_QUESTIONS)
    ] = None,
    rust_version: Annotated[
        str | None, typer.Option(help="Rust version, 1.minor (1.83).", rich_help_panel=_QUESTIONS)
    ] = None,
    java_version: Annotated[
        str | None, typer.Option(help="Java LTS version (17, 21, 25).", rich_help_panel=_QUESTIONS)
    ] = None,
    app_kind: Annotated[
        str | None,
        typer.Option(
            help=f"{_one_of('app_kind')}: web listens on a port; worker has none.",
            rich_help_panel=_QUESTIONS,
        ),
    ] = None,
    entrypoint: Annotated[
        str | None,
        typer.Option(
            help=(
                "What runs. Python: module:attr for a server (app:app, app:create_app()), a script "
                "(main.py) or '-m pkg'. Node: the .js file (server.js). Go: the main package (. or "
                "./cmd/api). Rust: the Cargo binary name. Java: the runnable jar (target/*.jar)."
            ),
            rich_help_panel=_QUESTIONS,
        ),
    ] = None,
    server: Annotated[
        str | None,
        typer.Option(
            help=f"Server for a module:attr entrypoint {_one_of('server')}.", rich_help_panel=_QUESTIONS
        ),
    ] = None,
    node_build: Annotated[
        bool | None,
        typer.Option(
            "--node-build/--no-node-build",
            help="Node: run package.json's build script (TypeScript, bundlers) in the build stage.",
            rich_help_panel=_QUESTIONS,
        ),
    ] = None,
    port: Annotated[
        int | None, typer.Option(help="Port the app listens on (1024-65535).", rich_help_panel=_QUESTIONS)
    ] = None,
    health_path: Annotated[
        str | None,
        typer.Option(
            help="HTTP health path such as /health; empty checks the port instead.",
            rich_help_panel=_QUESTIONS,
        ),
    ] = None,
    memory: Annotated[
        str | None, typer.Option(help="Memory limit, such as 512m or 1g.", rich_help_panel=_LIMITS)
    ] = None,
    memory_reservation: Annotated[
        str | None, typer.Option(help="Memory reservation, such as 256m.", rich_help_panel=_LIMITS)
    ] = None,
    cpus: Annotated[str | None, typer.Option(help="CPU limit, such as 0.5.", rich_help_panel=_LIMITS)] = None,
    cpus_reservation: Annotated[
        str | None, typer.Option(help="CPU reservation, such as 0.25.", rich_help_panel=_LIMITS)
    ] = None,
    pids: Annotated[int | None, typer.Option(help="Process limit.", rich_help_panel=_LIMITS)] = None,
    uid: Annotated[
        int | None, typer.Option(help="Numeric user and group id (>= 1000).", rich_help_panel=_QUESTIONS)
    ] = None,
    private_index: Annotated[
        bool | None,
        typer.Option(
            "--private-index/--no-private-index",
            help="Install from a private index; credentials come in as a BuildKit secret.",
            rich_help_panel=_QUESTIONS,
        ),
    ] = None,
    ci: Annotated[
        str | None,
        typer.Option(
            help=f"CI files {_one_of('ci')}: github adds a GitHub Actions workflow and Dependabot.",
            rich_help_panel=_QUESTIONS,
        ),
    ] = None,
    data: Annotated[
        list[str] | None,
        typer.Option(
            "--data",
            "-d",
            help="An answer as key=value (repeatable); flags win over it.",
            rich_help_panel=_RUN,
        ),
    ] = None,
    data_file: Annotated[
        Path | None,
        typer.Option(help="A YAML file of answers; --data and flags win over it.", rich_help_panel=_RUN),
    ] = None,
    defaults: Annotated[
        bool,
        typer.Option(
            "--defaults", "-y", help="Never prompt: use detected and default answers.", rich_help_panel=_RUN
        ),
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Print what would be written; write nothing.", rich_help_panel=_RUN),
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite existing files that differ.", rich_help_panel=_RUN)
    ] = False,
) -> None:
    """Render the container files for the application in DEST (default: the current folder).

    Answers come from flags first, then from what the repository shows (`scaffold detect` lists it:
    lock files, version pins, the app's entrypoint and port), then from prompts when a terminal is
    attached.
    Existing files are never overwritten without --force (or, interactively, a yes per file).
    """
    explicit: dict[str, Any] = {
        name: value
        for name, value in {
            "app_name": app_name,
            "description": description,
            "language": language,
            "package_manager": package_manager,
            "runtime_base": runtime_base,
            "python_version": python_version,
            "node_version": node_version,
            "go_version": go_version,
            "rust_version": rust_version,
            "java_version": java_version,
            "app_kind": app_kind,
            "entrypoint": entrypoint,
            "server": server,
            "node_build": node_build,
            "port": port,
            "health_path": health_path,
            "memory": memory,
            "memory_reservation": memory_reservation,
            "cpus": cpus,
            "cpus_reservation": cpus_reservation,
            "pids": pids,
            "uid": uid,
            "private_index": private_index,
            "ci": ci,
        }.items()
        if value is not None
    }
    interactive = not defaults and sys.stdin.isatty()
    with _exit_codes():
        given = {**(load_data_file(data_file) if data_file else {}), **parse_data(data or []), **explicit}
        gathered = gather(dest, given, interactive=interactive)
        result = new(
            dest,
            gathered.spec,
            force=force,
            dry_run=dry_run,
            confirm_overwrite=confirm_overwrite if interactive else None,
        )
        _report(result)
        for note in (*gathered.detection.notes, *result.notes):
            typer.echo(f"note: {note}", err=True)


@app.command("update")
def update_command(
    dest: Annotated[Path, typer.Argument(help="The project folder (committed to git).")] = Path("."),
    data: Annotated[
        list[str] | None,
        typer.Option("--data", "-d", help="Change an answer, as key=value (repeatable)."),
    ] = None,
    data_file: Annotated[Path | None, typer.Option(help="A YAML file of answers to change.")] = None,
    vcs_ref: Annotated[
        str | None, typer.Option(help="Template version (git tag or commit) to update to; default: newest.")
    ] = None,
    template: Annotated[
        Path | None,
        typer.Option(help="Update from this template repository instead of the recorded source."),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the diff; change nothing.")] = False,
    trust: Annotated[
        bool, typer.Option("--trust", help="Let a third-party template run its migrations and tasks.")
    ] = False,
    defaults: Annotated[
        bool, typer.Option("--defaults", "-y", help="Never prompt: new questions take their defaults.")
    ] = False,
) -> None:
    """Update the generated files to the newest template and/or new answers, keeping your edits.

    Copier's three-way merge re-applies your edits to the newly rendered files; where both changed the
    same lines, the file gets inline conflict markers and the command exits 1. The project must be
    committed to git (so you can review the result), and nothing is changed unless the whole update
    succeeds.
    """
    with _exit_codes():
        changes = {**(load_data_file(data_file) if data_file else {}), **parse_data(data or [])}
        # Questions a newer template added are asked when a terminal is attached.
        interactive = not defaults and sys.stdin.isatty()
        result = update(
            dest,
            data=changes,
            vcs_ref=vcs_ref,
            template=template,
            dry_run=dry_run,
            trust=trust,
            ask_new=ask_new_questions if interactive else None,
        )
        if result.from_version == result.to_version:
            versions = f"{result.to_version or '?'} (same version)"
        else:
            versions = f"{result.from_version or '?'} -> {result.to_version or '?'}"
        if result.dry_run:
            typer.echo(result.diff, nl=False)
            count = len(result.changed) + len(result.removed)
            typer.echo(f"dry run: template {versions}; {count} file(s) would change; nothing was written")
        else:
            for name in result.changed:
                typer.echo(f"{'conflict' if name in result.conflicts else 'updated':>10}  {name}")
            for name in result.removed:
                typer.echo(f"{'removed':>10}  {name}")
            typer.echo(
                f"template {versions}" + ("" if result.changed or result.removed else ": nothing to change")
            )
        if result.regressions:
            typer.echo("the updated files now break these hardening rules (scaffold check):", err=True)
            typer.echo(render_text(result.regressions, files=[]), err=True, nl=False)
        if result.conflicts:
            listed = ", ".join(result.conflicts)
            if result.dry_run:
                message = f"the update would leave conflicts in {listed}"
            else:
                message = f"conflicts in {listed}: resolve each <<<<<<< / >>>>>>> block, then commit"
            typer.echo(f"scaffold: error: {message}", err=True)
            raise typer.Exit(1)
        if reaches(result.regressions, "warning"):
            raise typer.Exit(1)


def _report(result: NewResult) -> None:
    if result.dry_run:
        for file in result.files:
            typer.echo(
                f"=== {file.path} ({'would ' + file.action if file.action != 'unchanged' else 'unchanged'})"
            )
            typer.echo(file.diff if file.action == "overwrite" else file.content, nl=False)
        typer.echo(
            f"dry run: {len(result.written)} file(s) would be written to {result.dest}; nothing was written"
        )
        return
    labels = {"create": "created", "overwrite": "overwrote", "unchanged": "unchanged", "keep": "kept yours"}
    for file in result.files:
        typer.echo(f"{labels[file.action]:>10}  {result.dest / file.path}")
    where = "" if result.dest.resolve() == Path.cwd().resolve() else f"cd {result.dest} && "
    typer.echo(f"next: {where}docker compose up --build --wait")


@app.command("detect")
def detect_command(
    path: Annotated[Path, typer.Argument(help="The application's folder.")] = Path("."),
    as_json_output: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
    language: Annotated[
        str | None,
        typer.Option(
            help=f"Read the repository as this language {_one_of('language')}, as `new --language` does."
        ),
    ] = None,
) -> None:
    """Show the answers scaffold reads from a repository, each with the file (and line) behind it.

    These are the defaults `scaffold new` starts from; flags and prompts win over them.
    """
    with _exit_codes():
        found = detect_repository(path, language=language)
    typer.echo(as_json(found) if as_json_output else as_text(found), nl=False)


@app.command("check")
def check_command(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="PATH",
            help="Dockerfiles, compose files, .dockerignore files, or folders holding them.",
            show_default=".",
        ),
    ] = None,
    output_format: Annotated[
        Format,
        typer.Option("--format", help="text for people, json (a list of findings) or sarif (code scanning)."),
    ] = "text",
    fail_on: Annotated[
        FailOn,
        typer.Option(
            "--fail-on", help="Exit 1 when a finding is this severe or worse; never: always exit 0."
        ),
    ] = "warning",
) -> None:
    """Check Dockerfiles, .dockerignore and compose files for hardening mistakes.

    A folder is checked for its Dockerfile*, Containerfile*, .dockerignore and compose.yaml (or
    docker-compose.yml). Every finding says why it matters and how to fix it.
    Exit codes: 0 clean (below --fail-on), 1 findings at or above --fail-on, 2 bad input.
    """
    with _exit_codes():
        result = check(paths or [Path(".")])
    typer.echo(_rendered(result, output_format), nl=False)
    if reaches(result.findings, fail_on):
        raise typer.Exit(1)


def _rendered(result: CheckResult, output_format: Format) -> str:
    if output_format == "json":
        return render_json(result.findings)
    if output_format == "sarif":
        return render_sarif(result.findings)
    return render_text(result.findings, files=result.files)


@contextmanager
def _exit_codes() -> Iterator[None]:
    """Turn scaffold's errors and Ctrl-C into one line on stderr and the documented exit code."""
    try:
        yield
    except InvalidAnswerError as error:
        # A question's name is shown as its flag; a settings file or variable as itself.
        flag = "--" + error.field.replace("_", "-") if error.field.isidentifier() else error.field
        typer.echo(f"scaffold: error: {flag}: {error.accepted}{_given(error)}", err=True)
        raise typer.Exit(error.exit_code) from None
    except ScaffoldError as error:
        typer.echo(f"scaffold: error: {error}", err=True)
        raise typer.Exit(error.exit_code) from None
    except KeyboardInterrupt:
        typer.echo("scaffold: interrupted", err=True)
        raise typer.Exit(130) from None


def _given(error: InvalidAnswerError) -> str:
    return "" if error.given is None else f" (got {error.given!r})"


def main() -> None:
    """Console script entry point."""
    app()
