"""``scaffold check --fix``: each rule's fix, what it leaves alone, and that it is safe to run twice."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from generator.check.model import Rule
from generator.check.registry import all_rules
from generator.commands.check import check, settings
from generator.commands.check_fix import FixResult, fix, plan

from ..conftest import Invoke

CORPUS = Path(__file__).resolve().parent / "corpus"
FIXABLE = [rule for rule in all_rules() if rule.autofix is not None]
# DF001's good example sets a USER with no user created: the fix only uses a user the Dockerfile creates.
EXAMPLE_FIXES = [rule for rule in FIXABLE if rule.id != "DF001"]


def _write(folder: Path, files: dict[str, str]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_bytes(text.encode("utf-8"))
    return [folder / name for name in files]


def _fixed(tmp_path: Path, name: str, text: str) -> str:
    """Fix one file in a folder of its own and return its new text."""
    [path] = _write(tmp_path / "case", {name: text})
    fix([path])
    return path.read_text(encoding="utf-8")


def _rule_ids(paths: list[Path]) -> list[str]:
    return [finding.rule.id for finding in check(paths).findings if not finding.suppressed]


def test_the_fixable_rules_are_the_ones_the_docs_promise() -> None:
    assert [rule.id for rule in FIXABLE] == [
        "DF001", "DF007", "DF008", "DF012", "DF013", "DF021",
        "CF003", "CF004", "CF005", "CF006", "CF007", "CF017", "CF018",
    ]  # fmt: skip


@pytest.mark.parametrize("rule", EXAMPLE_FIXES, ids=lambda rule: rule.id)
def test_fixing_the_bad_example_gives_the_good_one(rule: Rule[Any], tmp_path: Path) -> None:
    paths = _write(tmp_path, dict(rule.bad))
    assert rule.id in _rule_ids(paths)
    # The examples break other rules too (compose ones lack every hardening key): fix only this one.
    outcome = fix(paths, selection=settings(start=tmp_path, select=rule.id).selection)
    for path in paths:
        assert path.read_text(encoding="utf-8") == rule.good[path.name]
    assert rule.id not in _rule_ids(paths)
    assert {finding.rule.id for change in outcome.changes for finding in change.fixed} == {rule.id}


def _corpus_files(folder: Path) -> list[Path]:
    """The corpus files ``fix`` is run over: every Dockerfile and compose file in ``folder``."""
    return sorted(p for p in folder.iterdir() if not p.name.endswith(".dockerignore"))


class _FixedCorpus(NamedTuple):
    """A copy of the corpus after one ``fix`` over it."""

    #: The fixed copy, which no test changes.
    folder: Path
    #: Each file's text before the fix.
    before: dict[Path, str]
    outcome: FixResult


@pytest.fixture(scope="module")
def fixed_corpus(tmp_path_factory: pytest.TempPathFactory) -> _FixedCorpus:
    """The corpus copied and fixed once for the module's tests, which read it and change only copies."""
    folder = tmp_path_factory.mktemp("fixed-corpus") / "corpus"
    shutil.copytree(CORPUS, folder)
    paths = _corpus_files(folder)
    before = {path: path.read_text(encoding="utf-8") for path in paths}
    return _FixedCorpus(folder, before, fix(paths))


def test_the_corpus_is_fixed_once_and_a_second_run_changes_nothing(
    fixed_corpus: _FixedCorpus, tmp_path: Path
) -> None:
    before, first = fixed_corpus.before, fixed_corpus.outcome
    assert first.changes, "the corpus has fixable findings"
    for change in first.changes:
        left = {(f.rule.id, f.message) for f in first.after.findings if f.file == change.path}
        for finding in change.fixed:
            assert (finding.rule.id, finding.message) not in left
        # Nothing a fix did not mean to touch goes: every comment line and blank line stays, in order.
        kept = [
            line for line in before[change.path].splitlines() if not line.strip() or line.lstrip()[0] == "#"
        ]
        now = iter(change.path.read_text(encoding="utf-8").splitlines())
        assert all(any(line == later for later in now) for line in kept)
    # Idempotent: the fixed corpus (a copy of this test's own) has nothing more to fix and its text
    # does not move.
    shutil.copytree(fixed_corpus.folder, tmp_path / "corpus")
    paths = _corpus_files(tmp_path / "corpus")
    assert [path.name for path in paths] == [path.name for path in before]
    fixed_text = {path: path.read_text(encoding="utf-8") for path in paths}
    again = fix(paths)
    assert again.changes == ()
    assert {path: path.read_text(encoding="utf-8") for path in paths} == fixed_text


