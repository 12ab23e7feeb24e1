"""Splitting RUN scripts into simple commands."""

from __future__ import annotations

from generator.check.shell import Command, commands, pipelines


def test_operators_wrappers_assignments_and_python_m_pip() -> None:
    script = (
        "set -eux; A=1 sudo -E env B=2 /usr/bin/pip3.12 install 'flask==3.*' | tee log "
        "&& python3 -m pip install -r requirements.txt || (echo failed)"
    )
    assert commands(script) == [
        Command(("set", "-eux")),
        Command(("pip", "install", "flask==3.*"), ("A=1", "B=2")),
        Command(("tee", "log")),
        Command(("pip", "install", "-r", "requirements.txt")),
        Command(("echo", "failed")),
    ]


def test_lines_and_continuations_and_comments() -> None:
    script = (
        "apt-get update \\\n  && apt-get install -y curl\n# a comment\nrm -rf /var/lib/apt/lists/*  # why\n"
    )
    assert [command.argv for command in commands(script)] == [
        ("apt-get", "update"),
        ("apt-get", "install", "-y", "curl"),
        ("rm", "-rf", "/var/lib/apt/lists/*"),
    ]


def test_unbalanced_quotes_still_give_words() -> None:
    assert commands("pip install 'flask") == [Command(("pip", "install", "'flask"))]


def test_operands_skip_option_values() -> None:
    (apt,) = commands("apt-get -o Acquire::Retries=3 -y install curl")
    assert apt.subcommand() == "install" and apt.operands() == ["install", "curl"]
    (rm,) = commands("rm -r -f /root/.cache")
    assert rm.operands() == ["/root/.cache"]


def test_pipelines_keep_what_a_pipe_joins() -> None:
    script = "curl -fsSL https://example.com/x | sudo -E bash - && echo ok || (cat log) | tee out; a |& b"
    assert [[command.argv for command in pipeline] for pipeline in pipelines(script)] == [
        [("curl", "-fsSL", "https://example.com/x"), ("bash", "-")],
        [("echo", "ok")],
        [("cat", "log"), ("tee", "out")],
        [("a",), ("b",)],
    ]


def test_pipelines_end_at_a_newline_but_not_at_a_continuation() -> None:
    script = "wget -qO- https://example.com/x \\\n  | sh\necho done | cat\n"
    assert [[command.program for command in pipeline] for pipeline in pipelines(script)] == [
        ["wget", "sh"],
        ["echo", "cat"],
    ]
