"""Engine tier fixtures: an engine that answers (or a clear skip), and the run's measurements.

Without an engine, the stand-in base images or Compose v2, the tier skips with a one-line reason on a
developer's machine and fails in CI (``CI`` set): CI must never pass by skipping it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Generator

import pytest

from . import harness
from .results import RESULTS_FILE, Results

_RESULTS = pytest.StashKey[Results]()


def _results(config: pytest.Config) -> Results:
    if _RESULTS not in config.stash:
        config.stash[_RESULTS] = Results()
    return config.stash[_RESULTS]


@pytest.fixture(scope="session")
def engine() -> str:
    """Check the engine, Compose and the stand-in base images once; return the docker client path."""
    problem = harness.engine_problem()
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"engine tier cannot run in CI: {problem}")
        pytest.skip(problem)
    return harness.DOCKER


@pytest.fixture(scope="session")
def results(request: pytest.FixtureRequest, engine: str) -> Results:
    """The session's measurements; written to benchmarks/results/latest/engine.json at the end of the run."""
    found = _results(request.config)
    if not found.environment:
        server = harness.docker("version", "--format", "{{.Server.Version}}").stdout.strip()
        info = harness.docker("info", "--format", "{{.Driver}} cgroup v{{.CgroupVersion}}").stdout.strip()
        compose = harness.docker("compose", "version", "--short").stdout.strip()
        found.environment = {
            "docker_client": engine,
            "docker_server": server,
            "storage": info,
            "compose": compose,
            "base_images": (
                "local stand-ins from scripts/base-images.sh and scripts/stand-ins.sh (Debian bookworm)"
            ),
        }
    return found


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(
    item: pytest.Item, nextitem: pytest.Item | None
) -> Generator[None, object, object]:
    """Add up the wall time of engine tests (setup, call, teardown): the tier's time in the summary."""
    start = time.monotonic()
    try:
        return (yield)
    finally:
        if item.get_closest_marker("engine") is not None:
            _results(item.config).engine_tier_s += time.monotonic() - start


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    """Print the figures table and write them to RESULTS_FILE (git ignores it) when engine tests measured any.

    The committed snapshot, benchmarks/results/engine.json, is left alone: ``python -m
    tests.engine.results --save`` refreshes it on purpose.
    """
    found = _results(config)
    if found.empty():
        return
    path = found.write(RESULTS_FILE)
    terminalreporter.section("engine tier figures")
    for line in found.table():
        terminalreporter.write_line(line)
    terminalreporter.write_line("")
    terminalreporter.write_line(
        f"engine tier wall time: {found.engine_tier_s:.0f}s; figures written to {path}"
    )