def test_fixing_adds_no_finding_to_any_corpus_file(fixed_corpus: _FixedCorpus) -> None:
    outcome = fixed_corpus.outcome
    before = {(f.file.name, f.rule.id, f.message) for f in outcome.before.findings}
    after = {(f.file.name, f.rule.id, f.message) for f in outcome.after.findings}
    assert after <= before
    assert len(after) < len(before)


# ---- Dockerfile fixes -----------------------------------------------------------------------------


def test_exec_form_keeps_everything_around_it_byte_for_byte(tmp_path: Path) -> None:
    text = (
        "# syntax=docker/dockerfile:1\n"
        "FROM python:3.12-slim AS app   \n"
        "\n"
        "# install\n"
        "RUN <<EOF\n"
        "pip install flask  # keep\n"
        "EOF\n"
        "RUN echo a \\\n"
        "    && echo b\n"
        "cmd  python  -m app\n"
        "# trailing comment\n"
    )
    assert _fixed(tmp_path, "Dockerfile", text) == text.replace(
        "cmd  python  -m app\n", 'cmd ["python", "-m", "app"]\n'
    )


def test_exec_form_joins_continuation_lines(tmp_path: Path) -> None:
    text = "FROM python:3.12-slim\nCMD gunicorn \\\n    app:app \\\n    --workers 2\n"
    assert _fixed(tmp_path, "Dockerfile", text) == (
        'FROM python:3.12-slim\nCMD ["gunicorn", "app:app", "--workers", "2"]\n'
    )


@pytest.mark.parametrize(
    "command",
    [
        "python app.py $PORT",
        "python app.py ${PORT}",
        "python app.py && echo done",
        "python app.py | tee log",
        "python app.py > /tmp/log",
        "python *.py",
        'python -c "print(1)"',
        "PORT=8000 python app.py",
        "exec python app.py",
        "cd /app; python app.py",
        "python app.py \\\n    # a comment inside\n    --debug",
    ],
)
def test_shell_syntax_keeps_the_shell_form(command: str, tmp_path: Path) -> None:
    text = f"FROM python:3.12-slim\nCMD {command}\n"
    assert _fixed(tmp_path, "Dockerfile", text) == text


def test_a_single_quoted_array_becomes_json(tmp_path: Path) -> None:
    text = "FROM python:3.12-slim\nCMD ['gunicorn', 'app:app']\n"
    assert _fixed(tmp_path, "Dockerfile", text) == 'FROM python:3.12-slim\nCMD ["gunicorn", "app:app"]\n'


def test_a_shell_form_entrypoint_is_left_when_there_is_a_cmd(tmp_path: Path) -> None:
    # In exec form the CMD would become the entrypoint's arguments.
    text = 'FROM python:3.12-slim\nENTRYPOINT python app.py\nCMD ["--debug"]\n'
    assert _fixed(tmp_path, "Dockerfile", text) == text
    alone = "FROM python:3.12-slim\nENTRYPOINT python app.py\n"
    assert _fixed(tmp_path, "Dockerfile", alone) == 'FROM python:3.12-slim\nENTRYPOINT ["python", "app.py"]\n'


def test_apt_fixes_keep_the_layout_of_the_run(tmp_path: Path) -> None:
    text = (
        "FROM debian:12-slim\n"
        "RUN apt-get update \\\n"
        "  && apt-get install -y curl \\\n"
        "  && apt-get -qq install ca-certificates\n"
    )
    assert _fixed(tmp_path, "Dockerfile", text) == (
        "FROM debian:12-slim\n"
        "RUN apt-get update \\\n"
        "  && apt-get install -y --no-install-recommends curl \\\n"
        "  && apt-get -qq install --no-install-recommends ca-certificates \\\n"
        "  && rm -rf /var/lib/apt/lists/*\n"
    )


def test_apk_index_is_removed_in_the_same_run(tmp_path: Path) -> None:
    text = "FROM alpine:3.20\nRUN apk update && apk add curl\nUSER 10001\n"
    assert _fixed(tmp_path, "Dockerfile", text) == (
        "FROM alpine:3.20\nRUN apk update && apk add curl \\\n    && rm -rf /var/cache/apk/*\nUSER 10001\n"
    )


