"""Ctrl-C and SIGTERM: one line, exit 130 or 143, no temporary folders left, no broken template cache.

The runs here are real ``python -m generator`` processes, signalled while a condition holds (a template
clone exists, the cache is being built). Where exactly the signal lands varies from run to run; what
is asserted holds wherever it lands.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import tempfile
import types
from collections.abc import Callable
from pathlib import Path

import pytest

from generator import entry, stopping

from .conftest import Invoke


def _environment(tmp_path: Path, cache: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "SCAFFOLD_TEMPLATE"}
    temp = tmp_path / "system-tmp"
    temp.mkdir(exist_ok=True)
    return {**env, "TMPDIR": str(temp), "SCAFFOLD_CACHE_DIR": str(cache)}


def _app(tmp_path: Path, name: str = "app") -> Path:
    app = tmp_path / name
    app.mkdir()
    (app / "requirements.txt").write_text("flask\n")
    (app / "app.py").write_text("from flask import Flask\napp = Flask(__name__)\n")
    return app


def _start(app: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "new", str(app), "-y"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _signal_when(
    process: subprocess.Popen[str], ready: Callable[[], bool], signum: int, *, delay: float = 0
) -> bool:
    """Send ``signum`` once ``ready()`` holds (then after ``delay``); False if the run ended first.

    Between looks the test process waits on the run for a millisecond rather than spinning: a spinning
    loop took a whole core from the run it watches. The run ending ends the wait at once.
    """
    while not ready():
        try:
            process.wait(timeout=0.001)
            return False
        except subprocess.TimeoutExpired:
            pass
    if delay:
        # Only moves where in the run the signal lands; nothing asserted depends on it.
        try:
            process.wait(timeout=delay)
            return False
        except subprocess.TimeoutExpired:
            pass
    process.send_signal(signum)
    return True


@pytest.mark.parametrize(
    ("signum", "code", "word"), [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated")]
)
def test_a_signal_mid_render_leaves_no_temporary_clone(
    tmp_path: Path, signum: int, code: int, word: str
) -> None:
    env = _environment(tmp_path, Path(os.environ["SCAFFOLD_CACHE_DIR"]))
    temp = Path(env["TMPDIR"])
    app = _app(tmp_path)
    process = _start(app, env)
    # Copier's clone of the template exists while it renders.
    signalled = _signal_when(process, lambda: any(temp.glob("scaffold-run-*/copier._vcs.clone.*")), signum)
    _, stderr = process.communicate()
    assert signalled, f"the run ended before its template clone was seen: {stderr}"
    assert process.returncode == code, stderr
    assert stderr.strip() == f"scaffold: {word}"
    assert list(temp.iterdir()) == []
    assert sorted(path.name for path in app.iterdir()) == ["app.py", "requirements.txt"]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_interrupting_the_first_run_never_breaks_the_template_cache(
    tmp_path: Path, seed: int, cli_invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    env = _environment(tmp_path, cache)
    process = _start(_app(tmp_path, "first"), env)
    delay = random.Random(seed).uniform(0, 0.6)
    # The cache folder appears as the cache build starts.
    _signal_when(process, cache.exists, signal.SIGINT, delay=delay)
    _, stderr = process.communicate()
    assert process.returncode in {0, 130}, stderr
    assert "Traceback" not in stderr

    # The next run, over whatever the first one left, needs no process of its own: nothing signals it.
    second = _app(tmp_path, "second")
    monkeypatch.delenv("SCAFFOLD_TEMPLATE", raising=False)
    monkeypatch.setenv("SCAFFOLD_CACHE_DIR", env["SCAFFOLD_CACHE_DIR"])
    monkeypatch.setattr(tempfile, "tempdir", env["TMPDIR"])
    cli_invoke(["new", str(second), "-y"])
    assert (second / "Dockerfile").is_file()
    assert list(Path(env["TMPDIR"]).iterdir()) == []


@pytest.fixture
def handlers(monkeypatch: pytest.MonkeyPatch) -> dict[int, object]:
    """Record the handlers entry.main installs instead of installing them in the test process."""
    installed: dict[int, object] = {}
    monkeypatch.setattr(signal, "signal", lambda signum, handler: installed.setdefault(signum, handler))
    monkeypatch.setattr(stopping, "_received", [])
    monkeypatch.setattr(sys, "unraisablehook", sys.unraisablehook)
    return installed


def test_ctrl_c_during_start_up_is_one_line(
    handlers: dict[int, object], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    class Importing(types.ModuleType):
        def __getattr__(self, name: str) -> object:
            raise KeyboardInterrupt  # Ctrl-C while the command line is still being imported

    monkeypatch.setitem(sys.modules, "generator.cli", Importing("generator.cli"))
    with pytest.raises(SystemExit) as stopped:
        entry.main()
    assert stopped.value.code == 130
    assert capsys.readouterr().err == "scaffold: interrupted\n"


def test_sigterm_becomes_a_clean_stop(
    handlers: dict[int, object], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def run() -> None:
        handler = handlers[signal.SIGTERM]
        assert callable(handler)
        handler(signal.SIGTERM, None)

    monkeypatch.setitem(sys.modules, "generator.cli", types.SimpleNamespace(main=run))
    with pytest.raises(SystemExit) as stopped:
        entry.main()
    assert stopped.value.code == 143
    assert capsys.readouterr().err == "scaffold: terminated\n"


def test_a_stop_swallowed_by_a_finaliser_still_stops_before_writing(
    handlers: dict[int, object], tmp_path: Path
) -> None:
    from generator.writing.atomic import write_all

    stopping.install()
    handler = handlers[signal.SIGINT]
    assert callable(handler)

    class Finalised:
        def __del__(self) -> None:
            handler(signal.SIGINT, None)  # Python prints this KeyboardInterrupt and goes on

    Finalised()
    with pytest.raises(KeyboardInterrupt):
        write_all(tmp_path, {"Dockerfile": "FROM scratch\n"})
    assert list(tmp_path.iterdir()) == []
