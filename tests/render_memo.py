"""Copier's per-run set-up, done once per test process: reading copier.yml and compiling Jinja sources.

Reading copier.yml: Copier parses it (with PyYAML's pure-Python loader) at every run: a third of a
render's time once compiling is shared (below). :func:`shared_template_config` parses each distinct file
once and hands every run a deep copy of the result, so no run can change what another sees. A copier.yml
that includes other files (``!include``) is read afresh each time: its result depends on more than its
own bytes.

Compiling: Copier builds a new Jinja environment for every render, so the same hundred or so sources (the
template files, the includes, every question's default and ``when``) are parsed and compiled again for
each of the suite's hundreds of renders: about half of a render's time. Compiling is deterministic: the
same source under the same lexer, parser and compiler settings gives the same code, so the suite keeps
one compiled copy per (settings, source) and hands it out again. Every render still runs its templates
against its own answers; only the parse and compile steps are shared, and a source that fails to compile
fails every time. The file a source was read from is not part of the key (each Copier run from a git
repository reads its own clone of the template), but it is part of what comes back: shared code is handed
out under the file name that run asked for, so tracebacks still name the right file.

Telling a folder from a git bundle: for a template that is a plain folder (the suite's usual one) Copier
asks whether it is a git bundle by making a scratch repository and running ``git init`` and ``git bundle
verify`` on it, two processes per render. A bundle is a file, so a folder never is one:
:func:`folders_are_no_bundles` answers that for folders without git and leaves files to Copier.

Cloning a template version: every Copier run from a git repository clones it (``git clone``, ``git
checkout``, then ``git submodule update``, a shell script of a dozen processes: some 60 ms), and one
``copier update`` makes about five clones of two versions, the old one and the new one, each read by more
than one of its workers. A clone of a given commit of a given repository, with the same tags and branches,
is the same folder every time, and Copier only reads it, so :func:`shared_clones` clones each once and
hands every later run that same clone. Copier still makes (and removes) the empty folder it meant to
clone into. A clone of ``HEAD`` is always made afresh: Copier adds the repository's uncommitted changes
to it.

Filter and test *functions* are keyed by name and calling convention, not by identity: Copier wraps some
of them anew for each environment (``functools.partial``), while the functions themselves are those of
the installed packages. The compiler needs them only to check that a name exists, to choose how to call
it, and to fold a call on constants, which gives the same value for the same installed code.
"""

from __future__ import annotations

import contextlib
import copy
import weakref
from collections.abc import Iterator
from pathlib import Path
from types import CodeType
from typing import Any

import copier._template
import copier._vcs
import jinja2
import pytest

from generator.templating.git import git

__all__ = [
    "folders_are_no_bundles",
    "shared_clones",
    "shared_compilation",
    "shared_render_work",
    "shared_template_config",
]

#: Every environment setting the lexer, parser, optimizer or code generator reads.
_SETTINGS = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
    "optimized",
    "is_async",
    "finalize",
    "autoescape",
    "code_generator_class",
)


def _callables(table: dict[str, Any]) -> tuple[tuple[str, object], ...]:
    return tuple(sorted((name, getattr(func, "jinja_pass_arg", None)) for name, func in table.items()))


#: Each environment's settings, worked out once: (number of filters, number of tests, settings number).
_SEEN: weakref.WeakKeyDictionary[jinja2.Environment, tuple[int, int, int]] = weakref.WeakKeyDictionary()
#: A number for each distinct set of settings. The settings tuple holds a few hundred filter and test
#: names, and Python does not remember a tuple's hash: keying every compile on the tuple itself would
#: hash it again on each of a run's hundreds of thousands of compiles.
_NUMBERS: dict[tuple[object, ...], int] = {}


def _settings(env: jinja2.Environment) -> int:
    seen = _SEEN.get(env)
    # Jinja's rule is that an environment is not changed once it has loaded a template; a filter or test
    # added all the same gets the settings worked out again.
    if seen is None or seen[:2] != (len(env.filters), len(env.tests)):
        settings = (
            type(env),
            *(getattr(env, name) for name in _SETTINGS),
            tuple(sorted(env.extensions)),
            _callables(env.filters),
            _callables(env.tests),
        )
        number = _NUMBERS.setdefault(settings, len(_NUMBERS))
        seen = _SEEN[env] = (len(env.filters), len(env.tests), number)
    return seen[2]


