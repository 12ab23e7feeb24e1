"""Each linter run once over a set of projects; each project's findings handed out to its own test.

The lint tier has a test per project and linter, so that every variant has its own test id and its own
zero-findings assertion. Running the tool per test would start checkov about a hundred times; instead
the first test that asks starts every linter the selected tests need, each once over all its projects,
two at a time (the tools are separate processes, and the machine has two cores).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest

from .tools import Linter, ToolMissing

__all__ = ["LintRuns", "linters_selected"]


class LintRuns:
    """The findings of each linter over its projects, run on first demand and kept."""

    def __init__(
        self, jobs: Mapping[str, tuple[Linter, Mapping[str, Path]]], *, wanted: Iterable[str]
    ) -> None:
        """Plan one run per linter: ``jobs`` maps a linter's name to it and its projects (name -> folder).

        ``wanted`` names the linters the selected tests will ask for: all of them start at the first ask.
        """
        self._jobs = jobs
        self._wanted = [name for name in jobs if name in set(wanted)]
        self._pool: ThreadPoolExecutor | None = None
        self._runs: dict[str, Future[dict[Path, list[str]]]] = {}

    def _start(self, linter: str) -> None:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="lint")
        if linter not in self._runs:
            run, projects = self._jobs[linter]
            self._runs[linter] = self._pool.submit(run, list(projects.values()))

    def findings(self, linter: str, project: str) -> list[str]:
        """Return the findings of ``linter`` on ``project``; in CI a missing tool fails, elsewhere skips."""
        for name in (linter, *self._wanted):
            self._start(name)
        try:
            found = self._runs[linter].result()
        except ToolMissing as missing:
            if os.environ.get("CI"):
                pytest.fail(f"{missing} (CI must install every linter)")
            pytest.skip(str(missing))
        return found[self._jobs[linter][1][project]]

    def close(self) -> None:
        """Wait for the runs still going (a test run cut short) and stop the threads."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)


def linters_selected(request: pytest.FixtureRequest) -> set[str]:
    """Return the ``linter`` parameters of the selected tests of the requesting test's module."""
    module = request.module
    return {
        item.callspec.params["linter"]
        for item in request.session.items
        if isinstance(item, pytest.Function)
        and item.module is module
        and hasattr(item, "callspec")
        and "linter" in item.callspec.params
    }