@pytest.mark.parametrize(
    "run",
    [
        "RUN apt-get update && apt-get install -y --no-install-recommends curl # note",
        "RUN apt-get update && apt-get install -y --no-install-recommends curl;",
        'RUN ["sh", "-c", "apt-get update && apt-get install -y --no-install-recommends curl"]',
        "RUN <<EOF\napt-get update\napt-get install -y --no-install-recommends curl\nEOF",
    ],
)
def test_a_run_that_cannot_take_one_more_command_is_left(run: str, tmp_path: Path) -> None:
    text = f"FROM debian:12-slim\n{run}\n"
    assert _fixed(tmp_path, "Dockerfile", text) == text


def test_add_of_local_files_becomes_copy_with_its_options(tmp_path: Path) -> None:
    text = "FROM python:3.12-slim\nadd --chown=10001 app.py /app/\n"
    assert _fixed(tmp_path, "Dockerfile", text) == "FROM python:3.12-slim\ncopy --chown=10001 app.py /app/\n"


def test_add_of_a_tar_archive_under_another_name_is_left(tmp_path: Path) -> None:
    import tarfile

    folder = tmp_path / "case"
    folder.mkdir()
    with tarfile.open(folder / "bundle.bin", "w") as archive:
        archive.add(__file__, arcname="x.py")
    text = "FROM python:3.12-slim\nADD bundle.bin /opt/\n"
    [path] = _write(folder, {"Dockerfile": text})
    fix([path])
    assert path.read_text(encoding="utf-8") == text


def test_numeric_user_comes_from_the_user_the_stage_creates(tmp_path: Path) -> None:
    text = (
        "FROM python:3.12-slim\n"
        "RUN groupadd --gid 10001 app && useradd --uid 10001 --gid app --no-create-home app\n"
        "COPY app.py /app/\n"
        'CMD ["python", "/app/app.py"]\n'
    )
    assert _fixed(tmp_path, "Dockerfile", text) == text.replace(
        "COPY app.py /app/\n", "COPY app.py /app/\nUSER 10001:10001\n"
    )


def test_user_root_is_replaced_when_nothing_after_it_needs_root(tmp_path: Path) -> None:
    text = 'FROM alpine:3.20\nRUN adduser -D -u 10001 app\nUSER root\nCMD ["/app"]\n'
    assert _fixed(tmp_path, "Dockerfile", text) == text.replace("USER root", "USER 10001")


@pytest.mark.parametrize(
    "created",
    [
        "FROM python:3.12-slim AS build\nRUN useradd -u 10001 app\nFROM python:3.12-slim\n",  # another stage
        "FROM python:3.12-slim\nRUN useradd app\n",  # no explicit uid
        "FROM python:3.12-slim\nARG UID=10001\nRUN useradd -u $UID app\n",  # not a number as written
    ],
)
def test_no_user_is_guessed(created: str, tmp_path: Path) -> None:
    text = f'{created}CMD ["python", "app.py"]\n'
    assert _fixed(tmp_path, "Dockerfile", text) == text


def test_crlf_line_ends_and_a_byte_order_mark_are_kept(tmp_path: Path) -> None:
    folder = tmp_path / "case"
    folder.mkdir()
    path = folder / "Dockerfile"
    path.write_bytes(b"\xef\xbb\xbfFROM python:3.12-slim\r\n# run it\r\nCMD python app.py\r\n")
    fix([path])
    assert (
        path.read_bytes() == b'\xef\xbb\xbfFROM python:3.12-slim\r\n# run it\r\nCMD ["python", "app.py"]\r\n'
    )


def test_healthcheck_becomes_exec_form_keeping_its_options(tmp_path: Path) -> None:
    text = (
        "FROM python:3.12-slim\n# probe\n"
        "HEALTHCHECK --interval=30s --timeout=5s \\\n    CMD python /app/healthcheck.py --quiet\n"
        'CMD ["python", "app.py"]\n'
    )
    fixed = _fixed(tmp_path, "Dockerfile", text)
    assert fixed == text.replace(
        "HEALTHCHECK --interval=30s --timeout=5s \\\n    CMD python /app/healthcheck.py --quiet\n",
        'HEALTHCHECK --interval=30s --timeout=5s CMD ["python", "/app/healthcheck.py", "--quiet"]\n',
    )
    assert _fixed(tmp_path / "again", "Dockerfile", fixed) == fixed


