"""The docs tell the truth: the README's sample is real output, and every flag is documented."""

from __future__ import annotations

import re
from pathlib import Path

from generator.answers.gather import gather
from generator.templating.render import render_files

from .conftest import REPO, Invoke


def _fenced(markdown: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", markdown, flags=re.DOTALL)


def test_readme_dockerfile_is_what_the_quick_start_writes(plain_template: Path) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    spec = gather(REPO / "examples" / "flask-app", {}, interactive=False).spec
    assert _fenced(readme, "dockerfile") == [render_files(spec, template=plain_template)["Dockerfile"]]


def test_readme_commands_are_the_ones_ci_runs() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    commands = _fenced(readme, "sh")
    assert commands[0].strip().endswith("scaffold new examples/flask-app --defaults")
    assert commands[1].strip() == "bash scripts/test.sh"
    assert "bash scripts/test.sh" in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_every_flag_is_in_the_usage_doc(cli_invoke: Invoke) -> None:
    usage = (REPO / "docs" / "usage.md").read_text(encoding="utf-8")
    help_text = cli_invoke(
        ["new", "--help"],
    ).stdout
    flags = set(re.findall(r"(--[a-z][a-z-]+)", help_text)) - {
        "--help",
        "--no-private-index",
        "--no-node-build",
        "--no-kubernetes",
        "--defaults",
    }
    missing = sorted(flag for flag in flags if f"`{flag}" not in usage)
    assert missing == []


def test_docs_links_resolve() -> None:
    for page in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]:
        for target in re.findall(r"\]\(([^)#:]+\.md)\)", page.read_text(encoding="utf-8")):
            assert (page.parent / target).is_file(), f"{page.name} links to missing {target}"
