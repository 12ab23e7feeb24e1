"""The corpus: real-world-shaped Dockerfiles and compose files, each with its exact findings.

Every file under corpus/ is listed here with every finding it must produce (file, line, rule) and no
others, so a rule that starts firing where it should not, or stops firing where it should, fails here.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from generator.check.registry import all_rules
from generator.check.sarif import render_sarif
from generator.commands.check import check

CORPUS = Path(__file__).resolve().parent / "corpus"
SARIF_SCHEMA = Path(__file__).resolve().parent / "sarif-schema-2.1.0.json"

# (file, line, rule) per corpus file. A Dockerfile's entries include its ignore file's findings.
EXPECTED: dict[str, list[tuple[str, int, str]]] = {
    "naive-python.Dockerfile": [
        ("naive-python.Dockerfile", 1, "DF001"),  # no USER
        ("naive-python.Dockerfile", 1, "DF002"),  # no HEALTHCHECK
        ("naive-python.Dockerfile", 1, "DF004"),  # python:3.12, not python:3.12-slim
        ("naive-python.Dockerfile", 2, "DF006"),  # COPY . . before pip install
        ("naive-python.Dockerfile", 2, "DI001"),  # no .dockerignore
        ("naive-python.Dockerfile", 3, "DF005"),  # pip in the one stage
        ("naive-python.Dockerfile", 3, "DF009"),  # pip cache kept
        ("naive-python.Dockerfile", 4, "DF013"),  # CMD python app.py
    ],
    "node-single-stage.Dockerfile": [
        ("node-single-stage.Dockerfile", 1, "DF001"),
        ("node-single-stage.Dockerfile", 1, "DF002"),
        ("node-single-stage.Dockerfile", 1, "DF004"),
        ("node-single-stage.Dockerfile", 3, "DF006"),
        ("node-single-stage.Dockerfile", 3, "DI001"),
        ("node-single-stage.Dockerfile", 4, "DF005"),
        ("node-single-stage.Dockerfile", 4, "DF009"),
    ],
    "secrets.Dockerfile": [
        ("secrets.Dockerfile", 2, "DF010"),  # ARG GITHUB_TOKEN=...; ARG NPM_TOKEN (no value) is fine
        ("secrets.Dockerfile", 3, "DF010"),  # DB_PASSWORD; DB_PASSWORD_FILE and TOKENIZERS_... are not
        ("secrets.Dockerfile", 6, "DF010"),  # legacy `ENV KEY value` form
        ("secrets.Dockerfile", 10, "DF011"),  # .env
        ("secrets.Dockerfile", 10, "DI001"),
        ("secrets.Dockerfile", 11, "DF011"),  # server.key (ca.pem is a public certificate)
        ("secrets.Dockerfile", 12, "DF011"),  # id_rsa; .env.example on line 13 is a template
    ],
    "multistage-good.Dockerfile": [],
    "apt-and-add.Dockerfile": [
        ("apt-and-add.Dockerfile", 4, "DI001"),
        ("apt-and-add.Dockerfile", 8, "DF008"),  # apt-get update alone in the final stage
        ("apt-and-add.Dockerfile", 9, "DF007"),  # no --no-install-recommends
        ("apt-and-add.Dockerfile", 11, "DF009"),  # pip install gunicorn, cache kept
        ("apt-and-add.Dockerfile", 12, "DF012"),  # ADD of local files; URL and archive ADDs are fine
        ("apt-and-add.Dockerfile", 13, "DF016"),  # ... but the URL has no --checksum
        ("apt-and-add.Dockerfile", 16, "DF002"),  # HEALTHCHECK NONE in the final stage
        ("apt-and-add.Dockerfile", 18, "DF013"),  # CMD ['app:app'] is not JSON
    ],
    "unpinned.Dockerfile": [
        ("unpinned.Dockerfile", 3, "DF003"),  # alpine, no tag
        ("unpinned.Dockerfile", 5, "DF003"),  # ubuntu:latest
        ("unpinned.Dockerfile", 9, "DF001"),  # USER root
        ("unpinned.Dockerfile", 11, "DF013"),  # ENTRYPOINT node server.js
    ],
    "scratch-static.Dockerfile": [
        ("scratch-static.Dockerfile.dockerignore", 6, "DI002"),  # `!.env` lets it back in
    ],
    "alpine-single-stage.Dockerfile": [
        ("alpine-single-stage.Dockerfile", 4, "DF005"),  # build-base, postgresql-dev
        ("alpine-single-stage.Dockerfile", 4, "DF008"),  # apk update
        ("alpine-single-stage.Dockerfile", 5, "DI001"),
    ],
    "leaky.Dockerfile": [
        ("leaky.Dockerfile.dockerignore", 1, "DI002"),
        ("leaky.Dockerfile.dockerignore", 1, "DI003"),
    ],
    "installers.Dockerfile": [
        ("installers.Dockerfile", 4, "DF015"),  # rustup | sh in the build stage; its chmod 777 does not ship
        ("installers.Dockerfile", 7, "DF006"),
        ("installers.Dockerfile", 11, "DF017"),  # build-essential, git in the final stage
        ("installers.Dockerfile", 13, "DF015"),  # curl | python3 -
        (
            "installers.Dockerfile",
            14,
            "DF015",
        ),  # sh -c "$(curl ...)"; | tar, | python3 -c, -o + sha256sum are fine
        ("installers.Dockerfile", 22, "DF016"),  # ADD URL without --checksum; with it, or a git repo, is fine
        ("installers.Dockerfile", 27, "DF014"),  # chmod 777 /app/data; 1777, go-w and +x are fine
        ("installers.Dockerfile", 29, "DF014"),  # COPY --chmod=666
    ],
    "build-secrets.Dockerfile": [
        (
            "build-secrets.Dockerfile",
            1,
            "DF020",
        ),  # password in a global ARG's URL; ${MIRROR_PASSWORD} is fine
        ("build-secrets.Dockerfile", 15, "DF019"),  # ARG NPM_TOKEN reaches the RUN on line 24
        ("build-secrets.Dockerfile", 16, "DF019"),  # SENTRY_AUTH_TOKEN (GITHUB_TOKEN's stage does not ship)
        ("build-secrets.Dockerfile", 16, "DF019"),  # SSH_PRIVATE_KEY (GPG_KEY is no secret)
        (
            "build-secrets.Dockerfile",
            18,
            "DF020",
        ),  # DATABASE_URL; ${REDIS_PASSWORD} and an empty one are fine
        ("build-secrets.Dockerfile", 29, "DF018"),  # curl -fsu monitor:m0nitor
    ],
    "build-secrets-ok.Dockerfile": [],  # credentials from variables, a password file, settings of secrets
    "naive.compose.yaml": [
        ("naive.compose.yaml", 2, "CF003"),
        ("naive.compose.yaml", 2, "CF004"),
        ("naive.compose.yaml", 2, "CF005"),
        ("naive.compose.yaml", 2, "CF007"),
        ("naive.compose.yaml", 2, "CF008"),
        ("naive.compose.yaml", 5, "CF006"),
    ],
    "privileged.compose.yaml": [
        ("privileged.compose.yaml", 2, "CF003"),
        ("privileged.compose.yaml", 2, "CF004"),
        ("privileged.compose.yaml", 2, "CF005"),
        ("privileged.compose.yaml", 2, "CF007"),
        ("privileged.compose.yaml", 2, "CF008"),
        ("privileged.compose.yaml", 4, "CF001"),
        ("privileged.compose.yaml", 5, "CF009"),  # network_mode: host
        ("privileged.compose.yaml", 6, "CF009"),  # pid: host
        ("privileged.compose.yaml", 8, "CF002"),  # /var/run/docker.sock
        ("privileged.compose.yaml", 9, "CF002"),  # /
        ("privileged.compose.yaml", 11, "CF002"),  # long syntax bind of /run/docker.sock
    ],
    "partial.compose.yaml": [
        ("partial.compose.yaml", 2, "CF003"),  # memory only: CPU and pids missing
        ("partial.compose.yaml", 4, "CF007"),  # read_only: false
        ("partial.compose.yaml", 5, "CF004"),  # cap_drop without ALL
        ("partial.compose.yaml", 6, "CF005"),  # no-new-privileges:false
        ("partial.compose.yaml", 13, "CF006"),  # "8080:8080"
        ("partial.compose.yaml", 14, "CF006"),  # "0.0.0.0:8443:8443"
        ("partial.compose.yaml", 16, "CF006"),  # 9100
        ("partial.compose.yaml", 18, "CF008"),  # disable: true
        ("partial.compose.yaml", 22, "CF010"),  # extends common.yaml: what was not checked
        ("partial.compose.yaml", 27, "CF006"),  # the extending service: only what it sets
    ],
    "hardened.compose.yaml": [],
    "dev-stack.compose.yaml": [
        ("dev-stack.compose.yaml", 1, "CF015"),  # version: "3.8"
        ("dev-stack.compose.yaml", 16, "CF012"),  # user: "0:0"
        ("dev-stack.compose.yaml", 18, "CF016"),  # .:/app in a service that builds
        ("dev-stack.compose.yaml", 19, "CF016"),  # ./src:/app/src; ./data:/data and a single file are fine
        ("dev-stack.compose.yaml", 24, "CF014"),  # DJANGO_SECRET_KEY; ${...}, "", _TTL and GPG_KEY are fine
        ("dev-stack.compose.yaml", 37, "CF016"),  # long syntax bind of the build context ./worker
        (
            "dev-stack.compose.yaml",
            44,
            "CF014",
        ),  # amqp://worker:w0rker@; a bare AWS_SECRET_ACCESS_KEY is fine
        ("dev-stack.compose.yaml", 51, "CF013"),  # postgres:latest (web's image is what it builds)
        ("dev-stack.compose.yaml", 52, "CF012"),  # user: root
        ("dev-stack.compose.yaml", 54, "CF014"),  # POSTGRES_PASSWORD=postgres; the _FILE one is fine
        ("dev-stack.compose.yaml", 62, "CF011"),  # NET_ADMIN
        ("dev-stack.compose.yaml", 62, "CF011"),  # CAP_SYS_PTRACE; NET_BIND_SERVICE, a root group are fine
    ],
}


def _found(path: Path) -> list[tuple[str, int, str]]:
    return [(f.file.name, f.line, f.rule.id) for f in check([path]).findings]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file_has_exactly_its_findings(name: str) -> None:
    assert _found(CORPUS / name) == sorted(EXPECTED[name])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_findings_are_valid_sarif(name: str) -> None:
    log = json.loads(render_sarif(check([CORPUS / name]).findings))
    schema = json.loads(SARIF_SCHEMA.read_text())
    validator = jsonschema.validators.validator_for(schema)
    validator(schema, format_checker=validator.FORMAT_CHECKER).validate(log)
    results = log["runs"][0]["results"]
    assert [
        (result["ruleId"], result["locations"][0]["physicalLocation"]["region"]["startLine"])
        for result in results
    ] == [(rule, line) for _, line, rule in sorted(EXPECTED[name])]


def test_every_corpus_file_is_listed() -> None:
    checked = {p.name for p in CORPUS.iterdir() if not p.name.endswith(".dockerignore")}
    assert checked == set(EXPECTED)


def test_every_rule_fires_somewhere_in_the_corpus() -> None:
    fired = {rule for findings in EXPECTED.values() for _, _, rule in findings}
    assert fired == {rule.id for rule in all_rules()}


def test_the_naive_python_dockerfile_gets_the_four_classic_findings() -> None:
    rules = {rule for _, _, rule in _found(CORPUS / "naive-python.Dockerfile")}
    # Root user, full base, cache-busting COPY order and no health check.
    assert {"DF001", "DF004", "DF006", "DF002"} <= rules
