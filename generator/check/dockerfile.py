"""The Dockerfile rules (``DF``): each reads the parsed stages and yields findings.

Rules about what ships (user, health check, base, shell form, caches) read the final stage and the
stages it is built ``FROM``, whose layers it inherits; a build stage that is only copied from
(``COPY --from``) does not ship, so its apt lists or pip cache are not reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from itertools import pairwise
from pathlib import Path

from generator.check import rules
from generator.check.dockerfile_syntax import Dockerfile, Instruction, Stage, arg_pairs, env_pairs
from generator.check.images import parse_image, slim_variant
from generator.check.model import Finding, Rule
from generator.check.packages import build_packages, cache_left, installer
from generator.check.shell import Command, commands, exec_command
from generator.check.variables import expand

_WHOLE_CONTEXT = frozenset({".", "./", "*", "./*"})
_SECRET_WORDS = frozenset({"PASSWORD", "PASSWD", "PASSPHRASE", "SECRET", "TOKEN", "APIKEY"})
_SECRET_PAIRS = frozenset({("API", "KEY"), ("PRIVATE", "KEY"), ("ACCESS", "KEY"), ("SECRET", "KEY")})
# A variable that names where a secret is (DB_PASSWORD_FILE=/run/secrets/db) holds no secret itself.
_REFERENCE_SUFFIXES = frozenset({"FILE", "PATH", "DIR", "URL", "ENDPOINT"})
_SECRET_FILE = re.compile(
    r"^(\.env(\..+)?|.+\.env|.+\.(key|pem|p12|pfx)|id_(rsa|dsa|ecdsa|ed25519)|\.netrc|\.pypirc"
    r"|\.git-credentials|credentials(\.json)?|\.ssh|\.aws)$",
    re.IGNORECASE,
)
_ENV_TEMPLATE = re.compile(r"^\.env\.(example|sample|template|dist|defaults?)$", re.IGNORECASE)
_ARCHIVE = re.compile(r"\.(tar|tgz|tbz2?|txz|tzst|tar\.(gz|bz2|xz|zst))$", re.IGNORECASE)
_SHELLS = frozenset({"sh", "bash", "dash", "ash", "zsh"})


def check_dockerfile(dockerfile: Dockerfile) -> list[Finding]:
    """Run every Dockerfile rule.

    Args:
        dockerfile: The parsed Dockerfile.

    Returns:
        The findings, in rule order.

    """
    checks: tuple[Callable[[Dockerfile], Iterator[Finding]], ...] = (
        _root_user,
        _no_healthcheck,
        _unpinned_base,
        _full_base,
        _single_stage_build_tools,
        _copy_before_install,
        _apt_recommends,
        _package_index_left,
        _package_cache_left,
        _secret_in_env,
        _secret_file_copied,
        _add_instead_of_copy,
        _shell_form_command,
    )
    return [finding for check in checks for finding in check(dockerfile)]


def _root_user(dockerfile: Dockerfile) -> Iterator[Finding]:
    lineage = dockerfile.lineage(dockerfile.final)
    users = [instruction for stage in lineage for instruction in stage.of("USER")]
    if not users:
        root = parse_image(lineage[0].image) if lineage[0].image else None
        if root is not None and root.tag is not None and "nonroot" in root.tag:
            return  # distroless :nonroot and the like set a non-root user themselves
        yield _finding(
            rules.ROOT_USER,
            dockerfile,
            dockerfile.final.line,
            "no USER instruction: the final stage runs as root",
        )
        return
    last = users[-1]
    user = expand(last.args.split(":", 1)[0].strip(), _variables(dockerfile, lineage))
    if user in {"root", "0"}:
        yield _finding(
            rules.ROOT_USER, dockerfile, last.line, f"USER {last.args} runs the final stage as root"
        )


def _no_healthcheck(dockerfile: Dockerfile) -> Iterator[Finding]:
    lineage = dockerfile.lineage(dockerfile.final)
    checks = [instruction for stage in lineage for instruction in stage.of("HEALTHCHECK")]
    if not checks:
        yield _finding(
            rules.NO_HEALTHCHECK, dockerfile, dockerfile.final.line, "the final stage has no HEALTHCHECK"
        )
    elif checks[-1].args.strip().upper() == "NONE":
        yield _finding(
            rules.NO_HEALTHCHECK,
            dockerfile,
            checks[-1].line,
            "HEALTHCHECK NONE switches the health check off in the final stage",
        )


def _unpinned_base(dockerfile: Dockerfile) -> Iterator[Finding]:
    for stage, reference in _external_stages(dockerfile):
        image = parse_image(reference)
        if not image.floating:
            continue
        message = (
            f"{reference} has no tag, so it builds on whatever `latest` is that day"
            if image.tag is None
            else f"{reference} follows the moving `latest` tag"
        )
        yield _finding(rules.UNPINNED_BASE, dockerfile, stage.line, message)


def _full_base(dockerfile: Dockerfile) -> Iterator[Finding]:
    root = dockerfile.lineage(dockerfile.final)[0]
    if root.image is None or root.parent is not None:
        return
    slim = slim_variant(parse_image(root.image))
    if slim is not None:
        yield _finding(
            rules.FULL_BASE,
            dockerfile,
            root.line,
            f"the final image is built on {root.image}, the full image; {slim} has the same runtime "
            "without the compilers and extra packages",
        )


def _single_stage_build_tools(dockerfile: Dockerfile) -> Iterator[Finding]:
    if len(dockerfile.stages) != 1:
        return
    for run in dockerfile.final.of("RUN"):
        for command in _run_commands(run):
            packages = build_packages(command)
            tool = installer(command)
            if packages or tool:
                what = ", ".join(packages) if packages else f"packages with {tool}"
                yield _finding(
                    rules.SINGLE_STAGE_BUILD_TOOLS,
                    dockerfile,
                    run.line,
                    f"single-stage build installs {what}: the tools stay in the image that runs",
                )
                return


def _copy_before_install(dockerfile: Dockerfile) -> Iterator[Finding]:
    for stage in dockerfile.stages:
        whole_copy: Instruction | None = None
        for instruction in stage.instructions:
            if (
                whole_copy is None
                and instruction.copies_from_context()
                and _WHOLE_CONTEXT.intersection(instruction.sources())
            ):
                whole_copy = instruction
            elif instruction.keyword == "RUN":
                tools = [installer(command, dependencies_only=True) for command in _run_commands(instruction)]
                tool = next((tool for tool in tools if tool), None)
                if tool is None:
                    continue
                if whole_copy is not None:
                    yield _finding(
                        rules.COPY_BEFORE_INSTALL,
                        dockerfile,
                        whole_copy.line,
                        f"{whole_copy.keyword} {whole_copy.args} comes before the {tool} install on line "
                        f"{instruction.line}: every code change reinstalls the dependencies",
                    )
                break  # the dependencies were installed before the source arrived


def _apt_recommends(dockerfile: Dockerfile) -> Iterator[Finding]:
    for run in _shipped_runs(dockerfile):
        for command in _run_commands(run):
            if _installs_recommends(command):
                yield _finding(
                    rules.APT_RECOMMENDS,
                    dockerfile,
                    run.line,
                    f"{command.program} install without --no-install-recommends also installs every "
                    "recommended package",
                )
                break


def _installs_recommends(command: Command) -> bool:
    if command.program not in {"apt-get", "apt"} or command.subcommand() != "install":
        return False
    return not (
        command.has("--no-install-recommends")
        or any(re.search(r"Install-Recommends=(false|0)", word) for word in command.argv)
    )


def _package_index_left(dockerfile: Dockerfile) -> Iterator[Finding]:
    for run in _shipped_runs(dockerfile):
        run_commands = _run_commands(run)
        removed = [word for command in run_commands if command.program == "rm" for word in command.operands()]
        mounts = _cache_mounts(run)
        for command in run_commands:
            if command.program in {"apt-get", "apt"} and command.subcommand() == "update":
                cleaned = any(path.startswith("/var/lib/apt") for path in [*removed, *mounts])
                message = f"{command.program} update without rm -rf /var/lib/apt/lists/* in the same RUN"
            elif command.program == "apk" and command.subcommand() in {"add", "update"}:
                cleaned = command.has("--no-cache") or any(
                    path.startswith("/var/cache/apk") for path in [*removed, *mounts]
                )
                message = f"apk {command.subcommand()} without --no-cache"
            else:
                continue
            if not cleaned:
                yield _finding(
                    rules.PACKAGE_INDEX_LEFT,
                    dockerfile,
                    run.line,
                    f"{message} leaves the package index in the layer",
                )
                break


def _package_cache_left(dockerfile: Dockerfile) -> Iterator[Finding]:
    env: dict[str, str] = dict(dockerfile.global_args)
    for stage in dockerfile.lineage(dockerfile.final):
        for instruction in stage.instructions:
            if instruction.keyword == "ENV":
                env.update(env_pairs(instruction))
            if instruction.keyword != "RUN":
                continue
            left = cache_left(_run_commands(instruction), cache_mounts=_cache_mounts(instruction), env=env)
            if left:
                yield _finding(
                    rules.PACKAGE_CACHE_LEFT,
                    dockerfile,
                    instruction.line,
                    f"{' and '.join(left)} install keeps its download cache in the image (no "
                    "no-cache option, cache clean-up or cache mount)",
                )


def _secret_in_env(dockerfile: Dockerfile) -> Iterator[Finding]:
    instructions = [*dockerfile.preamble, *(i for stage in dockerfile.stages for i in stage.of("ENV", "ARG"))]
    for instruction in instructions:
        pairs = env_pairs(instruction) if instruction.keyword == "ENV" else arg_pairs(instruction)
        for name, value in pairs:
            if value and _secret_name(name):
                yield _finding(
                    rules.SECRET_IN_ENV,
                    dockerfile,
                    instruction.line,
                    f"{instruction.keyword} {name} gives a secret-looking variable a value in the Dockerfile",
                )


def _secret_file_copied(dockerfile: Dockerfile) -> Iterator[Finding]:
    for stage in dockerfile.stages:
        for instruction in stage.of("COPY", "ADD"):
            if not instruction.copies_from_context():
                continue
            secrets = [source for source in instruction.sources() if _secret_file(_basename(source))]
            if secrets:
                yield _finding(
                    rules.SECRET_FILE_COPIED,
                    dockerfile,
                    instruction.line,
                    f"{instruction.keyword} puts {', '.join(secrets)} into the image",
                )


def _add_instead_of_copy(dockerfile: Dockerfile) -> Iterator[Finding]:
    for stage in dockerfile.stages:
        for add in stage.of("ADD"):
            sources = add.words()[:-1]
            if add.flag("from") is None and sources and not any(_remote_or_archive(s) for s in sources):
                yield _finding(
                    rules.ADD_INSTEAD_OF_COPY,
                    dockerfile,
                    add.line,
                    f"ADD {' '.join(sources)} copies local files: COPY does the same, without ADD's "
                    "unpacking and downloading",
                )


def _shell_form_command(dockerfile: Dockerfile) -> Iterator[Finding]:
    lineage = dockerfile.lineage(dockerfile.final)
    for keyword in ("ENTRYPOINT", "CMD"):
        found = [instruction for stage in lineage for instruction in stage.of(keyword)]
        if not found or found[-1].exec_form() is not None:
            continue
        last = found[-1]
        shown = last.args if len(last.args) <= 60 else last.args[:57] + "..."
        reason = (
            "is not a valid JSON array (double quotes only), so Docker runs it in shell form"
            if last.looks_like_json()
            else "is in shell form"
        )
        yield _finding(
            rules.SHELL_FORM_COMMAND,
            dockerfile,
            last.line,
            f"{keyword} {shown} {reason}: /bin/sh is PID 1 and the app never gets SIGTERM",
        )


def _finding(rule: Rule, dockerfile: Dockerfile, line: int, message: str) -> Finding:
    return Finding(rule=rule, file=dockerfile.path, line=line, message=message)


def _external_stages(dockerfile: Dockerfile) -> Iterator[tuple[Stage, str]]:
    """Yield the stages built on a registry image (not an earlier stage, not ``scratch``) and the image."""
    for stage in dockerfile.stages:
        if stage.parent is None and stage.image is not None and stage.image.lower() != "scratch":
            yield stage, stage.image


def _shipped_runs(dockerfile: Dockerfile) -> Iterator[Instruction]:
    for stage in dockerfile.lineage(dockerfile.final):
        yield from stage.of("RUN")


def _run_commands(run: Instruction) -> list[Command]:
    """Read a ``RUN``'s commands: exec form, shell form, and here-document scripts."""
    argv = run.exec_form()
    if argv is not None:
        return exec_command(argv)
    found = commands(run.args)
    head = re.sub(r"<<-?[\"']?\w+[\"']?", "", run.args).split()
    for body in run.heredocs:
        # `RUN <<EOF` and `RUN bash <<EOF` run the body as a script; `RUN python <<EOF` feeds it to Python.
        if (not head or head[0].rsplit("/", 1)[-1] in _SHELLS) and not _foreign_shebang(body):
            found.extend(commands(body))
    return found


