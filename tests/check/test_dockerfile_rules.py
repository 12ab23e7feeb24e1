"""Dockerfile rules on the cases the corpus does not spell out: what counts, what does not."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.check.dockerfile import check_dockerfile
from generator.check.dockerfile_syntax import parse_dockerfile
from generator.check.images import parse_image, slim_variant

# A final stage that breaks no rule, to append to cases that test one thing.
GOOD_TAIL = 'USER 10001\nHEALTHCHECK CMD ["python", "-c", "0"]\nCMD ["python", "app.py"]\n'


def _rules(text: str) -> list[tuple[int, str]]:
    findings = check_dockerfile(parse_dockerfile(text, path=Path("Dockerfile")))
    return sorted((finding.line, finding.rule.id) for finding in findings)


def _ids(text: str) -> set[str]:
    return {rule for _, rule in _rules(text)}


@pytest.mark.parametrize(
    "run",
    [
        "RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt",
        "RUN --mount=type=cache,target=/root/.cache pip install -r requirements.txt",
        "RUN pip install --no-cache-dir -r requirements.txt",
        "RUN PIP_NO_CACHE_DIR=1 pip install -r requirements.txt",
        "ENV PIP_NO_CACHE_DIR=1\nRUN python -m pip install -r requirements.txt",
        "RUN pip install -r requirements.txt && rm -rf /root/.cache/pip",
        "RUN uv pip install --system --no-cache -r requirements.txt",
        "ENV UV_NO_CACHE=1\nRUN uv sync --frozen",
        "RUN --mount=type=cache,target=/root/.cache/uv uv sync --frozen",
        "RUN npm ci && npm cache clean --force",
        "RUN --mount=type=cache,target=/root/.npm npm ci",
    ],
)
def test_no_cache_left_behind(run: str) -> None:
    assert "DF009" not in _ids(f"FROM python:3.12-slim\n{run}\n{GOOD_TAIL}")


@pytest.mark.parametrize(
    "run",
    [
        "RUN python3 -m pip install -r requirements.txt",
        "RUN /opt/venv/bin/pip3 install .",
        'RUN ["pip", "install", "flask"]',
        "RUN --mount=type=secret,id=pip_conf,target=/etc/pip.conf pip install flask",
        "RUN uv pip install --system -r requirements.txt",
        "RUN npm install",
        "RUN sudo -E npm ci",
    ],
)
def test_cache_left_behind(run: str) -> None:
    assert "DF009" in _ids(f"FROM python:3.12-slim\n{run}\n{GOOD_TAIL}")


def test_caches_and_apt_lists_in_a_stage_that_is_only_copied_from_do_not_ship() -> None:
    text = (
        "FROM python:3.12-slim AS build\n"
        "RUN apt-get update && apt-get install -y gcc\n"
        "RUN pip install --prefix=/install flask\n"
        "FROM python:3.12-slim\n"
        "COPY --from=build /install /usr/local\n" + GOOD_TAIL
    )
    assert _rules(text) == []


def test_a_stage_built_from_another_ships_its_parent_layers() -> None:
    text = (
        "FROM python:3.12-slim AS base\nRUN apt-get update && apt-get install -y curl\nFROM base\n"
        + GOOD_TAIL
    )
    assert _rules(text) == [(2, "DF007"), (2, "DF008")]


@pytest.mark.parametrize(
    "run",
    [
        "RUN apt-get update && apt-get install -y --no-install-recommends curl "
        "&& rm -rf /var/lib/apt/lists/*",
        "RUN --mount=type=cache,target=/var/lib/apt,sharing=locked --mount=type=cache,target=/var/cache/apt "
        "apt-get update && apt-get install -y --no-install-recommends curl",
        "RUN apt-get update && apt-get -o APT::Install-Recommends=false install -y curl "
        "&& rm -rf /var/lib/apt/lists/*",
        "RUN <<EOF\napt-get update\napt-get install -y --no-install-recommends curl\n"
        "rm -rf /var/lib/apt/lists/*\nEOF",
        # A here-document fed to Python is not a shell script.
        'RUN python3 <<EOF\nprint("apt-get update")\nEOF',
    ],
)
def test_apt_done_right(run: str) -> None:
    assert _ids(f"FROM debian:12-slim\n{run}\n{GOOD_TAIL}") == set()


def test_apt_in_a_heredoc_is_read() -> None:
    text = "FROM debian:12-slim\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\n" + GOOD_TAIL
    assert _rules(text) == [(2, "DF007"), (2, "DF008")]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("FROM python:3.12-slim\n", [(1, "DF001")]),
        ("FROM python:3.12-slim\nUSER root\n", [(2, "DF001")]),
        ("FROM python:3.12-slim\nUSER 0:0\n", [(2, "DF001")]),
        ("FROM python:3.12-slim\nARG UID=0\nUSER ${UID}\n", [(3, "DF001")]),
        ('FROM python:3.12-slim\nUSER "root"\n', [(2, "DF001")]),
        ('FROM python:3.12-slim\nUSER "0"\n', [(2, "DF001")]),
        ('FROM python:3.12-slim\nUSER "root:root"\n', [(2, "DF001")]),
        ("FROM python:3.12-slim\nUSER 'root':'root'\n", [(2, "DF001")]),
        ("FROM python:3.12-slim\nUSER 000\n", [(2, "DF001")]),
        ('FROM python:3.12-slim\nARG UID=0\nUSER "$UID:$UID"\n', [(3, "DF001")]),
        ("FROM python:3.12-slim\nENV APP_USER=root\nUSER ${APP_USER}:${GID}\n", [(3, "DF001")]),
        ("FROM python:3.12-slim\nUSER ${UID:-0}:1000\n", [(2, "DF001")]),
        ("FROM python:3.12-slim\nUSER ${UID:-1000}:0\n", []),  # group root, user not
        ('FROM python:3.12-slim\nARG UID=10001\nUSER "$UID:$UID"\n', []),
        ("FROM python:3.12-slim\nUSER ${APP_UID}\n", []),  # the build decides: not reported
        ("FROM python:3.12-slim\nUSER app\n", []),
        ("FROM python:3.12-slim AS base\nUSER 1000\nFROM base\n", []),  # inherited
        ("FROM python:3.12-slim\nUSER 1000\nFROM python:3.12-slim\n", [(3, "DF001")]),  # not inherited
        ("FROM gcr.io/distroless/python3-debian12:nonroot\n", []),
        ("FROM scratch\n", [(1, "DF001")]),
    ],
)
def test_root_user(header: str, expected: list[tuple[int, str]]) -> None:
    tail = 'HEALTHCHECK CMD ["python", "-c", "0"]\nCMD ["python", "app.py"]\n'
    assert _rules(header + tail) == expected


def test_health_check_is_inherited_and_none_switches_it_off() -> None:
    base = 'FROM python:3.12-slim AS base\nHEALTHCHECK CMD ["python", "-c", "0"]\n'
    tail = 'USER 1000\nCMD ["python", "app.py"]\n'
    assert _rules(base + "FROM base\n" + tail) == []
    assert _rules(base + "FROM base\nHEALTHCHECK NONE\n" + tail) == [(4, "DF002")]
    assert _rules(base + "FROM python:3.12-slim\n" + tail) == [(3, "DF002")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Dependencies were installed from the manifests first: copying the rest afterwards is right.
        (
            "FROM python:3.12-slim\nCOPY requirements.txt .\n"
            "RUN pip install --no-cache-dir -r requirements.txt\n"
            "COPY . .\nRUN pip install --no-cache-dir --no-deps .\n",
            [(3, "DF005")],
        ),
        # Upgrading pip is not installing the app's dependencies.
        (
            "FROM python:3.12-slim\nCOPY . .\nRUN pip install --no-cache-dir --upgrade pip\n",
            [(3, "DF005")],
        ),
        (
            'FROM node:20-slim\nCOPY [".", "/app"]\nRUN npm ci && npm cache clean --force\n',
            [(2, "DF006"), (3, "DF005")],
        ),
        (
            "FROM node:20-slim\nADD . /app\nRUN yarn install\n",
            [(2, "DF006"), (2, "DF012"), (3, "DF005"), (3, "DF009")],
        ),
        # Go: the module download is the dependency install; the build that follows the source is not.
        (
            "FROM golang:1.23-bookworm\nCOPY . .\nRUN go mod download && go build -o /app .\n",
            [(2, "DF006"), (3, "DF005")],
        ),
        (
            "FROM golang:1.23-bookworm\nCOPY go.mod go.sum* ./\nRUN go mod download\n"
            "COPY . .\nRUN go build -o /app .\n",
            [(3, "DF005")],
        ),
        ("FROM golang:1.23-bookworm\nCOPY . .\nRUN go build -o /app .\n", []),
        # Rust: `cargo build` compiles the dependencies with the app, so it is the install; building
        # them from the manifests first (a placeholder build, or `cargo fetch`) is right.
        (
            "FROM rust:1.83-slim-bookworm\nCOPY . .\nRUN cargo build --release --locked\n",
            [(2, "DF006"), (3, "DF005")],
        ),
        (
            "FROM rust:1.83-slim-bookworm\nCOPY Cargo.toml Cargo.lock ./\nRUN cargo fetch --locked\n"
            "COPY . .\nRUN cargo build --release --locked --bin app\n",
            [(3, "DF005")],
        ),
        (
            "FROM rust:1.83-slim-bookworm\nCOPY . .\nRUN cargo install --locked --path .\n",
            [(2, "DF006"), (3, "DF005")],
        ),
        # Installing a tool with Cargo does not read the app's manifests.
        (
            "FROM rust:1.83-slim-bookworm\nCOPY . .\nRUN cargo install --locked cargo-chef\n",
            [(3, "DF005")],
        ),
        # Java: a Maven phase or a Gradle task fetches the dependencies with the build, through the
        # wrapper (`./mvnw`, `sh ./gradlew`) as through the tool itself; a JDK that ships is a full base.
        (
            "FROM eclipse-temurin:21-jdk\nCOPY . .\nRUN ./mvnw -B -DskipTests -pl app package\n",
            [(1, "DF004"), (2, "DF006"), (3, "DF005")],
        ),
        (
            "FROM eclipse-temurin:21-jre\nCOPY mvnw pom.xml ./\nRUN sh ./mvnw -B dependency:go-offline\n"
            "COPY . .\nRUN sh ./mvnw -B -DskipTests package\n",
            [(3, "DF005")],
        ),
        (
            "FROM eclipse-temurin:21-jre\nCOPY . .\nRUN sh ./gradlew --no-daemon -x test build\n",
            [(2, "DF006"), (3, "DF005")],
        ),
        (
            "FROM eclipse-temurin:21-jre\nCOPY gradlew build.gradle* ./\nCOPY gradle gradle\n"
            "RUN sh ./gradlew --no-daemon dependencies\nCOPY . .\nRUN sh ./gradlew --no-daemon assemble\n",
            [(4, "DF005")],
        ),
        # Describing the build or writing the wrapper fetches nothing.
        ("FROM eclipse-temurin:21-jre\nCOPY . .\nRUN gradle --console plain wrapper\n", []),
        ("FROM eclipse-temurin:21-jre\nCOPY . .\nRUN mvn -f app/pom.xml wrapper:wrapper\n", []),
    ],
)
def test_copy_before_install(text: str, expected: list[tuple[int, str]]) -> None:
    assert _rules(text + GOOD_TAIL) == expected


@pytest.mark.parametrize(
    ("line", "secret"),
    [
        ("ENV DB_PASSWORD=x", True),
        ("ENV api_key=x", True),
        ("ARG PRIVATE_KEY=x", True),
        ("ENV STRIPE_SECRET=x", True),
        ("ENV HF_TOKEN=$TOKEN_FROM_ARG", True),  # a build argument baked into the image
        ("ENV DB_PASSWORD_FILE=/run/secrets/db", False),
        ("ENV TOKENIZERS_PARALLELISM=false", False),
        ("ENV GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D", False),
        ("ARG API_KEY", False),
        ('ENV SECRET_KEY=""', False),
        ("ENV STRIPE_KEY=x", True),  # a `_KEY` that is not a public one
        ("ENV PGPASSWORD=x", True),
        ("ENV MYSQL_PWD=x", True),
        ("ENV PUBLIC_KEY=x", False),
        ("ENV CACHE_KEY=v2", False),
        ("ENV TOKEN_TTL=3600", False),  # configures the secret, holds none
        ("ENV PASSWORD_MIN_LENGTH=12", False),
        ("ENV VAULT_SECRET_NAME=app/db", False),
    ],
)
def test_secret_names(line: str, secret: bool) -> None:
    assert ("DF010" in _ids(f"FROM python:3.12-slim\n{line}\n{GOOD_TAIL}")) is secret


@pytest.mark.parametrize(
    ("source", "secret"),
    [
        (".env.local", True),
        ("config/*.key", True),
        ("privkey.pem", True),
        ("deploy/.ssh", True),
        ("fullchain.pem", False),
        ("rootCA.pem", False),
        (".env.sample", False),
        ("server.crt", False),
        ("environment.py", False),
    ],
)
def test_secret_files(source: str, secret: bool) -> None:
    assert ("DF011" in _ids(f"FROM python:3.12-slim\nCOPY {source} /app/\n{GOOD_TAIL}")) is secret


@pytest.mark.parametrize(
    ("add", "flagged"),
    [
        ("ADD --chown=1000 app.py /app/", True),
        ("ADD https://example.com/tool /usr/local/bin/tool", False),
        ("ADD --checksum=sha256:0000 https://example.com/a.tgz /opt/", False),
        ("ADD git@github.com:example/repo.git /src", False),
        ("ADD rootfs.tar.xz /", False),
        ("ADD --from=build /out /out", False),
    ],
)
def test_add_instead_of_copy(add: str, flagged: bool) -> None:
    assert ("DF012" in _ids(f"FROM python:3.12-slim\n{add}\n{GOOD_TAIL}")) is flagged


@pytest.mark.parametrize(
    ("commands", "expected"),
    [
        ('ENTRYPOINT []\nCMD ["python", "app.py"]\n', []),
        ('ENTRYPOINT ["tini", "--"]\nCMD gunicorn app:app\n', [(5, "DF013")]),
        ('CMD python app.py\nCMD ["python", "app.py"]\n', []),  # only the last one counts
    ],
)
def test_shell_form(commands: str, expected: list[tuple[int, str]]) -> None:
    text = 'FROM python:3.12-slim\nUSER 1000\nHEALTHCHECK CMD ["python", "-c", "0"]\n' + commands
    assert _rules(text) == expected


def test_shell_form_inherited_from_the_parent_stage() -> None:
    text = (
        "FROM python:3.12-slim AS base\nCMD python app.py\n"
        'FROM base\nUSER 1000\nHEALTHCHECK CMD ["python", "-c", "0"]\n'
    )
    assert _rules(text) == [(2, "DF013")]


@pytest.mark.parametrize(
    ("base", "expected"),
    [
        ("python", [(1, "DF003"), (1, "DF004")]),
        ("python:latest", [(1, "DF003"), (1, "DF004")]),
        ("python@sha256:" + "0" * 64, []),  # pinned by digest
        ("localhost:5000/app", [(1, "DF003")]),  # a registry port is not a tag
        ("localhost:5000/app:1.0", []),
        ("python:3.12-slim-bookworm", []),
        ("python:3.12-alpine", []),
        ("docker.io/library/python:3.12-bookworm", [(1, "DF004")]),
        ("bitnami/python:3.12", []),  # not the official image: no known slim variant
    ],
)
def test_base_image(base: str, expected: list[tuple[int, str]]) -> None:
    assert _rules(f"FROM {base}\n{GOOD_TAIL}") == expected


def test_full_base_counts_only_for_the_image_that_ships() -> None:
    text = "FROM python:3.12 AS build\nRUN echo build\nFROM python:3.12-slim\n" + GOOD_TAIL
    assert _rules(text) == []


@pytest.mark.parametrize(
    ("image", "slim"),
    [
        ("python:3.12", "python:3.12-slim"),
        ("python:3.12.4-bookworm", "python:3.12.4-slim-bookworm"),
        ("python", "python:<version>-slim"),
        ("node:20", "node:20-slim"),
        ("node:20-bookworm", "node:20-bookworm-slim"),
        ("node:lts", "node:lts-slim"),
        ("ruby:3.3", "ruby:3.3-slim"),
        ("openjdk:17-jdk", "openjdk:17-jdk-slim"),
        ("debian:bookworm", "debian:bookworm-slim"),
        ("debian:12", "debian:12-slim"),
        ("python:3.12-slim", None),
        ("node:20-alpine", None),
        ("python:3.12-windowsservercore", None),
        ("golang:1.22", None),
        # A Java JDK ships as its JRE.
        ("eclipse-temurin:21", "eclipse-temurin:21-jre"),
        ("eclipse-temurin:21-jdk-noble", "eclipse-temurin:21-jre-noble"),
        ("eclipse-temurin:17.0.13_11-jdk", "eclipse-temurin:17.0.13_11-jre"),
        ("eclipse-temurin:latest", "eclipse-temurin:<version>-jre"),
        ("eclipse-temurin:21-jre", None),
        ("eclipse-temurin:21-jre-alpine", None),
    ],
)
def test_slim_variant(image: str, slim: str | None) -> None:
    assert slim_variant(parse_image(image)) == slim


def test_single_stage_build_packages() -> None:
    text = (
        "FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends "
        "build-essential libpq-dev=15.* ca-certificates && rm -rf /var/lib/apt/lists/*\n" + GOOD_TAIL
    )
    findings = check_dockerfile(parse_dockerfile(text, path=Path("Dockerfile")))
    assert [(f.rule.id, f.message) for f in findings] == [
        (
            "DF005",
            "single-stage build installs build-essential, libpq-dev: the tools stay in the image that runs",
        )
    ]


def test_option_values_are_not_packages_or_subcommands() -> None:
    text = "FROM debian:12-slim\nRUN apt-get -o Acquire::Retries=3 install -y curl\n" + GOOD_TAIL
    assert _rules(text) == [(2, "DF007")]


def test_df003_reads_a_shell_expansion_in_the_tag_as_one_unit() -> None:
    # The slashes of `${TARGETPLATFORM/arm/v7/arm-7}` are not the image name's: the tag is there.
    reference = "org/img:1.0-${TARGETPLATFORM/arm/v7/arm-7}"
    image = parse_image(reference)
    assert (image.repository, image.tag) == ("org/img", "1.0-${TARGETPLATFORM/arm/v7/arm-7}")
    assert not image.floating
    assert parse_image("localhost:5000/app:${TAG:-1}@sha256:ab").tag == "${TAG:-1}"
    assert "DF003" not in _ids(f"FROM {reference}\n{GOOD_TAIL}")


def test_df011_skips_a_public_key_found_in_the_context(tmp_path: Path) -> None:
    # A PGP public key copied in for `gpg --verify` is no secret; a private key beside it still is, and
    # a file is read only inside the Dockerfile's folder.
    public = "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQINBF...\n-----END PGP PUBLIC KEY BLOCK-----\n"
    context = tmp_path / "app"
    context.mkdir()
    (context / "release.key").write_text(public)
    (context / "server.key").write_text("-----BEGIN PRIVATE KEY-----\nMIIE...\n-----END PRIVATE KEY-----\n")
    (tmp_path / "elsewhere.key").write_text(public)
    (context / "linked.key").symlink_to(tmp_path / "elsewhere.key")
    text = (
        "FROM debian:12-slim\n"
        "COPY release.key /tmp/\n"
        "RUN gpg --import /tmp/release.key && gpg --verify /tmp/app.tar.gz.asc\n"
        "COPY server.key missing.key linked.key /etc/ssl/private/\n" + GOOD_TAIL
    )
    findings = check_dockerfile(parse_dockerfile(text, path=context / "Dockerfile"))
    df011 = [(finding.line, finding.message) for finding in findings if finding.rule.id == "DF011"]
    assert df011 == [(4, "COPY puts server.key, missing.key, linked.key into the image")]


@pytest.mark.parametrize(
    ("run", "found"),
    [
        (
            "RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev"
            " && make -C /src && apt-get purge -y --auto-remove gcc libc6-dev && rm -rf /var/lib/apt/lists/*",
            False,
        ),
        ("RUN apt-get install -y gcc make && make && apt-get remove -y gcc make", False),
        ("RUN apk add --no-cache --virtual .build-deps gcc musl-dev && make && apk del .build-deps", False),
        ("RUN apk add --no-cache -t build gcc musl-dev && make && apk del --no-cache build", False),
        ("RUN apk add --no-cache gcc musl-dev && make && apk del gcc", True),  # musl-dev stays
        ("RUN apt-get purge -y gcc && apt-get install -y gcc", True),  # removed before, not after
        ("RUN apk add --virtual .build-deps gcc && apk del other", True),
    ],
)
def test_df005_counts_build_packages_removed_in_the_same_run(run: str, found: bool) -> None:
    assert ("DF005" in _ids(f"FROM alpine:3.20\n{run}\n{GOOD_TAIL}")) is found


@pytest.mark.parametrize(
    ("entrypoint", "message"),
    [
        ("", "/bin/sh is PID 1 and the app never gets SIGTERM"),
        (
            'ENTRYPOINT ["tini", "--"]\n',
            "tini is PID 1 and passes SIGTERM to /bin/sh -c, which does not pass",
        ),
        ('ENTRYPOINT ["/sbin/tini", "-s", "--"]\n', "tini is PID 1 and passes SIGTERM to /bin/sh -c"),
        ('ENTRYPOINT ["dumb-init", "--single-child"]\n', "dumb-init is PID 1 and passes SIGTERM"),
        ('ENTRYPOINT ["docker-entrypoint.sh"]\n', "docker-entrypoint.sh is PID 1 and passes SIGTERM"),
        ('ENTRYPOINT ["tini", "-g", "--"]\n', None),  # signals the process group: the app gets it
        ('ENTRYPOINT ["/sbin/tini", "-sg", "--"]\n', None),
        ('ENV TINI_KILL_PROCESS_GROUP=1\nENTRYPOINT ["docker-init", "--"]\n', None),
        ('ENTRYPOINT ["dumb-init", "--"]\n', None),
        ('ENTRYPOINT ["/usr/bin/dumb-init"]\n', None),
    ],
)
def test_df013_names_pid_1_under_an_exec_form_entrypoint(entrypoint: str, message: str | None) -> None:
    text = f'FROM python:3.12-slim\nUSER 10001\nHEALTHCHECK CMD ["true"]\n{entrypoint}CMD gunicorn app:app\n'
    findings = check_dockerfile(parse_dockerfile(text, path=Path("Dockerfile")))
    found = [finding.message for finding in findings if finding.rule.id == "DF013"]
    if message is None:
        assert found == []
    else:
        assert len(found) == 1 and message in found[0] and found[0].startswith("CMD gunicorn app:app is in")


@pytest.mark.parametrize(
    ("text", "reported"),
    [
        ('FROM python:3.12-slim\nUSER 10001\nCMD ["python", "app.py"]\n', True),
        ("FROM python:3.12-slim\nUSER 10001\nEXPOSE 8000\n", True),
        ('FROM scratch\nCOPY app /app\nUSER 65534\nEXPOSE 8080\nENTRYPOINT ["/app"]\n', True),
        ("FROM python:3.12-slim\nRUN pip install --no-cache-dir requests\nUSER 10001\n", False),  # a base
        ('FROM scratch\nCOPY tool /tool\nUSER 65534\nENTRYPOINT ["/tool"]\n', False),  # a CLI tool
        (
            'FROM python:3.12-slim AS base\nCMD ["python", "app.py"]\nFROM base\nUSER 10001\n',
            True,  # CMD inherited from the stage it is built on
        ),
    ],
)
def test_df002_checks_only_images_that_look_like_services(text: str, reported: bool) -> None:
    assert ("DF002" in _ids(text)) is reported


def _df021(text: str) -> list[str]:
    findings = check_dockerfile(parse_dockerfile(text, path=Path("Dockerfile")))
    return [finding.message for finding in findings if finding.rule.id == "DF021"]


@pytest.mark.parametrize(
    ("healthcheck", "message"),
    [
        (
            "HEALTHCHECK CMD curl -f http://localhost/ || exit 1",
            "HEALTHCHECK CMD curl -f http://localhost/ || exit 1 is in shell form: each probe starts "
            "/bin/sh -c",
        ),
        (
            "HEALTHCHECK --interval=5s \\\n    CMD python healthcheck.py",
            "HEALTHCHECK CMD python healthcheck.py is in shell form",
        ),
        ("healthcheck cmd ['python', 'hc.py']", "is not a valid JSON array (double quotes only)"),
    ],
)
def test_df021_shell_form_healthchecks(healthcheck: str, message: str) -> None:
    [found] = _df021(f'FROM python:3.12-slim\n{healthcheck}\nUSER 10001\nCMD ["python", "app.py"]\n')
    assert message in found


@pytest.mark.parametrize(
    "healthcheck",
    [
        'HEALTHCHECK CMD ["python", "healthcheck.py"]',
        'HEALTHCHECK --interval=3s --timeout=5s \\\n    CMD ["/app/probe"]',
        'HEALTHCHECK CMD ["sh", "-c", "curl -f http://localhost/ || exit 1"]',  # its own shell, on purpose
        "HEALTHCHECK NONE",
    ],
)
def test_df021_leaves_exec_form_and_none(healthcheck: str) -> None:
    assert _df021(f'FROM python:3.12-slim\n{healthcheck}\nCMD ["python", "app.py"]\n') == []


def test_df021_reads_the_last_healthcheck_of_the_shipped_image() -> None:
    # A shell-form check a later one replaces, or in a build stage that does not ship, is not run.
    text = (
        "FROM python:3.12-slim AS build\nHEALTHCHECK CMD python hc.py\n"
        "FROM python:3.12-slim AS base\nHEALTHCHECK CMD python hc.py\n"
        'FROM base\nHEALTHCHECK CMD ["python", "hc.py"]\nCMD ["python", "app.py"]\n'
    )
    assert _df021(text) == []
    inherited = 'FROM python:3.12-slim AS base\nHEALTHCHECK CMD python hc.py\nFROM base\nCMD ["python"]\n'
    assert _df021(inherited) == [
        "stage 'base' (under the shipped stage 1): HEALTHCHECK CMD python hc.py is in shell form: "
        "each probe starts /bin/sh -c to run it"
    ]


@pytest.mark.parametrize(
    ("base", "shell"),
    [
        ("scratch", False),
        ("gcr.io/distroless/static-debian12:nonroot", False),
        ("gcr.io/distroless/python3-debian12", False),
        ("gcr.io/distroless/base-debian12:debug-nonroot", True),  # busybox
        ("python:3.12-slim", True),
        ("alpine:3.20", True),
    ],
)
def test_df021_says_when_the_image_has_no_shell(base: str, shell: bool) -> None:
    [found] = _df021(f'FROM {base}\nHEALTHCHECK CMD /probe\nCMD ["/app"]\n')
    assert ("has no /bin/sh, so the probe never runs" not in found) is shell
    if not shell:
        assert found.endswith(
            f"{base} has no /bin/sh, so the probe never runs and the container never turns healthy"
        )
