"""A versioned template source that works offline, for ``scaffold new`` and ``scaffold update``.

Copier updates need the template in a git repository whose tags are versions: the answers file
records the tag a project was rendered from, and an update renders that tag again to find the user's
own edits. An installed wheel is not a git repository, so scaffold keeps one in its cache folder: the
packaged template is committed there and tagged ``v<scaffold version>``. Template edits made without a
version bump (a development checkout) get ``.postN`` tags, so versions only ever go up.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import yaml
from packaging.version import Version

from generator import __version__
from generator.errors import ScaffoldError
from generator.templating import history
from generator.templating.git import IDENTITY, GitError, git
from generator.templating.location import TEMPLATE_ENV, template_root
from generator.writing.atomic import interrupts_deferred

#: The answers file the template writes (``_answers_file`` in copier.yml).
ANSWERS_FILE = ".copier-answers.yml"
#: What a Copier template consists of, relative to its root.
TEMPLATE_PARTS = ("copier.yml", "templates", "includes")
_DIGEST_FILE = ".scaffold-template-digest"


@dataclass(frozen=True)
class TemplateSource:
    """Where Copier reads the template from, and which version.

    Attributes:
        url: Where Copier reads the template on this machine.
        ref: The git tag to render, or None to render the folder as it is.
        recorded: What ``.copier-answers.yml`` records as the source: for scaffold's own template
            :data:`OWN_SOURCE` whatever the cache folder on this machine, so that the file works on
            every machine where scaffold is installed; otherwise ``url``.
    """

    url: str
    ref: str | None
    recorded: str = ""

    @property
    def answers_source(self) -> str:
        """The source to record in the answers file."""
        return self.recorded or self.url


#: How answers files name scaffold's own template: its cache repository under the default cache folder.
#: Copier expands the ``~``, so plain ``copier update`` finds the cache wherever scaffold has built it.
OWN_SOURCE = "~/.cache/scaffold/template"


def cache_dir() -> Path:
    """Return scaffold's cache folder (``$SCAFFOLD_CACHE_DIR``, else ``~/.cache/scaffold``)."""
    configured = os.environ.get("SCAFFOLD_CACHE_DIR")
    return Path(configured).expanduser() if configured else Path.home() / ".cache" / "scaffold"


def template_source() -> TemplateSource:
    """Return the source to render from, preparing the versioned cache repository if needed.

    ``$SCAFFOLD_TEMPLATE`` is used as given (its own git tags, if any, decide the version). Otherwise the
    packaged template is synced into the cache repository and its newest tag is rendered.

    Returns:
        The source and the ref to render.
    """
    if os.environ.get(TEMPLATE_ENV):
        return TemplateSource(url=str(template_root()), ref=None)
    repo = cache_dir() / "template"
    tag = sync_cache(template_root(), repo)
    return TemplateSource(url=str(repo), ref=tag, recorded=OWN_SOURCE)


def record_source(answers_file: Path, source: str) -> None:
    """Set ``_src_path`` in a Copier answers file, keeping every other line as Copier wrote it."""
    text = answers_file.read_text(encoding="utf-8")
    line = yaml.safe_dump({"_src_path": source}, default_flow_style=False, width=10_000).strip()
    updated, count = re.subn(r"^_src_path: .*$", lambda _: line, text, count=1, flags=re.MULTILINE)
    answers_file.write_text(updated if count else f"{text.rstrip()}\n{line}\n", encoding="utf-8")


def is_own_source(recorded: str) -> bool:
    """Tell whether an answers file's ``_src_path`` names scaffold's own template.

    Only the names scaffold itself records count: the default cache repository, and this machine's
    cache repository (``$SCAFFOLD_CACHE_DIR``). Whatever sits at that path is never used as found:
    callers render from :func:`template_source`, which rebuilds the cache from the packaged template.
    """
    own = cache_dir() / "template"
    return recorded in {OWN_SOURCE, _portable(own), str(own)}


def sync_cache(template: Path, repo: Path) -> str:
    """Commit ``template`` into the git repository ``repo`` unless it is already there; return its tag.

    The live repository is never committed to in place: a new version is committed in a copy beside it
    (a fresh repository, seeded from the shipped bundle of released versions, the first time), and the
    copy replaces it in two renames that Ctrl-C and SIGTERM wait for. An interrupted run leaves at worst
    a stray folder, which the next run removes; a repository found broken (from an older scaffold, or
    damaged) is rebuilt.

    Args:
        template: A template root (copier.yml, templates/, includes/).
        repo: The cache repository; created when missing.

    Returns:
        The tag naming this exact template content.

    Raises:
        CacheError: The cache folder cannot be created or written, or git fails in it.
    """
    digest = template_digest(template)
    bundle = history.bundle_path(template)
    try:
        repo.parent.mkdir(parents=True, exist_ok=True)
        with _locked(repo.parent / f".{repo.name}.lock"):
            return _sync_locked(template, repo, digest, bundle)
    except OSError as error:
        raise CacheError(repo, error.strerror or str(error)) from None
    except GitError as error:
        raise CacheError(repo, str(error)) from None


