"""Fuzz ``scaffold check`` with Hypothesis: whatever the files hold, it reports or refuses, never crashes.

Dockerfiles come from a small grammar (instruction-shaped lines, flags, continuations, here-documents,
directives) mixed with random text; .dockerignore files from glob characters; compose files from a
flow-style YAML grammar with compose keys, tags, anchors and aliases. Each example is checked in-process
and must end in exit 0, 1 or 2 (a :class:`~generator.errors.CheckInputError`), never another exception,
and neither the report (text, JSON, SARIF) nor the error message may carry a raw control character.
The seed is fixed and the examples bounded, so the run is the same every time and takes seconds; the fast
tier tries a share of the examples and CI all of them (tests/examples.py).
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.check.dockerfile_syntax import KNOWN_INSTRUCTIONS
from generator.check.model import reaches
from generator.check.report import render_json, render_text
from generator.check.sarif import render_sarif
from generator.commands.check import check
from generator.errors import CheckInputError, ScaffoldError

from ..examples import examples

pytestmark = pytest.mark.properties

FUZZ = settings(
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=examples(60),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
CLEAN_DOCKERFILE = 'FROM python:3.12-slim\nUSER 10001\nHEALTHCHECK CMD ["true"]\nCMD ["python"]\n'
CLEAN_IGNORE = ".git\n.env\n"

# Characters that have a meaning somewhere in the three formats, and ones that break lines or terminals.
ODD = [
    "\n", "\r\n", "\r", "\\", "\\\n", "`", "\t", "\f", "\x0b", "\x1c", "\x85", "\u2028", "\u2029", "\x00",
    "\x1b[31m", "\x7f", "$", "${A:-b}", "$$", '"', "'", "[", "]", "{", "}", "#", "&&", "|", ";", "=", ":",
    "--", "<<", "EOF", " ", "ü", "\U0001f600",
]  # fmt: skip
noise = st.lists(
    st.one_of(st.sampled_from(ODD), st.text(st.characters(exclude_categories=("Cs",)), max_size=6)),
    max_size=6,
).map("".join)
plain_word = st.sampled_from(
    [
        "x",
        "app",
        "python:3.12-slim",
        "root",
        "10001",
        "/app",
        ".env",
        ".git",
        "ALL",
        "apt-get",
        "install",
        "-y",
    ]
)
word = st.one_of(
    plain_word,
    plain_word,
    noise,
)


# Dockerfiles


def _instruction_line(keyword: str, flags: list[str], args: list[str]) -> str:
    return " ".join([keyword, *flags, *args])


keyword = st.one_of(
    st.sampled_from(sorted(KNOWN_INSTRUCTIONS)),
    st.sampled_from(sorted(KNOWN_INSTRUCTIONS)).map(str.lower),
    st.sampled_from(["FROM", "RUN", "COPY", "USER", "ENV", "CMD"]),
    st.sampled_from(sorted(KNOWN_INSTRUCTIONS)),
    noise,
)
flag = st.sampled_from(
    ["--from=build", "--mount=type=cache,target=/root/.cache", "--chown=1:1", "--link", "--"]
)
instruction = st.builds(_instruction_line, keyword, st.lists(flag, max_size=2), st.lists(word, max_size=4))
exec_form = st.lists(word, max_size=3).map(lambda words: "CMD " + json.dumps(words))
heredoc = st.tuples(
    st.sampled_from(["RUN <<EOF", "RUN <<-EOF", "COPY <<'EOF' /x", "RUN <<A <<B", "ADD <<EOF /y"]),
    st.lists(st.one_of(word, st.just("EOF"), st.just("A"), st.just("B")), max_size=4),
).map(lambda parts: parts[0] + "\n" + "\n".join(parts[1]) + "\nEOF")
continued = st.lists(word, min_size=1, max_size=4).map(lambda words: "RUN " + " \\\n  ".join(words))
# Noise (which Docker mostly refuses) now and then; instruction-shaped lines mostly, to reach the rules.
dockerfile_line = st.one_of(
    instruction,
    instruction,
    exec_form,
    heredoc,
    continued,
    st.sampled_from(["", "# c", "#"]),
    instruction,
    noise,
)
dockerfile = st.tuples(
    st.sampled_from(["", "# escape=`\n", "# syntax=docker/dockerfile:1\n", "\ufeff", "ARG V=1\n"]),
    st.sampled_from(["FROM python:3.12-slim AS build", "FROM ${V}", "FROM scratch", "FROM", ""]),
    st.lists(dockerfile_line, max_size=8),
    st.sampled_from(["\n", "\r\n"]),
).map(lambda parts: parts[0] + parts[3].join([parts[1], *parts[2]]) + parts[3])


# .dockerignore files

ignore_line = st.one_of(
    st.text(alphabet="*?[]!^-\\/.aeginvtz #", max_size=10),
    st.sampled_from([".env", "!.env", ".git", "**/.env", "*", "!", "[]", "[!]", "[z-a]", "# c"]),
    noise,
)
dockerignore = st.lists(ignore_line, max_size=8).map("\n".join)


# compose files, flow style, so that any nesting of generated parts stays YAML-shaped

KEYS = [
    "image", "privileged", "cap_drop", "cap_add", "security_opt", "read_only", "ports", "volumes",
    "deploy", "resources", "limits", "memory", "cpus", "pids", "mem_limit", "pids_limit", "healthcheck",
    "test", "network_mode", "pid", "ipc", "userns_mode", "extends", "service", "file", "user", "<<", "x",
]  # fmt: skip
# Mostly no tag, so most documents get as far as the rules; the tags are each worth a few tries.
PREFIXES = [""] * 30 + [
    "!!int ", "!!str ", "!!bool ", "!!float ", "!!timestamp ", "!!binary ", "!!null ", "!!set ", "!!omap ",
    "!reset ", "!override ", "!override ", "!custom ", "&c ",
]  # fmt: skip
# Mostly printable ASCII: the exotic characters are the Dockerfile and file name tests' business, and a raw
# one in YAML only gets the file refused.
quoted = st.text(
    st.one_of(
        st.characters(min_codepoint=32, max_codepoint=126),
        st.sampled_from([char for char in ODD[:14] if len(char) == 1]),
    ),
    max_size=8,
)
scalar = st.one_of(
    st.sampled_from(
        [
            "true", "false", "null", "~", "1", "0.5", "x", "ALL", "NET_ADMIN", "host", "0.0.0.0:80:80",
            "80:80", "/:/host", "/var/run/docker.sock:/s", "${X:-1}", "no-new-privileges:true", "2020-01-01",
            "app", "base", "512m",
        ]
    ),
    quoted.map(json.dumps),
)  # fmt: skip
prefix = st.sampled_from(PREFIXES)
key = st.one_of(st.sampled_from(KEYS), quoted.map(json.dumps))
# Collections take fewer tags: most standard ones only fit scalars.
collection_prefix = st.sampled_from([""] * 12 + ["!override ", "!reset ", "&c ", "!!set "])


def _tagged(
    values: st.SearchStrategy[str], prefixes: st.SearchStrategy[str] = prefix
) -> st.SearchStrategy[str]:
    return st.tuples(prefixes, values).map("".join)


# *a and *b are anchored at the top of the file (see ANCHORS); *c only where a tag above anchored it.
yaml_value = st.recursive(
    st.one_of(_tagged(scalar), _tagged(scalar), _tagged(scalar), st.sampled_from(["*a", "*b", "*a", "*c"])),
    lambda children: st.one_of(
        _tagged(
            st.lists(children, max_size=4).map(lambda items: "[" + ", ".join(items) + "]"), collection_prefix
        ),
        _tagged(
            st.lists(st.tuples(key, children), max_size=4).map(
                lambda pairs: "{" + ", ".join(f"{name}: {value}" for name, value in pairs) + "}"
            ),
            collection_prefix,
        ),
    ),
    max_leaves=16,
)
service = st.lists(st.tuples(st.sampled_from(KEYS), yaml_value), max_size=6).map(
    lambda pairs: "{" + ", ".join(f"{name}: {value}" for name, value in pairs) + "}"
)
services = st.lists(
    st.tuples(st.sampled_from(["app", "base", "db", "x"]), st.one_of(service, service, yaml_value)),
    min_size=1,
    max_size=4,
)
ANCHORS = "x-a: &a {read_only: true, cap_drop: [ALL]}\nx-b: &b [x, 1]\n"
flow_file = services.map(
    lambda pairs: ANCHORS + "services: {" + ", ".join(f"{name}: {body}" for name, body in pairs) + "}\n"
)
block_file = st.tuples(yaml_value, services).map(
    lambda parts: ANCHORS + "x-defaults: " + parts[0] + "\nservices:\n"
    + "".join(f"  {name}: {body}\n" for name, body in parts[1])
)  # fmt: skip
# Mostly files with services, which reach the rules; now and then any YAML value or noise.
compose = st.one_of(flow_file, block_file, flow_file, block_file, yaml_value, noise)


def _outcome(files: dict[str, str]) -> int:
    """Check a folder holding ``files`` and return the exit code, asserting the invariants on the way."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name, text in files.items():
            (root / name).write_bytes(text.encode("utf-8"))
        try:
            result = check([root])
        except CheckInputError as error:
            message = str(error)
            assert not CONTROL.search(message), message
            assert len(message) < 400 + len(folder), message
            return error.exit_code
        except ScaffoldError as error:  # pragma: no cover - reported with its type if it ever happens
            pytest.fail(f"{type(error).__name__} is not an input error: {error}")
        text = render_text(result.findings, files=result.files)
        assert not any(CONTROL.search(line) for line in text.split("\n")), text
        for finding in json.loads(render_json(result.findings)):
            assert not CONTROL.search(finding["file"] + finding["message"]), finding
        for item in json.loads(render_sarif(result.findings))["runs"][0]["results"]:
            uri = item["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            assert not CONTROL.search(uri + item["message"]["text"]), item
        return 1 if reaches(result.findings, "warning") else 0


@FUZZ
@given(dockerfile)
@example('FROM x\nLABEL a="x\u2028y"\n')
@example("FROM x\nRUN <<EOF\n\x85\nEOF\n")
def test_fuzz_dockerfile(text: str) -> None:
    assert _outcome({"Dockerfile": text, ".dockerignore": CLEAN_IGNORE}) in {0, 1, 2}


@FUZZ
@given(dockerignore)
@example("[]\n")
@example("[!]\n[z-a]\n")
def test_fuzz_dockerignore(text: str) -> None:
    assert _outcome({"Dockerfile": CLEAN_DOCKERFILE, ".dockerignore": text}) in {0, 1, 2}


@FUZZ
@given(compose)
@example("services: {app: {extends: 3}}\n")
@example("services: {app: {image: !!int x}}\n")
def test_fuzz_compose(text: str) -> None:
    assert _outcome({"compose.yaml": text}) in {0, 1, 2}


@FUZZ
@given(
    st.text(st.characters(exclude_categories=("Cs",), exclude_characters="/\x00"), min_size=1, max_size=12)
)
@example("x\n::error file=a::pwned")
def test_fuzz_file_names(suffix: str) -> None:
    # Any name a file can have, after "Dockerfile.": the report escapes it (a DF013 warning or a .dockerignore
    # finding, depending on how the name ends).
    assert _outcome(
        {"Dockerfile." + suffix: CLEAN_DOCKERFILE + "CMD x\n", ".dockerignore": CLEAN_IGNORE}
    ) in {0, 1}
