"""The stage judged as shipped and the build context: compose builds, --target, --context, the defaults."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.check.builds import compose_builds
from generator.check.compose import parse_compose
from generator.check.context import lone_context
from generator.check.dockerfile_syntax import parse_dockerfile
from generator.check.source import InputError
from generator.check.stages import check_only, choose
from generator.commands.check import check

from ..conftest import Invoke

HEALTHY = 'HEALTHCHECK CMD ["python", "-c", "0"]\n'
RUNTIME = (
    "FROM python:3.12-slim AS runtime\nCOPY app.py /app/\nUSER 10001\n"
    f'{HEALTHY}CMD ["python", "/app/app.py"]\n'
)
# A stage with no USER and no HEALTHCHECK (plain), a clean one (hardened), and a root dev stage last.
STAGES = (
    "FROM python:3.12-slim AS base\nCOPY app.py /app/\n"
    'FROM base AS plain\nEXPOSE 8000\nCMD ["python", "/app/app.py"]\n'
    f'FROM base AS hardened\nUSER 10001\n{HEALTHY}CMD ["python", "/app/app.py"]\n'
    'FROM base AS dev\nEXPOSE 8000\nCMD ["python", "-m", "flask", "run", "--debug"]\n'
)


def _repo(folder: Path, files: dict[str, str]) -> Path:
    (folder / ".git").mkdir(parents=True)
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    return folder


def _found(paths: list[Path], **options: object) -> list[tuple[str, int, str]]:
    return [(f.file.name, f.line, f.rule.id) for f in check(paths, **options).findings]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("last", "check_stage"),
    [
        ("FROM build AS test\nRUN pytest -q\n", True),
        ("FROM build AS unit-test\nRUN echo run\n", True),  # by its name
        ("FROM build AS lint_go\nRUN echo run\n", True),
        ("FROM build\nRUN go vet ./... && go test ./...\n", True),  # by what it runs
        ("FROM build\nRUN npm run test:unit\n", True),
        ("FROM build\nRUN python -m pytest\n", True),
        ("FROM build\nRUN ./mvnw verify\n", True),
        ("FROM build AS checkout\nRUN pytest\n", True),  # no word of its name, but only pytest
        ("FROM build AS contest\nRUN make\n", False),  # `contest` is not `test`
        ("FROM build\nRUN pip install -r dev.txt && pytest\n", True),  # test tools, then the tests
        ("FROM build\nRUN pytest\nRUN python -m build\n", False),  # a RUN that only builds
        ('FROM build\nRUN pytest\nCMD ["pytest"]\n', False),  # it has a command: it may ship
        ("FROM build\n", False),  # runs nothing
    ],
)
def test_a_stage_that_only_tests_or_lints_is_told_by_its_name_or_its_commands(
    last: str, check_stage: bool
) -> None:
    dockerfile = parse_dockerfile(
        f"FROM golang:1.22 AS build\nRUN go build ./...\n{last}", path=Path("Dockerfile")
    )
    assert check_only(dockerfile, dockerfile.stages[-1]) is check_stage


def test_a_stage_others_build_on_or_copy_from_is_no_test_stage() -> None:
    text = "FROM golang:1.22 AS tools\nRUN go test ./...\nFROM alpine:3.20\nCOPY --from=tools /go/bin/x /x\n"
    dockerfile = parse_dockerfile(text, path=Path("Dockerfile"))
    assert not check_only(dockerfile, dockerfile.stages[0])


def test_the_default_is_the_last_stage_that_ships_and_a_target_wins() -> None:
    text = RUNTIME + "FROM runtime AS test\nRUN pytest\nFROM runtime AS ci\nRUN ruff check .\n"
    dockerfile = parse_dockerfile(text, path=Path("Dockerfile"))
    shipped = choose(dockerfile)
    assert (shipped.index, shipped.why) == (
        0,
        "the last stage that ships; stage 'test', stage 'ci' only tests or lints",
    )
    assert choose(dockerfile, target="CI").index == 2  # named for the build: judged, as Docker builds it
    only_tests = parse_dockerfile("FROM python:3.12-slim AS test\nRUN pytest\n", path=Path("Dockerfile"))
    assert choose(only_tests).index == 0


def test_the_stage_judged_is_named_in_each_finding_and_the_others_keep_their_stage(tmp_path: Path) -> None:
    repo = _repo(tmp_path / "repo", {"Dockerfile": STAGES, "app.py": "", ".dockerignore": ".git\n.env\n"})
    messages = {f.message for f in check([repo / "Dockerfile"], target=("plain", "--target")).findings}
    assert messages == {
        "stage 'plain' (shipped: --target): no USER instruction: the image runs as root",
        "stage 'plain' (shipped: --target): the image has no HEALTHCHECK",
    }


def test_compose_build_targets_are_judged_each_once_and_a_test_target_is_passed_over(tmp_path: Path) -> None:
    compose = (
        "services:\n"
        "  web:\n    build: {context: ., target: plain}\n"
        "  admin:\n    build: {context: ., target: hardened}\n"
        "  tests:\n    build: {context: ., target: test}\n    profiles: [test]\n"
    )
    text = STAGES + "FROM base AS test\nRUN pytest\n"
    repo = _repo(
        tmp_path / "repo",
        {"Dockerfile": text, "app.py": "", ".dockerignore": ".git\n.env\n", "compose.yaml": compose},
    )
    result = check([repo / "Dockerfile", repo / "compose.yaml"])
    dockerfile = [f for f in result.findings if f.file.name == "Dockerfile"]
    assert [(f.line, f.rule.id, f.message.split(": ", 2)[:2]) for f in dockerfile] == [
        (3, "DF001", ["stage 'plain' (shipped", "build.target of service 'web' in compose.yaml)"]),
        (3, "DF002", ["stage 'plain' (shipped", "build.target of service 'web' in compose.yaml)"]),
    ]


def test_a_compose_target_the_dockerfile_lacks_is_bad_input(tmp_path: Path) -> None:
    compose = "services:\n  web:\n    build:\n      context: .\n      target: prod\n"
    repo = _repo(tmp_path / "repo", {"Dockerfile": RUNTIME, "app.py": "", "compose.yaml": compose})
    with pytest.raises(
        InputError, match=r"build\.target of service 'web' in compose\.yaml names stage 'prod'"
    ):
        check([repo])


def test_compose_builds_read_the_context_from_the_compose_file_and_the_dockerfile_from_the_context() -> None:
    text = (
        "services:\n"
        "  a:\n    build: ./api\n"
        "  b:\n    build:\n      context: ..\n      dockerfile: docker/b.Dockerfile\n"
        "      target: ${TARGET:-runtime}\n"
        "  c:\n    build: https://github.com/acme/c.git#main\n"
        "  d:\n    build:\n      context: .\n      dockerfile_inline: FROM scratch\n"
        "  e:\n    extends: b\n"
    )
    path = Path("deploy/compose.yaml")
    builds = [
        (b.service, b.context.as_posix(), b.dockerfile.as_posix(), b.target)
        for b in compose_builds(parse_compose(text, path=path), path=path)
    ]
    assert builds == [
        ("a", "deploy/api", "deploy/api/Dockerfile", None),
        ("b", ".", "docker/b.Dockerfile", "runtime"),
        ("e", ".", "docker/b.Dockerfile", "runtime"),
    ]


def test_a_compose_build_context_decides_the_ignore_file(tmp_path: Path) -> None:
    dockerfile = "FROM python:3.12-slim\nCOPY services/api /app\nUSER 10001\n"
    repo = _repo(
        tmp_path / "repo",
        {
            "compose.yaml": "services:\n  api:\n    build:\n      context: .\n"
            "      dockerfile: services/api/Dockerfile\n",
            "services/api/Dockerfile": dockerfile,
            ".dockerignore": ".git\n",
        },
    )
    found = _found([repo / "compose.yaml", repo / "services/api/Dockerfile"])
    assert ("Dockerfile", 2, "DI001") not in found
    assert (".dockerignore", 1, "DI002") in found  # the context's ignore file is the one read and checked


def test_a_dockerfile_dockerignore_beside_the_dockerfile_wins_over_the_contexts(tmp_path: Path) -> None:
    repo = _repo(
        tmp_path / "repo",
        {
            "compose.yaml": "services:\n  web:\n    build:\n      context: .\n"
            "      dockerfile: docker/web.Dockerfile\n",
            "docker/web.Dockerfile": "FROM python:3.12-slim\nCOPY . /app\nUSER 10001\n",
            "docker/web.Dockerfile.dockerignore": ".env\n",
            ".dockerignore": ".git\n.env\n",
        },
    )
    found = _found([repo / "compose.yaml", repo / "docker/web.Dockerfile"])
    assert ("web.Dockerfile.dockerignore", 1, "DI003") in found  # it lets .git in; the root's does not


@pytest.mark.parametrize(
    ("files", "context"),
    [
        ({"docker/Dockerfile": "FROM scratch\nCOPY app /app\n", "docker/app": ""}, "docker"),  # beside it
        ({"docker/Dockerfile": "FROM scratch\nCOPY app cfg/ /app/\n", "app": "", "cfg/x": ""}, "."),  # above
        ({"a/b/Dockerfile": "FROM scratch\nCOPY app cfg /srv/\n", "a/app": "", "cfg": ""}, None),  # split
        ({"docker/Dockerfile": "FROM scratch\nCOPY gone /app\n"}, "docker"),  # nowhere: its folder
        ({"docker/Dockerfile": "FROM scratch\nCOPY *.py ${X} /app/\n", "main.py": ""}, "."),  # a glob
        ({"docker/Dockerfile": "FROM scratch\nCOPY --from=b /x /x\nCOPY . /app\n"}, "docker"),  # `.`
    ],
)
def test_a_lone_dockerfiles_context_is_the_folder_that_holds_its_sources(
    tmp_path: Path, files: dict[str, str], context: str | None
) -> None:
    repo = _repo(tmp_path / "repo", files)
    name = next(name for name in files if name.endswith("Dockerfile"))
    dockerfile = parse_dockerfile(files[name], path=repo / name)
    found = lone_context(dockerfile).folder
    assert (found.resolve() if found is not None else None) == (
        (repo / context).resolve() if context else None
    )


def test_the_search_for_the_context_stops_at_the_repository_root(tmp_path: Path) -> None:
    (tmp_path / "app").write_text("")  # outside the repository: not looked at
    repo = _repo(tmp_path / "repo", {"docker/Dockerfile": "FROM scratch\nCOPY app /app\n"})
    dockerfile = parse_dockerfile("FROM scratch\nCOPY app /app\n", path=repo / "docker/Dockerfile")
    assert lone_context(dockerfile).folder == repo / "docker"


def test_di001_names_the_context_it_found_and_stays_silent_when_it_cannot_tell(tmp_path: Path) -> None:
    repo = _repo(
        tmp_path / "repo",
        {"deploy/Dockerfile": "FROM scratch\nCOPY app.py cfg /srv/\n", "app.py": "", "cfg": ""},
    )
    findings = [f.message for f in check([repo / "deploy/Dockerfile"]).findings if f.rule.id == "DI001"]
    assert findings == [
        f"no .dockerignore in the build context {repo.as_posix()} (the folder above that holds its COPY "
        "sources) and no Dockerfile.dockerignore beside the Dockerfile: COPY reads from a build context that "
        "nothing filters"
    ]
    (repo / "deploy" / "app.py").write_text(
        ""
    )  # now deploy/ holds app.py, the root cfg: no folder holds both
    (repo / "app.py").unlink()
    assert [f for f in check([repo / "deploy/Dockerfile"]).findings if f.rule.id == "DI001"] == []


def test_context_and_target_options(
    tmp_path: Path, cli_invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _repo(tmp_path / "repo", {"Dockerfile": STAGES, "app.py": "", "ctx/.dockerignore": ".git\n.env\n"})
    monkeypatch.chdir(repo)
    found = json.loads(cli_invoke(["check", "Dockerfile", "--format", "json", "--fail-on", "never"]).stdout)
    assert {(f["line"], f["rule"]) for f in found} == {
        (2, "DI001"),
        (10, "DF001"),
        (10, "DF002"),
    }  # dev, last
    found = json.loads(
        cli_invoke(
            ["check", "Dockerfile", "--format", "json", "--target", "hardened", "--context", "ctx"]
        ).stdout
    )
    assert found == []
    (repo / "scaffold.toml").write_text('[check]\ntarget = "plain"\n')
    found = json.loads(
        cli_invoke(["check", "Dockerfile", "--format", "json", "--context", "ctx"], expect=1).stdout
    )
    assert [(f["line"], f["rule"], f["message"].split(": ")[0]) for f in found] == [
        (3, "DF001", "stage 'plain' (shipped"),
        (3, "DF002", "stage 'plain' (shipped"),
    ]
    assert "target in scaffold.toml [check])" in found[0]["message"]
    error = cli_invoke(["check", "Dockerfile", "--target", "prod"], expect=2).stderr
    assert "--target names stage 'prod', which this Dockerfile does not have" in error
    error = cli_invoke(["check", "Dockerfile", "--context", "missing"], expect=2).stderr
    assert "missing: --context must be a folder" in error


@pytest.mark.parametrize(
    ("first_line", "reported"),
    [("-----BEGIN PGP PUBLIC KEY BLOCK-----", False), ("-----BEGIN PRIVATE KEY-----", True)],
)
def test_a_copied_key_is_read_in_the_build_context_to_tell_a_public_one(
    tmp_path: Path, first_line: str, reported: bool
) -> None:
    repo = _repo(
        tmp_path / "repo",
        {
            "docker/Dockerfile": "FROM debian:12-slim\nCOPY keys/repo.key /etc/apt/keyrings/\n",
            "keys/repo.key": f"{first_line}\n",
        },
    )
    assert (("Dockerfile", 2, "DF011") in _found([repo / "docker/Dockerfile"])) is reported


def test_a_fix_acts_on_the_stage_its_finding_is_about(tmp_path: Path) -> None:
    from generator.commands.check_fix import fix

    stage = 'FROM python:3.12-slim AS {name}\nRUN useradd -u 10001 app\nCMD ["python", "-m", "app"]\n'
    text = stage.format(name="api") + stage.format(name="worker") + "FROM api AS test\nRUN pytest\n"
    repo = _repo(tmp_path / "repo", {"Dockerfile": text, ".dockerignore": ".git\n.env\n"})

    def user_after(*paths: Path, **options: object) -> list[int]:
        changes = fix(list(paths), write=False, **options).changes  # type: ignore[arg-type]
        lines = next(change.after for change in changes if change.path.name == "Dockerfile").split("\n")
        return [number for number, line in enumerate(lines, start=1) if line == "USER 10001"]

    assert user_after(repo / "Dockerfile") == [6]  # worker: the last stage that ships, not test
    assert user_after(repo / "Dockerfile", target=("api", "--target")) == [3]
    (repo / "compose.yaml").write_text("services:\n  api:\n    build:\n      context: .\n      target: api\n")
    assert user_after(repo / "Dockerfile", repo / "compose.yaml") == [3]