def test_a_single_quoted_healthcheck_array_becomes_json(tmp_path: Path) -> None:
    text = "FROM scratch\nCOPY probe /probe\nhealthcheck --retries=3 cmd ['/probe', '-q']\n"
    assert _fixed(tmp_path, "Dockerfile", text).endswith('healthcheck --retries=3 cmd ["/probe", "-q"]\n')


@pytest.mark.parametrize(
    "healthcheck",
    [
        "HEALTHCHECK CMD curl -f http://localhost/ || exit 1",
        "HEALTHCHECK CMD curl -f http://localhost:$PORT/",
        "HEALTHCHECK --interval=5s CMD pg_isready -U postgres && echo ok",
        "HEALTHCHECK CMD python hc.py \\\n    # a comment inside\n    --quiet",
    ],
)
def test_a_healthcheck_that_needs_its_shell_is_left(healthcheck: str, tmp_path: Path) -> None:
    text = f'FROM python:3.12-slim\n{healthcheck}\nCMD ["python", "app.py"]\n'
    assert _fixed(tmp_path, "Dockerfile", text) == text


def test_a_healthcheck_left_is_reported_as_left(
    tmp_path: Path, cli_invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "case"
    text = (
        "FROM python:3.12-slim\nUSER 10001\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n"
        'CMD ["python", "app.py"]\n'
    )
    _write(folder, {"Dockerfile": text, ".dockerignore": ".git\n.env\n"})
    monkeypatch.chdir(folder)
    done = cli_invoke(["check", "--fix", "--fail-on", "info", "Dockerfile"], expect=1)
    assert done.stderr.endswith("0 fixed, 1 left\n")
    assert "DF021" in done.stdout and "|| exit 1 is in shell form" in done.stdout
    assert (folder / "Dockerfile").read_text(encoding="utf-8") == text


# ---- compose fixes --------------------------------------------------------------------------------

COMPOSE = """\
# The stack.
services:
  app:  # the web app
    image: example/app:1.0
    ports:
      - "8000:8000"   # public
      - target: 9000
        published: 9000
    environment:
      MODE: "prod"
  # The worker, hardened by hand.
  worker:
    image: example/worker:1.0
    read_only: true
    tmpfs: [/tmp]
    cap_drop: [ALL]
    security_opt: [no-new-privileges:true]
    mem_limit: 256m
    cpus: 0.25
    pids_limit: 64
"""


# What the init and log rotation fixes add to a service that has neither.
_ROTATED = """\
    init: true
    logging:
      driver: json-file
      options:
        max-size: 10m
        max-file: "3"
"""


def test_compose_fixes_keep_comments_quotes_and_other_services(tmp_path: Path) -> None:
    fixed = _fixed(tmp_path, "compose.yaml", COMPOSE)
    assert fixed == COMPOSE.replace(
        """      - "8000:8000"   # public
      - target: 9000
        published: 9000
    environment:
      MODE: "prod"
""",
        """      - "127.0.0.1:8000:8000"   # public
      - target: 9000
        published: 9000
        host_ip: 127.0.0.1
    environment:
      MODE: "prod"
    deploy:
      resources:
        limits:
          cpus: "0.5"
          memory: 512m
          pids: 128
    cap_drop:
      - ALL
    security_opt:
      - no-new-privileges:true
    read_only: true
    tmpfs:
      - /tmp
"""
        + _ROTATED,
    ).replace("    pids_limit: 64\n", "    pids_limit: 64\n" + _ROTATED)


def test_limits_follow_the_style_the_service_already_uses(tmp_path: Path) -> None:
    text = "services:\n  app:\n    image: example/app:1.0\n    mem_limit: 1g\n"
    fixed = _fixed(tmp_path, "compose.yaml", text)
    assert fixed.startswith(text + '    cpus: "0.5"\n    pids_limit: 128\n')


def test_limit_defaults_are_the_ones_scaffold_new_writes() -> None:
    from generator.check.rules.compose.cf003_no_resource_limits import _defaults

    golden = (Path(__file__).resolve().parents[1] / "golden" / "django-web-slim" / "compose.yaml").read_text()
    defaults = _defaults()
    assert f'cpus: "{defaults["cpus"]}"' in golden
    assert f"memory: {defaults['memory']}" in golden
    assert f"pids: {defaults['pids']}" in golden


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ('"8000:8000"', '"127.0.0.1:8000:8000"'),
        ("'0.0.0.0:8443:8443'", "'127.0.0.1:8443:8443'"),
        ('"[::]:8000:8000/udp"', '"127.0.0.1:8000:8000/udp"'),
        ("9100", "127.0.0.1::9100"),
        ('"8000-8010:8000-8010"', '"127.0.0.1:8000-8010:8000-8010"'),
        ('"${PORT:-8000}:8000"', '"${PORT:-8000}:8000"'),  # a variable may hold an address: left
    ],
)
def test_ports_are_bound_to_loopback(before: str, after: str, tmp_path: Path) -> None:
    text = f"services:\n  app:\n    image: example/app:1.0\n    ports:\n      - {before}\n"
    fixed = _fixed(tmp_path, "compose.yaml", text)
    assert f"    ports:\n      - {after}\n" in fixed


