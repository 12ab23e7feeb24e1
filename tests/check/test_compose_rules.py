"""Compose rules on the cases the corpus does not spell out, and the line-keeping YAML loader."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.check.compose import check_compose, parse_compose
from generator.check.located_yaml import LocatedList, LocatedMap, load
from generator.errors import CheckInputError

HARDENED = """\
    read_only: true
    cap_drop: [ALL]
    security_opt: [no-new-privileges]
    mem_limit: 256m
    cpus: 0.5
    pids_limit: 64
    healthcheck:
      test: [CMD, /app, -healthcheck]
    init: true
    logging: {driver: local}
"""


def _rules(text: str) -> list[tuple[int, str]]:
    path = Path("compose.yaml")
    return [(f.line, f.rule.id) for f in check_compose(parse_compose(text, path=path), path=path)]


def test_loader_keeps_key_and_item_lines() -> None:
    document = load("a:\n  b: 1\n  c:\n    - x\n    - y: 2\n")
    assert isinstance(document, LocatedMap) and document.line_of("a") == 1
    inner = document["a"]
    assert isinstance(inner, LocatedMap) and inner.line_of("b") == 2 and inner.line_of("c") == 3
    items = inner["c"]
    assert isinstance(items, LocatedList) and items.item_lines == [4, 5] and items == ["x", {"y": 2}]


def test_merged_keys_point_at_the_anchor() -> None:
    text = "x-bad: &bad\n  privileged: true\nservices:\n  app:\n    <<: *bad\n" + HARDENED
    assert _rules(text) == [(2, "CF001")]


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("", []),
        ('    privileged: "true"\n', [(14, "CF001")]),
        ("    ipc: host\n", [(14, "CF009")]),
        ("    volumes:\n      - /var/run:/var/run\n", [(15, "CF002")]),
        ("    volumes:\n      - ${SOCK:-/var/run/docker.sock}:/sock\n", [(15, "CF002")]),
        (
            "    volumes:\n      - ./data:/data\n"
            "      - type: volume\n        source: cache\n        target: /c\n",
            [],
        ),
        ("    ports:\n      - target: 80\n        published: 8080\n", [(15, "CF006")]),
        ('    ports:\n      - "${BIND}:8080:80"\n', [(15, "CF006")]),  # unset: empty, so every interface
        ('    ports:\n      - "[::]:8080:80"\n', [(15, "CF006")]),
        ('    ports:\n      - "127.0.0.1:8080-8081:80-81"\n', []),
        ("    expose: ['8080']\n", []),
    ],
)
def test_service_keys(extra: str, expected: list[tuple[int, str]]) -> None:
    assert _rules("services:\n  app:\n    image: example/app:1.0\n" + HARDENED + extra) == expected


def test_health_check_switched_off_by_test_none() -> None:
    text = "services:\n  app:\n" + HARDENED.replace("[CMD, /app, -healthcheck]", "[NONE]")
    assert _rules(text) == [(9, "CF008")]


def test_extends_in_the_same_file_inherits() -> None:
    text = "services:\n  base:\n" + HARDENED + "  app:\n    extends: base\n  bare:\n    image: x:1\n"
    # app (line 13) inherits everything from base; bare (15) sets nothing. A cycle of extends is refused
    # (tests/check/test_hostile_input.py).
    assert {line for line, _ in _rules(text)} == {15}


def test_extended_mappings_merge_key_by_key() -> None:
    base = (
        "services:\n  base:\n    deploy:\n      resources:\n"
        "        limits: {cpus: '1', memory: 1g, pids: 9}\n"
    )
    text = base + "  app:\n    extends: base\n    deploy:\n      replicas: 2\n"
    assert (6, "CF003") not in _rules(text)


def test_a_service_with_no_body_is_checked_as_empty() -> None:
    assert _rules("services:\n  app:\n") == [
        (2, rule) for rule in ("CF003", "CF004", "CF005", "CF007", "CF008", "CF017", "CF018")
    ]


def test_a_file_that_only_includes_others() -> None:
    assert _rules("include:\n  - other/compose.yaml\n") == []


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("services: [\n", "line 2: not valid YAML (did not find expected node content)"),
        ("", "not a compose file: no `services:` mapping"),
        ("- a\n", "not a compose file: no `services:` mapping"),
        ("services: []\n", "not a compose file: no `services:` mapping"),
    ],
)
def test_bad_compose_files(text: str, reason: str) -> None:
    with pytest.raises(CheckInputError) as caught:
        parse_compose(text, path=Path("compose.yaml"))
    assert str(caught.value) == f"compose.yaml: {reason}"


def test_cf006_shows_a_long_syntax_port_as_written() -> None:
    text = (
        "services:\n  app:\n    image: example/app:1.0\n    ports:\n"
        "      - target: 80\n        published: 8080\n        protocol: tcp\n"
    )
    path = Path("compose.yaml")
    findings = check_compose(parse_compose(text, path=path), path=path)
    messages = [finding.message for finding in findings if finding.rule.id == "CF006"]
    assert messages == [
        "service 'app': port target: 80, published: 8080, protocol: tcp has no host address, "
        "so it listens on every interface"
    ]


@pytest.mark.parametrize(
    ("extra", "reported"),
    [
        ("", True),
        ('    restart: "no"\n', False),
        ("    restart: no\n", False),  # YAML's false, which compose reads as "no"
        ("    restart: unless-stopped\n", True),
        ("    profiles: [tools]\n", False),
        ("    profiles: []\n", True),
        ('    restart: "no"\n    healthcheck:\n      disable: true\n', False),
    ],
)
def test_cf008_skips_one_shot_services(extra: str, reported: bool) -> None:
    text = "services:\n  migrate:\n    image: example/app:1.0\n" + extra
    assert ("CF008" in {rule for _, rule in _rules(text)}) is reported


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            "    extends:\n      file: common.yaml\n      service: base\n",
            "service 'app': extends 'base' in 'common.yaml', a file not read here: resource limits, "
            "cap_drop, security_opt, read_only, healthcheck may be set there, so they were not checked",
        ),
        (
            "    extends:\n      file: common.yaml\n      service: base\n"
            '    restart: "no"\n    read_only: true\n    cap_drop: [ALL]\n    mem_limit: 1g\n',
            "service 'app': extends 'base' in 'common.yaml', a file not read here: resource limits, "
            "security_opt may be set there, so they were not checked",
        ),
        (
            "    extends: missing\n    healthcheck:\n      test: [CMD, /app, -healthcheck]\n",
            "service 'app': extends 'missing', which this file does not hold: resource limits, cap_drop, "
            "security_opt, read_only may be set there, so they were not checked",
        ),
        ("    extends:\n      file: common.yaml\n      service: base\n" + HARDENED, None),  # all set here
        ("", None),
    ],
)
def test_cf010_names_what_an_extends_from_another_file_leaves_unchecked(
    extra: str, message: str | None
) -> None:
    text = "services:\n  app:\n    image: example/app:1.0\n" + extra
    path = Path("compose.yaml")
    findings = check_compose(parse_compose(text, path=path), path=path)
    found = [finding.message for finding in findings if finding.rule.id == "CF010"]
    assert found == ([] if message is None else [message])
