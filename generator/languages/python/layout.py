"""Where a Python project's own modules are, what each is called on import, and whether it installs.

The app's modules are searched for everywhere in the repository except where they never are: virtual
environments (any folder with a ``pyvenv.cfg``), dependencies and build output, tests, migrations, docs and
examples. A module's import name is its path with ``src/`` dropped (``src/shop/main.py`` is
``shop.main``): a src layout's package is importable only once the project is installed.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.detect.files import SKIPPED_DIRS
from generator.languages.python.manifest import TomlFile

#: Folders that never hold the module the image runs.
SKIPPED = SKIPPED_DIRS | {
    "env",
    "site-packages",
    "__pypackages__",
    "tests",
    "test",
    "testing",
    "migrations",
    "docs",
    "examples",
    "htmlcov",
}
#: Files that are never the app (test modules, build and task scripts).
_NOT_APP = re.compile(r"^(test_.*|.*_test|conftest|tests|setup|noxfile|fabfile)\.py$")
#: Enough modules to find an app in any realistic project, few enough to stay fast.
_MAX_FILES = 400
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def python_files(repo: Path) -> list[str]:
    """List the project's own ``.py`` files, relative to ``repo``, shallowest first."""
    found: list[str] = []
    pending = [repo]
    while pending and len(found) < _MAX_FILES:
        folder = pending.pop(0)
        try:
            entries = sorted(folder.iterdir())
        except OSError:
            continue
        for entry in entries:
            if entry.is_file() and entry.suffix == ".py" and not _NOT_APP.match(entry.name):
                found.append(entry.relative_to(repo).as_posix())
            elif entry.is_dir() and not _skipped(entry):
                pending.append(entry)
    return found[:_MAX_FILES]


def _skipped(folder: Path) -> bool:
    # A symlinked folder can loop back on itself; hidden ones hold tooling; a venv can have any name.
    return (
        folder.name in SKIPPED
        or folder.name.startswith(".")
        or folder.is_symlink()
        or (folder / "pyvenv.cfg").is_file()
    )


def module_name(path: str) -> str | None:
    """Return the import name of a module file (``src/shop/main.py``: ``shop.main``), or None.

    None when a part of the path is not an identifier (``my-tools/app.py`` cannot be imported).
    """
    parts = path.removesuffix(".py").split("/")
    if parts[-1] == "__init__":
        parts = parts[:-1]
    if parts[:1] == ["src"] and len(parts) > 1:
        parts = parts[1:]
    if not parts or not all(_IDENTIFIER.match(part) for part in parts):
        return None
    return ".".join(parts)


def in_src_layout(path: str) -> bool:
    """Whether a module lives under ``src/`` (importable only from the installed project)."""
    return path.startswith("src/") and path.count("/") > 1


def module_file(repo: Path, dotted: str, *, under: str = "") -> str | None:
    """Return the file that ``import dotted`` loads, relative to ``repo``, looking in ``under`` then src/."""
    if not all(_IDENTIFIER.match(part) for part in dotted.split(".")):
        return None  # not an import name (and never a path out of the repository)
    relative = dotted.replace(".", "/")
    for root in dict.fromkeys([under, "src"] if under else ["", "src"]):
        prefix = f"{root}/" if root else ""
        for candidate in (f"{prefix}{relative}.py", f"{prefix}{relative}/__init__.py"):
            if (repo / candidate).is_file():
                return candidate
    return None


def installable(repo: Path, pyproject: TomlFile) -> str | None:
    """Say why the project installs as a package of its own (its source), or None when it does not.

    Poetry's ``package-mode = false`` and uv's ``package = false`` say it is no package, whatever else
    is there; a ``[build-system]`` table, uv's ``package = true`` or a setup.py say it is one.
    """
    if pyproject.table("tool.poetry").get("package-mode") is False:
        return None
    if pyproject.table("tool.uv").get("package") is False:
        return None
    if pyproject.table("build-system"):
        return pyproject.source("", "build-system", "[build-system]")
    if pyproject.table("tool.uv").get("package") is True:
        return pyproject.source("tool.uv", "package", "[tool.uv] package = true")
    for name in ("setup.py", "setup.cfg"):
        if (repo / name).is_file():
            return name
    return None


def why_not_installable(pyproject: TomlFile) -> str:
    """Say why the project does not install as a package (when :func:`installable` says it does not)."""
    if pyproject.table("tool.poetry").get("package-mode") is False:
        return pyproject.source("tool.poetry", "package-mode", "package-mode = false")
    if pyproject.table("tool.uv").get("package") is False:
        return pyproject.source("tool.uv", "package", "[tool.uv] package = false")
    return "no [build-system] in pyproject.toml and no setup.py"
