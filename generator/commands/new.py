"""``scaffold new``: render the container files for a spec and move them into place safely.

The destination is never half-written: everything is rendered into a temporary folder, every existing
file is compared first, and only then are the files moved in together
(:func:`generator.writing.atomic.write_all`).
"""

from __future__ import annotations

import difflib
import os
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from generator.commands.report import Report
from generator.errors import DestinationError, ExistingFilesError
from generator.languages.go.startable import refusal as go_refusal
from generator.languages.node.startable import refusal as node_refusal
from generator.languages.rust.startable import refusal as rust_refusal
from generator.spec.model import Spec
from generator.templating.render import render_into
from generator.templating.scratch import scratch_space
from generator.writing.atomic import write_all
from generator.writing.paths import check_targets, is_regular_file

Action = Literal["create", "overwrite", "unchanged", "keep"]

#: Compose files Compose reads besides compose.yaml, which it prefers: writing compose.yaml beside one
#: would silently replace the user's setup, so one of these counts as an existing compose.yaml.
COMPOSE_ALTERNATIVES = ("compose.yml", "docker-compose.yaml", "docker-compose.yml")

#: Asked once per existing file that would change, with its path and a unified diff; True overwrites.
ConfirmOverwrite = Callable[[str, str], bool]


@dataclass(frozen=True)
class PlannedFile:
    """One generated file and what happens to it.

    Attributes:
        path: Path relative to the destination.
        action: ``create`` (new), ``overwrite`` (differs, replaced), ``unchanged`` (identical) or
            ``keep`` (differs, the user chose to keep theirs).
        content: The rendered text.
        diff: Unified diff from the existing file to the rendered one (empty unless it differs).
        existing: The user's file it replaces or stands beside, when that is not ``path`` itself
            (``docker-compose.yml`` for ``compose.yaml``).

    """

    path: str
    action: Action
    content: str
    diff: str
    existing: str = ""


@dataclass(frozen=True)
class NewResult:
    """What ``new`` did (or, with ``dry_run``, would do)."""

    dest: Path
    spec: Spec
    files: tuple[PlannedFile, ...]
    dry_run: bool
    notes: tuple[str, ...] = ()

    @property
    def written(self) -> tuple[str, ...]:
        """Paths that were (or would be) written."""
        return tuple(file.path for file in self.files if file.action in {"create", "overwrite"})


def new(
    dest: Path,
    spec: Spec,
    *,
    force: bool = False,
    dry_run: bool = False,
    confirm_overwrite: ConfirmOverwrite | None = None,
    template: Path | None = None,
) -> NewResult:
    """Render ``spec`` and write the files into ``dest``.

    Args:
        dest: The application's folder; created if missing.
        spec: The validated answers.
        force: Overwrite existing files that differ.
        dry_run: Plan only; write nothing.
        confirm_overwrite: Without ``force``, asked for each existing file that differs; a file it
            declines is kept as it is. Without it, any such file stops the whole run.
        template: A Copier template root to use instead of scaffold's own.

    Returns:
        The plan, with what was written.

    Raises:
        DestinationError: ``dest`` is not a folder, or a file to write (or a compose file it would
            replace) is a symlink, lies below one, or is not a regular file: refused before anything is
            read or written, also with ``dry_run``.
        ExistingFilesError: Files differ, and neither ``force`` nor ``confirm_overwrite`` allowed it.
        InvalidAnswerError: The image would not start (:func:`refuse_unstartable`); nothing is written.

    """
    _require_folder(dest)
    with scratch_space(), tempfile.TemporaryDirectory(prefix="scaffold-new-") as scratch:
        rendered = Path(scratch)
        names = render_into(spec, rendered, template=template)
        # Before anything of the user's is read: never compare, show or write through a symlink.
        compose = [name for name in COMPOSE_ALTERNATIVES if "compose.yaml" in names and _lexists(dest / name)]
        check_targets(dest, [*names, *compose])
        planned = [_plan(dest, name, (rendered / name).read_text(encoding="utf-8")) for name in names]
    refuse_unstartable(dest, spec, {file.path: file.content for file in planned})
    if not force:
        planned = _settle_conflicts(dest, planned, confirm_overwrite if not dry_run else None, dry_run)
    shadowed = [
        f"{file.existing} stays beside the new {file.path}, which Compose reads instead: move your settings "
        f"into {file.path} and delete {file.existing}"
        for file in planned
        if file.existing and file.action == "overwrite"
    ]
    result = NewResult(
        dest=dest,
        spec=spec,
        files=tuple(planned),
        dry_run=dry_run,
        notes=(*missing_inputs(dest, spec), *shadowed, *host_notes(spec)),
    )
    if not dry_run:
        write_all(
            dest, {file.path: file.content for file in planned if file.action in {"create", "overwrite"}}
        )
    return result


