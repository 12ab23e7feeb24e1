"""Organisation settings: answers a platform team sets once for every project.

Looked up, first found wins: the file named by ``$SCAFFOLD_SETTINGS``; a ``scaffold.toml`` in the
project folder or a folder above it (up to the home folder, for a project inside it); ``[tool.scaffold]``
in the project's ``pyproject.toml``. Settings set the base image registry for every project below them,
so a ``scaffold.toml`` that someone else could have written (owned by another user, or in or itself
writable by everyone, as anything in ``/tmp``) is ignored, with a note.

.. code-block:: toml

    registry = "registry.example.com/mirror/"      # prefix for every base image
    allowed_runtime_bases = ["distroless"]          # refuse anything else

    [defaults]                                      # any question; flags and --data still win
    uid = 20000
    memory = "1g"

    [labels]                                        # extra OCI labels on every image
    "org.opencontainers.image.vendor" = "Example Corp"
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.answers.input_files import InputFileError, read_text_file
from generator.errors import InvalidAnswerError
from generator.spec.model import Spec, check_answer, choices

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

SETTINGS_ENV = "SCAFFOLD_SETTINGS"
SETTINGS_FILE = "scaffold.toml"
_KEYS = {"registry", "allowed_runtime_bases", "defaults", "labels"}
# Tables of the same file that another command reads: `scaffold check`'s (generator/check/config.py).
_OTHER_TABLES = {"check"}
_TRUSTED = "settings are only read from files that only you or root can change"


@dataclass(frozen=True)
class OrgSettings:
    """What an organisation decided for all its projects.

    Attributes:
        source: Where the settings came from (for messages), or None when there are none.
        defaults: Default answers, by question name.
        policy: Answers that always apply, also on update (registry prefix, extra labels).
        allowed_runtime_bases: The only runtime bases allowed, or None for any.
        notes: Settings files that were found but not trusted, and why.
    """

    source: str | None = None
    defaults: Mapping[str, Any] = field(default_factory=dict)
    policy: Mapping[str, Any] = field(default_factory=dict)
    allowed_runtime_bases: tuple[str, ...] | None = None
    notes: tuple[str, ...] = ()

    def enforce(self, spec: Spec) -> None:
        """Refuse a spec the organisation does not allow.

        Raises:
            InvalidAnswerError: The runtime base is not among the allowed ones.
        """
        if self.allowed_runtime_bases is not None and spec.runtime_base not in self.allowed_runtime_bases:
            allowed = ", ".join(self.allowed_runtime_bases)
            raise InvalidAnswerError(
                field="runtime_base",
                accepted=f"must be one of {allowed} (allowed by {self.source})",
                given=spec.runtime_base,
            )


def load_settings(project: Path) -> OrgSettings:
    """Find and read the organisation settings that apply to ``project``.

    Args:
        project: The project folder (it need not exist yet).

    Returns:
        The settings; empty when there are none.

    Raises:
        InvalidAnswerError: A settings file is unreadable or holds a value scaffold would refuse.
    """
    notes: list[str] = []
    found = _find(project.resolve(), notes)
    if found is None:
        return OrgSettings(notes=tuple(notes))
    label, table = found
    unknown = sorted(set(table) - _KEYS - _OTHER_TABLES)
    if unknown:
        raise InvalidAnswerError(field=label, accepted=f"knows {', '.join(sorted(_KEYS))}", given=unknown[0])
    defaults = dict(_table(label, "defaults", table.get("defaults")))
    for name, value in defaults.items():
        if name not in Spec.model_fields:
            raise InvalidAnswerError(field=f"{label} [defaults]", accepted="holds question names", given=name)
        defaults[name] = _checked(label, name, value)
    policy: dict[str, Any] = {}
    if "registry" in table:
        policy["base_registry"] = _checked(label, "base_registry", table["registry"])
    if "labels" in table:
        policy["extra_labels"] = _checked(label, "extra_labels", _table(label, "labels", table["labels"]))
    allowed = table.get("allowed_runtime_bases")
    if allowed is not None:
        known = choices("runtime_base")
        if not isinstance(allowed, list) or not allowed or any(base not in known for base in allowed):
            raise InvalidAnswerError(
                field=f"{label} allowed_runtime_bases",
                accepted=f"must list some of {', '.join(known)}",
                given=allowed,
            )
        allowed = tuple(allowed)
    return OrgSettings(
        source=label, defaults=defaults, policy=policy, allowed_runtime_bases=allowed, notes=tuple(notes)
    )


def _table(label: str, key: str, value: object) -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InvalidAnswerError(
            field=f"{label} {key}", accepted="must be a table ([" + key + "])", given=value
        )
    return value


def _checked(label: str, name: str, value: Any) -> Any:
    try:
        return check_answer(name, value)
    except InvalidAnswerError as error:
        raise InvalidAnswerError(field=f"{label} {name}", accepted=error.accepted, given=value) from None


def _find(project: Path, notes: list[str]) -> tuple[str, dict[str, Any]] | None:
    configured = os.environ.get(SETTINGS_ENV)
    if configured:
        return configured, _read(Path(configured).expanduser(), SETTINGS_ENV)
    for folder in search_folders(project):
        candidate = folder / SETTINGS_FILE
        if not _is_file(candidate):
            continue
        distrust = untrusted(candidate)
        if distrust is not None:
            notes.append(f"ignored {candidate}: {distrust}; {_TRUSTED}")
            continue
        return str(candidate), _read(candidate, str(candidate))
    pyproject = project / "pyproject.toml"
    try:
        # The project's own file: if it does not parse, that is for its tools to say, not scaffold.
        tool = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    table = tool.get("scaffold") if isinstance(tool, dict) else None
    return (f"{pyproject} [tool.scaffold]", table) if isinstance(table, dict) else None


def search_folders(project: Path) -> list[Path]:
    """Return the folders searched for ``scaffold.toml``, nearest first.

    They are ``project`` and those above it: up to and including the home folder for a project inside
    it (nothing above a user's home is theirs), else up to the filesystem's root. Settings in a parent of
    the repository (one file for all of a team's checkouts) are found.
    """
    home = _home()
    folders = []
    for folder in (project, *project.parents):
        folders.append(folder)
        if folder == home:
            break
    return folders


def untrusted(path: Path) -> str | None:
    """Say why a settings file could have been written by someone else, or None when it could not."""
    me = os.geteuid()
    for what, target in (("the file", path), ("its folder", path.parent)):
        try:
            info = target.stat()
        except OSError as error:
            return f"{what} cannot be inspected ({error.strerror})"
        if info.st_uid not in {me, 0}:
            return f"{what} is owned by another user (uid {info.st_uid})"
        if info.st_mode & stat.S_IWOTH:
            return f"{what} is writable by everyone"
    return None


def _home() -> Path | None:
    try:
        return Path.home().resolve()
    except (RuntimeError, OSError):
        return None


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:
        return False


def _read(path: Path, label: str) -> dict[str, Any]:
    try:
        table: dict[str, Any] = tomllib.loads(read_text_file(path, label=label))
        return table
    except InputFileError as error:
        raise InvalidAnswerError(
            field=label, accepted=f"must be a readable TOML file: {error.reason}"
        ) from None
    except tomllib.TOMLDecodeError as error:
        raise InvalidAnswerError(field=label, accepted=f"must be valid TOML ({error})") from None
