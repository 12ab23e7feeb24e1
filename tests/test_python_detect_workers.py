"""Workers: a package's __main__.py, a console script or a top-level script, install_project when the
entrypoint needs the installed project, and the heartbeat file the worker writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from .python_repo import detect_python, found_values, opened, write

_POETRY = """
[tool.poetry]
name = "feeds"
version = "0.1.0"

[tool.poetry.dependencies]
python = "^3.11"
httpx = "^0.27"

[build-system]
requires = ["poetry-core>=2.0"]
build-backend = "poetry.core.masonry.api"
"""
_LOOP = """
import time
from pathlib import Path

HEARTBEAT = Path("/tmp/heartbeat")


def main() -> None:
    while True:
        HEARTBEAT.touch()
        time.sleep(10)
"""


def test_a_packages_main_module_runs_with_dash_m(tmp_path: Path) -> None:
    write(
        tmp_path,
        {"pyproject.toml": _POETRY, "feeds/__init__.py": "", "feeds/__main__.py": _LOOP + "\nmain()\n"},
    )
    values = found_values(detect_python(tmp_path))
    source = "feeds/__main__.py: the package's main module"
    assert values["app_kind"] == ("worker", source)
    assert values["entrypoint"] == ("-m feeds", source)
    assert values["heartbeat_file"] == ("/tmp/heartbeat", "feeds/__main__.py:9: touch /tmp/heartbeat")
    assert values["install_project"] == (
        True,
        "pyproject.toml:9: [build-system]: feeds/ is the project's own package",
    )
    assert "server" not in values and "port" not in values


def test_a_src_layout_main_module_installs_the_project(tmp_path: Path) -> None:
    write(tmp_path, {"pyproject.toml": _POETRY, "src/feeds/__main__.py": "print('working')\n"})
    values = found_values(detect_python(tmp_path))
    assert values["entrypoint"][0] == "-m feeds"
    assert values["install_project"] == (True, "src/feeds/__main__.py (src layout)")


def test_a_console_script_is_run_by_name_from_the_installed_project(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "pyproject.toml": """
                [project]
                name = "feeds"
                dependencies = ["httpx"]

                [project.scripts]
                feeds-worker = "feeds.worker:main"

                [build-system]
                requires = ["hatchling"]
                build-backend = "hatchling.build"
            """,
            "uv.lock": "version = 1\n",
            "feeds/__init__.py": "",
            "feeds/worker.py": _LOOP,
        },
    )
    values = found_values(detect_python(tmp_path))
    source = "pyproject.toml:6: [project.scripts] feeds-worker = 'feeds.worker:main'"
    assert values["app_kind"] == ("worker", source)
    assert values["entrypoint"] == ("feeds-worker", source)
    assert values["install_project"] == (True, source)
    assert values["heartbeat_file"] == ("/tmp/heartbeat", "feeds/worker.py:9: touch /tmp/heartbeat")


@pytest.mark.parametrize(
    ("files", "why"),
    [
        (
            {
                "pyproject.toml": '[project]\nname = "feeds"\n\n[project.scripts]\n'
                'fetch = "feeds.cli:fetch"\nprune = "feeds.cli:prune"\n\n'
                '[build-system]\nbuild-backend = "hatchling.build"\n',
                "feeds/cli.py": "def fetch(): ...\n\n\ndef prune(): ...\n",
            },
            "several console scripts: fetch (pyproject.toml:5: [project.scripts] fetch = 'feeds.cli:fetch'), "
            "prune (pyproject.toml:6: [project.scripts] prune = 'feeds.cli:prune'); no other candidate found",
        ),
        (
            {
                "pyproject.toml": '[tool.poetry]\nname = "feeds"\npackage-mode = false\n\n'
                '[tool.poetry.scripts]\nfeeds = "feeds.cli:main"\n',
                "feeds/cli.py": "def main(): ...\n",
            },
            "pyproject.toml:6: [tool.poetry.scripts] feeds = 'feeds.cli:main' is a console script, and the "
            "project does not install (pyproject.toml:3: package-mode = false); no other candidate found",
        ),
        (
            {"pyproject.toml": '[project]\nname = "feeds"\n', "src/feeds/__main__.py": "print('working')\n"},
            "src/feeds/__main__.py is in a src layout, and the project does not install (no [build-system] "
            "in pyproject.toml and no setup.py); no other candidate found",
        ),
        (
            {"feeds/__main__.py": "", "jobs/__main__.py": ""},
            "several packages have a __main__.py: feeds/__main__.py, jobs/__main__.py; no other candidate "
            "found",
        ),
    ],
    ids=["several-scripts", "poetry-package-mode-false", "src-layout-not-installed", "several-mains"],
)
def test_workers_that_cannot_be_chosen_are_left_open(tmp_path: Path, files: dict[str, str], why: str) -> None:
    found = detect_python(write(tmp_path, files))
    assert "entrypoint" not in found.findings
    assert opened(found, "entrypoint") == why


def test_a_top_level_script_is_a_worker(tmp_path: Path) -> None:
    write(tmp_path, {"requirements.txt": "httpx\n", "worker.py": "print('working')\n"})
    values = found_values(detect_python(tmp_path))
    source = "worker.py: a script, and no web framework among the dependencies"
    assert values["app_kind"] == ("worker", source)
    assert values["entrypoint"] == ("worker.py", source)
    assert "heartbeat_file" not in values


def test_a_web_server_among_the_dependencies_is_never_a_worker(tmp_path: Path) -> None:
    found = detect_python(write(tmp_path, {"requirements.txt": "gunicorn\n", "main.py": "print('hi')\n"}))
    assert {"app_kind", "entrypoint"}.isdisjoint(found.findings)
    assert not found.unsettled


@pytest.mark.parametrize(
    ("code", "path", "how"),
    [
        ('import os\n\nos.utime("/tmp/alive")\n', "/tmp/alive", "3: os.utime"),
        (
            'import os\n\nPATH = os.environ.get("HEARTBEAT_FILE", "/tmp/worker-heartbeat")\n\n\n'
            'def beat():\n    with open(PATH, "w") as handle:\n        handle.write("ok")\n',
            "/tmp/worker-heartbeat",
            "7: open",
        ),
        (
            'from pathlib import Path\n\nPath("/tmp/health/beat").write_text("ok")\n',
            "/tmp/health/beat",
            "3: write_text",
        ),
    ],
    ids=["utime", "open-env-default", "write-text"],
)
def test_heartbeat_writes(tmp_path: Path, code: str, path: str, how: str) -> None:
    write(tmp_path, {"worker.py": code})
    assert found_values(detect_python(tmp_path))["heartbeat_file"] == (path, f"worker.py:{how} {path}")


def test_writes_that_are_no_heartbeat_are_not_proposed(tmp_path: Path) -> None:
    code = 'import json\n\nwith open("/tmp/report.json", "w") as out:\n    json.dump({}, out)\n'
    write(tmp_path, {"worker.py": code})
    assert "heartbeat_file" not in detect_python(tmp_path).findings


def test_a_heartbeat_outside_tmp_is_noted(tmp_path: Path) -> None:
    write(tmp_path, {"worker.py": 'from pathlib import Path\n\nPath("/var/run/worker.alive").touch()\n'})
    found = detect_python(tmp_path)
    assert "heartbeat_file" not in found.findings
    assert found.notes == [
        "worker.py:3: touch /var/run/worker.alive: the container's file system is read-only but for /tmp, so "
        "the worker cannot write its heartbeat there: write it under /tmp (then pass --heartbeat-file)"
    ]
