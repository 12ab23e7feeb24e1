"""Secrets written where the image or the compose file keeps them: HEALTHCHECK, build arguments, URLs."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.check.compose import check_compose, parse_compose
from generator.check.dockerfile import check_dockerfile
from generator.check.dockerfile_syntax import parse_dockerfile
from generator.check.secrets import literal, secret_name, url_passwords

HEAD = "FROM python:3.12-slim\nUSER 10001\n"
TAIL = 'CMD ["python", "app.py"]\n'


def _dockerfile(text: str, rule: str) -> list[tuple[int, str]]:
    findings = check_dockerfile(parse_dockerfile(text, path=Path("Dockerfile")))
    return [(finding.line, finding.message) for finding in findings if finding.rule.id == rule]


def _compose(text: str, rule: str) -> list[tuple[int, str]]:
    path = Path("compose.yaml")
    findings = check_compose(parse_compose(text, path=path), path=path)
    return [(finding.line, finding.message) for finding in findings if finding.rule.id == rule]


@pytest.mark.parametrize(
    ("name", "secret"),
    [
        ("DB_PASSWORD", True),
        ("api-key", True),
        ("APP_KEY", True),
        ("ENCRYPTION_KEY", True),
        ("SSH_PRIVATE_KEY", True),
        ("PGPASSWORD", True),
        ("MYSQL_PWD", True),
        ("TOKEN", True),
        ("GPG_KEY", False),
        ("PUBLIC_KEY", False),
        ("KEY", False),
        ("PWD", False),
        ("DB_PASSWORD_FILE", False),
        ("VAULT_SECRET_NAME", False),
        ("SESSION_TOKEN_TTL", False),
        ("TOKENIZERS_PARALLELISM", False),
    ],
)
def test_secret_names(name: str, secret: bool) -> None:
    assert secret_name(name) is secret


def test_literal_values_and_url_passwords() -> None:
    assert literal("hunter2") and not literal("") and not literal(" $PW") and not literal("${PW:-x}")
    assert url_passwords("postgres://app:hunter2@db/app and mysql://root:pw@h") == [
        "postgres://app:***@",
        "mysql://root:***@",
    ]
    for fine in (
        "postgres://app:${DB_PASSWORD}@db/app",
        "postgres://app:$DB_PASSWORD@db/app",
        "amqp://guest:@rabbitmq/",
        "ssh://git@github.com:22/org/repo",
        "https://example.com/a:b@c",
        "https://example.com:8443/",
    ):
        assert url_passwords(fine) == [], fine


@pytest.mark.timeout(60)  # tried from each letter, a 1 MiB word would take hours: the guard ends the test
def test_a_long_word_is_read_for_urls_once() -> None:
    assert url_passwords("x" * 1_000_000 + "://u:" + "p" * 1_000_000) == []
    assert url_passwords("postgres://app:" + "p" * 1_000_000 + "@db") == ["postgres://app:***@"]


@pytest.mark.parametrize(
    ("healthcheck", "where"),
    [
        ("CMD mysqladmin ping -uroot -phunter2", "mysqladmin -p"),
        ('CMD ["mysqladmin", "ping", "-uroot", "-phunter2"]', "mysqladmin -p"),
        ("CMD mysqladmin ping --password=hunter2", "mysqladmin --password"),
        ("CMD PGPASSWORD=hunter2 pg_isready -U app", "PGPASSWORD="),
        ("CMD env PGPASSWORD=hunter2 psql -U app -c 'select 1'", "PGPASSWORD="),
        ("CMD redis-cli -a hunter2 ping", "redis-cli -a"),
        ('CMD ["sh", "-c", "redis-cli --pass hunter2 ping"]', "redis-cli --pass"),
        ("CMD curl -f -u admin:hunter2 http://127.0.0.1/", "curl -u user:password"),
        ("CMD curl -fsu admin:hunter2 http://127.0.0.1/", "curl -u user:password"),
        ("CMD curl -f --user=admin:hunter2 http://127.0.0.1/", "curl -u user:password"),
        ('CMD curl -f -H "Authorization: Bearer abc123" http://127.0.0.1/', "the Authorization header"),
        ("CMD curl -f -H 'X-Api-Key: abc123' http://127.0.0.1/", "the X-Api-Key header"),
        ("CMD wget -q --spider --http-password=hunter2 http://127.0.0.1/", "wget --http-password"),
        ("CMD curl -f http://admin:hunter2@127.0.0.1/ || exit 1", "a password in http://admin:***@"),
        ("--interval=30s --timeout=3s CMD app-cli --token abc123 health", "app-cli --token"),
    ],
)
def test_df018_reports_a_credential_in_the_healthcheck(healthcheck: str, where: str) -> None:
    found = _dockerfile(f"{HEAD}HEALTHCHECK {healthcheck}\n{TAIL}", "DF018")
    assert found == [
        (
            3,
            f"HEALTHCHECK writes a credential into the image config ({where}), where docker inspect shows "
            "it: read it from an environment variable at run time instead",
        )
    ]


@pytest.mark.parametrize(
    "healthcheck",
    [
        'CMD mysqladmin ping -uroot -p"$MYSQL_ROOT_PASSWORD"',
        "CMD mysqladmin ping -uroot -p${MYSQL_ROOT_PASSWORD}",
        "CMD mysqladmin ping -h 127.0.0.1 -u root -p",  # asks for it: no password written
        'CMD PGPASSWORD="$POSTGRES_PASSWORD" pg_isready -U app',
        "CMD pg_isready -U postgres -p 5432",  # -p is the port
        'CMD redis-cli -a "$REDIS_PASSWORD" ping',
        "CMD curl -f -u admin http://127.0.0.1/",
        'CMD curl -f -H "Authorization: Bearer $TOKEN" http://127.0.0.1/',
        "CMD curl -f -H 'Accept: application/json' http://127.0.0.1/",
        "CMD curl -f http://admin:${ADMIN_PASSWORD}@127.0.0.1/",
        'CMD ["mysqladmin", "ping", "--password-file=/run/secrets/db"]',
        'CMD ["python", "-c", "import urllib.request; urllib.request.urlopen(\'http://127.0.0.1/\')"]',
        "NONE",
    ],
)
def test_df018_leaves_credentials_from_variables_alone(healthcheck: str) -> None:
    assert _dockerfile(f"{HEAD}HEALTHCHECK {healthcheck}\n{TAIL}", "DF018") == []


def test_df018_checks_every_stage() -> None:
    text = "FROM redis:7.4 AS cache\nHEALTHCHECK CMD redis-cli -a hunter2 ping\n" + HEAD + TAIL
    assert [line for line, _ in _dockerfile(text, "DF018")] == [2]


@pytest.mark.parametrize(
    ("body", "reported"),
    [
        ("ARG NPM_TOKEN\nRUN npm ci\n", [2]),  # in scope whether the RUN names it or not
        ("ARG NPM_TOKEN=abc\nRUN npm ci\n", [2]),
        ("ARG GITHUB_TOKEN\nRUN git clone https://x:${GITHUB_TOKEN}@github.com/org/repo\n", [2]),
        ("ARG DB_PASSWORD APP_KEY\nRUN ./setup.sh\n", [2, 2]),
        ('ARG NPM_TOKEN\nRUN ["npm", "ci"]\n', [2]),
        ("ARG NPM_TOKEN\nRUN npm ci\nRUN npm run build\n", [2]),  # once per ARG
        ("ARG NPM_TOKEN\nCOPY . .\n", []),  # no RUN follows: nothing is recorded
        ("RUN npm ci\nARG NPM_TOKEN\n", []),
        ("ARG APP_VERSION=1.0\nARG GPG_KEY\nARG NPM_TOKEN_FILE\nRUN npm ci\n", []),
        ("RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\n", []),
    ],
)
def test_df019_secret_build_arguments_reaching_a_run(body: str, reported: list[int]) -> None:
    text = "FROM node:22-slim\n" + body + 'USER node\nCMD ["node", "app.js"]\n'
    assert [line for line, _ in _dockerfile(text, "DF019")] == reported


def test_df019_names_the_run_and_skips_stages_that_do_not_ship() -> None:
    text = (
        "FROM node:22-slim AS build\nARG NPM_TOKEN\nRUN npm ci\n"
        "FROM node:22-slim\nARG SENTRY_AUTH_TOKEN\nCOPY --from=build /app /app\nRUN npm run sentry\n"
        'USER node\nCMD ["node", "/app/app.js"]\n'
    )
    assert _dockerfile(text, "DF019") == [
        (
            5,
            "stage 1 (shipped: the last stage): "
            "ARG SENTRY_AUTH_TOKEN is in scope of the RUN on line 7, so its value is recorded in the image "
            "history: pass it with RUN --mount=type=secret instead",
        )
    ]


@pytest.mark.parametrize(
    ("line", "reported"),
    [
        ("ENV DATABASE_URL=postgres://app:hunter2@db:5432/app", True),
        ('ENV DATABASE_URL="postgres://app:hunter2@db:5432/app"', True),
        ("ENV BROKER amqp://worker:w0rker@rabbitmq:5672/", True),  # legacy form
        ("ARG PIP_INDEX_URL=https://ci:hunter2@pypi.example.com/simple", True),
        ("ENV A=1 REDIS_URL=redis://:hunter2@cache:6379/0", True),
        ("ENV DATABASE_URL=postgres://app:${DB_PASSWORD}@db:5432/app", False),
        ("ENV DATABASE_URL=postgres://app@db:5432/app", False),
        ("ENV BROKER_URL=amqp://guest:@rabbitmq:5672/", False),
        ("ARG PIP_INDEX_URL", False),
        ("ENV DOCS=https://example.com/a:b@c", False),
        ("ENV DB_PASSWORD=postgres://app:hunter2@db/app", False),  # DF010's already
    ],
)
def test_df020_passwords_in_env_and_arg_urls(line: str, reported: bool) -> None:
    found = _dockerfile(f"{HEAD}{line}\n{TAIL}", "DF020")
    assert bool(found) is reported
    assert all("hunter2" not in message and "w0rker" not in message for _, message in found)


COMPOSE = "services:\n  app:\n    image: example/app:1.0\n    environment:\n"


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("      DB_PASSWORD: hunter2", "environment DB_PASSWORD is written out in the file"),
        ("      - DB_PASSWORD=hunter2", "environment DB_PASSWORD is written out in the file"),
        ('      - "STRIPE_API_KEY=sk_live_abc"', "environment STRIPE_API_KEY is written out in the file"),
        ("      APP_KEY: base64:abc", "environment APP_KEY is written out in the file"),
        ("      PIN_SECRET: 1234", "environment PIN_SECRET is written out in the file"),
        (
            "      DATABASE_URL: postgres://app:hunter2@db/app",
            "environment DATABASE_URL is a URL with a password in it (postgres://app:***@)",
        ),
        (
            "      - CACHE=${CACHE_URL:-redis://:hunter2@cache}",
            "environment CACHE is a URL with a password in it (redis://:***@)",
        ),
    ],
)
def test_cf014_reports_credentials_written_in_the_environment(entry: str, message: str) -> None:
    found = _compose(f"{COMPOSE}{entry}\n", "CF014")
    fix = "read it from an env file kept out of version control (${VAR}), or use secrets:"
    assert found == [(5, f"service 'app': {message}: {fix}")]


@pytest.mark.parametrize(
    "entry",
    [
        "      DB_PASSWORD: ${DB_PASSWORD}",
        "      DB_PASSWORD: ${DB_PASSWORD:-}",
        "      DB_PASSWORD: ${DB_PASSWORD:?set it in .env}",
        "      - DB_PASSWORD=$DB_PASSWORD",
        "      - DB_PASSWORD",  # passed on from the shell
        "      DB_PASSWORD:",
        '      DB_PASSWORD: ""',
        "      DB_PASSWORD_FILE: /run/secrets/db_password",
        "      TOKEN_ENABLED: true",
        "      SECRET_ROTATION: false",
        "      SESSION_TOKEN_TTL: 3600",
        "      GPG_KEY: A035C8C19219BA821ECEA86B64E628F8D684696D",
        "      DATABASE_URL: postgres://app:${POSTGRES_PASSWORD}@db/app",
        "      PUBLIC_URL: https://example.com",
        "      - MYSQL_RANDOM_ROOT_PASSWORD=1",
        '      MARIADB_RANDOM_ROOT_PASSWORD: "yes"',
        "      - MYSQL_ALLOW_EMPTY_PASSWORD=true",
        '      MARIADB_ALLOW_EMPTY_ROOT_PASSWORD: "0"',
        "      MYSQL_ONETIME_PASSWORD: 'YES'",
    ],
)
def test_cf014_leaves_references_files_and_settings_alone(entry: str) -> None:
    assert _compose(f"{COMPOSE}{entry}\n", "CF014") == []


@pytest.mark.parametrize(
    "entry",
    [
        "      - MYSQL_RANDOM_ROOT_PASSWORD=hunter2",  # a switch's name, but a password's value
        "      DB_PASSWORD: 1",  # a yes-or-no value, but no switch's name: a (poor) password
        "      ROOT_PASSWORD: yes-please",
    ],
)
def test_cf014_a_switch_needs_both_its_name_and_a_yes_or_no(entry: str) -> None:
    assert [line for line, _ in _compose(f"{COMPOSE}{entry}\n", "CF014")] == [5]
