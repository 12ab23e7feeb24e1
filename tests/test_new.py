"""The write path: nothing is half-written, nothing is overwritten by surprise, reruns change nothing."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from generator.commands.new import missing_inputs, new
from generator.errors import ExistingFilesError, RenderError
from generator.spec.model import Spec
from generator.writing import atomic as new_module

SPEC = Spec.from_answers({"app_name": "demo", "health_path": "/health"})


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_rerun_with_same_answers_is_unchanged(tmp_path: Path, plain_template: Path) -> None:
    first = new(tmp_path, SPEC, template=plain_template)
    assert set(first.written) == {
        ".copier-answers.yml",
        ".dockerignore",
        "Dockerfile",
        "README.Docker.md",
        "compose.yaml",
    }
    before = _snapshot(tmp_path)
    second = new(tmp_path, SPEC, template=plain_template)
    assert second.written == ()
    assert {file.action for file in second.files} == {"unchanged"}
    assert _snapshot(tmp_path) == before


def test_declined_overwrite_keeps_the_users_file(tmp_path: Path, plain_template: Path) -> None:
    (tmp_path / "compose.yaml").write_text("services: {}\n")
    asked: list[tuple[str, str]] = []

    def decline(path: str, diff: str) -> bool:
        asked.append((path, diff))
        return False

    result = new(tmp_path, SPEC, template=plain_template, confirm_overwrite=decline)
    assert [path for path, _ in asked] == ["compose.yaml"]
    assert "-services: {}" in asked[0][1]
    assert (tmp_path / "compose.yaml").read_text() == "services: {}\n"
    assert "Dockerfile" in result.written and "compose.yaml" not in result.written


def test_conflict_without_confirmation_writes_nothing(tmp_path: Path, plain_template: Path) -> None:
    (tmp_path / "Dockerfile").write_text("FROM scratch\n")
    before = _snapshot(tmp_path)
    with pytest.raises(ExistingFilesError) as caught:
        new(tmp_path, SPEC, template=plain_template)
    assert caught.value.paths == ("Dockerfile",)
    assert _snapshot(tmp_path) == before


def test_render_failure_leaves_destination_untouched(tmp_path: Path, plain_template: Path) -> None:
    broken = tmp_path / "broken-template"
    import shutil

    shutil.copytree(plain_template, broken)
    dockerfile = broken / "templates" / "Dockerfile.jinja"
    dockerfile.write_text(dockerfile.read_text() + "\n{{ no_such_answer }}\n")
    dest = tmp_path / "app"
    dest.mkdir()
    (dest / "app.py").write_text("print('hi')\n")
    with pytest.raises(RenderError, match="no_such_answer"):
        new(dest, SPEC, template=broken)
    assert _snapshot(dest) == {"app.py": b"print('hi')\n"}


def test_interrupt_during_moves_is_delivered_after_the_set_is_complete(
    tmp_path: Path, plain_template: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_replace = os.replace
    moved: list[str] = []

    def replace_and_interrupt(src: str | Path, dst: str | Path) -> None:
        real_replace(src, dst)
        moved.append(Path(dst).name)
        if len(moved) == 1:
            os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(new_module.os, "replace", replace_and_interrupt)
    with pytest.raises(KeyboardInterrupt):
        new(tmp_path, SPEC, template=plain_template)
    assert len(moved) == 5  # every file landed before the interrupt was raised
    assert not list(tmp_path.glob(".scaffold-staging-*"))


def test_dry_run_writes_nothing_even_into_a_missing_folder(tmp_path: Path, plain_template: Path) -> None:
    dest = tmp_path / "missing"
    result = new(dest, SPEC, template=plain_template, dry_run=True)
    assert not dest.exists()
    assert len(result.written) == 5


def test_file_modes_of_replaced_files_are_kept(tmp_path: Path, plain_template: Path) -> None:
    (tmp_path / "Dockerfile").write_text("FROM scratch\n")
    (tmp_path / "Dockerfile").chmod(0o640)
    new(tmp_path, SPEC, template=plain_template, force=True)
    assert (tmp_path / "Dockerfile").stat().st_mode & 0o777 == 0o640


def test_unwritable_destination_is_reported(
    tmp_path: Path, plain_template: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.errors import DestinationError

    real_open = new_module.os.open

    def refuse(path: str | Path, flags: int, mode: int = 0o777, **kwargs: int) -> int:
        # Only files staged inside the destination are refused; the scratch render still works.
        if Path(path).is_relative_to(tmp_path):
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, mode, **kwargs)

    monkeypatch.setattr(new_module.os, "open", refuse)
    with pytest.raises(DestinationError, match=r"cannot be written \(Permission denied\)"):
        new(tmp_path, SPEC, template=plain_template)
    assert list(tmp_path.iterdir()) == []


def test_missing_inputs_are_noted(tmp_path: Path, plain_template: Path) -> None:
    uv = Spec.from_answers({"app_name": "demo", "package_manager": "uv", "entrypoint": "pkg.web:app"})
    notes = new(tmp_path, uv, template=plain_template, dry_run=True).notes
    assert notes == (
        "pyproject.toml is missing: the uv project file; the image build copies it",
        "uv.lock is missing: run `uv lock`; the image build copies it",
        "pkg/web.py is missing: the server imports it (--entrypoint pkg.web:app)",
    )
    (tmp_path / "pyproject.toml").write_text("[project]\nname='demo'\n")
    (tmp_path / "uv.lock").write_text("version = 1\n")
    (tmp_path / "pkg" / "web").mkdir(parents=True)
    (tmp_path / "pkg" / "web" / "__init__.py").write_text("app = None\n")
    assert new(tmp_path, uv, template=plain_template, dry_run=True).notes == ()
    worker = Spec.from_answers({"app_name": "demo", "app_kind": "worker", "entrypoint": "jobs/run.py"})
    assert "jobs/run.py is missing" in new(tmp_path, worker, template=plain_template, dry_run=True).notes[-1]


@pytest.mark.parametrize(
    ("answers", "present", "expected"),
    [
        (
            {"language": "go"},
            [],
            ["go.mod or go.work is missing: run `go mod init <module>`; the image build copies it"],
        ),
        ({"language": "go"}, ["go.mod"], []),
        ({"language": "node"}, ["package.json", "package-lock.json"], ["server.js is missing"]),
        ({"language": "node", "node_build": True}, ["package.json", "package-lock.json"], []),
        ({"language": "rust"}, ["Cargo.toml"], ["Cargo.lock is missing: run `cargo generate-lockfile`"]),
        (
            {"language": "java"},
            ["pom.xml"],
            [
                "mvnw is missing: add the Maven wrapper with `mvn wrapper:wrapper`",
                ".mvn/wrapper/maven-wrapper.properties is missing",
            ],
        ),
        (
            {"language": "java", "package_manager": "gradle"},
            ["build.gradle.kts", "gradlew", "gradle/wrapper/gradle-wrapper.properties"],
            ["gradle/wrapper/gradle-wrapper.jar is missing: add the Gradle wrapper with `gradle wrapper`"],
        ),
        (
            {"language": "java", "package_manager": "gradle"},
            [
                "build.gradle",
                "gradlew",
                "gradle/wrapper/gradle-wrapper.properties",
                "gradle/wrapper/gradle-wrapper.jar",
            ],
            [],
        ),
    ],
)
def test_missing_inputs_know_every_language(
    tmp_path: Path, answers: dict[str, object], present: list[str], expected: list[str]
) -> None:
    for name in present:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("", encoding="utf-8")
    notes = missing_inputs(tmp_path, Spec.from_answers({"app_name": "demo", **answers}))
    assert len(notes) == len(expected), notes
    for note, start in zip(notes, expected, strict=True):
        assert note.startswith(start), note


@pytest.mark.parametrize("name", ["docker-compose.yml", "docker-compose.yaml", "compose.yml"])
def test_a_compose_file_of_another_name_counts_as_an_existing_compose_yaml(
    tmp_path: Path, plain_template: Path, name: str
) -> None:
    # Compose reads compose.yaml before the others: writing it beside theirs would replace their setup.
    (tmp_path / name).write_text("services:\n  web:\n    build: .\n")
    before = _snapshot(tmp_path)
    with pytest.raises(ExistingFilesError) as caught:
        new(tmp_path, SPEC, template=plain_template)
    assert caught.value.paths == (name,)
    assert _snapshot(tmp_path) == before

    asked: list[tuple[str, str]] = []
    new(tmp_path, SPEC, template=plain_template, confirm_overwrite=lambda p, d: asked.append((p, d)) or False)
    assert [path for path, _ in asked] == [name]
    assert f"--- {name} (yours)" in asked[0][1] and "+++ compose.yaml (scaffold)" in asked[0][1]
    assert not (tmp_path / "compose.yaml").exists()

    forced = new(tmp_path, SPEC, template=plain_template, force=True)
    assert "compose.yaml" in forced.written
    assert (tmp_path / name).read_text() == "services:\n  web:\n    build: .\n"
    assert any(note.startswith(f"{name} stays beside the new compose.yaml") for note in forced.notes)
