"""Organisation settings: answers a platform team sets once for every project.

Looked up, first found wins: the file named by ``$SCAFFOLD_SETTINGS``; a ``scaffold.toml`` in the
project folder or any folder above it; ``[tool.scaffold]`` in the project's ``pyproject.toml``.

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
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import InvalidAnswerError
from generator.spec.model import Spec, check_answer, choices

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

SETTINGS_ENV = "SCAFFOLD_SETTINGS"
SETTINGS_FILE = "scaffold.toml"
_KEYS = {"registry", "allowed_runtime_bases", "defaults", "labels"}


@dataclass(frozen=True)
class OrgSettings:
    """What an organisation decided for all its projects.

    Attributes:
        source: Where the settings came from (for messages), or None when there are none.
        defaults: Default answers, by question name.
        policy: Answers that always apply, also on update (registry prefix, extra labels).
        allowed_runtime_bases: The only runtime bases allowed, or None for any.
    """

    source: str | None = None
    defaults: Mapping[str, Any] = field(default_factory=dict)
    policy: Mapping[str, Any] = field(default_factory=dict)
    allowed_runtime_bases: tuple[str, ...] | None = None

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
    found = _find(project.resolve())
    if found is None:
        return OrgSettings()
    label, table = found
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise InvalidAnswerError(field=label, accepted=f"knows {', '.join(sorted(_KEYS))}", given=unknown[0])
    defaults = dict(table.get("defaults") or {})
    for name, value in defaults.items():
        if name not in Spec.model_fields:
            raise InvalidAnswerError(field=f"{label} [defaults]", accepted="holds question names", given=name)
        defaults[name] = _checked(label, name, value)
    policy: dict[str, Any] = {}
    if "registry" in table:
        policy["base_registry"] = _checked(label, "base_registry", table["registry"])
    if "labels" in table:
        policy["extra_labels"] = _checked(label, "extra_labels", table["labels"])
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
    return OrgSettings(source=label, defaults=defaults, policy=policy, allowed_runtime_bases=allowed)


def _checked(label: str, name: str, value: Any) -> Any:
    try:
        return check_answer(name, value)
    except InvalidAnswerError as error:
        raise InvalidAnswerError(field=f"{label} {name}", accepted=error.accepted, given=value) from None


def _find(project: Path) -> tuple[str, dict[str, Any]] | None:
    configured = os.environ.get(SETTINGS_ENV)
    if configured:
        return configured, _read(Path(configured).expanduser(), SETTINGS_ENV)
    for folder in (project, *project.parents):
        candidate = folder / SETTINGS_FILE
        if candidate.is_file():
            return str(candidate), _read(candidate, str(candidate))
    pyproject = project / "pyproject.toml"
    try:
        # The project's own file: if it does not parse, that is for its tools to say, not scaffold.
        table = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {}).get("scaffold")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    return (f"{pyproject} [tool.scaffold]", table) if isinstance(table, dict) else None


def _read(path: Path, label: str) -> dict[str, Any]:
    try:
        table: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
        return table
    except OSError as error:
        raise InvalidAnswerError(
            field=label, accepted=f"must be a readable TOML file ({error.strerror})"
        ) from None
    except tomllib.TOMLDecodeError as error:
        raise InvalidAnswerError(field=label, accepted=f"must be valid TOML ({error})") from None
