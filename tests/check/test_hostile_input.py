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
import yaml
from typer.testing import Result

from generator.check.compose import MAX_EXTENDS, parse_compose, services
from generator.check.dockerfile_syntax import parse_dockerfile
from generator.check.escaping import SNIPPET_CHARS, escape
from generator.check.located_yaml import MAX_ALIAS_NODES, MAX_DEPTH, YamlLimitError, located_loader
from generator.check.source import MAX_BYTES, read_source
from generator.commands.check import check
from generator.errors import CheckInputError

from ..conftest import REPO, Invoke

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


# 4. YAML: tags, depth and aliases are bounded, and every message stays short.


def _compose_error(tmp_path: Path, cli_invoke: Invoke, text: str) -> str:
    (tmp_path / "compose.yaml").write_text(text)
    line = _refused(
        cli_invoke(["check", str(tmp_path / "compose.yaml")], expect=2), names=f"{tmp_path}/compose.yaml"
    )
    assert len(line) < 300, line
    return line.removeprefix(f"scaffold: error: {tmp_path}/compose.yaml: ")


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("!!timestamp x", "line 3: not valid YAML ('x' does not read as '!!timestamp')"),
        ("!!int x", "line 3: not valid YAML ('x' does not read as '!!int')"),
        ("!!float x", "line 3: not valid YAML ('x' does not read as '!!float')"),
        ("!!bool x", "line 3: not valid YAML ('x' does not read as '!!bool')"),
        ("!!int " + "9" * 5000, "line 3: not valid YAML ('" + "9" * 60 + "...' does not read as '!!int')"),
        (
            "!!python/object:os.system x",
            "line 3: not valid YAML (could not determine a constructor for the tag "
            "'tag:yaml.org,2002:python/object:os.system')",
        ),
        (
            "!custom" + "x" * 5000,
            "line 3: not valid YAML (could not determine a constructor for the tag '!custom",
        ),
    ],
)
def test_a_tag_that_does_not_read_is_one_short_line(
    tmp_path: Path, cli_invoke: Invoke, value: str, reason: str
) -> None:
    assert _compose_error(tmp_path, cli_invoke, f"services:\n  app:\n    image: {value}\n").startswith(reason)


def test_deep_nesting_is_refused(tmp_path: Path, cli_invoke: Invoke) -> None:
    for depth in (MAX_DEPTH, 500, 50_000):
        text = "services:\n  app:\n    labels: " + "[" * depth + "]" * depth + "\n"
        assert (
            _compose_error(tmp_path, cli_invoke, text)
            == f"line 3: refused: nested deeper than {MAX_DEPTH} levels"
        )


@pytest.mark.parametrize("base", ["CSafeLoader", "SafeLoader"])
def test_both_of_pyyamls_parsers_keep_the_limits(base: str) -> None:
    """libyaml's parser (used when PyYAML has it) and PyYAML's own refuse the same documents alike."""
    loader = located_loader(getattr(yaml, base))
    for depth in (MAX_DEPTH, 500, 50_000):
        with pytest.raises(YamlLimitError) as refused:
            yaml.load("a:\n  b: " + "[" * depth + "]" * depth + "\n", Loader=loader)
        assert (refused.value.line, refused.value.problem) == (2, f"nested deeper than {MAX_DEPTH} levels")
    deep = MAX_DEPTH - 2  # the mapping, b's value, then the lists
    assert yaml.load("a:\n  b: " + "[" * deep + "]" * deep + "\n", Loader=loader)["a"].line_of("b") == 2
    with pytest.raises(YamlLimitError, match="a YAML bomb"):
        yaml.load(BILLION_LAUGHS, Loader=loader)
    tagged = yaml.load("a: !override true\nb: !reset 1\nc: !override [x]\n", Loader=loader)
    assert tagged == {"a": True, "c": ["x"]}


def test_nesting_up_to_the_limit_is_read(tmp_path: Path) -> None:
    depth = MAX_DEPTH - 4  # services, app, x, then the lists
    text = "services:\n  app:\n    x: " + "[" * depth + "]" * depth + "\n"
    parse_compose(text, path=tmp_path / "compose.yaml")


BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
services: {app: {image: x, labels: *h, command: *h, environment: {X: *h}}}
"""


def test_an_alias_bomb_is_refused(tmp_path: Path, cli_invoke: Invoke) -> None:
    assert _compose_error(tmp_path, cli_invoke, BILLION_LAUGHS) == (
        f"refused: its aliases repeat more than {MAX_ALIAS_NODES} nodes (a YAML bomb?)"
    )


def test_aliases_and_merge_keys_within_the_bound_are_read(tmp_path: Path) -> None:
    defaults = "x-defaults: &defaults\n  read_only: true\n  cap_drop: [ALL]\n"
    body = "".join(f"  s{index}:\n    <<: *defaults\n    image: x\n" for index in range(200))
    document = parse_compose(defaults + "services:\n" + body, path=tmp_path / "compose.yaml")
    assert all(service.get("read_only") == (True, 2) for service in services(document))


def test_compose_reset_and_override_tags_are_read_as_in_one_file(tmp_path: Path) -> None:
    text = (
        "services:\n  app:\n    privileged: !reset true\n"
        "    cap_drop: !override [ALL]\n    read_only: !override true\n"
    )
    (service,) = services(parse_compose(text, path=tmp_path / "compose.yaml"))
    assert service.get("privileged") is None
    assert service.value("cap_drop") == ["ALL"]
    assert service.get("read_only") == (True, 5)


def test_a_long_unknown_instruction_is_quoted_short(tmp_path: Path) -> None:
    with pytest.raises(CheckInputError) as caught:
        parse_dockerfile("FROM x\n" + "Y" * 100_000 + " z\n", path=tmp_path / "Dockerfile")
    assert (
        str(caught.value) == f"{tmp_path}/Dockerfile: line 2: unknown instruction '{'Y' * 60}...'"
        " (a missing '\\' on the line before?)"
    )


# 5. extends: malformed, cyclic or too long is refused.


@pytest.mark.parametrize(
    ("extends", "got"),
    [
        ("3", "a number"),
        ("[base]", "a list"),
        ("null", "null"),
        ("{}", "a mapping without a `service:` name"),
        ("{service: [1]}", "a mapping without a `service:` name"),
    ],
)
def test_a_malformed_extends_is_one_line(tmp_path: Path, cli_invoke: Invoke, extends: str, got: str) -> None:
    text = f"services:\n  base:\n    image: x\n  app:\n    extends: {extends}\n"
    assert _compose_error(tmp_path, cli_invoke, text) == (
        "line 5: service 'app': `extends` must be a service name or a mapping with a `service:` name, "
        f"not {got}"
    )


def test_an_extends_file_that_is_not_a_path_is_one_line(tmp_path: Path, cli_invoke: Invoke) -> None:
    text = "services:\n  app:\n    extends: {service: base, file: [a]}\n"
    assert (
        _compose_error(tmp_path, cli_invoke, text)
        == "line 3: service 'app': `extends.file` must be a path, not a list"
    )


def test_a_cycle_of_extends_is_refused(tmp_path: Path, cli_invoke: Invoke) -> None:
    text = "services:\n  app:\n    extends: a\n  a:\n    extends: b\n  b:\n    extends: {service: a}\n"
    assert (
        _compose_error(tmp_path, cli_invoke, text)
        == "line 5: `extends` goes round in a cycle: 'a' -> 'b' -> 'a'"
    )
    text = "services:\n  app:\n    extends: app\n"
    assert (
        _compose_error(tmp_path, cli_invoke, text)
        == "line 3: `extends` goes round in a cycle: 'app' -> 'app'"
    )


def _chain(length: int) -> str:
    """A compose file whose s0 extends s1, ... up to s<length>, which sets everything."""
    links = "".join(f"  s{index}:\n    extends: s{index + 1}\n" for index in range(length))
    return f"services:\n{links}  s{length}:\n    image: x\n    read_only: true\n"


def test_an_extends_chain_up_to_the_limit_is_followed(tmp_path: Path) -> None:
    first = next(services(parse_compose(_chain(MAX_EXTENDS), path=tmp_path / "compose.yaml")))
    assert first.name == "s0" and len(first.layers) == MAX_EXTENDS + 1
    assert first.get("read_only") == (True, 4 + 2 * MAX_EXTENDS)


@pytest.mark.parametrize("length", [MAX_EXTENDS + 1, 5_000])
def test_an_extends_chain_over_the_limit_is_refused(tmp_path: Path, cli_invoke: Invoke, length: int) -> None:
    reason = _compose_error(tmp_path, cli_invoke, _chain(length))
    assert reason.endswith(f"extends a chain of more than {MAX_EXTENDS} services; refused")


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


# The limits, as docs/usage.md states them.


def test_usage_doc_states_the_limits() -> None:
    usage = (REPO / "docs" / "usage.md").read_text(encoding="utf-8")
    section = usage.split("### Hostile input", 1)[1].split("\n## ", 1)[0]
    assert MAX_BYTES == 1024 * 1024 and "over 1 MiB" in section
    assert f"deeper than {MAX_DEPTH} levels" in section
    assert f"more than {MAX_ALIAS_NODES:,} nodes" in section
    assert f"more than {MAX_EXTENDS} services" in section
    assert f"snippets of at most {SNIPPET_CHARS} characters" in section
