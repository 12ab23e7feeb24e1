"""The ``scaffold`` command line: translation only.

Flags become keyword arguments of the functions in :mod:`generator.commands`, each command's
:class:`~generator.commands.report.Report` is printed as it is, and
:class:`~generator.errors.ScaffoldError` becomes an exit code here and nowhere else: 0 ok, 1 failure,
2 bad input, 130 interrupted (Ctrl-C), 143 stopped (SIGTERM).

Each command imports what it needs when it runs: ``scaffold --version`` and ``scaffold check`` never
load the template engine, the prompt library or the validation library.
"""

from __future__ import annotations

import copy
import functools
import inspect
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperCommand

from generator import version_line
from generator.check.model import FailOn
from generator.check.report import Format
from generator.commands.answer_flags import ANSWER_FLAGS, given_answers
from generator.commands.report import Report
from generator.errors import InvalidAnswerError, ScaffoldError

app = typer.Typer(
    name="scaffold",
    help="Write a hardened, linter-clean Dockerfile, .dockerignore and compose.yaml for an application.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Markdown joins a docstring's wrapped lines back into paragraphs in --help.
    rich_markup_mode="markdown",
)

_LIMITS = "Resource limits"
_RUN = "Run"


class _ChoicesInHelp(TyperCommand):
    """A command whose option help may say ``{choices}``: the field's accepted values.

    They are looked up only when help is shown: the lookup loads the validation library, and every
    command's options are built at start-up, for ``scaffold --version`` and ``scaffold check`` too.
    """

    def format_help(self, ctx: Any, formatter: Any) -> None:
        from generator.spec.model import choices

        for param in self.params:
            text = getattr(param, "help", None)
            if param.name and isinstance(text, str) and "{choices}" in text:
                param.help = text.replace("{choices}", ", ".join(choices(param.name)))  # type: ignore[attr-defined]
        super().format_help(ctx, formatter)