def test_settings_turned_off_on_purpose_are_left(tmp_path: Path) -> None:
    text = (
        "services:\n  app:\n    image: example/app:1.0\n    read_only: false\n"
        "    security_opt:\n      - no-new-privileges:false\n"
    )
    fixed = _fixed(tmp_path, "compose.yaml", text)
    assert fixed.startswith(text)
    assert "read_only: true" not in fixed and "no-new-privileges:true" not in fixed


def test_init_set_to_anything_is_left(tmp_path: Path) -> None:
    text = 'services:\n  app:\n    image: example/app:1.0\n    init: "${INIT}"\n'
    assert "init: true" not in _fixed(tmp_path, "compose.yaml", text)


@pytest.mark.parametrize(
    ("logging", "after"),
    [
        (
            "    logging:\n      driver: json-file\n",
            "    logging:\n      driver: json-file\n"
            + _ROTATED.split("logging:\n      driver: json-file\n")[1],
        ),
        (
            '    logging:\n      options:\n        max-file: "5"\n',
            '    logging:\n      options:\n        max-file: "5"\n        max-size: 10m\n',
        ),
        (
            '    logging:\n      options:\n        max-size: "-1"\n',
            '    logging:\n      options:\n        max-size: "-1"\n',
        ),
    ],
)
def test_log_rotation_is_added_to_a_json_file_logging(logging: str, after: str, tmp_path: Path) -> None:
    text = "services:\n  app:\n    image: example/app:1.0\n" + logging
    fixed = _fixed(tmp_path, "compose.yaml", text)
    assert fixed.startswith("services:\n  app:\n    image: example/app:1.0\n" + after)


def test_log_rotation_is_the_one_scaffold_new_writes() -> None:
    from ruamel.yaml import YAML

    from generator.check.rules.compose.cf018_no_log_rotation import RULE, _rotation

    golden = (Path(__file__).resolve().parents[1] / "golden" / "django-web-slim" / "compose.yaml").read_text()
    out = io.StringIO()
    YAML().dump({"logging": _rotation()}, out)
    block = "".join(f"    {line}" for line in out.getvalue().splitlines(keepends=True))
    assert block == _ROTATED.removeprefix("    init: true\n")
    assert block in golden
    assert block in RULE.good["compose.yaml"]


def test_values_from_a_merge_key_are_left_for_the_anchor(tmp_path: Path) -> None:
    text = (
        "x-base: &base\n  cap_drop: [NET_RAW]\nservices:\n  app:\n    <<: *base\n    image: example/app:1.0\n"
    )
    fixed = _fixed(tmp_path, "compose.yaml", text)
    assert "cap_drop: [NET_RAW]" in fixed and "ALL" not in fixed


def test_a_compose_file_the_round_trip_would_reformat_is_left(tmp_path: Path) -> None:
    # Mixed sequence indentation: writing it back would re-indent one of the lists.
    text = "services:\n  app:\n    image: example/app:1.0\n    ports:\n    - 8000:8000\n"
    text += "    dns:\n      - 1.1.1.1\n"
    assert _fixed(tmp_path, "compose.yaml", text) == text


# ---- what is not fixed, and how it is written -----------------------------------------------------


