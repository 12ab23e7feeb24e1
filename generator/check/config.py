"""The check's configuration: ``[check]`` in ``scaffold.toml`` or ``[tool.scaffold.check]`` in pyproject.toml.

It is looked for in the current folder, then in each folder above it, up to the repository's root (the
first folder holding ``.git``), the home folder (for a folder inside it) or the filesystem's root. The
first folder holding either table wins; in one folder, ``scaffold.toml`` wins over ``pyproject.toml``. A
``scaffold.toml`` or ``pyproject.toml`` without the table is passed over, as is a ``pyproject.toml`` that
does not parse (that is for its own tools to say). A file that everyone can write, or that sits in a
folder everyone can write (``/tmp``), is passed over with a note: anyone could have put it there to turn
rules off.

.. code-block:: toml

    [check]
    select = ["DF", "CF"]                 # rule ids or prefixes; default: every rule
    ignore = ["DF012"]
    fail-on = "error"                     # error, warning, info or never; default: warning
    per-file-ignores = {"docker/ci/*.Dockerfile" = ["DF002"]}
    target = "runtime"                    # the stage that ships; default: the last that is no test stage
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

from generator.check.model import FailOn
from generator.check.selection import (
    SELECTORS_FORM,
    Layer,
    PerFileIgnore,
    UnknownSelectorError,
    parse_selectors,
)
from generator.check.source import InputError, read_source

_KEYS = ("select", "ignore", "fail-on", "per-file-ignores", "target")


class ConfigError(InputError):
    """The configuration file cannot be read, or a key in it is not in its accepted form.

    The message is one line: the file, the table and key, the accepted form and what was given.
    """


@dataclass(frozen=True)
class CheckConfig:
    """What a configuration file says.

    Attributes:
        path: The file, as shown in messages (relative to the current folder when below it).
        table: Its table: ``[check]`` or ``[tool.scaffold.check]``.
        layer: Its ``select`` and ``ignore``.
        per_file: Its ``per-file-ignores``, globs read from the file's folder.
        fail_on: Its ``fail-on``, or None.
        target: Its ``target``: the stage judged as shipped in a Dockerfile no checked compose file
            builds, or None.

    """

    path: Path
    table: str
    layer: Layer
    per_file: tuple[PerFileIgnore, ...]
    fail_on: FailOn | None
    target: str | None = None


def find_config(start: Path, *, known: Sequence[str]) -> tuple[CheckConfig | None, list[str]]:
    """Find and read the configuration that applies in ``start``.

    Args:
        start: The folder to look from (the current folder).
        known: Every rule id, to check the selectors against.

    Returns:
        The configuration (None when there is none), and notes about files passed over.

    Raises:
        ConfigError: The file found cannot be read, is not valid TOML (``scaffold.toml``), or holds a key
            that is unknown or not in its accepted form.

    """
    notes: list[str] = []
    start = Path(os.path.abspath(start))
    for folder in _folders(start):
        for name, keys in (("scaffold.toml", ("check",)), ("pyproject.toml", ("tool", "scaffold", "check"))):
            candidate = folder / name
            if not candidate.is_file():
                continue
            shown = Path(os.path.relpath(candidate, start)) if candidate.is_relative_to(start) else candidate
            table = _table(candidate, shown, keys)
            if table is None:
                continue
            open_to_all = _open_to_all(candidate)
            if open_to_all is not None:
                notes.append(f"ignored {shown}: {open_to_all}, so anyone could have written it")
                continue
            label = "[" + ".".join(keys) + "]"
            return _read(table, path=shown, label=label, root=folder, known=known), notes
    return None, notes


def _folders(start: Path) -> list[Path]:
    """``start`` and the folders above it, up to the repository root, the home folder or ``/``."""
    try:
        home: Path | None = Path.home()
    except (RuntimeError, OSError):
        home = None
    folders = []
    for folder in (start, *start.parents):
        folders.append(folder)
        if folder == home or os.path.lexists(folder / ".git"):
            break
    return folders


def _table(path: Path, shown: Path, keys: tuple[str, ...]) -> dict[str, Any] | None:
    """Return the check's table in a TOML file, or None when the file does not have it."""
    # Here, not at the top: a run with no TOML file on the way up never loads the parser.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

    # A pyproject.toml is the project's own: if it cannot be read, that is for its tools to say.
    own = path.name == "pyproject.toml"
    try:
        text = read_source(path, folder=path.parent).text
    except InputError as error:
        if own:
            return None
        raise ConfigError(path=shown, reason=error.reason) from None
    try:
        document: Any = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        if own:
            return None
        raise ConfigError(path=shown, reason=f"not valid TOML ({error})") from None
    for key in keys:
        document = document.get(key) if isinstance(document, dict) else None
    if document is not None and not isinstance(document, dict):
        raise ConfigError(path=shown, reason=f"[{'.'.join(keys)}] must be a table")
    return document


def _open_to_all(path: Path) -> str | None:
    for what, target in (("the file", path), ("its folder", path.parent)):
        try:
            mode = target.stat().st_mode
        except OSError:
            return f"{what} cannot be inspected"
        if mode & stat.S_IWOTH:
            return f"{what} is writable by everyone"
    return None


def _read(table: dict[str, Any], *, path: Path, label: str, root: Path, known: Sequence[str]) -> CheckConfig:
    def fail(key: str, accepted: str, given: object) -> ConfigError:
        return ConfigError(path=path, reason=f"{label} {key}: {accepted} (got {given!r})")

    unknown = [key for key in table if key not in _KEYS]
    if unknown:
        raise fail(unknown[0], f"not a key; the keys are {', '.join(_KEYS)}", unknown[0])

    def selectors(key: str, value: object) -> tuple[str, ...]:
        accepted = f"must be a list of {SELECTORS_FORM}"
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise fail(key, accepted, value)
        try:
            return parse_selectors(value, known=known)
        except UnknownSelectorError as error:
            raise fail(key, accepted, error.selector) from None

    select = selectors("select", table["select"]) if "select" in table else None
    ignore = selectors("ignore", table.get("ignore", []))
    fail_on = table.get("fail-on")
    choices = get_args(FailOn)
    if fail_on is not None and fail_on not in choices:
        raise fail("fail-on", f"must be one of {', '.join(choices)}", fail_on)
    globs = table.get("per-file-ignores", {})
    if not isinstance(globs, dict):
        raise fail(
            "per-file-ignores",
            'must be a table of globs to lists of rule ids ({"*.Dockerfile" = ["DF002"]})',
            globs,
        )
    where = f"{path} {label} per-file-ignores"
    per_file = tuple(
        PerFileIgnore(glob, selectors(f'per-file-ignores "{glob}"', rules), root, where)
        for glob, rules in globs.items()
    )
    target = table.get("target")
    if target is not None and (not isinstance(target, str) or not target.strip()):
        raise fail("target", "must be the name of a build stage", target)
    layer = Layer(
        select, ignore, select_label=f"{path} {label} select", ignore_label=f"{path} {label} ignore"
    )
    return CheckConfig(path=path, table=label, layer=layer, per_file=per_file, fail_on=fail_on, target=target)
