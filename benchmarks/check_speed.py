"""Print the wall and CPU time ``scaffold check`` takes, as a pre-commit hook runs it, beside its targets.

Three cases, each run N times as a child process, after one untimed run (so every measured run finds
the bytecode compiled):

- one Dockerfile (``tests/golden/pip-web-slim/Dockerfile``);
- one compose file (``tests/golden/pip-web-slim/compose.yaml``);
- 100 files in one call: every file of the check corpus (``tests/check/corpus``), then golden
  Dockerfiles and compose files, in name order, up to 100 distinct files (fewer are said as such).

Each run may write bytecode (``PYTHONDONTWRITEBYTECODE`` is taken out of its environment), as an
installed ``scaffold`` does: otherwise every run would compile scaffold's own modules again.
Wall time is the run's elapsed time; CPU time is the growth of ``getrusage(RUSAGE_CHILDREN)`` (user +
system) across it, which covers the interpreter's start, every import and the work itself, and not
the time spent waiting for a busy machine. On a loaded machine read the CPU figures: wall time there
measures the other processes too. Medians are printed, with the fastest and slowest run.

Usage::

    .venv/bin/python benchmarks/check_speed.py            # 9 runs of each case
    .venv/bin/python benchmarks/check_speed.py --runs 21
    .venv/bin/python benchmarks/check_speed.py --scaffold /elsewhere/.venv/bin/scaffold   # another install

The figures are measurements, never assertions. ``scaffold check`` exits 1 when it finds something;
that is not a failure here (the corpus is full of findings), but an exit code of 2 (bad input) is
reported, since such a run measures nothing.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cli_speed import scaffold_command  # the sibling script, found through sys.path

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden"
CORPUS = REPO / "tests" / "check" / "corpus"
#: How many files the many-files case asks for.
MANY = 100
#: The runs' environment: this one, with bytecode writing allowed.
_ENVIRONMENT = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


@dataclass(frozen=True)
class Case:
    """One measured call of ``scaffold check``.

    Attributes:
        label: What is checked, as printed.
        paths: The files given to ``scaffold check``.
        wall_target: The most wall time the run should take, in seconds, or None.
        cpu_target: The most CPU time the run should take, in seconds, or None.

    """

    label: str
    paths: tuple[Path, ...]
    wall_target: float | None
    cpu_target: float | None


def many_files() -> list[Path]:
    """Return up to :data:`MANY` distinct files: the corpus, then golden Dockerfiles and compose files.

    A corpus ``.dockerignore`` is checked with its Dockerfile anyway; it is still given on its own, as
    a pre-commit hook gives every changed file.
    """
    corpus = sorted(path for path in CORPUS.iterdir() if path.is_file())
    golden = sorted(
        path
        for path in GOLDEN.glob("*/*")
        if path.is_file() and (path.name == "Dockerfile" or path.name == "compose.yaml")
    )
    # Dockerfiles and compose files take turns, so a shorter list still holds both kinds.
    dockerfiles = [path for path in golden if path.name == "Dockerfile"]
    composes = [path for path in golden if path.name == "compose.yaml"]
    mixed = [path for pair in zip(dockerfiles, composes, strict=False) for path in pair]
    mixed += dockerfiles[len(composes) :] + composes[len(dockerfiles) :]
    return (corpus + mixed)[:MANY]


def cases() -> list[Case]:
    """Return the measured cases, with the targets the pre-commit use sets for them."""
    many = many_files()
    return [
        Case("one Dockerfile", (GOLDEN / "pip-web-slim" / "Dockerfile",), 0.3, 0.3),
        Case("one compose file", (GOLDEN / "pip-web-slim" / "compose.yaml",), 0.3, None),
        Case(f"{len(many)} files in one call", tuple(many), 1.5, None),
    ]


def measure(command: list[str]) -> tuple[float, float, int]:
    """Run ``command`` once, discarding its output; return its wall seconds, CPU seconds and exit code."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=_ENVIRONMENT
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.returncode


def _figures(times: list[float], target: float | None) -> str:
    """Show the median, the range and the target: ``0.281 (0.270-0.301) <= 0.30``."""
    shown = f"{statistics.median(times):.3f} ({min(times):.3f}-{max(times):.3f})"
    return shown + (f" <= {target:.2f}" if target is not None else "")


def main() -> None:
    """Measure every case and print one line per case: wall and CPU medians, ranges and targets."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9, help="runs of each case (default: 9)")
    parser.add_argument("--scaffold", help="the scaffold executable to measure (default: this venv's)")
    options = parser.parse_args()
    runs = options.runs
    scaffold = [options.scaffold] if options.scaffold else scaffold_command()
    measured = cases()
    for case in measured:
        measure([*scaffold, "check", *map(str, case.paths)])
    width = max(len(case.label) for case in measured)
    print(f"scaffold check, {runs} runs of each case: median (fastest-slowest) seconds, and the target")
    print(f"{'case':<{width}}  {'wall':<24}  CPU")
    for case in measured:
        results = [measure([*scaffold, "check", *map(str, case.paths)]) for _ in range(runs)]
        wall = _figures([wall for wall, _, _ in results], case.wall_target)
        cpu = _figures([cpu for _, cpu, _ in results], case.cpu_target)
        bad = sorted({code for _, _, code in results if code not in (0, 1)})
        warning = f"  exit codes {bad}: not a clean check" if bad else ""
        print(f"{case.label:<{width}}  {wall:<24}  {cpu}{warning}")
    many = measured[-1].paths
    if len(many) < MANY:
        print(f"note: only {len(many)} distinct files were found for the {MANY}-file case")
    loads = " ".join(f"{load:.2f}" for load in os.getloadavg())
    print(f"load average: {loads} (on a busy machine wall times run long, CPU times less so)")


if __name__ == "__main__":
    main()
