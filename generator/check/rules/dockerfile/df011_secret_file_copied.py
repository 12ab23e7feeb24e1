"""DF011 secret-file-copied: a secret file is copied into the image."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from generator.check.dockerfile_syntax import Dockerfile
from generator.check.model import Hit, Rule
from generator.check.source import InputError, read_source, real_path

_SECRET_FILE = re.compile(
    r"^(\.env(\..+)?|.+\.env|.+\.(key|pem|p12|pfx)|id_(rsa|dsa|ecdsa|ed25519)|\.netrc|\.pypirc"
    r"|\.git-credentials|credentials(\.json)?|\.ssh|\.aws)$",
    re.IGNORECASE,
)
_ENV_TEMPLATE = re.compile(r"^\.env\.(example|sample|template|dist|defaults?)$", re.IGNORECASE)
# The first line of a public key or a certificate in PEM or ASCII-armoured form: nothing secret in it.
_PUBLIC_BLOCK = re.compile(
    r"^-----BEGIN (PGP PUBLIC KEY BLOCK|PUBLIC KEY|RSA PUBLIC KEY|CERTIFICATE|TRUSTED CERTIFICATE)-----$"
)
_GLOB = re.compile(r"[*?\[]")


def _check(dockerfile: Dockerfile) -> Iterator[Hit]:
    context = dockerfile.context or dockerfile.path.parent
    for stage in dockerfile.stages:
        for instruction in stage.of("COPY", "ADD"):
            if not instruction.copies_from_context():
                continue
            secrets = [
                source
                for source in instruction.sources()
                if _secret_file(_basename(source)) and not _public_key(context, source)
            ]
            if secrets:
                yield Hit(
                    instruction.line,
                    f"{instruction.keyword} puts {', '.join(secrets)} into the image",
                )


def _secret_file(name: str) -> bool:
    if not _SECRET_FILE.match(name) or _ENV_TEMPLATE.match(name):
        return False
    stem, _, suffix = name.lower().rpartition(".")
    # Certificates and CA bundles are public, even in .pem files; private keys are the secret.
    return not (
        suffix == "pem" and (stem.endswith("ca") or any(w in stem for w in ("cert", "chain", "bundle")))
    )


def _public_key(context: Path, source: str) -> bool:
    """Tell whether ``source`` is, in the build context, a public key or certificate (by its text).

    A `.key` or `.pem` copied for `gpg --verify` or `gpg --import` is often a public key. The file is
    read only when it lies inside the folder (symlinks followed), is a regular file and is UTF-8 text;
    any other case says no, and the file is reported.
    """
    if _GLOB.search(source) or "$" in source:
        return False
    candidate = context / source.lstrip("/")
    try:
        if not real_path(candidate).is_relative_to(real_path(context)) or not candidate.is_file():
            return False
        text = read_source(candidate, folder=context).text
    except (InputError, OSError):
        return False
    first = text.lstrip().split("\n", 1)[0].strip()
    return bool(_PUBLIC_BLOCK.match(first))


def _basename(source: str) -> str:
    return Path(source.rstrip("/")).name or source


BAD = """\
FROM python:3.12-slim
COPY .env app.py /app/
"""
GOOD = """\
FROM python:3.12-slim
# The environment comes at run time: docker run --env-file .env, or compose's env_file.
COPY app.py /app/
"""

RULE = Rule(
    id="DF011",
    name="secret-file-copied",
    severity="error",
    target="dockerfile",
    title="a secret file is copied into the image",
    why=(
        "A copied .env, private key or credentials file stays in its image layer for good, even if a "
        "later step deletes it: anyone with the image can extract it."
    ),
    fix=(
        "Don't copy it: mount it at run time (compose `secrets:`) or at build time with "
        "`RUN --mount=type=secret,id=...`, and list it in .dockerignore."
    ),
    reported=(
        "a `COPY` or `ADD` from the build context of `.env` or `.env.*` (not `.env.example`, "
        "`.env.sample`, `.env.template`, `.env.dist`), `*.env`, `*.key`, `*.p12`, `*.pfx`, a `*.pem` that "
        "is not a certificate or CA bundle (`cert`, `chain`, `bundle` or a `ca` ending in its name), "
        "`id_rsa`, `id_dsa`, `id_ecdsa`, `id_ed25519`, `.netrc`, `.pypirc`, `.git-credentials`, "
        "`credentials`, `credentials.json`, `.ssh` or `.aws`. A file found in the build context "
        "whose text starts with a public key or certificate (`-----BEGIN PGP PUBLIC KEY BLOCK-----`, "
        "`-----BEGIN PUBLIC KEY-----`, `-----BEGIN CERTIFICATE-----`) is not reported: it is no secret."
    ),
    related="none",
    bad={"Dockerfile": BAD},
    good={"Dockerfile": GOOD},
    reads=Dockerfile,
    check=_check,
)