def _require_folder(dest: Path) -> None:
    try:
        exists, is_dir = dest.exists(), dest.is_dir()
    except OSError as error:
        raise DestinationError(dest=dest, reason=f"cannot be used: {error.strerror}") from None
    if exists and not is_dir:
        raise DestinationError(dest=dest, reason="exists and is not a folder")


def host_notes(spec: Spec, *, cpu_count: int | None = None) -> list[str]:
    """Say when a limit asks for more than this machine has (a note: the engine sets the real limit).

    Args:
        spec: The validated answers.
        cpu_count: The machine's CPUs; ``os.cpu_count()`` by default.
    """
    available = cpu_count if cpu_count is not None else os.cpu_count()
    if available is not None and float(spec.cpus) > available:
        return [
            f"cpus {spec.cpus} is more than this machine's {available} CPUs: the engine that runs the "
            "container refuses a limit above its host's CPUs"
        ]
    return []


def missing_inputs(dest: Path, spec: Spec) -> list[str]:
    """Name the files the generated Dockerfile copies or runs that ``dest`` does not have (yet).

    Args:
        dest: The application's folder.
        spec: The validated answers.

    Returns:
        One note per missing file, saying what to do about it.
    """
    notes = [
        f"{name} is missing: {fix}; the image build copies it"
        for name, fix in _needed_files(spec).items()
        if not any(_is_file(dest / choice) for choice in name.split(" or "))
    ]
    if spec.language == "python":
        notes += _missing_python_entrypoint(dest, spec)
    elif spec.language == "node" and not spec.node_build and not _is_file(dest / spec.entrypoint):
        notes.append(f"{spec.entrypoint} is missing: the container runs it with node (--entrypoint)")
    return notes


def refuse_unstartable(dest: Path, spec: Spec, rendered: Mapping[str, str]) -> None:
    """Refuse answers whose image has reason not to start, before anything is written.

    A missing file the user can still add is a note (:func:`missing_inputs`); this is for what the
    files themselves would get wrong, such as a ``.dockerignore`` that leaves the entrypoint out.

    Args:
        dest: The application's folder.
        spec: The validated answers.
        rendered: The generated files' text, by path.

    Raises:
        InvalidAnswerError: The image would not start; the message names the flag that changes it.

    """
    error = None
    if spec.language == "node":
        error = node_refusal(
            dest,
            entrypoint=spec.entrypoint,
            node_build=bool(spec.node_build),
            dockerignore=rendered.get(".dockerignore", ""),
        )
    elif spec.language == "go":
        error = go_refusal(dest, vendor=bool(spec.go_vendor))
    elif spec.language == "rust":
        error = rust_refusal(dest, sqlx_offline=bool(spec.sqlx_offline))
    if error is not None:
        raise error


def _needed_files(spec: Spec) -> dict[str, str]:
    """The files the Dockerfile copies before the source, each with what to do when it is missing."""
    needed = dict(spec.rules.package_manager(spec.package_manager).needed)
    if spec.requirements_files:
        # pip: the requirements files answered, in place of requirements.txt.
        first, *included = dict.fromkeys(spec.requirements_files.split())
        fix = needed.pop("requirements.txt")
        needed[first] = fix
        needed.update({name: f"{first} includes it (--requirements-files)" for name in included})
    if spec.install_project and spec.package_manager != "uv":
        needed["pyproject.toml or setup.py"] = "pip install . builds the project from it (--install-project)"
    return needed