def _renamed(code: CodeType, filename: str) -> CodeType:
    """Return ``code`` with every code object in it (the template's blocks and macros) naming ``filename``."""
    consts = tuple(_renamed(c, filename) if isinstance(c, CodeType) else c for c in code.co_consts)
    return code.replace(co_filename=filename, co_consts=consts)


@contextlib.contextmanager
def shared_compilation() -> Iterator[None]:
    """Within the block, every Jinja environment reuses the compiled code of sources it has seen."""
    original = jinja2.Environment.compile
    compiled: dict[tuple[object, ...], str | CodeType] = {}

    def memo_compile(
        self: jinja2.Environment,
        source: Any,
        name: str | None = None,
        filename: str | None = None,
        raw: bool = False,
        defer_init: bool = False,
    ) -> str | CodeType:
        if not isinstance(source, str):  # an already parsed node tree: nothing to share
            return original(self, source, name, filename, raw, defer_init)
        key = (_settings(self), source, name, raw, defer_init)
        if key not in compiled:
            compiled[key] = original(self, source, name, filename, raw, defer_init)
        code = compiled[key]
        if isinstance(code, CodeType) and code.co_filename != (filename or "<template>"):
            return _renamed(code, filename or "<template>")
        return code

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jinja2.Environment, "compile", memo_compile)
        yield


@contextlib.contextmanager
def shared_template_config() -> Iterator[None]:
    """Within the block, Copier parses each distinct copier.yml once and hands out deep copies."""
    original = copier._template.load_template_config
    loaded: dict[tuple[bytes, bool], Any] = {}

    def memo_load(conf_path: Path, quiet: bool = False) -> Any:
        text = Path(conf_path).read_bytes()
        if b"!include" in text:
            return original(conf_path, quiet)
        key = (text, quiet)
        if key not in loaded:
            loaded[key] = original(conf_path, quiet)
        return copy.deepcopy(loaded[key])

    with pytest.MonkeyPatch.context() as patch:
        # raising=True (the default): a Copier without this function fails here, loudly.
        patch.setattr(copier._template, "load_template_config", memo_load)
        yield


@contextlib.contextmanager
def folders_are_no_bundles() -> Iterator[None]:
    """Within the block, Copier takes a folder for no git bundle without running git to find out."""
    original = copier._vcs.is_git_bundle

    def is_git_bundle(path: Path) -> bool:
        if Path(path).is_dir():
            return False
        return original(path)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(copier._vcs, "is_git_bundle", is_git_bundle)
        yield


def _clone_key(url: str, ref: str) -> tuple[str, str, str] | None:
    """What a clone of ``url`` at ``ref`` is made of, or None when it is not to be shared."""
    repository = Path(url)
    if ref == "HEAD" or not repository.is_dir():
        return None
    commit = git(
        repository, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}", check=False
    )
    if not commit:
        return None  # Copier's own clone says what is wrong
    # Every tag and branch too: Copier reads the template's version from the clone's tags.
    refs = git(repository, "for-each-ref", "--format=%(objectname) %(refname)", check=False)
    return (str(repository.resolve()), commit.strip(), refs)


@contextlib.contextmanager
def shared_clones(store: Path) -> Iterator[None]:
    """Within the block, Copier clones each version of a local template once, into ``store``, and reads it."""
    original = copier._template.clone
    made: dict[tuple[str, str, str], str] = {}

    def clone(url: str, ref: str = "HEAD", location: str | None = None) -> str:
        key = _clone_key(url, ref)
        if key is None or location is None:
            return original(url, ref, location=location)
        if key not in made:
            pristine = store / str(len(made))
            pristine.mkdir(parents=True)
            made[key] = original(url, ref, location=str(pristine))
        return made[key]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(copier._template, "clone", clone)
        yield


@contextlib.contextmanager
def shared_render_work(clones: Path) -> Iterator[None]:
    """All of the above; the shared clones are kept in ``clones``."""
    with shared_compilation(), shared_template_config(), folders_are_no_bundles(), shared_clones(clones):
        yield
