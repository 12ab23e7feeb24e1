"""Print the wall and CPU time of the fast test tier, run as CI runs it.

The tier runs as ``scripts/test.sh`` runs it: ``pytest -n 2 --dist worksteal -m "not lint and not
engine"``, as a child process of this script. The wall time is the run's, start to end; the CPU time is
the growth of ``getrusage(RUSAGE_CHILDREN)`` (user and system) across it, which takes in pytest, its two
worker processes and every process they started and waited for (git, interpreters of the CLI tests).

On a machine others are using, the wall time measures the machine as much as the suite: read the CPU
time then. On an idle machine with two cores the wall time is about half the CPU time.

The same code takes very different times on different machines (the project's machines have differed
by a factor of three), so the script first times a fixed pure-Python workload (regex, f-strings, dicts,
``json.dumps``; the best of three, in CPU seconds) and prints it with the load average: compare figures
from two machines through that reference, not directly.

Usage::

    .venv/bin/python benchmarks/suite_speed.py              # one run
    .venv/bin/python benchmarks/suite_speed.py --runs 3     # three runs, each printed, then the median
    .venv/bin/python benchmarks/suite_speed.py -- -p no:randomly   # extra arguments go to pytest

The figures are measurements, never assertions (no test asserts a time).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

#: The fast tier's arguments, as scripts/test.sh gives them.
FAST_TIER = ["-n", "2", "--dist", "worksteal", "-m", "not lint and not engine"]


@dataclass(frozen=True)
class Run:
    """One run of the tier: seconds of wall time, user and system CPU, and pytest's closing line."""

    wall: float
    user: float
    system: float
    summary: str
    exit_code: int

    @property
    def cpu(self) -> float:
        """User plus system CPU seconds."""
        return self.user + self.system


def reference_seconds() -> float:
    """CPU seconds of a fixed pure-Python workload on this machine, the best of three tries."""
    pattern = re.compile(r"(\w+)=(\d+)")

    def workload() -> int:
        total = 0
        for number in range(200_000):
            match = pattern.match(f"key{number % 97}={number}")
            assert match is not None
            record = {"name": match.group(1), "value": int(match.group(2)), "tags": [number, number + 1]}
            total += len(json.dumps(record))
        return total

    tries = []
    for _ in range(3):
        start = time.process_time()
        workload()
        tries.append(time.process_time() - start)
    return min(tries)


def run_tier(extra: list[str]) -> Run:
    """Run the fast tier once in a child process and measure it."""
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *FAST_TIER, *extra]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        # A failing run's figures are still printed; its failures are shown so they can be run again.
        print("\n".join(line for line in done.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))))
    lines = [line for line in done.stdout.splitlines() if re.search(r"\d+ (passed|failed|error)", line)]
    return Run(
        wall=wall,
        user=after.ru_utime - before.ru_utime,
        system=after.ru_stime - before.ru_stime,
        summary=lines[-1].strip("= ") if lines else "(no summary line)",
        exit_code=done.returncode,
    )


def main() -> None:
    """Run the tier ``--runs`` times; print one line per run and, for several, the medians."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=1, help="runs of the tier (default: 1)")
    parser.add_argument("pytest_args", nargs="*", help="extra pytest arguments (after --)")
    options = parser.parse_args()
    runs = []
    load = ", ".join(f"{figure:.2f}" for figure in os.getloadavg())
    print(f"machine: reference workload {reference_seconds():.3f} CPU s, load average {load}")
    print("run  wall s   CPU s  (user + sys)  pytest")
    for index in range(options.runs):
        run = run_tier(options.pytest_args)
        runs.append(run)
        print(
            f"{index + 1:>3}  {run.wall:6.1f}  {run.cpu:6.1f}  ({run.user:.1f} + {run.system:.1f})"
            f"  {run.summary} (exit {run.exit_code})"
        )
    if len(runs) > 1:
        wall = statistics.median(run.wall for run in runs)
        cpu = statistics.median(run.cpu for run in runs)
        print(f"median  {wall:6.1f}  {cpu:6.1f}")
    if any(run.exit_code != 0 for run in runs):
        sys.exit(1)


if __name__ == "__main__":
    main()