def _missing_python_entrypoint(dest: Path, spec: Spec) -> list[str]:
    if spec.entrypoint_kind == "script" and not _is_file(dest / spec.entrypoint):
        return [f"{spec.entrypoint} is missing: the container runs it (--entrypoint)"]
    if spec.entrypoint_kind == "app":
        module = spec.entrypoint.split(":", 1)[0].replace(".", "/")
        # An installed project's modules may sit in a src layout; the installed copy is what imports.
        roots = [dest, dest / "src"] if spec.install_project else [dest]
        if not any(
            _is_file(root / f"{module}.py") or _is_file(root / module / "__init__.py") for root in roots
        ):
            return [f"{module}.py is missing: the server imports it (--entrypoint {spec.entrypoint})"]
    return []


#: How each action is reported, right-aligned before the path.
_DONE = {"create": "created", "overwrite": "overwrote", "unchanged": "unchanged", "keep": "kept yours"}


def report(result: NewResult, *, notes: Sequence[str] = ()) -> Report:
    """Say what ``new`` did: one line per file and the next step, or with ``dry_run`` every file's text.

    Args:
        result: What :func:`new` returned.
        notes: Notes gathered before rendering (what detection could not settle); the result's own
            notes (missing inputs) follow them.

    Returns:
        The files on standard output and every note on standard error.

    """
    parts: list[str] = []
    if result.dry_run:
        for file in result.files:
            action = "unchanged" if file.action == "unchanged" else f"would {file.action}"
            parts.append(f"=== {file.path} ({action})\n")
            parts.append(file.diff if file.action == "overwrite" else file.content)
        parts.append(
            f"dry run: {len(result.written)} file(s) would be written to {result.dest}; nothing was written\n"
        )
    else:
        parts += [f"{_DONE[file.action]:>10}  {result.dest / file.path}\n" for file in result.files]
        where = "" if result.dest.resolve() == Path.cwd().resolve() else f"cd {result.dest} && "
        parts.append(f"next: {where}docker compose up --build --wait\n")
    err = "".join(f"note: {note}\n" for note in (*notes, *result.notes))
    return Report(out="".join(parts), err=err)


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:
        # A name too long for the filesystem names no file there.
        return False


def _lexists(path: Path) -> bool:
    return os.path.lexists(path)


def _plan(dest: Path, name: str, content: str) -> PlannedFile:
    # check_targets refused every symlink, folder or device, so a file that is not regular is missing.
    existing = name
    if name == "compose.yaml" and not is_regular_file(dest, name):
        existing = next((other for other in COMPOSE_ALTERNATIVES if is_regular_file(dest, other)), name)
    target = dest / existing
    if not is_regular_file(dest, existing):
        return PlannedFile(name, "create", content, "")
    try:
        current = target.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        current = "<binary file>\n"
    if current == content and existing == name:
        return PlannedFile(name, "unchanged", content, "")
    diff = "".join(
        difflib.unified_diff(
            current.splitlines(keepends=True),
            content.splitlines(keepends=True),
            fromfile=f"{existing} (yours)",
            tofile=f"{name} (scaffold)",
        )
    )
    return PlannedFile(name, "overwrite", content, diff, existing="" if existing == name else existing)


def _settle_conflicts(
    dest: Path, planned: list[PlannedFile], confirm: ConfirmOverwrite | None, dry_run: bool
) -> list[PlannedFile]:
    conflicts = [file for file in planned if file.action == "overwrite"]
    if not conflicts or dry_run:
        return planned
    if confirm is None:
        raise ExistingFilesError(dest=dest, paths=[file.existing or file.path for file in conflicts])
    settled = []
    for file in planned:
        if file.action == "overwrite" and not confirm(file.existing or file.path, file.diff):
            file = PlannedFile(file.path, "keep", file.content, file.diff)
        settled.append(file)
    return settled
