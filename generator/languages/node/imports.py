"""The app's own modules: the files an entry file loads by relative path, and the files those load.

Routes often live beside the entry (express-generator's ``routes/``, a Koa ``router.js``): following the
entry's ``require('./routes/health')`` and ``import ... from './router.js'`` finds them wherever the
project keeps them, without reading tests, scripts or tooling the app never loads.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from generator.detect.files import read_text

#: A relative module specifier in ``require()``, ``import ... from``, ``export ... from`` or ``import()``.
_RELATIVE = re.compile(
    r"""(?:\brequire\(\s*|\bfrom\s+|\bimport\s*\(?\s*)['"](\.{1,2}/[^'"]+)['"]""",
)
#: What node (or tsc, for a TypeScript source) tries after a specifier, in order.
_TRIED = ("", ".js", ".ts", ".mjs", ".cjs", ".mts", ".cts", "/index.js", "/index.ts")
#: tsc's NodeNext style names the .js a .ts source becomes: ``./router.js`` is ``./router.ts``.
_WRITTEN_AS = {".js": (".ts", ".tsx"), ".mjs": (".mts",), ".cjs": (".cts",)}
#: Enough of an app's own modules to find its routes, few enough to stay fast.
_MAX_MODULES = 200


def loaded_modules(repo: Path, starts: list[Path]) -> list[Path]:
    """Return the files ``starts`` load by relative path, directly or through each other, in the order found.

    Args:
        repo: The project folder; nothing outside it is read.
        starts: The entry files (the entry itself and the source it is built from).

    """
    seen = {path.resolve() for path in starts}
    found: list[Path] = []
    pending = [path for path in starts if path.is_file()]
    while pending and len(found) < _MAX_MODULES:
        current = pending.pop(0)
        for specifier in _RELATIVE.findall(read_text(current) or ""):
            target = _resolve(repo, current, specifier)
            if target is None or target.resolve() in seen:
                continue
            seen.add(target.resolve())
            found.append(target)
            pending.append(target)
    return found


def _resolve(repo: Path, importer: Path, specifier: str) -> Path | None:
    """The file a relative specifier names, as node or tsc resolves it, if it is inside ``repo``."""
    base = posixpath.normpath(posixpath.join(importer.parent.relative_to(repo).as_posix(), specifier))
    if base.startswith(".."):
        return None
    stem, suffix = posixpath.splitext(base)
    candidates = [base + tried for tried in _TRIED]
    candidates += [stem + written for written in _WRITTEN_AS.get(suffix, ())]
    return next((repo / name for name in candidates if (repo / name).is_file()), None)