class CacheError(ScaffoldError):
    """scaffold's template cache folder cannot be used."""

    exit_code = 2

    def __init__(self, repo: Path, reason: str) -> None:
        self.repo = repo
        super().__init__(
            f"the template cache {repo} cannot be used ({reason}); set SCAFFOLD_CACHE_DIR to a writable "
            "folder"
        )


def _sync_locked(template: Path, repo: Path, digest: str, bundle: Path | None) -> str:
    _recover(repo)
    healthy = _healthy(repo)
    if healthy:
        if bundle is not None:
            # Fetching tags only adds objects and refs: safe in place, whenever it is cut short.
            history.take_new_tags(repo, bundle)
        current = _tag_of(repo, digest)
        if current is not None:
            return current
    scratch = Path(tempfile.mkdtemp(prefix=f".{repo.name}.new-", dir=repo.parent))
    work = scratch / repo.name
    try:
        if healthy:
            shutil.copytree(repo, work, symlinks=True)
        elif bundle is not None:
            history.seed(work, bundle)
        else:
            work.mkdir()
            _run(work, "init", "--quiet", "--initial-branch=main")
        tag = _tag_of(work, digest) or _commit(template, work, digest)
        _swap_in(work, repo)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return tag


def _tag_of(repo: Path, digest: str) -> str | None:
    """Return the newest tag on HEAD when HEAD holds exactly this template content."""
    recorded = repo / _DIGEST_FILE
    if not recorded.is_file() or recorded.read_text(encoding="utf-8").strip() != digest:
        return None
    current = _run(repo, "tag", "--points-at", "HEAD").split()
    return max(current, key=_tag_version) if current else None


def _commit(template: Path, repo: Path, digest: str) -> str:
    for part in TEMPLATE_PARTS:
        target = repo / part
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
        source = template / part
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.is_file():
            shutil.copy2(source, target)
    (repo / _DIGEST_FILE).write_text(digest + "\n", encoding="utf-8")
    _run(repo, "add", "--all")
    _run(repo, *IDENTITY, "commit", "--quiet", "--allow-empty", "-m", f"scaffold template {digest[:12]}")
    tag = _next_tag(_run(repo, "tag", "--list").split())
    _run(repo, *IDENTITY, "tag", tag)
    return tag


def _healthy(repo: Path) -> bool:
    """Whether ``repo`` is a git repository of its own with a commit and a tag, and no stale lock."""
    git_dir = repo / ".git"
    if not git_dir.is_dir() or (git_dir / "index.lock").exists():
        return False
    # A broken repository inside another one (a cache under a checked-in home) must not pass for it.
    top = _run(repo, "rev-parse", "--show-toplevel", check=False)
    if not top or Path(top).resolve() != repo.resolve():
        return False
    if not _run(repo, "rev-parse", "--verify", "--quiet", "HEAD^{commit}", check=False):
        return False
    return bool(_run(repo, "tag", "--list", check=False))


def _swap_in(new: Path, repo: Path) -> None:
    """Put ``new`` in the place of ``repo`` (removing a broken one), never leaving no repository."""
    with interrupts_deferred():
        aside = None
        if repo.exists() or repo.is_symlink():
            aside = repo.with_name(f".{repo.name}.old-{secrets.token_hex(4)}")
            os.rename(repo, aside)
        os.rename(new, repo)
        if aside is not None:
            shutil.rmtree(aside, ignore_errors=True)


def _recover(repo: Path) -> None:
    """Finish or undo what an interrupted run left: bring back a set-aside repository, drop stray copies."""
    asides = sorted(repo.parent.glob(f".{repo.name}.old-*"))
    if not repo.exists():
        for aside in asides:
            if _healthy(aside):
                os.rename(aside, repo)
                break
    for stray in [*repo.parent.glob(f".{repo.name}.new-*"), *repo.parent.glob(f".{repo.name}.old-*")]:
        shutil.rmtree(stray, ignore_errors=True)


def template_digest(template: Path) -> str:
    """Hash the template's files (names and contents), so a change is noticed without git."""
    digest = hashlib.sha256()
    for part in TEMPLATE_PARTS:
        root = template / part
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            if "__pycache__" in path.parts:
                continue
            digest.update(path.relative_to(template).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _next_tag(existing: list[str]) -> str:
    release = f"v{__version__}"
    if release not in existing:
        return release
    posts = [Version(tag[1:]).post or 0 for tag in existing if _same_release(tag)]
    return f"{release}.post{max(posts, default=0) + 1}"


def _same_release(tag: str) -> bool:
    try:
        return Version(tag[1:]).release == Version(__version__).release
    except ValueError:
        return False


def _tag_version(tag: str) -> Version:
    try:
        return Version(tag.removeprefix("v"))
    except ValueError:
        return Version("0")


def _portable(path: Path) -> str:
    home = Path.home()
    try:
        return "~/" + path.resolve().relative_to(home.resolve()).as_posix()
    except ValueError:
        return str(path)


@contextmanager
def _locked(lock: Path) -> Iterator[None]:
    """Serialise cache updates between concurrent scaffold runs."""
    with lock.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _run(repo: Path, *args: str, check: bool = True) -> str:
    return git(repo, *args, check=check).strip()
