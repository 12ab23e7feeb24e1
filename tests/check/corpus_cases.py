"""The corpus's cases and what each must find: real-world-shaped Dockerfiles, compose files and projects.

A case is a file of ``corpus/`` or a project of ``corpus-projects/``, named ``projects/<name>`` (a
repository of its own: its files are named from its folder). ``EXPECTED`` lists every finding each case
must produce (file, line, rule) and no others; ``FALSE`` marks those of them known to be false, so that
``benchmarks/check_corpus_report.py`` can show each rule's precision; ``ABSENT`` lists the false
positives the check once made, each of which must stay absent.
"""

from __future__ import annotations

from typing import NamedTuple

#: A finding: the file (relative to the case's folder), the line and the rule.
Expected = tuple[str, int, str]

# (file, line, rule) per case. A Dockerfile's entries include its ignore file's findings.
EXPECTED: dict[str, list[Expected]] = {
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
        ("build-secrets.Dockerfile", 29, "DF021"),  # shell-form HEALTHCHECK (`|| exit 1` keeps it so)
    ],
    "build-secrets-ok.Dockerfile": [],  # credentials from variables, a password file, settings of secrets
    "naive.compose.yaml": [
        ("naive.compose.yaml", 2, "CF003"),
        ("naive.compose.yaml", 2, "CF004"),
        ("naive.compose.yaml", 2, "CF005"),
        ("naive.compose.yaml", 2, "CF007"),
        ("naive.compose.yaml", 2, "CF008"),
        ("naive.compose.yaml", 5, "CF006"),
        ("naive.compose.yaml", 2, "CF017"),  # no init: true
        ("naive.compose.yaml", 2, "CF018"),  # no logging: json-file unrotated
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
        ("privileged.compose.yaml", 2, "CF017"),  # no init: true
        ("privileged.compose.yaml", 2, "CF018"),  # no logging: json-file unrotated
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
        ("partial.compose.yaml", 2, "CF017"),  # no init: true
        ("partial.compose.yaml", 2, "CF018"),  # no logging: json-file unrotated
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
        ("dev-stack.compose.yaml", 12, "CF017"),  # no init: true
        ("dev-stack.compose.yaml", 12, "CF018"),  # no logging: json-file unrotated
        ("dev-stack.compose.yaml", 32, "CF017"),  # no init: true
        ("dev-stack.compose.yaml", 32, "CF018"),  # no logging: json-file unrotated
        ("dev-stack.compose.yaml", 49, "CF017"),  # no init: true
        ("dev-stack.compose.yaml", 49, "CF018"),  # no logging: json-file unrotated
        ("dev-stack.compose.yaml", 59, "CF017"),  # no init: true
        ("dev-stack.compose.yaml", 59, "CF018"),  # no logging: json-file unrotated
        ("dev-stack.compose.yaml", 65, "CF017"),  # no init: true
        ("dev-stack.compose.yaml", 65, "CF018"),  # no logging: json-file unrotated
    ],
    # Misread 3: the stage that ships. Only the runtime stage is judged: the trailing `test` stage
    # (FROM build, root, go test) is CI's, not the image that ships.
    "projects/go-api-test-stage": [
        ("Dockerfile", 9, "DF001"),  # stage 'runtime' runs as root
        ("Dockerfile", 9, "DF002"),  # ... and has no HEALTHCHECK, though it EXPOSEs 8080
    ],
    # compose's `target: runtime` is judged; the `test` target of the tests service and the trailing
    # `dev` stage are not. The image's HEALTHCHECK is no compose healthcheck (CF008 says so).
    "projects/node-compose-target": [
        ("compose.yaml", 4, "CF008"),
        ("compose.yaml", 4, "CF017"),  # no init: true
        ("compose.yaml", 4, "CF018"),  # no logging: json-file unrotated
        ("compose.yaml", 25, "CF017"),  # no init: true
        ("compose.yaml", 25, "CF018"),  # no logging: json-file unrotated
        ("compose.yaml", 43, "CF017"),  # no init: true
        ("compose.yaml", 43, "CF018"),  # no logging: json-file unrotated
        ("compose.yaml", 55, "CF017"),  # no init: true
        ("compose.yaml", 55, "CF018"),  # no logging: json-file unrotated
    ],
    # --target production (or `target` in [check]); the trailing development stage is not judged.
    "projects/fastapi-dev-last": [],
    # Misread 4: the build context. api's context is the repository root (compose build.context), whose
    # .dockerignore filters it; worker's context is ./worker, whose .dockerignore lets .env in.
    "projects/monorepo-compose-context": [
        ("compose.yaml", 39, "CF013"),  # image: redis, untagged
        ("worker/.dockerignore", 1, "DI002"),
        ("worker/Dockerfile", 1, "DF002"),
        ("worker/Dockerfile", 4, "DF005"),  # pip in the one stage
        ("compose.yaml", 2, "CF017"),  # no init: true
        ("compose.yaml", 2, "CF018"),  # no logging: json-file unrotated
        ("compose.yaml", 23, "CF017"),  # no init: true
        ("compose.yaml", 23, "CF018"),  # no logging: json-file unrotated
        ("compose.yaml", 38, "CF017"),  # no init: true
        ("compose.yaml", 38, "CF018"),  # no logging: json-file unrotated
    ],
    # docker/Dockerfile copies package.json, yarn.lock, src: the root holds them, and its .dockerignore.
    "projects/node-docker-folder": [],
    # deploy/Dockerfile's sources are at the root, which has no .dockerignore: DI001 names the root.
    "projects/python-docker-folder": [
        ("deploy/Dockerfile", 4, "DI001"),
        ("deploy/Dockerfile", 5, "DF005"),  # pip and poetry in the one stage
    ],
    # Gemfile is in ops/, config/puma.rb at the root: no folder holds both, so no DI001.
    "projects/ruby-split-sources": [
        ("ops/image/Dockerfile", 4, "DF005"),  # bundle install in the one stage
    ],
    # compose builds docker/web.Dockerfile from the root: Docker reads web.Dockerfile.dockerignore
    # beside it, not the root .dockerignore that excludes .env.
    "projects/django-dockerfile-ignore": [
        ("docker/web.Dockerfile.dockerignore", 1, "DI002"),
        ("compose.yaml", 2, "CF017"),  # no init: true
        ("compose.yaml", 2, "CF018"),  # no logging: json-file unrotated
    ],
    # False positives that must stay absent (ABSENT lists them): a here-document word with - or .,
    # ${VAR/a/b} and ${VAR%.*} in FROM, a PGP public key, apt-get purge --auto-remove in the same RUN,
    # FROM scratch CLI and a base image with no command, tini in front of an exec-form CMD.
    "heredoc-words.Dockerfile": [],
    "var-substitution-from.Dockerfile": [],
    "projects/nginx-pgp-key": [],
    "apt-purge.Dockerfile": [],
    "apt-purge-single.Dockerfile": [],
    "scratch-cli.Dockerfile": [],
    "company-base.Dockerfile": [],
    "tini.Dockerfile": [
        ("tini.Dockerfile", 7, "DF005"),  # pip in the one stage
    ],
    "go-private-modules.Dockerfile": [
        ("go-private-modules.Dockerfile", 11, "DF002"),  # GITHUB_TOKEN's build stage does not ship
    ],
    # Misses that must be found.
    "user-quoted-root.Dockerfile": [
        ("user-quoted-root.Dockerfile", 2, "DF001"),  # USER "root"
    ],
    "user-zero.Dockerfile": [
        ("user-zero.Dockerfile", 2, "DF001"),  # USER 0:0
    ],
    "user-arg-uid.Dockerfile": [
        ("user-arg-uid.Dockerfile", 6, "DF005"),
        ("user-arg-uid.Dockerfile", 8, "DF001"),  # USER $UID:$GID with ARG UID=0
    ],
    "wordpress-perms.Dockerfile": [
        ("wordpress-perms.Dockerfile", 3, "DF014"),  # chmod -R 777
    ],
    "deno-install.Dockerfile": [
        ("deno-install.Dockerfile", 5, "DF015"),  # curl ... | sh -s
    ],
    "java-agent.Dockerfile": [
        ("java-agent.Dockerfile", 9, "DF016"),  # ADD https://... without --checksum
    ],
    "final-stage-gcc.Dockerfile": [
        ("final-stage-gcc.Dockerfile", 10, "DF017"),  # gcc, libpq-dev in the final stage
    ],
    "healthcheck-password.Dockerfile": [
        ("healthcheck-password.Dockerfile", 6, "DF018"),  # shell-form curl -u admin:...
        ("healthcheck-password.Dockerfile", 6, "DF021"),  # shell-form HEALTHCHECK (`|| exit 1` keeps it so)
    ],
    "npm-token.Dockerfile": [
        ("npm-token.Dockerfile", 2, "DF019"),  # ARG NPM_TOKEN used by the RUN on line 5
        ("npm-token.Dockerfile", 5, "DF005"),
    ],
    "url-credentials.Dockerfile": [
        ("url-credentials.Dockerfile", 2, "DF020"),  # DATABASE_URL=postgres://strapi:strapi@
        ("url-credentials.Dockerfile", 7, "DF005"),
    ],
    # restart: "no", restart: no and profiles: no CF008; but each runs with no init and unrotated logs.
    "one-shot-jobs.compose.yaml": [
        ("one-shot-jobs.compose.yaml", 2, "CF017"),
        ("one-shot-jobs.compose.yaml", 2, "CF018"),
        ("one-shot-jobs.compose.yaml", 16, "CF017"),
        ("one-shot-jobs.compose.yaml", 16, "CF018"),
        ("one-shot-jobs.compose.yaml", 27, "CF017"),
        ("one-shot-jobs.compose.yaml", 27, "CF018"),
        ("one-shot-jobs.compose.yaml", 38, "CF017"),
        ("one-shot-jobs.compose.yaml", 38, "CF018"),
    ],
    "projects/compose-extends-file": [
        ("compose.yaml", 3, "CF010"),  # extends another file: only CF010, no missing-key findings
        ("compose.yaml", 14, "CF010"),
    ],
    "ports-long-syntax.compose.yaml": [
        ("ports-long-syntax.compose.yaml", 9, "CF006"),  # long syntax without host_ip; with it is fine
        ("ports-long-syntax.compose.yaml", 2, "CF017"),  # no init: true
        ("ports-long-syntax.compose.yaml", 2, "CF018"),  # no logging: json-file unrotated
    ],
    "init-and-logs.compose.yaml": [
        ("init-and-logs.compose.yaml", 24, "CF018"),  # json-file with max-file but no max-size
        ("init-and-logs.compose.yaml", 51, "CF018"),  # max-size: "-1", no limit
    ],
    # A shell-form probe in an image with no shell: it can never run.
    "distroless-healthcheck.Dockerfile": [
        ("distroless-healthcheck.Dockerfile", 11, "DF021"),
    ],
    "wordpress-stack.compose.yaml": [
        ("wordpress-stack.compose.yaml", 1, "CF015"),  # version: '3.9'
        ("wordpress-stack.compose.yaml", 5, "CF013"),  # wordpress:latest
        ("wordpress-stack.compose.yaml", 12, "CF014"),  # WORDPRESS_DB_PASSWORD: wordpress
        ("wordpress-stack.compose.yaml", 18, "CF007"),  # read_only: false
        ("wordpress-stack.compose.yaml", 32, "CF014"),  # MYSQL_PASSWORD=wordpress
        ("wordpress-stack.compose.yaml", 4, "CF017"),  # no init: true
        ("wordpress-stack.compose.yaml", 4, "CF018"),  # no logging: json-file unrotated
        ("wordpress-stack.compose.yaml", 26, "CF017"),  # no init: true
        ("wordpress-stack.compose.yaml", 26, "CF018"),  # no logging: json-file unrotated
    ],
    "monitoring.compose.yaml": [
        ("monitoring.compose.yaml", 2, "CF004"),
        ("monitoring.compose.yaml", 2, "CF005"),
        ("monitoring.compose.yaml", 2, "CF007"),
        ("monitoring.compose.yaml", 3, "CF013"),  # gcr.io/cadvisor/cadvisor, untagged
        ("monitoring.compose.yaml", 4, "CF001"),
        ("monitoring.compose.yaml", 5, "CF012"),  # user: "0"
        ("monitoring.compose.yaml", 9, "CF002"),  # /:/rootfs
        ("monitoring.compose.yaml", 10, "CF002"),  # /var/run holds the engine's socket
        ("monitoring.compose.yaml", 22, "CF009"),  # pid: host
        ("monitoring.compose.yaml", 24, "CF011"),  # cap_add SYS_TIME
        ("monitoring.compose.yaml", 27, "CF002"),
        ("monitoring.compose.yaml", 2, "CF017"),  # no init: true
        ("monitoring.compose.yaml", 2, "CF018"),  # no logging: json-file unrotated
        ("monitoring.compose.yaml", 20, "CF017"),  # no init: true
        ("monitoring.compose.yaml", 20, "CF018"),  # no logging: json-file unrotated
    ],
    # Docker's own compose sample: a dev stack that bind-mounts the source over the image it builds.
    "projects/flask-dev-stack": [
        ("Dockerfile", 1, "DF001"),
        ("Dockerfile", 1, "DF002"),
        ("Dockerfile", 5, "DF005"),  # gcc, musl-dev, linux-headers
        ("Dockerfile", 6, "DI001"),
        ("Dockerfile", 7, "DF009"),
        ("compose.yaml", 2, "CF003"),
        ("compose.yaml", 2, "CF004"),
        ("compose.yaml", 2, "CF005"),
        ("compose.yaml", 2, "CF007"),
        ("compose.yaml", 2, "CF008"),
        ("compose.yaml", 6, "CF006"),
        ("compose.yaml", 8, "CF016"),  # .:/code with build: .
        ("compose.yaml", 10, "CF014"),  # FLASK_SECRET_KEY written out
        ("compose.yaml", 14, "CF003"),
        ("compose.yaml", 14, "CF004"),
        ("compose.yaml", 14, "CF005"),
        ("compose.yaml", 14, "CF007"),
        ("compose.yaml", 14, "CF008"),
        ("compose.yaml", 2, "CF017"),  # no init: true
        ("compose.yaml", 2, "CF018"),  # no logging: json-file unrotated
        ("compose.yaml", 14, "CF017"),  # no init: true
        ("compose.yaml", 14, "CF018"),  # no logging: json-file unrotated
    ],
}

