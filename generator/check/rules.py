"""The rule catalogue: every rule ``scaffold check`` knows, with its id, severity, why and fix.

Ids are stable and never reused: ``DF`` rules read a Dockerfile, ``DI`` rules its .dockerignore, ``CF``
rules a compose file. Severities follow one scale: ``error`` exposes the host or a secret, ``warning`` is
a hardening or robustness gap, ``info`` wastes image size or build time.
"""

from __future__ import annotations

from generator.check.model import Rule

ROOT_USER = Rule(
    id="DF001",
    name="root-user",
    severity="error",
    target="dockerfile",
    summary="the final stage runs as root",
    why=(
        "Anything that takes over the app (a bug, a malicious dependency) gets root in the container: it "
        "can rewrite the image's files and is one kernel or runtime bug away from root on the host."
    ),
    fix=(
        "Add a numeric non-root user at the end of the final stage, after the steps that need root: "
        "`USER 10001:10001`."
    ),
)
NO_HEALTHCHECK = Rule(
    id="DF002",
    name="no-healthcheck",
    severity="warning",
    target="dockerfile",
    summary="the final stage has no HEALTHCHECK",
    why=(
        "Docker then only knows the process exists, not that it answers: a hung app shows as running, "
        "keeps getting traffic and nothing restarts it."
    ),
    fix=(
        "Add an exec-form check to the final stage that uses a program the image has (slim images lack "
        'curl): `HEALTHCHECK --interval=30s --timeout=5s CMD ["python", "healthcheck.py"]`.'
    ),
)
UNPINNED_BASE = Rule(
    id="DF003",
    name="unpinned-base",
    severity="warning",
    target="dockerfile",
    summary="base image uses `latest` or no tag",
    why=(
        "`latest` (what no tag means) moves: the same Dockerfile builds on a different OS or language "
        "version next month and breaks the build or the app with no change on your side."
    ),
    fix="Name a version tag, e.g. `python:3.12-slim`, or pin a digest (`python:3.12-slim@sha256:...`).",
)
FULL_BASE = Rule(
    id="DF004",
    name="full-base",
    severity="warning",
    target="dockerfile",
    summary="the final image is built on a full base where a slim one exists",
    why=(
        "The full image carries compilers, headers and hundreds of packages the app never runs: hundreds "
        "of MB more to pull, and more vulnerabilities for scanners (and attackers) to find."
    ),
    fix=(
        "Use the -slim variant (e.g. `python:3.12-slim`; for a Java JDK, the JRE: `eclipse-temurin:21-jre`) "
        "for the stage that ships; keep the full image in a build stage if you compile there."
    ),
)
SINGLE_STAGE_BUILD_TOOLS = Rule(
    id="DF005",
    name="single-stage-build-tools",
    severity="warning",
    target="dockerfile",
    summary="a single-stage build ships its build tools",
    why=(
        "With one stage, everything used to build (compilers, -dev headers, pip or npm and what they "
        "downloaded) stays in the image that runs: bigger, and tools for an attacker to use."
    ),
    fix=(
        "Install and compile in a build stage (`FROM ... AS build`), then start a slim final stage and "
        "`COPY --from=build` only the result (a virtualenv, node_modules, a binary)."
    ),
)
COPY_BEFORE_INSTALL = Rule(
    id="DF006",
    name="copy-before-install",
    severity="info",
    target="dockerfile",
    summary="the whole build context is copied before the dependency install",
    why=(
        "Docker reuses a cached layer only if nothing before it changed: with all the source copied "
        "first, every code edit reinstalls every dependency."
    ),
    fix=(
        "Copy the dependency manifests first (`COPY requirements.txt ./`), install, and only then `COPY . .`."
    ),
)
APT_RECOMMENDS = Rule(
    id="DF007",
    name="apt-recommends",
    severity="info",
    target="dockerfile",
    summary="apt installs without --no-install-recommends",
    why=(
        "apt also installs every package the requested ones merely recommend: often tens of MB the app "
        "never uses, each one more thing to patch."
    ),
    fix="Write `apt-get install -y --no-install-recommends <packages>`.",
)
PACKAGE_INDEX_LEFT = Rule(
    id="DF008",
    name="package-index-left",
    severity="info",
    target="dockerfile",
    summary="the package index is left in the image",
    why=(
        "`apt-get update` (or apk without --no-cache) downloads package lists into the layer; a later "
        "RUN that deletes them cannot shrink the earlier layer, so they ship."
    ),
    fix=(
        "End the same RUN with `&& rm -rf /var/lib/apt/lists/*` (apk: `apk add --no-cache`), or mount a "
        "BuildKit cache on the index folder."
    ),
)
PACKAGE_CACHE_LEFT = Rule(
    id="DF009",
    name="package-cache-left",
    severity="info",
    target="dockerfile",
    summary="a pip, uv, npm or Yarn download cache is left in the image",
    why=(
        "pip, uv, npm and Yarn keep a copy of every package they download (~/.cache/pip, ~/.cache/uv, "
        "~/.npm, /usr/local/share/.cache/yarn); in the image that copy is dead weight, often as big as the "
        "dependencies themselves."
    ),
    fix=(
        "Use `pip install --no-cache-dir`, `uv ... --no-cache`, `npm ci && npm cache clean --force` or "
        "`yarn install --frozen-lockfile && yarn cache clean`, or keep the cache out of the layer with "
        "`RUN --mount=type=cache,target=/root/.cache/pip`."
    ),
)
SECRET_IN_ENV = Rule(
    id="DF010",
    name="secret-in-env",
    severity="error",
    target="dockerfile",
    summary="a secret-looking value is set in ENV or ARG",
    why=(
        "ENV values are stored in the image config and ARG values in its build history: anyone who can "
        "pull the image reads them with `docker inspect` or `docker history`, and the Dockerfile puts "
        "them in version control."
    ),
    fix=(
        "Pass secrets at run time (compose `secrets:` or an env file) and at build time with "
        "`RUN --mount=type=secret,id=...`; never give them a value in the Dockerfile."
    ),
)
SECRET_FILE_COPIED = Rule(
    id="DF011",
    name="secret-file-copied",
    severity="error",
    target="dockerfile",
    summary="a secret file is copied into the image",
    why=(
        "A copied .env, private key or credentials file stays in its image layer for good, even if a "
        "later step deletes it: anyone with the image can extract it."
    ),
    fix=(
        "Don't copy it: mount it at run time (compose `secrets:`) or at build time with "
        "`RUN --mount=type=secret,id=...`, and list it in .dockerignore."
    ),
)
ADD_INSTEAD_OF_COPY = Rule(
    id="DF012",
    name="add-instead-of-copy",
    severity="info",
    target="dockerfile",
    summary="ADD is used where COPY serves",
    why=(
        "ADD also unpacks archives and fetches URLs, so what it does depends on the file it is given; "
        "COPY does only what it says."
    ),
    fix="Use COPY for local files; keep ADD for a URL (with --checksum) or an archive you want unpacked.",
)
SHELL_FORM_COMMAND = Rule(
    id="DF013",
    name="shell-form-command",
    severity="warning",
    target="dockerfile",
    summary="CMD or ENTRYPOINT is in shell form",
    why=(
        'The shell form runs `/bin/sh -c "..."`: the shell is PID 1 and does not pass SIGTERM on, so '
        "`docker stop` waits 10 s and kills the app with no clean shutdown (and an image without a "
        "shell cannot start it at all)."
    ),
    fix='Write it as a JSON array of strings: `CMD ["python", "app.py"]`.',
)
NO_DOCKERIGNORE = Rule(
    id="DI001",
    name="no-dockerignore",
    severity="warning",
    target="dockerignore",
    summary="no .dockerignore next to the Dockerfile",
    why=(
        "Without one the whole folder (.git, .env, virtualenvs, node_modules) is sent to the builder on "
        "every build, and `COPY . .` puts all of it in the image."
    ),
    fix=(
        "Add a .dockerignore next to the Dockerfile listing at least .git, .env, .venv, node_modules and "
        "build output."
    ),
)
DOCKERIGNORE_LETS_ENV_IN = Rule(
    id="DI002",
    name="dockerignore-lets-env-in",
    severity="error",
    target="dockerignore",
    summary=".dockerignore does not exclude .env",
    why=(
        ".env files hold passwords and API keys; if the build context includes them, `COPY . .` bakes "
        "them into an image layer for anyone who pulls the image."
    ),
    fix="Add `.env` and `.env.*` to .dockerignore, and no later `!` line that lets them back in.",
)
DOCKERIGNORE_LETS_GIT_IN = Rule(
    id="DI003",
    name="dockerignore-lets-git-in",
    severity="warning",
    target="dockerignore",
    summary=".dockerignore does not exclude .git",
    why=(
        ".git holds the whole history, including secrets committed once and deleted since, and "
        "`COPY . .` ships it; it also changes on every commit, which defeats the build cache."
    ),
    fix="Add `.git` to .dockerignore.",
)
PRIVILEGED = Rule(
    id="CF001",
    name="privileged",
    severity="error",
    target="compose",
    summary="the service runs privileged",
    why=(
        "A privileged container gets every capability and every host device: root inside it can mount "
        "the host's disks and take over the host."
    ),
    fix=(
        "Remove `privileged: true`; grant only the one capability (`cap_add`) or device (`devices`) the "
        "service needs."
    ),
)
HOST_MOUNT = Rule(
    id="CF002",
    name="host-mount",
    severity="error",
    target="compose",
    summary="the Docker socket or the host's root is mounted",
    why=(
        "Whoever reaches the Docker socket can start a privileged container, so is root on the host; "
        "mounting `/` hands over the host's whole filesystem."
    ),
    fix=(
        "Remove the mount; if a tool must talk to Docker, put a socket proxy in between that allows only "
        "the API calls it needs."
    ),
)
NO_RESOURCE_LIMITS = Rule(
    id="CF003",
    name="no-resource-limits",
    severity="warning",
    target="compose",
    summary="memory, CPU or process limits are missing",
    why=(
        "Without limits one leaking or runaway container can take all the host's memory, CPU or process "
        "slots (a fork bomb) and bring down everything else on it."
    ),
    fix=(
        "Set `deploy.resources.limits` with `memory`, `cpus` and `pids` (or `mem_limit`, `cpus` and "
        "`pids_limit`)."
    ),
)
NO_CAP_DROP = Rule(
    id="CF004",
    name="no-cap-drop",
    severity="warning",
    target="compose",
    summary="Linux capabilities are not dropped",
    why=(
        "Containers start with over a dozen root capabilities (change any file's owner, raw sockets, "
        "bind low ports) that most apps never use and an attacker can."
    ),
    fix="Add `cap_drop: [ALL]`, then `cap_add` back only what the service needs (e.g. NET_BIND_SERVICE).",
)
NO_NEW_PRIVILEGES = Rule(
    id="CF005",
    name="no-new-privileges",
    severity="warning",
    target="compose",
    summary="no-new-privileges is not set",
    why=(
        "Without it a process can gain privileges through a setuid program in the image (su, sudo, "
        "mount), undoing the non-root user."
    ),
    fix='Add `security_opt: ["no-new-privileges:true"]`.',
)
PORT_ALL_INTERFACES = Rule(
    id="CF006",
    name="port-all-interfaces",
    severity="warning",
    target="compose",
    summary="a port is published on all interfaces",
    why=(
        "A port with no host address listens on every interface of the host, so anyone on the network "
        "can reach it; Docker's own firewall rules bypass host firewalls such as ufw."
    ),
    fix=(
        'Bind it to loopback, `"127.0.0.1:8000:8000"`, and put a reverse proxy in front for traffic that '
        "must come from outside."
    ),
)
WRITABLE_ROOT_FS = Rule(
    id="CF007",
    name="writable-root-fs",
    severity="warning",
    target="compose",
    summary="the root filesystem is writable",
    why=(
        "A writable root filesystem lets an attacker, or a bug, change the app's code and leave tools "
        "behind in the container."
    ),
    fix=("Set `read_only: true` and give the few paths the app writes a `tmpfs` (e.g. `/tmp`) or a volume."),
)
NO_COMPOSE_HEALTHCHECK = Rule(
    id="CF008",
    name="no-healthcheck",
    severity="warning",
    target="compose",
    summary="the service has no health check",
    why=(
        "compose then cannot tell a hung service from a working one: `docker compose ps` shows it up, "
        "and `up --wait` and `depends_on: condition: service_healthy` have nothing to wait for."
    ),
    fix=(
        "Add a `healthcheck:` with `test`, `interval`, `timeout` and `retries`; if the image has a "
        "HEALTHCHECK, a `healthcheck:` with only the timings keeps its test."
    ),
)
HOST_NAMESPACE = Rule(
    id="CF009",
    name="host-namespace",
    severity="error",
    target="compose",
    summary="the service shares a host namespace",
    why=(
        "`network_mode: host` removes network isolation: the service binds every host interface and "
        "reaches what listens only on the host's localhost (`pid`/`ipc: host` expose host processes "
        "and shared memory alike)."
    ),
    fix='Remove it and publish only the ports the service needs: `ports: ["127.0.0.1:8000:8000"]`.',
)

#: Every rule, in id order.
RULES: tuple[Rule, ...] = (
    ROOT_USER,
    NO_HEALTHCHECK,
    UNPINNED_BASE,
    FULL_BASE,
    SINGLE_STAGE_BUILD_TOOLS,
    COPY_BEFORE_INSTALL,
    APT_RECOMMENDS,
    PACKAGE_INDEX_LEFT,
    PACKAGE_CACHE_LEFT,
    SECRET_IN_ENV,
    SECRET_FILE_COPIED,
    ADD_INSTEAD_OF_COPY,
    SHELL_FORM_COMMAND,
    NO_DOCKERIGNORE,
    DOCKERIGNORE_LETS_ENV_IN,
    DOCKERIGNORE_LETS_GIT_IN,
    PRIVILEGED,
    HOST_MOUNT,
    NO_RESOURCE_LIMITS,
    NO_CAP_DROP,
    NO_NEW_PRIVILEGES,
    PORT_ALL_INTERFACES,
    WRITABLE_ROOT_FS,
    NO_COMPOSE_HEALTHCHECK,
    HOST_NAMESPACE,
)