def _foreign_shebang(body: str) -> bool:
    first = body.lstrip().split("\n", 1)[0]
    return first.startswith("#!") and not any(shell in first.split("/")[-1].split() for shell in _SHELLS)


def _cache_mounts(run: Instruction) -> list[str]:
    """Return the targets of a ``RUN``'s cache and tmpfs mounts: nothing written there reaches the layer."""
    targets = []
    for mount in run.flag_values("mount"):
        options = dict(part.partition("=")[::2] for part in mount.split(","))
        if options.get("type", "bind") in {"cache", "tmpfs"}:
            target = options.get("target") or options.get("dst") or options.get("destination")
            if target:
                targets.append(target)
    return targets


def _variables(dockerfile: Dockerfile, lineage: list[Stage]) -> dict[str, str]:
    """The ARG defaults and ENV values the lineage sets, for substituting into USER."""
    values = dict(dockerfile.global_args)
    for stage in lineage:
        for instruction in stage.of("ARG", "ENV"):
            if instruction.keyword == "ENV":
                values.update(env_pairs(instruction))
            else:
                values.update({name: value for name, value in arg_pairs(instruction) if value is not None})
    return values


def _secret_name(name: str) -> bool:
    parts = [part for part in re.split(r"[_.-]", name.upper()) if part]
    if not parts or parts[-1] in _REFERENCE_SUFFIXES:
        return False
    return bool(_SECRET_WORDS.intersection(parts)) or any(pair in _SECRET_PAIRS for pair in pairwise(parts))


def _secret_file(name: str) -> bool:
    if not _SECRET_FILE.match(name) or _ENV_TEMPLATE.match(name):
        return False
    stem, _, suffix = name.lower().rpartition(".")
    # Certificates and CA bundles are public, even in .pem files; private keys are the secret.
    return not (
        suffix == "pem" and (stem.endswith("ca") or any(w in stem for w in ("cert", "chain", "bundle")))
    )


def _basename(source: str) -> str:
    return Path(source.rstrip("/")).name or source


def _remote_or_archive(source: str) -> bool:
    return bool(re.match(r"^([a-z][a-z0-9+.-]*://|git@)", source, re.IGNORECASE) or _ARCHIVE.search(source))
