"""The engine tier's measurements: what each case and baseline recorded, as JSON and as a table.

Tests record figures here and assert none of the timings: timings depend on the machine and the
network, so they are reported (``benchmarks/results/latest/engine.json``, which git ignores, and a table
at the end of the run), not tested. ``docs/benchmarks.md`` explains the columns. The committed snapshot
that docs/benchmarks.md quotes, ``benchmarks/results/engine.json``, changes only on purpose:
``python -m tests.engine.results --save`` copies the latest run's figures over it.
"""

from __future__ import annotations

import json
import os
import platform
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["RESULTS_FILE", "SNAPSHOT_FILE", "Figures", "Results"]

REPO = Path(__file__).resolve().parent.parent.parent
#: Where each run's figures are written (override with SCAFFOLD_ENGINE_RESULTS); ignored by git.
RESULTS_FILE = Path(
    os.environ.get("SCAFFOLD_ENGINE_RESULTS", REPO / "benchmarks" / "results" / "latest" / "engine.json")
)
#: The committed figures docs/benchmarks.md quotes; written only by ``--save``.
SNAPSHOT_FILE = REPO / "benchmarks" / "results" / "engine.json"

#: The figures that are compared as ratios, with the unit shown in the table.
_COMPARED = (("image_mb", "MB"), ("cold_build_s", "s"), ("rebuild_s", "s"), ("stop_s", "s"))


@dataclass
class Figures:
    """What one case or baseline measured. ``None`` means not measured (the step failed or was skipped)."""

    image_mb: float | None = None
    cold_build_s: float | None = None
    rebuild_s: float | None = None
    #: ``docker compose up -d --build --wait`` with the image already built: start until healthy.
    healthy_s: float | None = None
    #: From the start command until the app first answered over HTTP (web apps only).
    http_ready_s: float | None = None
    stop_s: float | None = None
    stop_exit_code: int | None = None
    #: Whether the dependency-install step came from the cache when only app source changed.
    deps_cached_on_rebuild: bool | None = None
    notes: str = ""


@dataclass
class Results:
    """Every figure of one test session, keyed by case id (scaffold) or baseline name."""

    cases: dict[str, Figures] = field(default_factory=dict)
    baselines: dict[str, Figures] = field(default_factory=dict)
    environment: dict[str, str] = field(default_factory=dict)
    engine_tier_s: float = 0.0

    def case(self, name: str) -> Figures:
        """Return the figures of a scaffold case, creating them on first use."""
        return self.cases.setdefault(name, Figures())

    def baseline(self, name: str) -> Figures:
        """Return the figures of a baseline, creating them on first use."""
        return self.baselines.setdefault(name, Figures())

    def empty(self) -> bool:
        """True when nothing was measured (no engine test ran)."""
        return not self.cases and not self.baselines

    def ratios(self) -> dict[str, dict[str, dict[str, float | None]]]:
        """Return ``{case: {baseline: {figure: case / baseline}}}`` for the flask-pip cases.

        Only flask-pip cases are compared: the baselines build that same app. Below 1 means scaffold's
        figure is smaller (smaller image, faster build, faster stop).
        """
        out: dict[str, dict[str, dict[str, float | None]]] = {}
        for case_name, case in self.cases.items():
            if not case_name.startswith("flask-pip"):
                continue
            for base_name, base in self.baselines.items():
                row: dict[str, float | None] = {}
                for key, _unit in _COMPARED:
                    mine, theirs = getattr(case, key), getattr(base, key)
                    row[key] = round(mine / theirs, 2) if mine is not None and theirs else None
                out.setdefault(case_name, {})[base_name] = row
        return out

    def to_json(self) -> dict[str, Any]:
        """Return everything as a JSON-ready dict."""
        return {
            "generated": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), **self.environment},
            "engine_tier_s": round(self.engine_tier_s, 1),
            "cases": {name: asdict(figures) for name, figures in sorted(self.cases.items())},
            "baselines": {name: asdict(figures) for name, figures in sorted(self.baselines.items())},
            "ratios": self.ratios(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Results:
        """Rebuild the results from :meth:`to_json` output (e.g. a committed engine.json)."""
        machine = {key: str(value) for key, value in data.get("machine", {}).items()}
        return cls(
            cases={name: Figures(**figures) for name, figures in data.get("cases", {}).items()},
            baselines={name: Figures(**figures) for name, figures in data.get("baselines", {}).items()},
            environment=machine,
            engine_tier_s=float(data.get("engine_tier_s", 0.0)),
        )

    def write(self, path: Path = RESULTS_FILE) -> Path:
        """Write :meth:`to_json` to ``path`` atomically (a partial file never replaces a good one)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(self.to_json(), indent=2) + "\n", encoding="utf-8")
        tmp.replace(path)
        return path

    def table(self) -> list[str]:
        """Return the figures as Markdown table lines (the same table docs/benchmarks.md shows)."""

        def fmt(value: float | bool | None, digits: int = 1) -> str:
            if value is None:
                return "-"
            if isinstance(value, bool):
                return "yes" if value else "no"
            return f"{value:.{digits}f}"

        lines = [
            "| build | image MB | cold build s | rebuild s | deps cached | healthy s | first HTTP s "
            "| stop s | exit |",
            "| --- | ---: | ---: | ---: | :---: | ---: | ---: | ---: | ---: |",
        ]
        rows = [(f"scaffold {name}", f) for name, f in sorted(self.cases.items())]
        rows += [(f"baseline {name}", f) for name, f in sorted(self.baselines.items())]
        for label, f in rows:
            lines.append(
                f"| {label} | {fmt(f.image_mb)} | {fmt(f.cold_build_s)} | {fmt(f.rebuild_s)} | "
                f"{fmt(f.deps_cached_on_rebuild)} | {fmt(f.healthy_s)} | {fmt(f.http_ready_s)} | "
                f"{fmt(f.stop_s, 2)} | {fmt(f.stop_exit_code, 0)} |"
            )
        ratios = self.ratios()
        if ratios:
            lines += [
                "",
                "| scaffold / baseline | image | cold build | rebuild | stop |",
                "| --- | ---: | ---: | ---: | ---: |",
            ]
            for case_name, per_base in sorted(ratios.items()):
                for base_name, row in sorted(per_base.items()):
                    cells = " | ".join(fmt(row[key], 2) for key, _unit in _COMPARED)
                    lines.append(f"| {case_name} / {base_name} | {cells} |")
        return lines


def main(argv: list[str] | None = None) -> int:
    """Print the table of a results file: ``python -m tests.engine.results [--save] [engine.json]``.

    Without a file, the latest run's (:data:`RESULTS_FILE`). ``--save`` also writes those figures to the
    committed snapshot (:data:`SNAPSHOT_FILE`): the one way it changes.
    """
    import sys

    args = list(sys.argv[1:] if argv is None else argv)
    save = "--save" in args
    paths = [arg for arg in args if arg != "--save"]
    path = Path(paths[0]) if paths else RESULTS_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    print(f"{path} ({data.get('generated', '?')}, engine tier {data.get('engine_tier_s', '?')} s)")
    print("\n".join(Results.from_json(data).table()))
    if save:
        SNAPSHOT_FILE.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        print(f"saved to {SNAPSHOT_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