#: Findings ``EXPECTED`` holds that are false: the rule is wrong there, and stays so until it is fixed.
FALSE: dict[str, list[Expected]] = {}

#: What a project case checks, when not its whole folder (paths relative to the project).
PATHS: dict[str, tuple[str, ...]] = {
    "projects/monorepo-compose-context": ("compose.yaml", "services/api/Dockerfile", "worker/Dockerfile"),
    "projects/node-docker-folder": ("docker/Dockerfile",),
    "projects/python-docker-folder": ("deploy/Dockerfile",),
    "projects/ruby-split-sources": ("ops/image/Dockerfile",),
    "projects/django-dockerfile-ignore": ("compose.yaml", "docker/web.Dockerfile"),
}

#: ``--target`` for a case.
TARGETS: dict[str, str] = {"projects/fastapi-dev-last": "production"}


class Absent(NamedTuple):
    """A false positive the check made once and must not make again.

    Attributes:
        file: The file, relative to the case's folder.
        line: The line it was reported at.
        rule: The rule, or ``*`` for no finding of any rule at that line.
        text: Text the line holds, so that the entry cannot drift off the line it is about.
        why: What the check misread.

    """

    file: str
    line: int
    rule: str
    text: str
    why: str


_STAGE = "only the stage that ships is judged, not a CI-only or dev stage after it"
_CONTEXT = "the build context is where the sources are, not the Dockerfile's folder"

