"""Render a :class:`~generator.spec.model.Spec` through Copier into a fresh folder.

Rendering never touches the user's destination: it writes into a folder the caller owns (normally a
temporary one), and :mod:`generator.commands.new` moves the result into place.
"""

from __future__ import annotations

import tempfile
import warnings
from pathlib import Path

from copier.errors import CopierError
from jinja2 import TemplateError

from generator.errors import RenderError, ScratchError
from generator.spec.model import Spec
from generator.templating.fresh import copy_fresh
from generator.templating.source import ANSWERS_FILE, TemplateSource, record_source, template_source


def render_into(spec: Spec, folder: Path, *, template: Path | None = None) -> list[str]:
    """Render every generated file for ``spec`` into ``folder``.

    Args:
        spec: The validated answers.
        folder: An empty folder to render into.
        template: A Copier template root to use instead of scaffold's own.

    Returns:
        The rendered files' paths relative to ``folder``, sorted.

    Raises:
        RenderError: If Copier or Jinja fails; with a valid spec that is a template bug.
        ScratchError: The temporary folder cannot be written (a full disk).

    """
    source = TemplateSource(url=str(template), ref=None) if template else template_source()
    try:
        with warnings.catch_warnings():
            # Copier warns about template details (no tags in a custom template, dirty checkouts) that
            # are noise for scaffold's users.
            warnings.simplefilter("ignore")
            copy_fresh(source.url, folder, data=spec.answers(), vcs_ref=source.ref, unsafe=False)
    except (CopierError, TemplateError, ValueError) as error:
        raise RenderError(f"the template failed to render: {error}") from error
    except OSError as error:
        # A full disk or a read-only temporary folder, not a template bug.
        raise ScratchError(f"cannot render into {folder}: {error.strerror or error}") from error
    if source.answers_source != source.url:
        record_source(folder / ANSWERS_FILE, source.answers_source)
    return sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file())


def render_files(spec: Spec, *, template: Path | None = None) -> dict[str, str]:
    """Render ``spec`` and return each generated file's text, keyed by relative path.

    Args:
        spec: The validated answers.
        template: A Copier template root to use instead of scaffold's own.

    Returns:
        Relative path to file content, sorted by path.

    """
    with tempfile.TemporaryDirectory(prefix="scaffold-render-") as scratch:
        folder = Path(scratch)
        names = render_into(spec, folder, template=template)
        return {name: (folder / name).read_text(encoding="utf-8") for name in names}
