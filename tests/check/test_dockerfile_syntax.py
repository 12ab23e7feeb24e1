"""Reading Dockerfiles: flags, here-documents, continuations, ARG substitution in FROM, stage links."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.check.dockerfile_syntax import Dockerfile, env_pairs, parse_dockerfile
from generator.errors import CheckInputError


def _parse(text: str) -> Dockerfile:
    return parse_dockerfile(text, path=Path("Dockerfile"))


def test_run_mount_flags_are_split_from_the_command() -> None:
    # dockerfile-parse leaves `--mount=...` at the front of the value; the command must not include it.
    dockerfile = _parse(
        "FROM python:3.12-slim\n"
        "RUN --mount=type=secret,id=pip_conf,target=/etc/pip.conf,required=true "
        "--mount=type=cache,target=/root/.cache/pip \\\n"
        "    pip install -r requirements.txt\n"
    )
    run = dockerfile.final.instructions[0]
    assert run.keyword == "RUN" and run.line == 2
    assert run.flag_values("mount") == [
        "type=secret,id=pip_conf,target=/etc/pip.conf,required=true",
        "type=cache,target=/root/.cache/pip",
    ]
    assert run.args == "pip install -r requirements.txt"


def test_copy_and_from_flags() -> None:
    dockerfile = _parse(
        "FROM --platform=$BUILDPLATFORM golang:1.22 AS build\n"
        "FROM scratch\n"
        "COPY --from=build --chown=10001:10001 --link /out/app /app\n"
    )
    assert dockerfile.stages[0].image == "golang:1.22" and dockerfile.stages[0].name == "build"
    copy = dockerfile.final.instructions[0]
    assert copy.flag("from") == "build" and copy.flag("chown") == "10001:10001" and copy.flag("link") == ""
    assert copy.sources() == ["/out/app"] and not copy.copies_from_context()


def test_heredoc_bodies_are_not_read_as_instructions() -> None:
    dockerfile = _parse(
        "FROM debian:12-slim\n"
        "RUN <<EOF\n"
        "apt-get update\n"
        "apt-get install -y --no-install-recommends curl\n"
        "EOF\n"
        "RUN <<-'EOT' bash\n"
        "\tset -e\n"
        "\techo done\n"
        "\tEOT\n"
        "COPY <<CONF /etc/app.conf\n"
        "user = app\n"
        "CONF\n"
        "USER 10001\n"
    )
    keywords = [(i.keyword, i.line) for i in dockerfile.final.instructions]
    assert keywords == [("RUN", 2), ("RUN", 6), ("COPY", 10), ("USER", 13)]
    first, second, copy, _ = dockerfile.final.instructions
    assert first.heredocs == ("apt-get update\napt-get install -y --no-install-recommends curl",)
    assert second.heredocs == ("\tset -e\n\techo done",)
    assert copy.sources() == [] and not copy.copies_from_context()


def test_comments_and_blank_lines_inside_a_continuation() -> None:
    dockerfile = _parse("FROM alpine:3.20\nRUN echo a \\\n    # a comment\n\n    && echo b\nUSER 1000\n")
    run, user = dockerfile.final.instructions
    assert run.args.split() == ["echo", "a", "&&", "echo", "b"]
    assert user.line == 6


def test_backtick_escape_directive() -> None:
    dockerfile = _parse("# escape=`\nFROM alpine:3.20\nRUN echo a `\n    b\nUSER 1000\n")
    assert [i.keyword for i in dockerfile.final.instructions] == ["RUN", "USER"]


def test_from_substitutes_global_arg_defaults() -> None:
    dockerfile = _parse(
        "ARG VERSION=3.12\n"
        "ARG BASE=python:${VERSION}-slim\n"
        "ARG TAG\n"
        "FROM ${BASE} AS one\n"
        "FROM node:${TAG:-20-slim}\n"
        "FROM python:${TAG}\n"
    )
    assert [stage.image for stage in dockerfile.stages] == ["python:3.12-slim", "node:20-slim", None]


def test_stages_built_from_earlier_stages_are_linked() -> None:
    dockerfile = _parse("FROM python:3.12-slim AS Base\nFROM base AS test\nFROM base\n")
    assert [stage.parent for stage in dockerfile.stages] == [None, 0, 0]
    assert [stage.index for stage in dockerfile.lineage(dockerfile.final)] == [0, 2]


def test_env_forms() -> None:
    dockerfile = _parse('FROM alpine:3.20\nENV A=1 B="two words" C=\\$HOME\nENV LEGACY value with spaces\n')
    modern, legacy = dockerfile.final.instructions
    assert env_pairs(modern) == [("A", "1"), ("B", "two words"), ("C", "$HOME")]
    assert env_pairs(legacy) == [("LEGACY", "value with spaces")]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "no FROM instruction: not a Dockerfile"),
        ("# only a comment\n", "no FROM instruction: not a Dockerfile"),
        ("RUN echo hi\nFROM alpine:3.20\n", "line 1: RUN before the first FROM"),
        ('FROM alpine:3.20\nCMD ["a",\n  "b"]\n', "line 3: unknown instruction '\"B\"]'"),
    ],
)
def test_what_docker_would_refuse_is_bad_input(text: str, reason: str) -> None:
    with pytest.raises(CheckInputError) as caught:
        _parse(text)
    assert str(caught.value).startswith(f"Dockerfile: {reason}")


def test_heredoc_words_with_dots_dashes_and_quotes() -> None:
    # Docker's own docs write `COPY <<robots.txt <<humans.txt /usr/share/nginx/html/`.
    dockerfile = _parse(
        "FROM nginx:1.27\n"
        "COPY <<robots.txt <<humans.txt /usr/share/nginx/html/\n"
        "User-agent: *\n"
        "robots.txt\n"
        "Made by us\n"
        "humans.txt\n"
        'RUN <<-"end-of.script" bash\n'
        "\techo hi\n"
        "\tend-of.script\n"
        "USER 101\n"
    )
    copy, run, user = dockerfile.final.instructions
    assert copy.heredocs == ("User-agent: *", "Made by us")
    assert copy.sources() == [] and not copy.copies_from_context()
    assert run.heredocs == ("\techo hi",)
    assert (user.keyword, user.line) == ("USER", 10)


def test_a_heredoc_never_closed_is_a_parse_error() -> None:
    with pytest.raises(CheckInputError, match=r"never closed"):
        _parse("FROM alpine:3.20\nRUN <<my-script.sh\necho hi\nUSER 1000\n")


@pytest.mark.parametrize(
    ("base", "image"),
    [
        ("org/img:1.0-${TARGETPLATFORM/arm/v7/arm-7}", None),  # a build argument only the build gives
        ("org/img:1.0-${PLATFORM//\\//-}", "org/img:1.0-linux-arm-v7"),
        ("org/img:1.0-${PLATFORM/arm*/arm}", "org/img:1.0-linux/arm"),
        ("org/img:${VERSION#v}", "org/img:1.2"),
        ("org/img:${VERSION%.2}-slim", "org/img:v1-slim"),
        ("org/img:${MISSING:-2.0}", "org/img:2.0"),
    ],
)
def test_shell_expansions_in_from(base: str, image: str | None) -> None:
    dockerfile = _parse(f'ARG PLATFORM=linux/arm/v7\nARG VERSION=v1.2\nFROM {base}\nCMD ["x"]\n')
    assert dockerfile.final.image == image
