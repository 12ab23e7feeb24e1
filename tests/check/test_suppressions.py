"""``# scaffold: ignore=`` comments: where they reach in each kind of file, their ids, reasons and notices."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.check.inline import read_directives
from generator.commands.check import CheckResult, check

BASE = 'FROM python:3.12-slim\nCOPY app.py /app/\nUSER 10001\nHEALTHCHECK CMD ["python", "-c", "0"]\n'
APT = "RUN apt-get update \\\n  && apt-get install -y curl \\\n  && rm -rf /var/lib/apt/lists/*\n"  # DF007
SHELL_CMD = "CMD python /app/app.py\n"  # DF013
TOKEN = "ENV API_TOKEN=abc\n"  # DF010
IGNORE_FILE = ".git\n.env\n"


def _run(tmp_path: Path, files: Mapping[str, str]) -> CheckResult:
    folder = tmp_path / "project"
    folder.mkdir()
    for name, text in {".dockerignore": IGNORE_FILE, **files}.items():
        (folder / name).write_text(text, encoding="utf-8")
    return check([folder])


def _active(result: CheckResult) -> list[tuple[str, int]]:
    return [(finding.rule.id, finding.line) for finding in result.findings if not finding.suppressed]


def _suppressed(result: CheckResult) -> list[tuple[str, int, str, str, int | None]]:
    return [
        (finding.rule.id, finding.line, one.kind, one.justification, one.line)
        for finding in result.findings
        for one in finding.suppressions
    ]


def test_without_comments_nothing_is_suppressed(tmp_path: Path) -> None:
    result = _run(tmp_path, {"Dockerfile": BASE + APT + TOKEN + SHELL_CMD})
    assert _active(result) == [("DF007", 5), ("DF010", 8), ("DF013", 9)]
    assert _suppressed(result) == [] and result.notices == ()


def test_comment_on_the_line_above_suppresses_that_instruction_only(tmp_path: Path) -> None:
    dockerfile = BASE + "# scaffold: ignore=DF007 curl has no recommends\n" + APT + APT + SHELL_CMD
    result = _run(tmp_path, {"Dockerfile": dockerfile})
    assert _suppressed(result) == [("DF007", 6, "inSource", "curl has no recommends", 5)]
    assert _active(result) == [("DF007", 9), ("DF013", 12)]


def test_comment_two_lines_above_does_not_reach(tmp_path: Path) -> None:
    dockerfile = BASE + "# scaffold: ignore=DF013\n\n" + SHELL_CMD
    result = _run(tmp_path, {"Dockerfile": dockerfile})
    assert _active(result) == [("DF013", 7)] and _suppressed(result) == []


def test_comment_ending_the_instruction_line_suppresses_it(tmp_path: Path) -> None:
    dockerfile = BASE + "CMD python /app/app.py  # scaffold: ignore=DF013 -- tini is not needed here\n"
    result = _run(tmp_path, {"Dockerfile": dockerfile})
    assert _suppressed(result) == [("DF013", 5, "inSource", "tini is not needed here", 5)]


def test_comment_ending_the_line_above_belongs_to_that_line_not_the_next(tmp_path: Path) -> None:
    dockerfile = BASE + "RUN true  # scaffold: ignore=DF013\n" + SHELL_CMD
    result = _run(tmp_path, {"Dockerfile": dockerfile})
    assert _active(result) == [("DF013", 6)] and _suppressed(result) == []


def test_comment_inside_a_multi_line_run_counts_for_it(tmp_path: Path) -> None:
    run = "RUN apt-get update \\\n  # scaffold: ignore=DF007 curl has no recommends\n" + APT.split("\n", 1)[1]
    result = _run(tmp_path, {"Dockerfile": BASE + run})
    assert _suppressed(result) == [("DF007", 5, "inSource", "curl has no recommends", 6)]
    assert _active(result) == []


def test_comment_in_a_here_document_counts_for_its_run(tmp_path: Path) -> None:
    run = (
        "RUN <<SH\n# scaffold: ignore=DF007\napt-get update\napt-get install -y curl\n"
        "rm -rf /var/lib/apt/lists/*\nSH\n"
    )
    result = _run(tmp_path, {"Dockerfile": BASE + run + SHELL_CMD})
    assert _suppressed(result) == [("DF007", 5, "inSource", "", 6)]
    assert _active(result) == [("DF013", 11)]  # the comment is inside the RUN: it does not reach CMD


def test_several_ids_in_one_comment(tmp_path: Path) -> None:
    dockerfile = BASE + "# scaffold: ignore=DF013, df010 both reviewed\nCMD python /app/app.py\n"
    result = _run(tmp_path, {"Dockerfile": dockerfile})
    assert _suppressed(result) == [("DF013", 6, "inSource", "both reviewed", 5)]
    (directive,), _ = read_directives(dockerfile)
    assert directive.rules == ("DF013", "DF010")


def test_a_comment_naming_another_rule_suppresses_nothing(tmp_path: Path) -> None:
    result = _run(tmp_path, {"Dockerfile": BASE + "# scaffold: ignore=DF010\n" + SHELL_CMD})
    assert _active(result) == [("DF013", 6)] and result.notices == ()


def test_unknown_id_is_a_notice_and_the_known_ids_still_apply(tmp_path: Path) -> None:
    dockerfile = BASE + "# scaffold: ignore=DF999,DF013,XY1 old names\n" + SHELL_CMD
    result = _run(tmp_path, {"Dockerfile": dockerfile})
    assert [(notice.line, notice.message) for notice in result.notices] == [
        (5, "`# scaffold: ignore` names DF999, XY1: no such rule")
    ]
    assert result.notices[0].file.name == "Dockerfile"
    assert _active(result) == [] and _suppressed(result)[0][:3] == ("DF013", 6, "inSource")


@pytest.mark.parametrize("comment", ["# scaffold: ignore", "# scaffold: ignore=", "# scaffold: ignore=all"])
def test_a_comment_naming_no_id_is_a_notice(comment: str, tmp_path: Path) -> None:
    result = _run(tmp_path, {"Dockerfile": BASE + comment + "\n" + SHELL_CMD})
    assert [notice.line for notice in result.notices] == [5]
    assert "names no rule id; write `# scaffold: ignore=DF003[,DF009] [reason]`" in result.notices[0].message
    assert _active(result) == [("DF013", 6)]


def test_other_comments_are_not_directives() -> None:
    text = (
        "# hadolint ignore=DL3008\n# scaffold ignore=DF003\n#scaffold: ignored=DF003\n"
        "RUN echo a#scaffold: ignore=DF1\n"
    )
    assert read_directives(text) == ([], [])


COMPOSE = """services:
  app:
    image: example/app:1.0
    read_only: true
    cap_drop: [ALL]
    security_opt: ["no-new-privileges:true"]
    deploy: {resources: {limits: {cpus: "0.5", memory: 256m, pids: 64}}}
    healthcheck: {test: ["CMD", "/app", "-check"]}
    privileged: true
    init: true
    logging: {driver: local}
