"""Print the CPU time scaffold's quick commands take to start and finish.

Each command runs N times as a child process; the CPU time of one run is the growth of
``getrusage(RUSAGE_CHILDREN)`` (user + system) across it, so the figure covers the interpreter's start,
every import and the work itself, and not the time spent waiting for a busy machine. The median of the
runs is printed, in seconds.

Usage::

    .venv/bin/python benchmarks/cli_speed.py            # 9 runs of each command
    .venv/bin/python benchmarks/cli_speed.py --runs 21
    .venv/bin/python benchmarks/cli_speed.py --scaffold /elsewhere/.venv/bin/scaffold   # another install

The figures are measurements, never assertions: ``tests/test_cli_imports.py`` holds the property that
makes them small (the quick commands import no template engine, prompt library or validation library).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GOLDEN_DOCKERFILE = REPO / "tests" / "golden" / "pip-web-slim" / "Dockerfile"
APP = REPO / "examples" / "flask-app"

#: The commands measured, by label, as arguments to ``scaffold``.
COMMANDS: dict[str, list[str]] = {
    "scaffold --version": ["--version"],
    "scaffold --help": ["--help"],
    "scaffold check <golden Dockerfile>": ["check", str(GOLDEN_DOCKERFILE)],
    "scaffold detect <flask app>": ["detect", str(APP)],
}


def scaffold_command() -> list[str]:
    """Return the installed ``scaffold`` console script beside this interpreter, or the module."""
    beside = Path(sys.executable).parent / "scaffold"
    if beside.is_file():
        return [str(beside)]
    found = shutil.which("scaffold")
    return [found] if found else [sys.executable, "-c", "from generator.cli import main; main()"]


def cpu_seconds(command: list[str]) -> float:
    """Run ``command`` once, discarding its output; return the user + system CPU seconds it used."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    """Measure every command and print one line per command: median, fastest and slowest run."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9, help="runs of each command (default: 9)")
    parser.add_argument("--scaffold", help="the scaffold executable to measure (default: this venv's)")
    options = parser.parse_args()
    runs = options.runs
    scaffold = [options.scaffold] if options.scaffold else scaffold_command()
    # One untimed run of each first, so every measured run finds the bytecode already compiled.
    for args in COMMANDS.values():
        cpu_seconds([*scaffold, *args])
    width = max(len(label) for label in COMMANDS)
    print(f"{'command':<{width}}  median CPU s  (min-max, {runs} runs)")
    for label, args in COMMANDS.items():
        times = [cpu_seconds([*scaffold, *args]) for _ in range(runs)]
        print(f"{label:<{width}}  {statistics.median(times):12.3f}  ({min(times):.3f}-{max(times):.3f})")


if __name__ == "__main__":
    main()
