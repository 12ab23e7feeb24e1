"""The .dockerignore rules: patterns matched as Docker's builder matches them."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.check.dockerignore import check_dockerignore, ignore_file_for


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (".git\n.env\n", []),
        ("**/.env\n.git/\n", []),
        ("*.env\n.git*\n", []),
        ("/.git\n./.env\n", []),  # cleaned like paths: a leading / or ./ changes nothing
        ("# allow-list\n*\n!src\n!requirements.txt\n", []),
        (".[eg]*\n", []),
        ("", [(1, "DI002"), (1, "DI003")]),
        (".env.local\n.gitignore\n", [(1, "DI002"), (1, "DI003")]),
        ("*\n!.env\n", [(2, "DI002")]),
        (".env*\n.git\n!.env\n", [(3, "DI002")]),
        ("*\n!.git\n!.env\n.env\n", [(2, "DI003")]),  # the last matching line wins
    ],
)
def test_what_gets_into_the_build_context(content: str, expected: list[tuple[int, str]]) -> None:
    findings = check_dockerignore(content, path=Path(".dockerignore"))
    assert [(finding.line, finding.rule.id) for finding in findings] == expected


def test_the_dockerfile_specific_ignore_file_wins(tmp_path: Path) -> None:
    dockerfile = tmp_path / "app.Dockerfile"
    dockerfile.write_text("FROM scratch\n")
    assert ignore_file_for(dockerfile) is None
    (tmp_path / ".dockerignore").write_text(".git\n")
    assert ignore_file_for(dockerfile) == tmp_path / ".dockerignore"
    (tmp_path / "app.Dockerfile.dockerignore").write_text(".git\n")
    assert ignore_file_for(dockerfile) == tmp_path / "app.Dockerfile.dockerignore"