ABSENT: dict[str, list[Absent]] = {
    "projects/go-api-test-stage": [Absent("Dockerfile", 15, "DF001", "FROM build AS test", _STAGE)],
    "projects/node-compose-target": [
        Absent("Dockerfile", 21, "DF001", "FROM deps AS test", _STAGE + " (build.target: test is CI's)"),
        Absent("Dockerfile", 25, "DF001", "FROM deps AS dev", _STAGE + " (build.target: runtime)"),
        Absent("Dockerfile", 25, "DF002", "FROM deps AS dev", _STAGE + " (build.target: runtime)"),
        Absent("compose.yaml", 25, "CF008", "migrate:", 'a one-shot service (restart: "no")'),
        Absent("compose.yaml", 43, "CF008", "tests:", "a service under profiles"),
    ],
    "projects/fastapi-dev-last": [
        Absent("Dockerfile", 15, "DF001", "FROM base AS development", _STAGE + " (--target production)"),
        Absent("Dockerfile", 15, "DF002", "FROM base AS development", _STAGE + " (--target production)"),
    ],
    "projects/monorepo-compose-context": [
        Absent("services/api/Dockerfile", 5, "DI001", "COPY services/api/", _CONTEXT + " (build.context: .)"),
    ],
    "projects/node-docker-folder": [
        Absent("docker/Dockerfile", 4, "DI001", "COPY package.json", _CONTEXT + " (the root holds them)"),
    ],
    "projects/ruby-split-sources": [
        Absent("ops/image/Dockerfile", 3, "DI001", "COPY Gemfile", _CONTEXT + ": it cannot be told here"),
    ],
    "heredoc-words.Dockerfile": [
        Absent("heredoc-words.Dockerfile", 3, "*", "COPY <<nginx.conf", "a here-document word with a ."),
        Absent("heredoc-words.Dockerfile", 10, "*", "RUN <<-END-OF-SETUP", "a here-document word with -"),
    ],
    "var-substitution-from.Dockerfile": [
        Absent("var-substitution-from.Dockerfile", 3, "*", "${NODE_VERSION/v/}", "${VAR/a/b} in FROM"),
        Absent("var-substitution-from.Dockerfile", 10, "*", "${PYTHON_VERSION%.*}", "${VAR%.*} in FROM"),
    ],
    "projects/nginx-pgp-key": [
        Absent("Dockerfile", 2, "DF010", "NGINX_GPG_KEY=", "a GPG key id is no secret"),
        Absent("Dockerfile", 3, "DF010", "PUBLIC_KEY_URL=", "a public key's URL is no secret"),
        Absent("Dockerfile", 4, "DF011", "COPY nginx_signing.key", "a PGP public key is no secret"),
    ],
    "apt-purge.Dockerfile": [
        Absent(
            "apt-purge.Dockerfile", 9, "DF017", "RUN apt-get update", "purge --auto-remove in the same RUN"
        ),
    ],
    "apt-purge-single.Dockerfile": [
        Absent(
            "apt-purge-single.Dockerfile", 2, "DF005", "RUN apt-get update", "purge --auto-remove, same RUN"
        ),
    ],
    "scratch-cli.Dockerfile": [
        Absent("scratch-cli.Dockerfile", 8, "DF002", "FROM scratch", "a command-line tool FROM scratch"),
    ],
    "company-base.Dockerfile": [
        Absent("company-base.Dockerfile", 2, "DF002", "FROM eclipse-temurin", "a base image with no command"),
    ],
    "tini.Dockerfile": [
        Absent("tini.Dockerfile", 12, "DF013", 'ENTRYPOINT ["/usr/bin/tini"', "tini is the init"),
        Absent("tini.Dockerfile", 13, "DF013", 'CMD ["gunicorn"', "exec-form CMD under tini"),
    ],
    "one-shot-jobs.compose.yaml": [
        Absent("one-shot-jobs.compose.yaml", 16, "CF008", "migrations:", 'restart: "no"'),
        Absent("one-shot-jobs.compose.yaml", 27, "CF008", "seed:", "restart: no (YAML false)"),
        Absent("one-shot-jobs.compose.yaml", 38, "CF008", "adminer:", "profiles: [tools]"),
    ],
    "projects/compose-extends-file": [
        Absent("compose.yaml", 2, rule, "api:", "extends a service in another file")
        for rule in ("CF003", "CF004", "CF005", "CF007")
    ],
    "wordpress-stack.compose.yaml": [
        Absent(
            "wordpress-stack.compose.yaml",
            33,
            "CF014",
            "MYSQL_RANDOM_ROOT_PASSWORD=1",
            "a switch (make up a root password), not a password",
        ),
    ],
    "init-and-logs.compose.yaml": [
        Absent("init-and-logs.compose.yaml", 13, "CF017", "api:", "its entrypoint is tini"),
        Absent("init-and-logs.compose.yaml", 13, "CF018", "api:", "the local driver rotates"),
        Absent("init-and-logs.compose.yaml", 19, "CF017", "worker:", "init: false on purpose"),
        Absent("init-and-logs.compose.yaml", 28, "CF017", "events:", "s6-overlay's /init"),
        Absent("init-and-logs.compose.yaml", 28, "CF018", "events:", "fluentd keeps the log elsewhere"),
        Absent("init-and-logs.compose.yaml", 36, "CF018", "db:", "json-file by default, with max-size"),
        Absent("init-and-logs.compose.yaml", 41, "CF014", "MARIADB_RANDOM_ROOT", "a switch, not a password"),
        Absent("init-and-logs.compose.yaml", 42, "CF014", "MARIADB_ALLOW_EMPTY", "a switch, not a password"),
        Absent("init-and-logs.compose.yaml", 47, "CF017", "cache:", "init: ${CACHE_INIT:-true} is true"),
    ],
    "ports-long-syntax.compose.yaml": [
        Absent("ports-long-syntax.compose.yaml", 5, "CF006", "target: 3000", "long syntax with host_ip"),
    ],
}