def _answer_flags(*, panel: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Give a command one option per row of :data:`ANSWER_FLAGS`, in place of its ``answers`` parameter.

    The command receives them as one ``answers`` dict by question name, None for a flag not given, so
    no flag is restated in its signature or mapped to its answer by hand.

    Args:
        panel: The ``--help`` section the answers (all but the resource limits) are listed in.
    """

    def decorate(command: Callable[..., None]) -> Callable[..., None]:
        signature = inspect.signature(command, eval_str=True)
        flags = [
            inspect.Parameter(
                flag.name,
                inspect.Parameter.KEYWORD_ONLY,
                default=None,
                annotation=Annotated[
                    flag.kind | None,
                    typer.Option(
                        f"{flag.flag}/--no-{flag.flag[2:]}" if flag.kind is bool else flag.flag,
                        help=flag.help,
                        rich_help_panel=_LIMITS if flag.panel == "limits" else panel,
                    ),
                ],
            )
            for flag in ANSWER_FLAGS
        ]
        params: list[inspect.Parameter] = []
        for param in signature.parameters.values():
            if param.name == "answers":
                params += flags
            else:
                # Typer passes every option by keyword; keyword-only lets the flags sit among them.
                params.append(param.replace(kind=inspect.Parameter.KEYWORD_ONLY))

        @functools.wraps(command)
        def with_answers(**options: Any) -> None:
            answers = {flag.name: options.pop(flag.name) for flag in ANSWER_FLAGS}
            command(**options, answers=answers)

        with_answers.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
        with_answers.__annotations__ = {param.name: param.annotation for param in params}
        return with_answers

    return decorate


def _version(value: bool) -> None:
    if value:
        typer.echo(version_line())
        raise typer.Exit


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Write a hardened, linter-clean Dockerfile, .dockerignore and compose.yaml for an application."""


@app.command("new", cls=_ChoicesInHelp)
@_answer_flags(panel="Answers (asked when missing and a terminal is attached)")
def new_command(
    dest: Annotated[
        Path, typer.Argument(help="The application's folder: read for defaults, written to.")
    ] = Path("."),
    answers: dict[str, Any] | None = None,
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
    interactive = not defaults and sys.stdin.isatty()
    with _exit_codes(new_command):
        from generator.answers.gather import gather
        from generator.answers.prompts import confirm_overwrite
        from generator.commands.new import new, report

        given = given_answers(answers or {}, data=data or [], data_file=data_file)
        gathered = gather(dest, given, interactive=interactive)
        result = new(
            dest,
            gathered.spec,
            force=force,
            dry_run=dry_run,
            confirm_overwrite=confirm_overwrite if interactive else None,
        )
        _emit(report(result, notes=gathered.detection.notes))


@app.command("update", cls=_ChoicesInHelp)
@_answer_flags(panel="Answers to change (every other answer keeps its recorded value)")
def update_command(
    dest: Annotated[Path, typer.Argument(help="The project folder (committed to git).")] = Path("."),
    answers: dict[str, Any] | None = None,
    data: Annotated[
        list[str] | None,
        typer.Option(
            "--data",
            "-d",
            help="Change an answer, as key=value (repeatable); flags win over it.",
            rich_help_panel=_RUN,
        ),
    ] = None,
    data_file: Annotated[
        Path | None,
        typer.Option(
            help="A YAML file of answers to change; --data and flags win over it.", rich_help_panel=_RUN
        ),
    ] = None,
    vcs_ref: Annotated[
        str | None,
        typer.Option(
            help="Template version (git tag or commit) to update to; default: newest.", rich_help_panel=_RUN
        ),
    ] = None,
    template: Annotated[
        Path | None,
        typer.Option(
            help="Update from this template repository instead of the recorded source.", rich_help_panel=_RUN
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the diff; change nothing.", rich_help_panel=_RUN)
    ] = False,
    trust: Annotated[
        bool,
        typer.Option(
            "--trust", help="Let a third-party template run its migrations and tasks.", rich_help_panel=_RUN
        ),
    ] = False,
    defaults: Annotated[
        bool,
        typer.Option(
            "--defaults", "-y", help="Never prompt: new questions take their defaults.", rich_help_panel=_RUN
        ),
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Delete files the template no longer writes even when you edited them.",
            rich_help_panel=_RUN,
        ),
    ] = False,
) -> None:
    """Update the generated files to the newest template and/or new answers, keeping your edits.

    Copier's three-way merge re-applies your edits to the newly rendered files; where both changed the
    same lines, the file gets inline conflict markers and the command exits 1. The project must be
    committed to git (so you can review the result), and nothing is changed unless the whole update
    succeeds.
    """
    # Questions a newer template added are asked when a terminal is attached.
    interactive = not defaults and sys.stdin.isatty()
    with _exit_codes(update_command):
        from generator.answers.prompts import ask_new_questions
        from generator.commands.update import report, update

        result = update(
            dest,
            data=given_answers(answers or {}, data=data or [], data_file=data_file),
            vcs_ref=vcs_ref,
            template=template,
            dry_run=dry_run,
            trust=trust,
            force=force,
            ask_new=ask_new_questions if interactive else None,
        )
        _emit(report(result))


@app.command("detect", cls=_ChoicesInHelp)
def detect_command(
    path: Annotated[Path, typer.Argument(help="The application's folder.")] = Path("."),
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
    language: Annotated[
        str | None,
        typer.Option(help="Read the repository as this language ({choices}), as `new --language` does."),
    ] = None,
) -> None:
    """Show the answers scaffold reads from a repository, each with the file (and line) behind it.

    These are the defaults `scaffold new` starts from; flags and prompts win over them.
    """
    with _exit_codes(detect_command):
        from generator.commands.detect import detect_repository, report

        _emit(report(detect_repository(path, language=language), json_output=json_output))


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
        FailOn | None,
        typer.Option(
            "--fail-on",
            help="Exit 1 when an unsuppressed finding is this severe or worse; never: always exit 0.",
            show_default="warning, or the configuration's fail-on",
        ),
    ] = None,
    select: Annotated[
        str | None,
        typer.Option(
            "--select",
            metavar="IDS",
            help="Only these rules count: comma-separated ids or prefixes (DF003,CF0); replaces the "
            "configuration's select and ignore.",
        ),
    ] = None,
    ignore: Annotated[
        str | None,
        typer.Option(
            "--ignore",
            metavar="IDS",
            help="These rules do not count: comma-separated ids or prefixes (DF012,DI).",
        ),
    ] = None,
    fix: Annotated[
        bool,
        typer.Option(
            "--fix",
            help="Fix the findings whose fix is mechanical and safe, in place (atomically, comments kept), "
            "list them on stderr and report what is left. Suppressed or unselected findings are not fixed.",
        ),
    ] = False,
    diff: Annotated[
        bool,
        typer.Option(
            "--diff",
            help="Print what --fix would change as a unified diff and write nothing; the exit code is the "
            "check's on the unchanged files.",
        ),
    ] = False,
    target: Annotated[
        str | None,
        typer.Option(
            "--target",
            metavar="STAGE",
            help="The stage that ships, as `docker build --target`, for Dockerfiles no checked compose "
            "file builds; default: the configuration's target, else the last stage that does more than test.",
        ),
    ] = None,
    context: Annotated[
        Path | None,
        typer.Option(
            "--context",
            metavar="FOLDER",
            help="The build context of Dockerfiles no checked compose file builds, for their "
            ".dockerignore; default: the Dockerfile's folder, or the folder above that holds what it copies.",
        ),
    ] = None,
) -> None:
    """Check Dockerfiles, .dockerignore and compose files for hardening mistakes.

    A folder is checked for its Dockerfile*, Containerfile*, .dockerignore and compose.yaml (or
    docker-compose.yml). Every finding says why it matters and how to fix it.
    A `# scaffold: ignore=DF003 reason` comment on or above a line suppresses a rule there; `[check]` in
    scaffold.toml (or `[tool.scaffold.check]` in pyproject.toml), from here up to the repository root,
    sets select, ignore, fail-on and per-file-ignores. Suppressed findings are counted, not failed on.
    --fix rewrites the findings docs/rules.md marks fixable and reports what is left; --diff previews it.
    Exit codes: 0 clean (below --fail-on), 1 findings at or above --fail-on, 2 bad input.
    """
    with _exit_codes(check_command):
        from generator.commands.check import check, report, settings

        chosen = settings(start=Path.cwd(), select=select, ignore=ignore, fail_on=fail_on, target=target)
        if fix or diff:
            from generator.commands.check_fix import fix as fix_files
            from generator.commands.check_fix import fix_report

            outcome = fix_files(
                paths or [Path(".")],
                selection=chosen.selection,
                write=not diff,
                target=chosen.target,
                context=context,
            )
            _emit(
                fix_report(outcome, output_format=output_format, fail_on=chosen.fail_on, notes=chosen.notes)
            )
            return
        result = check(
            paths or [Path(".")], selection=chosen.selection, target=chosen.target, context=context
        )
        _emit(report(result, output_format=output_format, fail_on=chosen.fail_on, notes=chosen.notes))


