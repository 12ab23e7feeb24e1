"""Reliability of the write path and of every input: no writes through symlinks, all or nothing, one line.

Each test is a reproducer of a failure: writing outside DEST through a symlinked folder, printing the
target of a symlinked file, a half-written set after a failed move, and tracebacks on odd inputs.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.cli import _flag, detect_command, new_command, update_command
from generator.commands.new import host_notes
from generator.errors import DestinationError
from generator.spec.model import Spec
from generator.templating import scratch
from generator.templating.scratch import scratch_space
from generator.writing import atomic
from generator.writing.atomic import WriteError, write_all
from generator.writing.paths import UnsafePathError, check_targets

from .conftest import Invoke

FAST = pytest.mark.usefixtures("fast_template")
SECRET = "root:secret-hash:19000:0:99999:7:::\n"


def _tree(folder: Path) -> dict[str, tuple[str, bytes | str, int]]:
    """Every entry under ``folder`` (hidden ones too): kind, content or link target, and mode."""
    entries: dict[str, tuple[str, bytes | str, int]] = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        info = path.lstat()
        if path.is_symlink():
            entries[name] = ("link", os.readlink(path), 0)
        elif path.is_dir():
            entries[name] = ("dir", b"", info.st_mode & 0o777)
        else:
            entries[name] = ("file", path.read_bytes(), info.st_mode & 0o777)
    return entries


def _one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


@pytest.fixture
def app(tmp_path: Path) -> Path:
    folder = tmp_path / "app"
    folder.mkdir()
    (folder / "requirements.txt").write_text("flask\n")
    (folder / "app.py").write_text("from flask import Flask\napp = Flask(__name__)\n")
    return folder


# 1. Never write through or onto a symlink.


@FAST
@pytest.mark.parametrize(
    ("link", "args", "written"),
    [
        (".github", ["--ci", "github"], ".github/workflows/container.yml"),
        (".github/workflows", ["--ci", "github"], ".github/workflows/container.yml"),
        (".container", ["--language", "go", "--entrypoint", "."], ".container/healthcheck.go"),
    ],
)
def test_new_refuses_to_write_through_a_symlinked_folder(
    cli_invoke: Invoke, app: Path, tmp_path: Path, link: str, args: list[str], written: str
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (app / link).parent.mkdir(parents=True, exist_ok=True)
    (app / link).symlink_to(elsewhere)
    before = _tree(app)
    result = cli_invoke(["new", str(app), "-y", *args], expect=2)
    line = _one_line(result.stderr)
    assert link in line and "symlink" in line and str(elsewhere) in line
    assert list(elsewhere.iterdir()) == []
    assert _tree(app) == before
    assert not (tmp_path / "elsewhere" / written.split("/", 1)[1]).exists()


@FAST
@pytest.mark.parametrize("dry_run", [[], ["--dry-run"], ["--force"]])
def test_a_symlinked_file_is_never_read_shown_or_replaced(
    cli_invoke: Invoke, app: Path, tmp_path: Path, dry_run: list[str]
) -> None:
    secret = tmp_path / "shadow"
    secret.write_text(SECRET)
    (app / "Dockerfile").symlink_to(secret)
    result = cli_invoke(["new", str(app), "-y", *dry_run], expect=2)
    line = _one_line(result.stderr)
    assert line.startswith("scaffold: error: DEST: ") and "Dockerfile is a symlink" in line
    assert "secret-hash" not in result.stdout + result.stderr
    assert secret.read_text() == SECRET and (app / "Dockerfile").is_symlink()
    assert not (app / "compose.yaml").exists()


def test_a_symlink_pointing_inside_the_destination_is_refused_too(tmp_path: Path) -> None:
    (tmp_path / "ci").mkdir()
    (tmp_path / ".github").symlink_to("ci")
    with pytest.raises(UnsafePathError, match=r"lies inside \.github, a symlink \(to ci\)"):
        check_targets(tmp_path, [".github/dependabot.yml"])
    check_targets(tmp_path, ["ci/dependabot.yml", "new/folder/file"])  # real or missing folders are fine


@pytest.mark.parametrize("name", ["../outside", "/etc/passwd", "a/../b", ""])
def test_only_plain_relative_paths_are_written(tmp_path: Path, name: str) -> None:
    with pytest.raises(UnsafePathError, match="not a plain path inside the destination"):
        write_all(tmp_path, {name: "x"})


# 3. All or nothing.


def _existing_project(dest: Path) -> None:
    (dest / "Dockerfile").write_text("FROM scratch\n")
    (dest / "Dockerfile").chmod(0o640)
    (dest / "compose.yaml").write_text("services: {}\n")
    (dest / "old").mkdir()
    (dest / "old" / "gone.yml").write_text("old: true\n")


_NEW_FILES = {
    "Dockerfile": "FROM debian\n",
    "compose.yaml": "services:\n  app: {}\n",
    ".github/workflows/container.yml": "on: push\n",
    ".github/dependabot.yml": "version: 2\n",
    "README.Docker.md": "# readme\n",
}
_MOVES = len(_NEW_FILES) + 1  # every file placed, and the one removed


@pytest.mark.parametrize("failing", range(_MOVES))
def test_a_failed_move_puts_every_file_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: int
) -> None:
    _existing_project(tmp_path)
    before = _tree(tmp_path)
    real_replace = os.replace
    calls: list[str] = []

    def replace(src: str | Path, dst: str | Path) -> None:
        calls.append(str(dst))
        if len(calls) == failing + 1:
            raise OSError(errno.EIO, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", replace)
    with pytest.raises(WriteError) as caught:
        write_all(tmp_path, _NEW_FILES, remove=["old/gone.yml"])
    message = str(caught.value)
    assert "\n" not in message and "Input/output error" in message
    assert "every file was left as it was" in message
    failed = [*_NEW_FILES, "old/gone.yml"][failing]
    assert f"DEST: {tmp_path / failed} cannot be written" in message
    # Same files, contents, modes and folders; no staged files or backups left behind.
    assert _tree(tmp_path) == before


@pytest.mark.parametrize("failing", range(len(_NEW_FILES)))
def test_a_full_disk_while_staging_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: int
) -> None:
    _existing_project(tmp_path)
    before = _tree(tmp_path)
    real_open = os.open
    opened: list[str] = []

    def open_(path: str | Path, flags: int, mode: int = 0o777, **kwargs: int) -> int:
        if Path(path).name.endswith(".scaffold-new"):
            opened.append(str(path))
            if len(opened) == failing + 1:
                raise OSError(errno.ENOSPC, "No space left on device")
        return real_open(path, flags, mode, **kwargs)

    monkeypatch.setattr(atomic.os, "open", open_)
    with pytest.raises(WriteError, match=r"cannot be written \(No space left on device\)"):
        write_all(tmp_path, _NEW_FILES, remove=["old/gone.yml"])
    assert _tree(tmp_path) == before


def test_a_successful_write_replaces_adds_removes_and_prunes_empty_folders(tmp_path: Path) -> None:
    _existing_project(tmp_path)
    write_all(tmp_path, _NEW_FILES, remove=["old/gone.yml"])
    after = _tree(tmp_path)
    assert {name for name, (kind, _, _) in after.items() if kind == "file"} == set(_NEW_FILES)
    assert after["Dockerfile"] == ("file", b"FROM debian\n", 0o640)  # the user's mode is kept
    assert not (tmp_path / "old").exists()  # emptied by the removal
    assert not [name for name in after if ".scaffold-" in name]


@FAST
def test_a_file_where_a_folder_is_expected_is_one_line_and_writes_nothing(
    cli_invoke: Invoke, app: Path
) -> None:
    (app / ".github").write_text("x\n")
    before = _tree(app)
    result = cli_invoke(["new", str(app), "-y", "--ci", "github"], expect=2)
    assert ".github is a file, not a folder" in _one_line(result.stderr)
    assert _tree(app) == before


@FAST
@pytest.mark.parametrize("name", ["Dockerfile", "compose.yaml"])
def test_an_existing_folder_in_place_of_a_file_is_one_line(cli_invoke: Invoke, app: Path, name: str) -> None:
    (app / name).mkdir()
    before = _tree(app)
    result = cli_invoke(["new", str(app), "-y", "--force"], expect=2)
    assert f"{name} is a folder" in _one_line(result.stderr)
    assert _tree(app) == before


# 8. One line, exit 2, for every odd input.

_LONG = "a" * 300


@FAST
@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["new", "{app}/" + _LONG, "-y", "--dry-run"], "DEST: "),
        (["detect", "{app}/" + _LONG], "PATH: "),
    ],
)
def test_a_name_too_long_for_the_filesystem_is_one_line(
    cli_invoke: Invoke, app: Path, args: list[str], expected: str
) -> None:
    result = cli_invoke([arg.format(app=app) for arg in args], expect=2)
    assert expected in _one_line(result.stderr) and "File name too long" in result.stderr


@FAST
def test_a_long_entrypoint_is_a_note_not_a_traceback(cli_invoke: Invoke, app: Path) -> None:
    result = cli_invoke(["new", str(app), "-y", "--dry-run", "--entrypoint", f"{_LONG}.py"])
    assert f"{_LONG}.py is missing" in result.stderr


@FAST
@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b'memory: "\xff"\n', "is not UTF-8 text"),
        (b"memory: !!timestamp 2020-01-01\n", "holds a date"),
        (b"memory: !!int x\n", "holds a value YAML cannot build"),
        (b"a: " + b"[" * 500 + b"]" * 500 + b"\n", "is nested too deeply"),
        (b"a: " + b"[" * 40 + b"]" * 40 + b"\n", "is nested too deeply"),
        (b"x" * (1024 * 1024 + 1), "is larger than 1024 KiB"),
        (b"- a\n", "must hold a mapping of answers"),
    ],
)
def test_a_data_file_that_is_not_plain_answers_is_one_line(
    cli_invoke: Invoke, app: Path, tmp_path: Path, content: bytes, reason: str
) -> None:
    answers = tmp_path / "answers.yml"
    answers.write_bytes(content)
    result = cli_invoke(["new", str(app), "-y", "--dry-run", "--data-file", str(answers)], expect=2)
    assert _one_line(result.stderr).startswith(f"scaffold: error: --data-file: {reason}")


@FAST
def test_a_data_file_that_never_ends_is_refused(cli_invoke: Invoke, app: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for source in ("/dev/zero", str(fifo)):
        result = cli_invoke(["new", str(app), "-y", "--dry-run", "--data-file", source], expect=2)
        assert "--data-file: is not a regular file" in _one_line(result.stderr)


@FAST
@pytest.mark.parametrize(
    "pyproject",
    ['tool = "x"\n', "project = 5\n", "[tool]\npoetry = 7\n", "[project]\ndependencies = 5\n"],
)
def test_a_pyproject_of_the_wrong_shape_reads_as_empty(cli_invoke: Invoke, app: Path, pyproject: str) -> None:
    (app / "pyproject.toml").write_text(pyproject)
    cli_invoke(["detect", str(app)])
    result = cli_invoke(["new", str(app), "-y", "--dry-run"])
    assert "dry run:" in result.stdout


@FAST
def test_tool_scaffold_defaults_of_the_wrong_shape_is_one_line(cli_invoke: Invoke, app: Path) -> None:
    (app / "pyproject.toml").write_text("[tool.scaffold]\ndefaults = 5\n")
    result = cli_invoke(["new", str(app), "-y", "--dry-run"], expect=2)
    assert "[tool.scaffold] defaults: must be a table" in _one_line(result.stderr)


@FAST
def test_undecodable_or_deep_manifests_read_as_empty(cli_invoke: Invoke, tmp_path: Path) -> None:
    python = tmp_path / "py"
    python.mkdir()
    (python / "requirements.txt").write_text("flask\n")
    (python / ".python-version").write_bytes(b"\xff\xfe3.12\n")
    cli_invoke(["detect", str(python)])
    node = tmp_path / "node"
    node.mkdir()
    (node / "package.json").write_text('{"a":' * 1000 + "1" + "}" * 1000)
    cli_invoke(["detect", str(node)])
    # Read as empty, the manifest names no file to run: one line naming the flag, as for any such app.
    refused = cli_invoke(["new", str(node), "-y", "--dry-run"], expect=2)
    assert refused.stderr.startswith("scaffold: error: --entrypoint: ")
    assert refused.stderr.count("\n") == 1


@FAST
def test_a_settings_file_that_is_not_utf8_is_one_line(cli_invoke: Invoke, app: Path) -> None:
    (app / "scaffold.toml").write_bytes(b'registry = "\xff"\n')
    result = cli_invoke(["new", str(app), "-y", "--dry-run"], expect=2)
    assert "scaffold.toml: must be a readable TOML file: is not UTF-8 text" in _one_line(result.stderr)


@FAST
def test_a_full_disk_while_rendering_is_one_line(
    cli_invoke: Invoke, app: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.templating.render as render

    def full(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(render, "copy_fresh", full)
    result = cli_invoke(["new", str(app), "-y"], expect=2)
    assert "No space left on device" in _one_line(result.stderr)
    assert sorted(path.name for path in app.iterdir()) == ["app.py", "requirements.txt"]


def test_a_destination_that_cannot_be_created_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(DestinationError, match="cannot be created"):
        write_all(tmp_path / "file" / "dest", {"Dockerfile": "FROM scratch\n"})


# 10. CPUs beyond the host are a note; the engine owns the limit.


def test_cpus_beyond_the_host_are_a_note() -> None:
    spec = Spec.from_answers({"app_name": "demo", "cpus": "999"})
    assert host_notes(spec, cpu_count=2) == [
        "cpus 999 is more than this machine's 2 CPUs: the engine that runs the container refuses a limit "
        "above its host's CPUs"
    ]
    assert host_notes(Spec.from_answers({"app_name": "demo", "cpus": "2"}), cpu_count=2) == []


@FAST
def test_cpus_beyond_the_host_reach_stderr_and_the_run_succeeds(cli_invoke: Invoke, app: Path) -> None:
    result = cli_invoke(["new", str(app), "-y", "--dry-run", "--cpus", "999"])
    assert "note: cpus 999 is more than this machine's" in result.stderr


# 11. Messages name only flags that exist.


@FAST
@pytest.mark.parametrize(
    ("args", "start"),
    [
        (["-d", "_commit=x"], "scaffold: error: _commit: is not a known question"),
        (["-d", "extra_labels=x"], "scaffold: error: extra_labels: "),
        (["--memory", "5"], "scaffold: error: --memory: "),
        (["-d", "memory=5"], "scaffold: error: --memory: "),
        (["-d", "memory"], "scaffold: error: --data: must be key=value"),
    ],
)
def test_errors_name_a_flag_only_when_the_command_has_it(
    cli_invoke: Invoke, app: Path, args: list[str], start: str
) -> None:
    result = cli_invoke(["new", str(app), "-y", "--dry-run", *args], expect=2)
    assert _one_line(result.stderr).startswith(start)


@FAST
def test_a_bad_settings_variable_is_named_as_itself(
    cli_invoke: Invoke, app: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SCAFFOLD_SETTINGS", str(tmp_path / "missing.toml"))
    result = cli_invoke(["new", str(app), "-y", "--dry-run"], expect=2)
    assert _one_line(result.stderr).startswith("scaffold: error: SCAFFOLD_SETTINGS: must be a readable TOML")


@pytest.mark.parametrize(
    ("command", "field", "shown"),
    [
        (new_command, "app_name", "--app-name"),
        (new_command, "answers", "answers"),
        (new_command, "SCAFFOLD_SETTINGS", "SCAFFOLD_SETTINGS"),
        (new_command, "base_registry", "base_registry"),
        (update_command, "memory", "--memory"),
        (update_command, "force", "--force"),
        (update_command, "data_file", "--data-file"),
        (detect_command, "language", "--language"),
    ],
)
def test_flag_names(command: Callable[..., None], field: str, shown: str) -> None:
    assert _flag(command, field) == shown


def test_a_failed_write_into_a_new_folder_removes_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", fail)
    with pytest.raises(WriteError, match="No space left on device"):
        write_all(tmp_path / "new" / "app", {"Dockerfile": "FROM scratch\n"})
    assert list(tmp_path.iterdir()) == []


def test_the_scratch_folder_goes_even_when_a_clone_writes_in_it_while_it_is_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A git clone Copier started outlives a signal sent to scaffold alone, writing on for a moment."""
    removals: list[Path] = []
    real_rmtree = shutil.rmtree

    def rmtree_while_git_writes(path: Path, ignore_errors: bool = False) -> None:
        removals.append(Path(path))
        real_rmtree(path, ignore_errors=ignore_errors)
        if len(removals) == 1:  # the clone writes again just after the first removal
            (Path(path) / "copier._vcs.clone.x" / ".git").mkdir(parents=True)

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(scratch.shutil, "rmtree", rmtree_while_git_writes)
    with scratch_space() as folder:
        (folder / "copier._vcs.clone.x").mkdir()
    assert removals == [folder, folder]
    assert list(tmp_path.iterdir()) == []
