"""What a compose file builds: for each service with a local ``build``, its Dockerfile, context and target.

``scaffold check`` reads a Dockerfile that a checked compose file builds with that build's context (for
the ignore file, DI001-DI003) and target (the stage that ships, DF001, DF002, ...). Paths are read as
Compose reads them: the context relative to the compose file's folder, the Dockerfile relative to the
context. A remote context (a Git or HTTP URL) and ``dockerfile_inline`` build nothing checked here.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.check.compose import interpolated, services
from generator.check.context import Context, lone_context
from generator.check.dockerfile import BuildTarget
from generator.check.dockerfile_syntax import Dockerfile
from generator.check.located_yaml import LocatedMap
from generator.check.stages import check_only


@dataclass(frozen=True)
class ComposeBuild:
    """One service's build of a Dockerfile.

    Attributes:
        dockerfile: The Dockerfile it builds (relative to where the compose file was found from).
        context: The build context's folder.
        target: ``build.target``, the stage it builds; None for the default (the last stage).
        service: The service's name.
        compose: The compose file.

    """

    dockerfile: Path
    context: Path
    target: str | None
    service: str
    compose: Path

    def named_by(self, key: str) -> str:
        """Say where a build key was read, for messages: ``build.target of service 'web' in compose.yaml``."""
        return f"{key} of service {self.service!r} in {self.compose.name}"


def compose_builds(document: LocatedMap, *, path: Path) -> list[ComposeBuild]:
    """List the local builds of a compose file's services (an ``extends`` in the same file is followed).

    Args:
        document: What :func:`~generator.check.compose.parse_compose` returned.
        path: The compose file.

    Returns:
        The builds, in service order.

    """
    found = []
    for service in services(document):
        build = service.get("build")
        if build is None:
            continue
        value = build[0]
        settings: dict[str, object] = dict(value) if isinstance(value, dict) else {"context": value}
        context = interpolated(settings.get("context", "."))
        dockerfile = interpolated(settings.get("dockerfile", "Dockerfile"))
        target = interpolated(settings.get("target"))
        if not isinstance(context, str) or not isinstance(dockerfile, str) or "dockerfile_inline" in settings:
            continue
        if "://" in context or context.startswith("git@"):
            continue
        folder = Path(os.path.normpath(path.parent / (context or ".")))
        found.append(
            ComposeBuild(
                dockerfile=Path(os.path.normpath(folder / dockerfile)),
                context=folder,
                target=target if isinstance(target, str) and target else None,
                service=service.name,
                compose=path,
            )
        )
    return found


def how_built(
    dockerfile: Dockerfile,
    builds: Sequence[ComposeBuild],
    *,
    target: BuildTarget | None = None,
    context: Path | None = None,
) -> tuple[list[BuildTarget], Context]:
    """Return the stages a Dockerfile ships and its build context: from the compose builds, or the flags.

    The compose files' builds win: the first one's context, and each target they name except those of
    stages that only test or lint (a ``tests`` service building ``target: test``); a build without a
    target ships the default stage. A Dockerfile no checked compose file builds takes ``--target`` and
    ``--context``, or the defaults (:mod:`generator.check.stages`, :mod:`generator.check.context`).

    Args:
        dockerfile: The parsed Dockerfile.
        builds: The checked compose files' builds of it, in order.
        target: ``--target`` (or the configuration's), and what named it.
        context: ``--context``.

    Returns:
        The targets to judge (``(None, "")`` for the default choice), and the context.

    """
    if not builds:
        where = Context(context, "--context") if context is not None else lone_context(dockerfile)
        return [target or (None, "")], where
    names = {stage.name: stage for stage in dockerfile.stages if stage.name}
    stages: list[BuildTarget] = []
    for build in builds:
        named = build.target.lower() if build.target is not None else None
        if named is not None and named in names and check_only(dockerfile, names[named]):
            continue
        chosen: BuildTarget = (build.target, build.named_by("build.target")) if build.target else (None, "")
        if chosen[0] not in {stage[0] for stage in stages}:
            stages.append(chosen)
    first = builds[0]
    return stages or [(None, "")], Context(first.context, first.named_by("build.context"))
