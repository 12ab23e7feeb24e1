"""Compose rules on what a service runs as and from: capabilities, user, image, source mounts, version."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.check.compose import check_compose, parse_compose

APP = "services:\n  app:\n    image: example/app:1.0\n"


def _found(text: str, rule: str) -> list[tuple[int, str]]:
    path = Path("compose.yaml")
    findings = check_compose(parse_compose(text, path=path), path=path)
    return [(finding.line, finding.message) for finding in findings if finding.rule.id == rule]


def _lines(text: str, rule: str) -> list[int]:
    return [line for line, _ in _found(text, rule)]


@pytest.mark.parametrize(
    ("cap_add", "reported"),
    [
        ("[SYS_ADMIN]", ["SYS_ADMIN"]),
        ("[ALL]", ["ALL"]),
        ("[cap_sys_module, sys_rawio]", ["SYS_MODULE", "SYS_RAWIO"]),
        ("\n      - NET_ADMIN\n      - CHOWN\n      - CAP_SYS_PTRACE", ["NET_ADMIN", "SYS_PTRACE"]),
        ("[DAC_READ_SEARCH, SYS_TIME, BPF, PERFMON]", ["DAC_READ_SEARCH", "SYS_TIME", "BPF", "PERFMON"]),
        ("[MAC_ADMIN, MAC_OVERRIDE, SYSLOG]", ["MAC_ADMIN", "MAC_OVERRIDE", "SYSLOG"]),
        ('["${EXTRA_CAP:-SYS_ADMIN}"]', ["SYS_ADMIN"]),
        ("[NET_BIND_SERVICE, CHOWN, SETUID, SETGID, DAC_OVERRIDE, FOWNER, KILL]", []),
        ("[NET_RAW, SYS_NICE, SYS_RESOURCE]", []),
        ("[]", []),
    ],
)
def test_cf011_dangerous_capabilities(cap_add: str, reported: list[str]) -> None:
    found = _found(f"{APP}    cap_drop: [ALL]\n    cap_add: {cap_add}\n", "CF011")
    assert [message.split()[3] for _, message in found] == reported


def test_cf011_points_at_each_item() -> None:
    text = f"{APP}    cap_add:\n      - CHOWN\n      - SYS_ADMIN\n"
    assert _found(text, "CF011") == [
        (
            6,
            "service 'app': cap_add SYS_ADMIN allows mount, namespaces and most admin calls, the usual way "
            "out of a container: drop it, or run that task in its own container",
        )
    ]


@pytest.mark.parametrize(
    ("user", "reported"),
    [
        ("root", True),
        ('"root:root"', True),
        ('"0"', True),
        ("0", True),
        ('"0:0"', True),
        ('"000:1000"', True),
        ('"${APP_UID:-0}"', True),
        ('"10001:10001"', False),
        ('"10001:0"', False),  # a root group alone
        ("app", False),
        ('"${APP_UID}"', False),  # unset: the image's user
        ('"${APP_UID:-10001}"', False),
        ("rootless", False),
    ],
)
def test_cf012_root_user(user: str, reported: bool) -> None:
    assert (_lines(f"{APP}    user: {user}\n", "CF012") == [4]) is reported


def test_cf012_leaves_a_service_with_no_user_to_its_image() -> None:
    assert _lines(APP, "CF012") == []


@pytest.mark.parametrize(
    ("image", "message"),
    [
        ("redis", "image redis has no tag"),
        ("redis:latest", "image redis:latest uses the moving `latest` tag"),
        ("ghcr.io/example/app", "image ghcr.io/example/app has no tag"),
        ("localhost:5000/app", "image localhost:5000/app has no tag"),
        ('"${IMAGE:-nginx}"', "image nginx has no tag"),
        ('"nginx:${TAG:-latest}"', "image nginx:latest uses the moving `latest` tag"),
        ("redis:7.4-alpine", None),
        ("redis@sha256:" + "0" * 64, None),
        ("redis:latest@sha256:" + "0" * 64, None),
        ("localhost:5000/app:1.0", None),
        ('"${IMAGE}"', None),  # the tag may come from the environment
        ('"nginx:${TAG}"', None),
        ('"${REGISTRY:-ghcr.io}/example/app:${TAG:-1.0}"', None),
    ],
)
def test_cf013_unpinned_images(image: str, message: str | None) -> None:
    found = _found(f"services:\n  app:\n    image: {image}\n", "CF013")
    expected = [] if message is None else [message]
    assert [text.split(", so each pull")[0].removeprefix("service 'app': ") for _, text in found] == expected


@pytest.mark.parametrize(
    "build",
    [
        "    build: .\n",
        "    build:\n      context: ./app\n",
        "    extends: builder\n",
    ],
)
def test_cf013_skips_a_service_that_builds_its_image(build: str) -> None:
    text = f"services:\n  builder:\n    build: .\n  app:\n    image: example/app\n{build}"
    assert _lines(text, "CF013") == []


@pytest.mark.parametrize(
    ("head", "line"),
    [
        ('version: "3.8"\n', 1),
        ("version: '2.4'\n", 1),
        ("name: app\nversion: 3\n", 2),
    ],
)
def test_cf015_obsolete_version(head: str, line: int) -> None:
    assert _found(head + APP, "CF015") == [
        (
            line,
            "the top-level version: is obsolete: Compose v2 ignores it and warns on each run; "
            "delete the line",
        )
    ]


def test_cf015_leaves_a_file_without_version_and_a_service_key_alone() -> None:
    assert _lines(APP + "    labels:\n      version: '1.0'\n", "CF015") == []


@pytest.mark.parametrize(
    ("build", "volume", "reported"),
    [
        ("build: .", ".:/app", True),
        ("build: .", "./:/app", True),
        ("build: .", ".:/app:cached", True),
        ("build: .", "${PWD}:/app", True),
        ("build: .", "./src:/app/src", True),
        ("build: .", "./src:/usr/src/app/src:ro", True),
        ("build: ./api", ".:/repo", True),  # holds the context
        ("build: ./api", "./api:/app", True),
        ("build:\n      context: ./api", "./api/src:/app/src", True),
        ("build: .", "./data:/data", False),  # a folder at the top: data, not the app
        ("build: .", "./nginx.conf:/etc/nginx/nginx.conf:ro", False),
        ("build: .", "./src:/srv/code", False),  # not the same layout
        ("build: ./api", "./shared:/app/shared", False),  # outside the context
        ("build: ../backend", ".:/app", False),
        ("build: .", "/var/log/app:/app/log", False),
        ("build: .", "cache:/app/cache", False),  # a named volume
        ("build: .", "/app/node_modules", False),
        ("build: https://github.com/example/app.git", ".:/app", False),
        ("image: example/app:1.0", ".:/app", False),  # pulls: nothing is built to override
    ],
)
def test_cf016_source_bind_mounts(build: str, volume: str, reported: bool) -> None:
    text = f"services:\n  app:\n    {build}\n    volumes:\n      - {volume}\n"
    assert bool(_lines(text, "CF016")) is reported


def test_cf016_reads_the_long_syntax() -> None:
    text = (
        "services:\n  app:\n    build: .\n    volumes:\n"
        "      - type: bind\n        source: ./\n        target: /app\n"
        "      - type: bind\n        source: ./certs\n        target: /certs\n"
        "      - type: volume\n        source: data\n        target: /app/data\n"
    )
    assert _found(text, "CF016") == [
        (
            5,
            "service 'app': bind mount ./:/app puts the source tree over the image it builds, so it runs "
            "code the image does not hold: keep it for development (an override file or develop: watch)",
        )
    ]


@pytest.mark.parametrize(
    ("extra", "reported"),
    [
        (
            "",
            [
                (
                    2,
                    "service 'app': no init: true, so its PID 1 reaps no zombies and ignores signals it does "
                    "not handle",
                )
            ],
        ),
        ("    init: true\n", []),
        ('    init: "${INIT:-true}"\n', []),
        ("    init: false\n", []),  # an explicit opt-out: the image brings its own init, or needs none
        ('    init: "false"\n', []),
        (
            '    init: "${INIT}"\n',
            [(4, "service 'app': init: ${INIT} is not true, so no init runs as PID 1")],
        ),
        ('    entrypoint: ["/usr/bin/tini", "--", "/app"]\n', []),
        ("    entrypoint: dumb-init /app\n", []),
        ("    entrypoint: [docker-init, --, /app]\n", []),
        ("    entrypoint: /init\n", []),  # s6-overlay
        ("    entrypoint: /usr/local/bin/init.sh\n", [(2, None)]),
        ('    entrypoint: ["/app"]\n', [(2, None)]),
    ],
)
def test_cf017_no_init(extra: str, reported: list[tuple[int, str | None]]) -> None:
    found = _found(APP + extra, "CF017")
    assert [line for line, _ in found] == [line for line, _ in reported]
    assert all(message is None or (line, message) in found for line, message in reported)


def test_cf017_reads_init_through_extends() -> None:
    text = "services:\n  base:\n    image: x:1\n    init: true\n  app:\n    extends: base\n"
    assert _found(text, "CF017") == []


@pytest.mark.parametrize(
    ("logging", "reported"),
    [
        ("", [(2, "no logging: Docker's default json-file driver keeps its whole log")]),
        (
            "    logging:\n      driver: json-file\n",
            [(4, "logging: the json-file driver without max-size keeps its whole log")],
        ),
        (
            '    logging:\n      options:\n        max-file: "5"\n',
            [(4, "logging: the json-file driver without max-size keeps its whole log")],
        ),
        (
            '    logging:\n      options:\n        max-size: "-1"\n',
            [(4, "logging: the json-file driver with max-size -1 keeps its whole log")],
        ),
        ("    logging:\n      driver: json-file\n      options: {max-size: 10m}\n", []),
        ("    logging:\n      options: {max-size: '${LOG_SIZE:-20m}'}\n", []),
        ("    logging:\n      driver: local\n", []),
        ("    logging:\n      driver: journald\n", []),
        ("    logging:\n      driver: syslog\n", []),
        ("    logging:\n      driver: fluentd\n", []),
        ("    logging:\n      driver: awslogs\n", []),
        ("    logging:\n      driver: gelf\n", []),
        ("    logging:\n      driver: none\n", []),
        ("    logging:\n      driver: ${LOG_DRIVER:-local}\n", []),
    ],
)
def test_cf018_no_log_rotation(logging: str, reported: list[tuple[int, str]]) -> None:
    assert _found(APP + logging, "CF018") == [
        (line, f"service 'app': {message}") for line, message in reported
    ]


def test_cf018_leaves_a_service_extending_another_file_to_that_file() -> None:
    text = "services:\n  app:\n    extends: {file: base.yaml, service: app}\n"
    assert _found(text, "CF018") == [] and _found(text, "CF017") == []
