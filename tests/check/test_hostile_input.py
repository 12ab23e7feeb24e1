"""``scaffold check`` on hostile and odd input: one short line and exit 2, never a hang, crash or leak.

Each section is one promise of docs/usage.md (``scaffold check``, "Hostile input"): only regular files
are read and a symlink out of the folder is never quoted; control characters are escaped in every
format; files are capped in size; YAML tags, depth and aliases are bounded; ``extends`` is checked;
.dockerignore patterns Docker refuses are refused; lines end at ``\\n`` only.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from typer.testing import Result

from generator.check.dockerfile_syntax import parse_dockerfile
from generator.check.escaping import escape
from generator.check.source import MAX_BYTES, read_source
from generator.commands.check import check
from generator.errors import CheckInputError

from ..conftest import Invoke

CLEAN = 'FROM python:3.12-slim\nUSER 10001\nHEALTHCHECK CMD ["true"]\nCMD ["python"]\n'
SECRET = "TOKEN=hunter2"
# Any raw C0/C1 control character, DEL or Unicode line/paragraph separator, bar the newlines that end
# report lines.
RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def _project(folder: Path, dockerfile: str = CLEAN, ignore: str = ".git\n.env\n") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "Dockerfile").write_text(dockerfile)
    (folder / ".dockerignore").write_text(ignore)
    return folder


def _refused(result: Result, *, names: str) -> str:
    """Check a bad-input run: exit 2 (asserted by cli_invoke), one stderr line naming the path."""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"scaffold: error: {names}: ")
    assert result.stdout == ""
    return lines[0]


# 1. Only regular files are read; a symlink out of the folder is checked but never quoted.


def test_a_symlink_to_a_file_outside_is_not_quoted_in_a_parse_error(
    tmp_path: Path, cli_invoke: Invoke
) -> None:
    secret = tmp_path / "elsewhere" / "environ"
    secret.parent.mkdir()
    secret.write_text(f"{SECRET}\nHOME=/root\n")
    project = _project(tmp_path / "project")
    (project / "Dockerfile").unlink()
    (project / "Dockerfile").symlink_to(secret)
    for argument in (project, project / "Dockerfile"):
        line = _refused(cli_invoke(["check", str(argument)], expect=2), names=f"{project}/Dockerfile")
        assert "hunter2" not in line and "TOKEN" not in line
        assert line.endswith(
            f"line 1: cannot be parsed (its text is not shown: it is a symlink to a file outside {project})"
        )


def test_a_symlink_inside_the_folder_is_quoted_as_usual(tmp_path: Path, cli_invoke: Invoke) -> None:
    project = _project(tmp_path)
    (project / "real.txt").write_text("FORM python\n")
    (project / "Dockerfile").unlink()
    (project / "Dockerfile").symlink_to("real.txt")
    line = _refused(cli_invoke(["check", str(project)], expect=2), names=f"{project}/Dockerfile")
    assert line.endswith("line 1: unknown instruction 'FORM' (a missing '\\' on the line before?)")


def test_a_symlink_to_a_regular_file_outside_is_checked(tmp_path: Path, cli_invoke: Invoke) -> None:
    shared = tmp_path / "shared" / "base.Dockerfile"
    shared.parent.mkdir()
    shared.write_text(CLEAN.replace("USER 10001\n", ""))
    project = _project(tmp_path / "project")
    (project / "Dockerfile").unlink()
    (project / "Dockerfile").symlink_to(shared)
    result = cli_invoke(["check", "--format", "json", str(project)], expect=1)
    assert [finding["rule"] for finding in json.loads(result.stdout)] == ["DF001"]


@pytest.mark.timeout(120)  # reading the FIFO would block for ever: refusing it must not read it
@pytest.mark.parametrize(
    ("make", "what"),
    [
        (lambda path: os.mkfifo(path), "a FIFO"),
        (lambda path: path.mkdir(), "a folder"),
        (lambda path: path.symlink_to("/dev/zero"), "a symlink to a character device"),
        (lambda path: path.symlink_to("nowhere"), "a broken symlink"),
        (lambda path: path.symlink_to(path.name), "a symlink loop"),
    ],
    ids=["fifo", "folder", "device-link", "broken-link", "link-loop"],
)
@pytest.mark.parametrize("name", ["Dockerfile", "compose.yaml", ".dockerignore"])
def test_a_file_to_check_that_is_not_a_regular_file_is_refused(
    tmp_path: Path, cli_invoke: Invoke, make: object, what: str, name: str
) -> None:
    project = _project(tmp_path)
    (project / name).unlink(missing_ok=True)
    make(project / name)  # type: ignore[operator]
    expected = f"scaffold: error: {project}/{name}: not a regular file: it is {what}; nothing was read"
    # A folder named on the command line is searched (tested in test_cli.py); found in one, it is refused.
    for argument in (project,) if what == "a folder" else (project, project / name):
        assert _refused(cli_invoke(["check", str(argument)], expect=2), names=f"{project}/{name}") == expected


def test_a_fifo_next_to_a_named_dockerfile_is_refused_not_read(tmp_path: Path, cli_invoke: Invoke) -> None:
    project = _project(tmp_path)
    (project / ".dockerignore").unlink()
    os.mkfifo(project / ".dockerignore")
    line = _refused(
        cli_invoke(["check", str(project / "Dockerfile")], expect=2), names=f"{project}/.dockerignore"
    )
    assert line.endswith("it is a FIFO; nothing was read")


def test_a_device_is_refused(cli_invoke: Invoke) -> None:
    line = _refused(cli_invoke(["check", "/dev/zero"], expect=2), names="/dev/zero")
    assert line.endswith("not a regular file: it is a character device; nothing was read")


# 2. Control characters are escaped in file names and echoed text, in every format.

INJECTED = "Dockerfile.x\n::error file=app.py,line=1::pwned\r\x1b[2K\u2028"


def _injected_project(tmp_path: Path) -> Path:
    project = _project(tmp_path)
    # A shell-form CMD is echoed in DF013's message, control characters and all.
    (project / INJECTED).write_text(CLEAN.replace('CMD ["python"]', "CMD python\x1b[31m \x85app\u2029x"))
    return project


def test_text_report_escapes_file_names_and_messages(tmp_path: Path, cli_invoke: Invoke) -> None:
    project = _injected_project(tmp_path)
    result = cli_invoke(["check", str(project)], expect=1)
    assert not RAW_CONTROL.search(result.stdout)
    assert not any(line.startswith("::") for line in result.stdout.split("\n"))
    shown = escape(f"{project}/{INJECTED}")
    assert shown.endswith("Dockerfile.x\\n::error file=app.py,line=1::pwned\\r\\x1b[2K\\u2028")
    assert f"{shown}:4: warning DF013 CMD python\\x1b[31m \\x85app\\u2029x is in shell form" in result.stdout


def test_json_and_sarif_fields_carry_no_raw_control_characters(tmp_path: Path, cli_invoke: Invoke) -> None:
    project = _injected_project(tmp_path)
    findings = json.loads(cli_invoke(["check", "--format", "json", str(project)], expect=1).stdout)
    mine = [finding for finding in findings if finding["file"].endswith("\\u2028")]
    assert {finding["rule"] for finding in mine} == {"DF013"}
    for finding in findings:
        assert not RAW_CONTROL.search(finding["file"] + finding["message"]) and "\n" not in finding["message"]
    sarif = json.loads(cli_invoke(["check", "--format", "sarif", str(project)], expect=1).stdout)
    results = sarif["runs"][0]["results"]
    uris = [result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for result in results]
    assert any(
        uri.endswith("Dockerfile.x%0A%3A%3Aerror%20file%3Dapp.py%2Cline%3D1%3A%3Apwned%0D%1B%5B2K%E2%80%A8")
        for uri in uris
    )
    for result, uri in zip(results, uris, strict=True):
        assert (
            not RAW_CONTROL.search(uri + result["message"]["text"]) and "\n" not in result["message"]["text"]
        )


def test_an_error_message_escapes_the_path(tmp_path: Path, cli_invoke: Invoke) -> None:
    project = _project(tmp_path)
    os.mkfifo(project / "Dockerfile.a\n::error::b")
    result = cli_invoke(["check", str(project)], expect=2)
    assert result.stderr == (
        f"scaffold: error: {project}/Dockerfile.a\\n::error::b: "
        "not a regular file: it is a FIFO; nothing was read\n"
    )


def test_a_file_name_that_is_not_utf8_is_printed_escaped(tmp_path: Path, cli_invoke: Invoke) -> None:
    project = _project(tmp_path)
    with open(os.path.join(os.fsencode(project), b"Dockerfile.\xff"), "w") as dockerfile:
        dockerfile.write(CLEAN.replace('CMD ["python"]', "CMD x"))
    result = cli_invoke(["check", str(project)], expect=1)
    assert f"{project}/Dockerfile.\\udcff:4: warning DF013" in result.stdout


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("plain text, ünïcödé", "plain text, ünïcödé"),
        ("a\tb\nc\rd", "a\\tb\\nc\\rd"),
        ("\x00\x1b\x1f\x7f", "\\x00\\x1b\\x1f\\x7f"),
        ("\x80\x85\x9f", "\\x80\\x85\\x9f"),
        ("\u2028\u2029", "\\u2028\\u2029"),
        ("\udcff", "\\udcff"),
        ("back\\slash", "back\\slash"),
    ],
)
def test_escape(raw: str, shown: str) -> None:
    assert escape(raw) == shown
    assert escape(shown) == shown  # escaping twice changes nothing


# 3. Files are capped in size.


@pytest.mark.parametrize("name", ["Dockerfile", "compose.yaml", ".dockerignore"])
def test_a_file_over_the_cap_is_refused(tmp_path: Path, cli_invoke: Invoke, name: str) -> None:
    project = _project(tmp_path)
    (project / name).write_text("#" * MAX_BYTES + "\n")
    line = _refused(cli_invoke(["check", str(project)], expect=2), names=f"{project}/{name}")
    assert line.endswith("larger than 1 MiB: not a file to check, nothing was read")


def test_a_file_at_the_cap_is_read(tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile"
    path.write_text("#" * (MAX_BYTES - 1) + "\n")
    assert len(read_source(path, folder=tmp_path).text) == MAX_BYTES


# 6. .dockerignore patterns Docker refuses are refused; classes read as Go reads them.


@pytest.mark.parametrize(
    ("pattern", "why"),
    [
        ("[]", "an empty or unclosed [ ] class, or a range without a start"),
        ("[abc", "an unclosed [ ] class"),
        ("[a-]", "an empty or unclosed [ ] class, or a range without a start"),
        ("[z-a]", "the range z-a is reversed"),
        ("!x[z-a]", "the range z-a is reversed"),
        ("app\\", "it ends in a lone backslash"),
    ],
)
def test_a_pattern_docker_refuses_is_one_line(
    tmp_path: Path, cli_invoke: Invoke, pattern: str, why: str
) -> None:
    project = _project(tmp_path, ignore=f".git\n.env\n{pattern}\n")
    line = _refused(cli_invoke(["check", str(project)], expect=2), names=f"{project}/.dockerignore")
    assert line.endswith(
        f"line 3: '{pattern}' is not a valid pattern ({why}); Docker refuses to build with this file"
    )


def test_a_lone_exclamation_mark_is_refused(tmp_path: Path, cli_invoke: Invoke) -> None:
    project = _project(tmp_path, ignore=".git\n.env\n  !  \n")
    line = _refused(cli_invoke(["check", str(project)], expect=2), names=f"{project}/.dockerignore")
    assert line.endswith("line 3: a lone '!' is not a pattern; Docker refuses to build with this file")


@pytest.mark.parametrize(
    ("ignore", "rules"),
    [
        ("[!.]env\n.git\n", []),  # in Go a class's ! is a plain character: this matches .env
        ("[!]env\n.env\n.git\n", []),  # [!] is the class of "!" alone, a valid pattern
        ("[^.]env\n.git\n", ["DI002"]),  # ^ negates: not .env
        (".[e-f]nv\n.[]]git\n.git\n", "refused"),  # ] cannot open a class in Go
    ],
)
def test_classes_read_as_docker_reads_them(tmp_path: Path, ignore: str, rules: list[str] | str) -> None:
    project = _project(tmp_path, ignore=ignore)
    if rules == "refused":
        with pytest.raises(CheckInputError):
            check([project])
    else:
        assert [finding.rule.id for finding in check([project]).findings] == rules


# 7. Lines end at \n (or \r\n) only, as in BuildKit.

BREAKS_IN_A_LINE = ["\f", "\x0b", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029", "\r"]


@pytest.mark.parametrize("char", BREAKS_IN_A_LINE, ids=[f"U+{ord(char):04X}" for char in BREAKS_IN_A_LINE])
def test_only_newline_ends_a_dockerfile_line(tmp_path: Path, cli_invoke: Invoke, char: str) -> None:
    project = _project(tmp_path, dockerfile=CLEAN + f'LABEL a="x{char}y"\n')
    cli_invoke(["check", str(project)])
    final = parse_dockerfile(CLEAN + f'LABEL a="x{char}y"\n', path=Path("Dockerfile")).final
    assert [(instruction.keyword, instruction.line) for instruction in final.instructions][-1] == ("LABEL", 5)


def test_crlf_line_ends_read_as_newlines() -> None:
    crlf = 'FROM x AS build\r\nRUN a \\\r\n  b\r\nRUN <<EOF\r\necho hi\r\nEOF\r\nFROM y\r\nCMD ["z"]\r\n'
    assert parse_dockerfile(crlf, path=Path("Dockerfile")) == parse_dockerfile(
        crlf.replace("\r\n", "\n"), path=Path("Dockerfile")
    )


def test_only_newline_ends_a_dockerignore_line(tmp_path: Path) -> None:
    # One pattern, ".git<U+2028>.env", that matches neither file (str.splitlines would see two).
    project = _project(tmp_path, ignore=".git\u2028.env\n")
    assert [finding.rule.id for finding in check([project]).findings] == ["DI002", "DI003"]