def test_suppressed_findings_are_not_fixed(
    tmp_path: Path, cli_invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (
        "FROM python:3.12-slim\nADD app.py /app/\n"
        "# scaffold: ignore=DF013 started by a wrapper\nCMD python app.py\n"
    )
    folder = tmp_path / "case"
    [path] = _write(folder, {"Dockerfile": text})
    monkeypatch.chdir(folder)
    cli_invoke(["check", "--fix", "--fail-on", "never", "Dockerfile"])
    assert path.read_text() == text.replace("ADD app.py", "COPY app.py")
    path.write_text(text)
    cli_invoke(["check", "--fix", "--ignore", "DF012", "--fail-on", "never", "Dockerfile"])
    assert path.read_text() == text
    cli_invoke(["check", "--fix", "--select", "CF", "--fail-on", "never", "Dockerfile"])
    assert path.read_text() == text
    (folder / "scaffold.toml").write_text('[check]\nignore = ["DF012"]\n')
    cli_invoke(["check", "--fix", "--fail-on", "never", "Dockerfile"])
    assert path.read_text() == text


def test_diff_writes_nothing_and_exits_as_the_check_would(
    tmp_path: Path, cli_invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "case"
    [path] = _write(folder, {"Dockerfile": "FROM python:3.12-slim\nUSER 10001\nCMD python app.py\n"})
    (folder / ".dockerignore").write_text(".git\n.env\n")
    monkeypatch.chdir(folder)
    before = path.stat()
    plain = cli_invoke(["check", "Dockerfile"], expect=1)
    shown = cli_invoke(["check", "--diff", "Dockerfile"], expect=plain.exit_code)
    assert shown.stdout == (
        "--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,3 +1,3 @@\n FROM python:3.12-slim\n USER 10001\n"
        '-CMD python app.py\n+CMD ["python", "app.py"]\n'
    )
    assert "would fix: Dockerfile:3: DF013" in shown.stderr
    assert path.read_text() == "FROM python:3.12-slim\nUSER 10001\nCMD python app.py\n"
    assert path.stat().st_mtime_ns == before.st_mtime_ns
    assert sorted(p.name for p in folder.iterdir()) == [".dockerignore", "Dockerfile"]


def test_fix_reports_what_it_fixed_and_what_is_left(
    tmp_path: Path, cli_invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "case"
    _write(
        folder, {"Dockerfile": "FROM python:3.12-slim\nCMD python app.py\n", ".dockerignore": ".git\n.env\n"}
    )
    monkeypatch.chdir(folder)
    done = cli_invoke(["check", "--fix", "Dockerfile"], expect=1)
    assert "fixed: Dockerfile:2: DF013 CMD python app.py is in shell form" in done.stderr
    assert done.stderr.endswith("1 fixed, 2 left\n")  # DF001 (no user is created) and DF002
    assert "DF013" not in done.stdout and "DF001" in done.stdout and "DF002" in done.stdout
    again = cli_invoke(["check", "--fix", "Dockerfile"], expect=1)
    assert again.stderr.endswith("0 fixed, 2 left\n")


def test_a_failed_write_leaves_the_original(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    folder = tmp_path / "case"
    [path] = _write(folder, {"Dockerfile": "FROM python:3.12-slim\nCMD python app.py\n"})

    def refuse(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    from generator.errors import CheckInputError

    with pytest.raises(CheckInputError, match="cannot be written"):
        fix([path])
    assert path.read_text() == "FROM python:3.12-slim\nCMD python app.py\n"
    assert sorted(p.name for p in folder.iterdir()) == ["Dockerfile"]  # no temporary file left behind


def test_permissions_are_kept(tmp_path: Path) -> None:
    folder = tmp_path / "case"
    [path] = _write(folder, {"Dockerfile": "FROM python:3.12-slim\nCMD python app.py\n"})
    path.chmod(0o640)
    fix([path])
    assert path.stat().st_mode & 0o777 == 0o640
    assert "CMD [" in path.read_text()


def test_a_symlink_out_of_the_folder_is_not_written(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere" / "Dockerfile"
    _write(outside.parent, {"Dockerfile": "FROM python:3.12-slim\nCMD python app.py\n"})
    folder = tmp_path / "checked"
    folder.mkdir()
    (folder / "Dockerfile").symlink_to(outside)
    _, changes = plan([folder])
    assert changes == []
    fix([folder])
    assert outside.read_text() == "FROM python:3.12-slim\nCMD python app.py\n"
    assert (folder / "Dockerfile").is_symlink()


def test_a_symlink_inside_the_folder_is_written_through(tmp_path: Path) -> None:
    folder = tmp_path / "checked"
    _write(folder / "docker", {"app.Dockerfile": "FROM python:3.12-slim\nCMD python app.py\n"})
    (folder / "Dockerfile").symlink_to(folder / "docker" / "app.Dockerfile")
    fix([folder])
    assert (folder / "Dockerfile").is_symlink()
    assert (folder / "docker" / "app.Dockerfile").read_text().endswith('CMD ["python", "app.py"]\n')


def test_a_file_that_does_not_parse_stops_the_run_before_anything_is_written(
    tmp_path: Path, cli_invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "case"
    _write(
        folder,
        {"Dockerfile": "FROM python:3.12-slim\nCMD python app.py\n", "compose.yaml": "services: [\n"},
    )
    monkeypatch.chdir(folder)
    cli_invoke(["check", "--fix", "."], expect=2)
    assert (folder / "Dockerfile").read_text() == "FROM python:3.12-slim\nCMD python app.py\n"
    assert (folder / "compose.yaml").read_text() == "services: [\n"


def test_comment_lines_closing_a_service_stay_above_the_next_one(tmp_path: Path) -> None:
    text = """\
services:
  a:
    image: x:1  # eol a
    # heading b
  b:
    image: y:1
    ports:
      - "80:80"  # web
    # heading c
  c:
    image: z:1
    tmpfs: [/run]
    # tail comment

# volumes
volumes:
  data: {}
"""
    lines = _fixed(tmp_path, "compose.yaml", text).splitlines()
    assert lines[lines.index("    # heading b") + 1] == "  b:"
    assert lines[lines.index("    # heading c") + 1] == "  c:"
    assert lines[lines.index("    # tail comment") + 1 :] == ["", "# volumes", "volumes:", "  data: {}"]
    assert "    image: x:1  # eol a" in lines
    assert '      - "127.0.0.1:80:80"  # web' in lines
    assert "    tmpfs: [/run, /tmp]" in lines


def test_fixing_a_dockerfile_imports_no_heavy_library(tmp_path: Path) -> None:
    import json
    import subprocess
    import sys

    from .test_imports import HEAVY

    [path] = _write(tmp_path / "case", {"Dockerfile": "FROM python:3.12-slim\nCMD python app.py\n"})
    script = (
        "import json, sys\nfrom pathlib import Path\nfrom generator.commands.check_fix import fix\n"
        "assert fix([Path(sys.argv[1])]).changes\n"
        "print(json.dumps(sorted({name.split('.')[0] for name in sys.modules})))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, text=True, check=True
    )
    assert sorted(set(json.loads(done.stdout)) & {*HEAVY, "ruamel"}) == []


def test_json_report_after_fixing_lists_only_what_is_left(
    tmp_path: Path, cli_invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    folder = tmp_path / "case"
    _write(
        folder, {"Dockerfile": "FROM python:3.12-slim\nCMD python app.py\n", ".dockerignore": ".git\n.env\n"}
    )
    monkeypatch.chdir(folder)
    done = cli_invoke(["check", "--fix", "--format", "json", "Dockerfile"], expect=1)
    assert sorted(finding["rule"] for finding in json.loads(done.stdout)) == ["DF001", "DF002"]
    assert "fixed: Dockerfile:2: DF013" in done.stderr


def test_new_keys_follow_the_files_own_indentation(tmp_path: Path) -> None:
    text = "services:\n    app:\n        image: x:1\n        ports:\n        - 80:80\n"
    fixed = _fixed(tmp_path, "compose.yaml", text)
    assert fixed.startswith(
        "services:\n    app:\n        image: x:1\n        ports:\n        - 127.0.0.1:80:80\n"
    )
    assert "        deploy:\n            resources:\n                limits:\n" in fixed
    assert "        cap_drop:\n        - ALL\n" in fixed


def test_shell_builtins_and_keywords_keep_the_shell_form(tmp_path: Path) -> None:
    for command in ("source venv/bin/activate", "while true", "unset HOME"):
        text = f"FROM python:3.12-slim\nCMD {command}\n"
        assert _fixed(tmp_path / command.split()[0], "Dockerfile", text) == text
