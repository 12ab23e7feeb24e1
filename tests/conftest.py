"""Shared fixtures: a CLI runner that shows its output on failure, sample apps, a template copy, renders."""

from __future__ import annotations

import json
import shutil
import signal
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
import typer
import typer.testing
from typer.testing import CliRunner, Result

from generator.cli import app
from generator.spec.model import Spec
from generator.templating.location import template_root

from . import shared_run
from .render_memo import shared_render_work

REPO = Path(__file__).resolve().parent.parent
APPS = Path(__file__).resolve().parent / "apps"

Invoke = Callable[..., Result]


def pytest_configure(config: pytest.Config) -> None:
    """Give the test process Python's own Ctrl-C handler when it was started with SIGINT ignored.

    A shell starts a background job (``pytest ... &`` in a script) with SIGINT ignored, and an ignored
    signal stays ignored in every process started from it. scaffold rightly leaves such a signal alone
    (generator/stopping.py), so the tests that send SIGINT to a run of it would see nothing happen.
    """
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="Rewrite tests/golden from the current templates."
    )


@pytest.fixture
def fast_template(plain_template: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point scaffold at a plain copy of its template (no git clone per render: much faster)."""
    monkeypatch.setenv("SCAFFOLD_TEMPLATE", str(plain_template))
    return plain_template


@pytest.fixture
def cli_invoke() -> Invoke:
    """Run ``scaffold`` in-process; print its output when the exit code is not the expected one."""
    runner = CliRunner()

    def invoke(args: Sequence[str], *, expect: int = 0, input: str | None = None) -> Result:
        result = runner.invoke(app, list(args), input=input)
        if result.exit_code != expect:
            print(f"$ scaffold {' '.join(args)}\n--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}")
            if result.exception and not isinstance(result.exception, SystemExit):
                raise result.exception
        assert result.exit_code == expect
        return result

    return invoke


@pytest.fixture
def copy_app(tmp_path: Path) -> Callable[[str], Path]:
    """Copy a sample app from tests/apps into a temporary folder and return its path."""

    def copy(name: str) -> Path:
        dest = tmp_path / name
        shutil.copytree(APPS / name, dest)
        return dest

    return copy


@pytest.fixture(scope="session", autouse=True)
def _own_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Keep the versioned template repository of the test run out of the user's ~/.cache."""
    cache = tmp_path_factory.mktemp("scaffold-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SCAFFOLD_CACHE_DIR", str(cache))
        yield cache


@pytest.fixture(scope="session", autouse=True)
def _copier_set_up_once(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Share copier.yml's parse, Jinja's compiled sources and template clones between Copier runs.

    See tests/render_memo.py.
    """
    with shared_render_work(tmp_path_factory.mktemp("template-clones")):
        yield


@pytest.fixture(scope="session", autouse=True)
def _commands_built_once() -> Iterator[None]:
    """Build each Typer app's command line once per test process, not at every in-process invocation.

    Typer's test runner turns the app into a click command (every parameter of every command) on each
    ``invoke``: a few milliseconds, spent again by each of the suite's thousands of invocations. The
    command is the same each time: the app is not changed after import, and each invocation still parses
    its own arguments in a context of its own.
    """
    original = typer.testing._get_command
    built: dict[int, tuple[typer.Typer, Any]] = {}

    def get_command(typer_app: typer.Typer) -> Any:
        # The app is kept alongside its command, so its id is never reused by another app.
        if id(typer_app) not in built:
            built[id(typer_app)] = (typer_app, original(typer_app))
        return built[id(typer_app)][1]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(typer.testing, "_get_command", get_command)
        yield


@pytest.fixture(scope="session", autouse=True)
def _key_bindings_built_once() -> Iterator[None]:
    """Build prompt_toolkit's default key bindings once per test process, not for every prompt.

    Each prompt_toolkit application builds its own copy of the default bindings (Emacs, Vi, mouse: some
    six hundred of them) and then indexes them at the first key pressed: a third of the time of a test
    that answers prompts through a pipe. The bindings are the same each time and hold no state of an
    application: each binding's filters ask the running application (``get_app()``) when a key comes.
    """
    from prompt_toolkit.application import application
    from prompt_toolkit.key_binding.defaults import load_key_bindings

    shared = load_key_bindings()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(application, "load_key_bindings", lambda: shared)
        yield


@pytest.fixture(scope="session")
def plain_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """scaffold's template copied out of version control, so answers files carry no commit id.

    One copy for the whole run, shared by its worker processes, so every render of a variant is the same
    to the byte (the answers file names the template's folder). Nothing may change it.
    """

    def copy(dest: Path) -> None:
        source = template_root()
        shutil.copy2(source / "copier.yml", dest / "copier.yml")
        for folder in ("templates", "includes"):
            shutil.copytree(source / folder, dest / folder)

    return shared_run.made_once(shared_run.run_folder(tmp_path_factory) / "template", copy)


@pytest.fixture(scope="session")
def render_spec(
    plain_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[Spec], dict[str, str]]:
    """Render a spec once per run (whichever worker asks first) and hand out its files."""
    from generator.templating.render import render_files

    renders = shared_run.run_folder(tmp_path_factory) / "renders"
    renders.mkdir(exist_ok=True)
    cache: dict[str, dict[str, str]] = {}

    def render(spec: Spec) -> dict[str, str]:
        answers = spec.answers()
        key = json.dumps(answers, sort_keys=True)
        if key not in cache:
            cache[key] = shared_run.stored_once(
                renders, answers, lambda: render_files(spec, template=plain_template)
            )
        return cache[key]

    return render


@pytest.fixture(scope="session")
def render_variant(render_spec: Callable[[Spec], dict[str, str]]) -> Callable[[str], dict[str, str]]:
    """Render a variant of tests/variants.py once per run and hand out its files."""
    from .variants import MATRIX

    return lambda variant: render_spec(MATRIX[variant])
