"""pip requirements files: the one ``pip install -r`` reads, every file it includes, and what they list.

``-r``/``--requirement`` and ``-c``/``--constraint`` lines are followed through relative paths, resolved
from the including file's folder as pip does. Every file reached must be copied into the image before the
install, so an include that pip could not read there (outside the repository, missing, a cycle, which
pip follows until its stack runs out) is a problem to report, never a file to guess around. A line that
installs a local folder (``-e .``, ``./libs/x``) is one too: the dependencies are installed before the
source is copied.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from packaging.requirements import InvalidRequirement
from packaging.requirements import Requirement as Pep508

from generator.detect.files import read_text

#: The files scaffold starts from, when the repository has one: the root file first (Heroku's and
#: cookiecutter-django's ``requirements.txt`` is often just ``-r requirements/production.txt``).
TOP_FILES = ("requirements.txt", "requirements/production.txt", "requirements/prod.txt")
#: A path the requirements_files answer can hold (letters, digits, ``._/-``; no ``..``).
_PATH_FORM = re.compile(r"[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*")
_INCLUDES = {"-r": False, "--requirement": False, "-c": True, "--constraint": True}
_EDITABLE = ("-e", "--editable")
_COMMENT = re.compile(r"(^|\s)#.*$")
_EGG = re.compile(r"#egg=([A-Za-z0-9][A-Za-z0-9._-]*)")
_REMOTE = re.compile(r"^[a-z][a-z0-9+.-]*://|^[a-z]+\+[a-z]+://|^git@", re.IGNORECASE)


def normalise(name: str) -> str:
    """Return a distribution name in its normal form (PEP 503): ``Django_Environ`` is ``django-environ``."""
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass(frozen=True)
class Requirement:
    """One package a requirements file names.

    Attributes:
        name: The distribution name, normalised.
        extras: The extras asked for (``psycopg[binary]``), normalised.
        file: The file, relative to the repository.
        line: Its line there.
        text: The line as written.
        constraint: Read from a constraints file (``-c``): it pins a version, installs nothing.

    """

    name: str
    extras: frozenset[str]
    file: str
    line: int
    text: str
    constraint: bool = False

    @property
    def source(self) -> str:
        """Where it was read: ``requirements/base.txt:3: psycopg2==2.9.10``."""
        return f"{self.file}:{self.line}: {self.text}"


@dataclass
class RequirementFiles:
    """What ``pip install -r <top>`` reads.

    Attributes:
        files: Every file reached, the top one first, then each include in the order pip meets it.
        requirements: The packages they name, in order.
        problems: Why pip could not install them in the image, each naming the file and line.

    """

    files: list[str] = field(default_factory=list)
    requirements: list[Requirement] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def installed(self) -> list[Requirement]:
        """The packages pip installs (constraints files only pin versions)."""
        return [item for item in self.requirements if not item.constraint]


def top_file(repo: Path) -> str | None:
    """Return the requirements file pip starts from, if the repository has one."""
    return next((name for name in TOP_FILES if (repo / name).is_file()), None)


def read_requirements(repo: Path, top: str) -> RequirementFiles:
    """Follow ``top`` and its includes; see the module's description.

    Args:
        repo: The project folder.
        top: The file ``pip install -r`` reads, relative to ``repo``.

    """
    found = RequirementFiles()
    _read(repo, top, (), constraint=False, found=found)
    return found


def _read(
    repo: Path, name: str, chain: tuple[str, ...], *, constraint: bool, found: RequirementFiles
) -> None:
    if name in found.files:
        return  # read once, whichever file includes it again (not a cycle: that is caught before)
    found.files.append(name)
    text = read_text(repo / name) or ""
    for number, line in _logical_lines(text):
        words = line.split()
        option, value = _option(words)
        if option in _INCLUDES and value is not None:
            _include(repo, name, number, line, value, (*chain, name), _INCLUDES[option] or constraint, found)
        elif option in _EDITABLE and value is not None:
            _editable(name, number, line, value, constraint, found)
        elif option is None:
            _requirement(name, number, line, constraint, found)


def _include(
    repo: Path,
    parent: str,
    number: int,
    line: str,
    value: str,
    chain: tuple[str, ...],
    constraint: bool,
    found: RequirementFiles,
) -> None:
    where = f"{parent}:{number}: {line}"
    if _REMOTE.match(value):
        return  # pip downloads it while installing: nothing to copy
    if value.startswith("/"):
        found.problems.append(f"{where} includes an absolute path, outside the repository")
        return
    target = posixpath.normpath(posixpath.join(posixpath.dirname(parent), value))
    resolved = (repo / target).resolve()
    try:
        inside = target != ".." and not target.startswith("../") and resolved.is_relative_to(repo.resolve())
    except OSError:
        inside = False
    if not inside:
        found.problems.append(f"{where} includes {target}, outside the repository")
    elif target in chain:
        loop = " -> ".join([*chain[chain.index(target) :], target])
        found.problems.append(f"{where} includes {target} again ({loop}): pip never stops following it")
    elif not (repo / target).is_file():
        found.problems.append(f"{where} includes {target}, which does not exist")
    elif not _PATH_FORM.fullmatch(target):
        found.problems.append(f"{where} includes {target}, a name the image's copy step cannot hold")
    else:
        _read(repo, target, chain, constraint=constraint, found=found)


def _editable(
    name: str, number: int, line: str, value: str, constraint: bool, found: RequirementFiles
) -> None:
    egg = _EGG.search(value)
    if _REMOTE.match(value):
        if egg is not None:
            found.requirements.append(
                Requirement(normalise(egg.group(1)), frozenset(), name, number, line, constraint)
            )
        return
    found.problems.append(
        f"{name}:{number}: {line} installs the local folder {value}, which is not in the image when the "
        "dependencies are installed (they are installed before the source is copied)"
    )


def _requirement(name: str, number: int, line: str, constraint: bool, found: RequirementFiles) -> None:
    # Per-requirement options (--hash=..., --config-settings) follow the requirement itself.
    text = re.split(r"\s+--?[a-z]", line, maxsplit=1)[0].strip()
    try:
        parsed = Pep508(text)
    except InvalidRequirement:
        egg = _EGG.search(text)
        if egg is not None:
            found.requirements.append(
                Requirement(normalise(egg.group(1)), frozenset(), name, number, line, constraint)
            )
        elif not _REMOTE.match(text):
            found.problems.append(
                f"{name}:{number}: {line} installs the local path {text}, which is not in the image when the "
                "dependencies are installed (they are installed before the source is copied)"
            )
        return
    extras = frozenset(normalise(extra) for extra in parsed.extras)
    found.requirements.append(Requirement(normalise(parsed.name), extras, name, number, line, constraint))


def _option(words: list[str]) -> tuple[str | None, str | None]:
    """Return a line's option and its value (``-r x``, ``-rx``, ``--requirement=x``), or (None, None)."""
    if not words or not words[0].startswith("-"):
        return None, None
    first = words[0]
    for option in (*_INCLUDES, *_EDITABLE):
        if first == option:
            return option, words[1] if len(words) > 1 else None
        if option.startswith("--") and first.startswith(f"{option}="):
            return option, first.split("=", 1)[1]
        if not option.startswith("--") and first.startswith(option) and len(first) > len(option):
            return option, first[len(option) :]
    return first, None  # another pip option (--index-url, --hash, ...): nothing to read


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """Join backslash-continued lines and drop comments, keeping each line's first line number."""
    lines: list[tuple[int, str]] = []
    pending: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        if not pending:
            start = number
        if raw.endswith("\\"):
            pending.append(raw[:-1])
            continue
        joined = " ".join([*pending, raw])
        pending = []
        stripped = _COMMENT.sub("", joined).strip()
        if stripped:
            lines.append((start, stripped))
    if pending:
        stripped = _COMMENT.sub("", " ".join(pending)).strip()
        if stripped:
            lines.append((start, stripped))
    return lines