"""


def test_compose_comment_ending_the_keys_line(tmp_path: Path) -> None:
    compose = COMPOSE.replace("privileged: true", "privileged: true  # scaffold: ignore=CF001 needs /dev/kvm")
    result = _run(tmp_path, {"compose.yaml": compose})
    assert _suppressed(result) == [("CF001", 9, "inSource", "needs /dev/kvm", 9)]
    assert _active(result) == []


def test_compose_comment_on_the_line_above_the_key(tmp_path: Path) -> None:
    compose = COMPOSE.replace("    privileged: true", "    # scaffold: ignore=CF001\n    privileged: true")
    result = _run(tmp_path, {"compose.yaml": compose})
    assert _suppressed(result) == [("CF001", 10, "inSource", "", 9)]


def test_compose_comment_above_the_service_reaches_findings_about_what_it_lacks(tmp_path: Path) -> None:
    compose = COMPOSE.replace("    read_only: true\n", "").replace(
        "  app:", "  # scaffold: ignore=CF007 writes to its image on purpose\n  app:"
    )
    result = _run(tmp_path, {"compose.yaml": compose})
    assert ("CF007", 3, "inSource", "writes to its image on purpose", 2) in _suppressed(result)
    assert _active(result) == [("CF001", 9)]


def test_dockerignore_comment_line_above_a_pattern(tmp_path: Path) -> None:
    ignore = ".git\n.env\n# scaffold: ignore=DI002 a template with no secrets\n!.env\n"
    result = _run(tmp_path, {"Dockerfile": BASE + 'CMD ["python"]\n', ".dockerignore": ignore})
    assert _suppressed(result) == [("DI002", 4, "inSource", "a template with no secrets", 3)]


def test_dockerignore_first_line_reaches_findings_about_what_it_lacks(tmp_path: Path) -> None:
    ignore = "# scaffold: ignore=DI003 the build context is an export, not a checkout\nnode_modules\n.env\n"
    result = _run(tmp_path, {"Dockerfile": BASE + 'CMD ["python"]\n', ".dockerignore": ignore})
    assert [entry[:3] for entry in _suppressed(result)] == [("DI003", 1, "inSource")]


def test_dockerignore_reads_only_whole_line_comments(tmp_path: Path) -> None:
    # Docker reads `x # scaffold: ...` as a pattern, and ` # ...` (a space first) as one too.
    ignore = "node_modules # scaffold: ignore=DI003\n .env\n # scaffold: ignore=DI003\n.env\n"
    result = _run(tmp_path, {"Dockerfile": BASE + 'CMD ["python"]\n', ".dockerignore": ignore})
    assert _active(result) == [("DI003", 1)] and _suppressed(result) == []


def test_dockerfile_findings_about_its_ignore_file_take_a_dockerfile_comment(tmp_path: Path) -> None:
    folder = tmp_path / "project"
    folder.mkdir()
    # DI001 points at the first COPY from the build context.
    dockerfile = BASE.replace("COPY", "# scaffold: ignore=DI001 copies one named file\nCOPY")
    (folder / "Dockerfile").write_text(dockerfile + 'CMD ["python"]\n')
    result = check([folder / "Dockerfile"])
    assert _suppressed(result) == [("DI001", 3, "inSource", "copies one named file", 2)]


_COMMENT_TEXT = st.text(
    alphabet=st.sampled_from(list("# scaffold:ignore=DFCI0139,;-\t\n\r\x1b\u2028xyz")), max_size=80
)


@settings(derandomize=True, database=None, deadline=None, max_examples=200)
@given(text=_COMMENT_TEXT)
def test_any_comment_text_reads_as_directives_or_notices_never_an_error(text: str) -> None:
    directives, malformed = read_directives("# scaffold: ignore" + text)
    lines = {directive.line for directive in directives} | {line for line, _ in malformed}
    # `# scaffold: ignore` then anything but a word character is read, one way or the other.
    assert (1 in lines) is (re.match(r"\w", text) is None)
    for directive in directives:
        assert directive.rules and all(re.fullmatch(r"[A-Z]+[0-9]+", rule) for rule in directive.rules)
        assert "\n" not in directive.reason