def _emit(report: Report) -> None:
    """Print a command's report as it is, and end with its exit code when that is not 0."""
    typer.echo(report.out, nl=False)
    typer.echo(report.err, err=True, nl=False)
    if report.error:
        typer.echo(f"scaffold: error: {report.error}", err=True)
    if report.exit_code:
        raise typer.Exit(report.exit_code)


@contextmanager
def _exit_codes(command: Callable[..., None]) -> Iterator[None]:
    """Turn scaffold's errors and Ctrl-C into one line on stderr and the documented exit code.

    Args:
        command: The running command's function: an answer is named by its flag only if it has one.
    """
    try:
        yield
    except InvalidAnswerError as error:
        typer.echo(
            f"scaffold: error: {_flag(command, error.field)}: {error.accepted}{_given(error)}", err=True
        )
        raise typer.Exit(error.exit_code) from None
    except ScaffoldError as error:
        typer.echo(f"scaffold: error: {error}", err=True)
        raise typer.Exit(error.exit_code) from None
    except KeyboardInterrupt as stop:
        # Ctrl-C exits 130; SIGTERM (generator.errors.Terminated) 143.
        typer.echo(f"scaffold: {str(stop) or 'interrupted'}", err=True)
        raise typer.Exit(getattr(stop, "exit_code", 130)) from None


def _flag(command: Callable[..., None], field: str) -> str:
    """Show a field as the command's flag for it (--app-name), or, when it has none, as itself.

    Not every field has a flag: settings-only answers (extra_labels), a settings file or variable
    (SCAFFOLD_SETTINGS), Copier's bookkeeping (_commit). Each parameter of a command is the flag of its
    name (``app_name`` is ``--app-name``), the answer flags included.
    """
    parameters = inspect.signature(command).parameters
    return "--" + field.replace("_", "-") if field in parameters else field


def _given(error: InvalidAnswerError) -> str:
    return "" if error.given is None else f" (got {error.given!r})"


def main() -> None:
    """Console script entry point."""
    _narrowed(sys.argv[1:])()


def _narrowed(args: list[str]) -> typer.Typer:
    """Return the app with only the command ``args`` start with, or the whole app if they name none.

    Typer turns the parameters of every command into options before it runs one; building only the
    command that runs spares ``scaffold check`` and ``scaffold detect`` the answer flags of ``new`` and
    ``update``, a good part of their start. Anything else (``--help``, ``--version``, a misspelt
    command, which is answered with the names of them all) gets the whole app.
    """
    named = [info for info in app.registered_commands if args and info.name == args[0]]
    if not named:
        return app
    narrowed = copy.copy(app)
    narrowed.registered_commands = named
    return narrowed
