"""The quick commands stay quick: ``--version`` and ``check`` load no template, prompt or validation library.

Each case runs the real console entry point in a fresh interpreter and lists the heavy top-level packages
in ``sys.modules`` when it ends. Checking one kind of file loads no parser of another kind, and only the
command that runs is built. No time is measured here; ``benchmarks/cli_speed.py`` and
``benchmarks/check_speed.py`` print the figures.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import _narrowed, app

from . import golden_store
from .conftest import REPO

#: Packages that cost a start-up far beyond what these commands need.
HEAVY = ("copier", "questionary", "pydantic", "jinja2")
#: The parsers of each kind of file ``check`` reads, where a library does the parsing.
PARSERS = ("dockerfile_parse", "yaml")
#: scaffold's own modules that ``check`` has no use for and that cost its start noticeably: the answer
#: expressions (20 dataclasses) that the language facts are built from.
ANSWER_MODULES = ("generator.spec.expr",)

# Runs scaffold's entry point with the given arguments, then prints the heavy packages it imported.
PROBE = f"""
import sys
from generator.cli import main

sys.argv = ["scaffold", *sys.argv[1:]]
try:
    main()
finally:
    loaded = {{name.partition(".")[0] for name in sys.modules}} | set(sys.modules)
    print(
        "loaded:",
        ",".join(name for name in {HEAVY + PARSERS + ANSWER_MODULES!r} if name in loaded),
        file=sys.stderr,
    )
"""


def heavy_imports(*args: str, expect: int = 0) -> tuple[set[str], str]:
    """Run ``scaffold ARGS`` in a fresh interpreter; return the heavy packages it loaded and its stdout."""
    loaded, stdout = imports(*args, expect=expect)
    return loaded & set(HEAVY), stdout


def imports(*args: str, expect: int = 0) -> tuple[set[str], str]:
    """Run ``scaffold ARGS`` in a fresh interpreter; return what it loaded of the lists above, and stdout."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=False, cwd=REPO
    )
    assert done.returncode == expect, done.stderr
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("loaded:"), done.stderr
    return {name for name in last.removeprefix("loaded:").strip().split(",") if name}, done.stdout


def test_version_loads_no_heavy_package() -> None:
    loaded, stdout = heavy_imports("--version")
    assert stdout.startswith("scaffold ")
    assert loaded == set()


def test_the_console_entry_answers_version_without_the_command_line() -> None:
    # generator.entry answers a lone --version itself; any other argument list goes to the Typer app.
    probe = (
        "import sys; from generator.entry import main; sys.argv = ['scaffold', *sys.argv[1:]]\n"
        "try:\n    main()\nfinally:\n    print('typer' in sys.modules, file=sys.stderr)"
    )
    for args, loads_typer in ((["--version"], False), (["--version", "--help"], True)):
        done = subprocess.run(
            [sys.executable, "-c", probe, *args], capture_output=True, text=True, check=False, cwd=REPO
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith("scaffold "), done.stdout
        assert done.stderr.strip().splitlines()[-1] == str(loads_typer)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """pip-web-slim's golden files in a folder of their own (the golden store keeps shared files once)."""
    folder = tmp_path_factory.mktemp("pip-web-slim")
    for name, text in golden_store.read(REPO / "tests" / "golden")["pip-web-slim"].items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("target", "options"),
    [
        ("Dockerfile", []),
        ("", []),  # Dockerfile, .dockerignore and compose.yaml
        ("", ["--format", "sarif"]),
    ],
)
def test_check_loads_no_heavy_package(target: str, options: list[str], rendered: Path) -> None:
    loaded, stdout = heavy_imports("check", str(rendered / target), *options)
    assert "Dockerfile" in stdout
    assert loaded == set()


def test_the_probe_sees_what_a_command_loads() -> None:
    # detect validates its answers, so it must show up as loading the validation library; a probe that
    # reports nothing here could not tell a slow start from a quick one.
    loaded, stdout = heavy_imports("detect", str(REPO / "examples" / "flask-app"))
    assert "entrypoint" in stdout
    assert "pydantic" in loaded


@pytest.mark.parametrize(
    ("target", "parsers"),
    [("Dockerfile", {"dockerfile_parse"}), ("compose.yaml", {"yaml"}), (".dockerignore", set())],
)
def test_checking_one_kind_of_file_loads_only_its_own_parser(
    target: str, parsers: set[str], rendered: Path
) -> None:
    loaded, _ = imports("check", str(rendered / target))
    assert loaded == parsers  # nor the answer expressions: the language registry is read on first use


def test_the_probe_sees_the_answer_expressions_where_they_are_used() -> None:
    loaded, _ = imports("detect", str(REPO / "examples" / "flask-app"))
    assert set(ANSWER_MODULES) <= loaded


def test_only_the_command_that_runs_is_built() -> None:
    # Typer builds every option of every command it is given; new and update have dozens.
    assert [info.name for info in _narrowed(["check", "Dockerfile"]).registered_commands] == ["check"]
    assert [info.name for info in _narrowed(["detect"]).registered_commands] == ["detect"]
    assert len(app.registered_commands) == 4  # the app itself is left whole


@pytest.mark.parametrize("args", [[], ["--help"], ["--version", "check"], ["chek", "Dockerfile"]])
def test_anything_but_a_command_name_gets_every_command(args: list[str]) -> None:
    # The group's help lists every command, and a misspelt name is answered with the close ones.
    assert _narrowed(args) is app
