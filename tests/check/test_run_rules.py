"""What RUN and ADD do to the image: world-writable modes, downloads run unchecked, build tools kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.check.dockerfile import check_dockerfile
from generator.check.dockerfile_syntax import parse_dockerfile
from generator.check.packages import kept_build_packages
from generator.check.rules.dockerfile.df014_world_writable import world_writable
from generator.check.shell import Command

# A final stage that breaks no rule, to append to cases that test one thing.
GOOD_TAIL = 'USER 10001\nHEALTHCHECK CMD ["python", "-c", "0"]\nCMD ["python", "app.py"]\n'


def _findings(text: str, rule: str) -> list[tuple[int, str]]:
    findings = check_dockerfile(parse_dockerfile(text, path=Path("Dockerfile")))
    return [(finding.line, finding.message) for finding in findings if finding.rule.id == rule]


def _lines(text: str, rule: str) -> list[int]:
    return [line for line, _ in _findings(text, rule)]


@pytest.mark.parametrize(
    ("mode", "writable"),
    [
        ("777", True),
        ("0777", True),
        ("666", True),
        ("772", True),
        ("2777", True),  # setgid does not help
        ("o+w", True),
        ("a+rwx", True),
        ("a+rwX", True),
        ("ugo=rwx", True),
        ("u+rwx,o+w", True),
        ("1777", False),  # sticky: the /tmp mode
        ("a+rwxt", False),
        ("755", False),
        ("0644", False),
        ("775", False),  # group-writable, not world
        ("2775", False),
        ("4755", False),
        ("+w", False),  # the umask keeps others out
        ("=rwx", False),
        ("g+w", False),
        ("go-w", False),
        ("o-w", False),
        ("u+x", False),
        ("$MODE", False),
        ("--reference=/etc/passwd", False),
    ],
)
def test_world_writable_modes(mode: str, writable: bool) -> None:
    assert world_writable(mode) is writable


@pytest.mark.parametrize(
    ("run", "shown"),
    [
        ("RUN chmod -R 777 /app", "chmod -R 777 /app"),
        ("RUN chmod 777 -R /app", "chmod 777 -R /app"),
        ("RUN mkdir -p /data && chmod o+w /data", "chmod o+w /data"),
        ("RUN mkdir -pm 777 /data", "mkdir -pm 777 /data"),
        ("RUN mkdir --mode=0777 /data", "mkdir --mode=0777 /data"),
        ("RUN install -d -m 0777 /data", "install -d -m 0777 /data"),
        ("RUN find /app -type d -exec chmod 777 {} \\;", "chmod 777 {}"),
        ("RUN ls /app | xargs -n 1 chmod a+rwx", "chmod a+rwx"),
        ("RUN sudo chmod 666 /app/app.db", "chmod 666 /app/app.db"),
        ('RUN ["chmod", "0666", "/app/app.db"]', "chmod 0666 /app/app.db"),
        ('RUN ["sh", "-c", "chmod 777 /app"]', "chmod 777 /app"),
        ("RUN <<EOF\nset -e\nchmod -R 777 /app\nEOF", "chmod -R 777 /app"),
        ("COPY --chmod=777 app /app", "COPY --chmod=777"),
        ("ADD --chmod=666 config.toml /app/", "ADD --chmod=666"),
    ],
)
def test_df014_reports_world_writable_modes(run: str, shown: str) -> None:
    text = f"FROM python:3.12-slim\n{run}\n{GOOD_TAIL}"
    assert [message.split(" makes ")[0] for _, message in _findings(text, "DF014")] == [shown]


@pytest.mark.parametrize(
    "run",
    [
        "RUN mkdir -p /tmp/app && chmod 1777 /tmp/app",
        "RUN chmod 755 /app && chmod +x /app/start.sh && chmod g+w /app/data",
        "RUN chmod -R go-w /app",
        "RUN chmod +w /app/data",  # no `o` or `a`: the umask keeps it from others
        "RUN chown -R 10001:10001 /app && chmod -R u+rwX /app",
        "RUN echo chmod 777 /app",  # only printed
        "RUN mkdir -m 755 /data && install -m 0644 app.conf /etc/app.conf",
        "COPY --chmod=755 app /app",
        "RUN python3 <<EOF\nimport os\nos.system('chmod 777 /x')\nEOF",  # a Python script: not read
    ],
)
def test_df014_leaves_safe_modes_alone(run: str) -> None:
    assert _lines(f"FROM python:3.12-slim\n{run}\n{GOOD_TAIL}", "DF014") == []


def test_df014_reads_only_what_ships() -> None:
    text = (
        "FROM python:3.12-slim AS build\nRUN mkdir /out && chmod 777 /out\n"
        "FROM python:3.12-slim AS base\nRUN chmod 777 /srv\n"
        "FROM base\nCOPY --from=build /out /out\n" + GOOD_TAIL
    )
    assert _lines(text, "DF014") == [4]


@pytest.mark.parametrize(
    ("run", "downloader", "runner"),
    [
        ("RUN curl -fsSL https://get.example.com | sh", "curl", "sh"),
        ("RUN curl https://get.example.com | bash", "curl", "bash"),
        ("RUN curl -sSL https://get.example.com | sudo -E bash -s -- --yes", "curl", "bash"),
        ("RUN curl -fsSL https://get.example.com -o - | sh", "curl", "sh"),
        ("RUN wget -O- https://get.example.com | sh", "wget", "sh"),
        ("RUN wget -qO- https://get.example.com | sh", "wget", "sh"),
        ("RUN wget -q -O - https://get.example.com | bash", "wget", "bash"),
        ("RUN wget --output-document=- https://get.example.com | sh", "wget", "sh"),
        ("RUN curl -sSL https://install.python-poetry.org | python3 -", "curl", "python3"),
        ("RUN curl -fsSL https://get.example.com | tee /tmp/log | sh", "curl", "sh"),
        ('RUN sh -c "$(curl -fsSL https://get.example.com)"', "curl", "sh"),
        ('RUN /bin/bash -c "$(curl -fsSL https://get.example.com/install.sh)"', "curl", "bash"),
        ('RUN sh -c "$(wget -qO- https://get.example.com)"', "wget", "sh"),
        ("RUN bash <(curl -s https://get.example.com)", "curl", "bash"),
        ('RUN eval "$(curl -fsSL https://get.example.com)"', "curl", "eval"),
        ("RUN set -e && . <(curl -fsSL https://get.example.com/env)", "curl", "."),
        ('RUN ["sh", "-c", "curl -fsSL https://get.example.com | sh"]', "curl", "sh"),
        ("RUN <<EOF\nset -e\ncurl -fsSL https://get.example.com \\\n  | sh\nEOF", "curl", "sh"),
    ],
)
def test_df015_reports_downloads_run_unchecked(run: str, downloader: str, runner: str) -> None:
    found = _findings(f"FROM debian:12-slim\n{run}\n{GOOD_TAIL}", "DF015")
    assert [message.split(" unchecked")[0] for _, message in found] == [
        f"{downloader} output is run by {runner}"
    ]


@pytest.mark.parametrize(
    "run",
    [
        "RUN curl -fsSL https://example.com/tool.tar.gz | tar -xz -C /opt",
        "RUN curl -fsSL https://example.com/key.asc | gpg --dearmor -o /usr/share/keyrings/example.gpg",
        "RUN curl -s https://api.example.com/v | python3 -c 'import json, sys; print(json.load(sys.stdin))'",
        "RUN curl -fsSLo /tmp/get.sh https://get.example.com && sha256sum -c get.sha256 && sh /tmp/get.sh",
        "RUN curl -fsSLO https://get.example.com/get.sh | sh",  # saved to a file: the pipe is empty
        "RUN wget -q https://get.example.com/get.sh && sh get.sh",
        "RUN wget -qO /tmp/get.sh https://get.example.com/get.sh | sh",
        'RUN VERSION="$(curl -fsSL https://example.com/latest)" && echo "$VERSION"',
        'RUN sh -c "echo $(curl -s https://example.com/v)"',
        "RUN curl -fsSL https://example.com/a | sh ./install.sh",  # runs its own script
        "RUN echo 'curl https://get.example.com | sh' > /usr/local/share/hint.txt",
        "RUN python3 <<EOF\nimport os\nos.system('curl https://get.example.com | sh')\nEOF",
    ],
)
def test_df015_leaves_other_downloads_alone(run: str) -> None:
    assert _lines(f"FROM debian:12-slim\n{run}\n{GOOD_TAIL}", "DF015") == []


def test_df015_reports_once_per_run_in_any_stage() -> None:
    text = (
        "FROM debian:12-slim AS tools\n"
        "RUN curl -fsSL https://a.example.com | sh && curl -fsSL https://b.example.com | sh\n"
        "FROM debian:12-slim\n" + GOOD_TAIL
    )
    assert _lines(text, "DF015") == [2]


@pytest.mark.parametrize(
    ("add", "reported"),
    [
        ("ADD https://example.com/tool /usr/local/bin/tool", True),
        ("ADD http://example.com/tool.tar.gz /opt/", True),
        ("ADD --chown=10001 https://example.com/a https://example.com/b /opt/", True),
        ('ADD ["https://example.com/tool", "/usr/local/bin/tool"]', True),
        ("ADD --checksum= https://example.com/tool /usr/local/bin/tool", True),  # an empty checksum
        ("ADD --checksum=sha256:" + "0" * 64 + " https://example.com/tool /usr/local/bin/tool", False),
        ("ADD https://github.com/example/repo.git#v1.2 /src", False),
        ("ADD https://github.com/example/repo.git /src", False),
        ("ADD git@github.com:example/repo.git /src", False),
        ("ADD vendor.tar.gz /opt/", False),
        ("ADD --from=build /out /out", False),
        ("ADD ${TOOL_URL} /usr/local/bin/tool", False),
    ],
)
def test_df016_add_url_without_checksum(add: str, reported: bool) -> None:
    assert (_lines(f"FROM debian:12-slim\n{add}\n{GOOD_TAIL}", "DF016") == [2]) is reported


def test_df016_names_the_url() -> None:
    text = (
        f"FROM debian:12-slim AS fetch\nADD https://example.com/tool /tool\nFROM debian:12-slim\n{GOOD_TAIL}"
    )
    assert _findings(text, "DF016") == [
        (
            2,
            "stage 'fetch': ADD https://example.com/tool downloads without --checksum, so a changed or "
            "tampered file goes "
            "in unnoticed: add --checksum=sha256:<digest>",
        )
    ]


BUILD = "FROM python:3.12-slim AS build\nRUN apt-get update && apt-get install -y gcc libpq-dev\n"


@pytest.mark.parametrize(
    ("final", "kept"),
    [
        (
            "RUN apt-get update && apt-get install -y --no-install-recommends gcc libssl-dev "
            "&& rm -rf /var/lib/apt/lists/*",
            "gcc, libssl-dev",
        ),
        ("RUN apk add --no-cache build-base git", "build-base, git"),
        ("RUN apt-get install -y --no-install-recommends g++ make cargo", "g++, make, cargo"),
        ("RUN <<EOF\napt-get install -y --no-install-recommends python3-dev\nEOF", "python3-dev"),
        ("RUN dnf install -y gcc openssl-devel && dnf clean all", "gcc, openssl-devel"),
        # Removed before it is installed: the install wins.
        ("RUN apt-get purge -y gcc && apt-get install -y --no-install-recommends gcc", "gcc"),
        ("RUN apk add --no-cache gcc musl-dev && make && apk del gcc", "musl-dev"),
    ],
)
def test_df017_reports_build_tools_in_the_final_stage(final: str, kept: str) -> None:
    found = _findings(f"{BUILD}FROM python:3.12-slim\n{final}\n{GOOD_TAIL}", "DF017")
    assert found == [
        (
            4,
            "stage 1 (shipped: the last stage): "
            f"the shipped image keeps {kept}: install build tools in the build stage only, or remove them in "
            "the same RUN",
        )
    ]


@pytest.mark.parametrize(
    "final",
    [
        "RUN apt-get update && apt-get install -y --no-install-recommends libpq5 ca-certificates "
        "&& rm -rf /var/lib/apt/lists/*",
        "RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev && make "
        "&& apt-get purge -y --auto-remove gcc libc6-dev && rm -rf /var/lib/apt/lists/*",
        "RUN apk add --no-cache --virtual .build-deps gcc musl-dev && make && apk del .build-deps",
        "RUN apk add --no-cache libdevmapper curl",
        "RUN pip install --no-cache-dir gunicorn",  # a runtime dependency, not a system build tool
    ],
)
def test_df017_leaves_runtime_packages_and_removed_tools_alone(final: str) -> None:
    assert _lines(f"{BUILD}FROM python:3.12-slim\n{final}\n{GOOD_TAIL}", "DF017") == []


def test_df017_reads_the_stages_the_final_one_is_built_on_and_leaves_single_stage_to_df005() -> None:
    text = (
        "FROM python:3.12-slim AS base\nRUN apt-get install -y --no-install-recommends git\n"
        "FROM base AS build\nRUN apt-get install -y --no-install-recommends gcc\n"
        "FROM base\n" + GOOD_TAIL
    )
    assert _lines(text, "DF017") == [2]
    single = "FROM python:3.12-slim\nRUN apt-get install -y --no-install-recommends gcc\n" + GOOD_TAIL
    assert _lines(single, "DF017") == []
    assert _lines(single, "DF005") == [2]


@pytest.mark.timeout(60)  # read pair by pair, 20 000 commands would take hours: the guard ends the test
def test_build_packages_kept_are_read_once_per_run() -> None:
    install = Command(("apt-get", "install", "-y", "gcc"))
    remove = Command(("apt-get", "purge", "-y", "gcc"))
    kept = kept_build_packages([install] * 20_000 + [remove, install])
    assert kept[:2] == [[], []] and kept[-1] == ["gcc"] and len(kept) == 20_002
