"""The Python builder's answers: what each one writes into the Dockerfile, and how scaffold refuses a bad one.

The variants are in tests/variant_sets/python_build.py (their files are golden, and the lint tier holds
them to zero findings); the refusals' words are rows of tests/test_spec.py's tables
(tests/python_build_answers.py), which Copier's questionnaire refuses alike.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.commands.new import missing_inputs
from generator.spec.model import Spec

from .conftest import REPO, Invoke
from .variants import MATRIX

PYTHON = sorted(name for name, spec in MATRIX.items() if spec.language == "python")


def _spec(**answers: object) -> Spec:
    return Spec.from_answers({"app_name": "demo", **answers})


def _instructions(dockerfile: str) -> list[str]:
    """The Dockerfile's instructions, each on one line (continuations joined, spaces collapsed), comments
    left out."""
    joined = dockerfile.replace("\\\n", " ")
    lines = joined.splitlines()
    return [" ".join(line.split()) for line in lines if line.strip() and not line.startswith("#")]


def _builder(dockerfile: str) -> list[str]:
    """The build stage's instructions, up to the runtime stage's FROM."""
    lines = _instructions(dockerfile)
    runtime = next(number for number, line in enumerate(lines) if line.endswith(" AS runtime"))
    return lines[:runtime]


def _cmd(dockerfile: str) -> list[str]:
    line = next(line for line in dockerfile.splitlines() if line.startswith("CMD "))
    argv: list[str] = json.loads(line[4:])
    return argv


#: The install of the app's own dependencies: pip's -r (requirements, an export), or uv's first sync.
_LOCKED = r" -r \S+$|uv sync .*--no-install-project"


def _index(lines: list[str], pattern: str) -> int:
    found = [number for number, line in enumerate(lines) if re.search(pattern, line)]
    assert len(found) == 1, (pattern, found)
    return found[0]


# --------------------------------------------------------------------------- refusals, through the CLI


@pytest.mark.usefixtures("fast_template")
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--entrypoint", "mytool"],
            "--entrypoint: may name a console script only with --install-project (install_project true)",
        ),
        (
            ["--app-kind", "worker", "--entrypoint", "jobs", "--no-install-project"],
            "--entrypoint: may name a console script only with --install-project",
        ),
        (
            ["--runtime-base", "distroless", "--runtime-packages", "libpq5"],
            "--runtime-packages: must be empty with the distroless runtime: distroless has no package "
            "manager (use --runtime-base slim)",
        ),
        (["--requirements-files", "../shared/requirements.txt"], "--requirements-files: must stay inside"),
        (["--requirements-files", "requirements/"], "--requirements-files: must be relative paths"),
        (
            ["--package-manager", "uv", "--requirements-files", "requirements.txt"],
            "--requirements-files: only applies to python with package_manager pip",
        ),
        (["--build-packages", "gcc;id"], "--build-packages: must be empty or Debian package names"),
        (["--runtime-packages", "LIBPQ5"], "--runtime-packages: must be empty or Debian package names"),
        (["--server-install", "waitress"], "--server-install: must be empty or gunicorn, uvicorn or both"),
        (["--server", "hypercorn"], "--server: must be one of gunicorn, uvicorn, uvicorn-worker"),
        (
            ["--package-manager", "pipenv", "--python-version", "3.9"],
            "--python-version: must be 3.10 or later with pipenv",
        ),
    ],
)
def test_a_bad_builder_answer_exits_2_with_one_line(
    cli_invoke: Invoke, tmp_path: Path, args: list[str], message: str
) -> None:
    result = cli_invoke(["new", str(tmp_path), "-y", "--language", "python", *args], expect=2)
    assert result.stderr.startswith(f"scaffold: error: {message}")
    assert len(result.stderr.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- what the answers compute


@pytest.mark.parametrize(
    ("entrypoint", "kind"),
    [("mytool", "console"), ("my-tool.cli", "console"), ("main.py", "script"), ("app:app", "app")],
)
def test_a_name_without_py_or_colon_is_a_console_script(entrypoint: str, kind: str) -> None:
    assert _spec(entrypoint=entrypoint, install_project=True).entrypoint_kind == kind


def test_server_install_defaults_to_what_the_server_runs_with() -> None:
    assert _spec().server_install == "gunicorn"
    assert _spec(server="uvicorn").server_install == "uvicorn"
    assert _spec(server="uvicorn-worker").server_install == "gunicorn uvicorn"
    assert _spec(server="uvicorn-worker", server_install="").server_install == ""
    # Only an app spec has a server to install.
    assert _spec(app_kind="worker").server_install is None


def test_builder_answers_default_to_nothing_extra() -> None:
    spec = _spec()
    assert (spec.requirements_files, spec.install_project) == ("requirements.txt", False)
    assert (spec.build_packages, spec.runtime_packages) == ("", "")
    # Poetry, uv and Pipenv read their own manifests; only pip has requirements files.
    assert _spec(package_manager="pipenv").requirements_files is None
    assert _spec(language="node").install_project is None


# --------------------------------------------------------------------------- what the Dockerfile says


def test_console_script_runs_from_the_venv_and_stops_on_sigint(
    render_variant: Callable[[str], dict[str, str]],
) -> None:
    for name in ("poetry-worker-slim-console", "uv-worker-distroless-console"):
        dockerfile = render_variant(name)["Dockerfile"]
        assert _cmd(dockerfile) == [f"/opt/venv/bin/{MATRIX[name].entrypoint}"]
        assert "STOPSIGNAL SIGINT" in dockerfile.splitlines()


def test_uvicorn_worker_runs_under_gunicorn_with_its_bind_and_access_log(
    render_variant: Callable[[str], dict[str, str]],
) -> None:
    dockerfile = render_variant("pip-web-slim-packages")["Dockerfile"]
    # gunicorn 20.1 and later call a factory named with its parentheses.
    assert _cmd(dockerfile) == [
        "gunicorn",
        "-k",
        "uvicorn.workers.UvicornWorker",
        "--bind",
        "0.0.0.0:8000",
        "--access-logfile",
        "-",
        "service.web:create_app()",
    ]
    assert "STOPSIGNAL SIGTERM" in dockerfile.splitlines()


def test_each_requirements_file_is_copied_to_its_own_path_before_the_install(
    render_variant: Callable[[str], dict[str, str]],
) -> None:
    lines = _builder(render_variant("pip-web-slim-packages")["Dockerfile"])
    copied = {}
    for line in lines:
        if line.startswith("COPY "):
            *sources, destination = line.split()[1:]
            copied.update(dict.fromkeys(sources, destination))
    spec = MATRIX["pip-web-slim-packages"]
    assert spec.requirements_files is not None
    assert sorted(copied) == sorted(spec.requirements_files.split())
    for source, folder in copied.items():
        assert folder == (source.rpartition("/")[0] + "/" if "/" in source else "./")
    install = _index(lines, r"pip .*install -r ")
    assert lines[install].endswith(" install -r requirements/prod.txt")
    assert all(lines.index(next(line for line in lines if file in line)) < install for file in copied)


def test_a_repeated_requirements_file_is_copied_once(plain_template: Path) -> None:
    from generator.templating.render import render_files

    spec = _spec(requirements_files="requirements.txt constraints.txt requirements.txt")
    dockerfile = render_files(spec, template=plain_template)["Dockerfile"]
    assert "COPY requirements.txt constraints.txt ./\n" in dockerfile


@pytest.mark.parametrize(
    "variant", ["pipenv-web-slim", "pip-web-slim-packages", "uv-web-slim-project", "poetry-web-slim"]
)
def test_the_server_is_installed_at_its_pins_after_the_locked_install(
    variant: str, render_variant: Callable[[str], dict[str, str]]
) -> None:
    spec = MATRIX[variant]
    assert spec.server_install
    lines = _builder(render_variant(variant)["Dockerfile"])
    locked = _index(lines, _LOCKED)
    server = _index(lines, r'install --python /opt/venv/bin/python "|install "gunicorn|install "uvicorn')
    assert locked < server
    for package in spec.server_install.split():
        assert f"ARG {package.upper()}_VERSION=" in "\n".join(lines[locked:server])
        assert f'"{package}==${{{package.upper()}_VERSION}}"' in lines[server]
    # The locked install keeps its hash checks; the server's packages have none to check.
    if spec.package_manager in {"poetry", "pipenv"}:
        assert "--require-hashes --no-deps" in lines[locked]
    assert "--require-hashes" not in lines[server]
    source = _index(lines, r"^COPY \. \.$") if spec.install_project else len(lines)
    assert server < source


def test_the_server_pins_are_written_in_one_place() -> None:
    templates = sorted(
        path for folder in ("includes", "templates") for path in (REPO / folder).rglob("*.jinja")
    )
    for pin in ("'27.0.1'", "'0.54.0'", "'23.0.0'", "'0.39.0'"):
        holders = [path for path in templates if pin in path.read_text(encoding="utf-8")]
        assert holders == [REPO / "includes" / "python" / "Dockerfile.jinja"], pin
        assert holders[0].read_text(encoding="utf-8").count(pin) == 1, pin


def test_python_3_9_gets_the_servers_last_releases_for_it(
    render_variant: Callable[[str], dict[str, str]],
) -> None:
    lines = render_variant("pip-web-slim-py39")["Dockerfile"].splitlines()
    assert {"ARG GUNICORN_VERSION=23.0.0", "ARG UVICORN_VERSION=0.39.0"} <= set(lines)


@pytest.mark.parametrize(
    ("variant", "install"),
    [
        ("pip-web-distroless-project", "bin/pip --python /opt/venv/bin/python install --no-deps ."),
        ("poetry-worker-slim-console", "--python /opt/venv/bin/python install --no-deps ."),
        ("uv-worker-distroless-console", "uv sync --frozen --no-dev --no-editable --python python3"),
        # uv sync removes what its lock does not hold, so it keeps the server packages installed before.
        ("uv-web-slim-project", "uv sync --frozen --no-dev --no-editable --inexact --python python"),
    ],
)
def test_the_project_is_installed_after_its_dependencies_and_the_source(
    variant: str, install: str, render_variant: Callable[[str], dict[str, str]]
) -> None:
    lines = _builder(render_variant(variant)["Dockerfile"])
    dependencies = _index(lines, _LOCKED)
    source = _index(lines, r"^COPY \. \.$")
    assert dependencies < source == len(lines) - 2
    assert lines[-1].endswith(install)


def test_an_installed_django_project_copies_its_source_once_for_the_install_and_collectstatic(
    render_variant: Callable[[str], dict[str, str]],
) -> None:
    lines = _builder(render_variant("pipenv-web-slim-django-project")["Dockerfile"])
    assert lines.count("COPY . .") == 1
    source = _index(lines, r"^COPY \. \.$")
    assert lines[source + 1].endswith("install --no-deps .")
    assert "manage.py collectstatic --noinput" in lines[source + 2]


def test_pipenv_checks_and_exports_its_lock_then_pip_installs_it_hashed(
    render_variant: Callable[[str], dict[str, str]],
) -> None:
    lines = _builder(render_variant("pipenv-web-slim")["Dockerfile"])
    assert "COPY Pipfile Pipfile.lock ./" in lines
    assert re.search(r"/pip install pipenv==\d+\.\d+\.\d+$", lines[_index(lines, r"pip install pipenv==")])
    step = lines[_index(lines, r"pipenv requirements")]
    assert re.search(
        r"pipenv verify && \S+pipenv requirements --hash > /tmp/requirements.txt && "
        r"\S+pip --python /opt/venv/bin/python install --require-hashes --no-deps -r /tmp/requirements.txt$",
        step,
    )
    # With a private index, pip.conf names the index, not the lock's sources.
    private = _builder(render_variant("pipenv-web-slim-private-ci")["Dockerfile"])
    assert "pipenv requirements --hash --exclude-index >" in private[_index(private, "pipenv requirements")]


def test_debian_packages_are_installed_where_the_answers_say(
    render_variant: Callable[[str], dict[str, str]],
) -> None:
    dockerfile = render_variant("pip-web-slim-packages")["Dockerfile"]
    builder, runtime = dockerfile.split(" AS runtime", 1)
    assert "apt-get install -y --no-install-recommends gcc libpq-dev \\" in builder
    assert "apt-get install -y --no-install-recommends libpq5 \\" in runtime
    # Before the dependency install in the builder, before the app's files in the final image.
    assert builder.index("gcc libpq-dev") < builder.index("install -r ")
    assert runtime.index("libpq5") < runtime.index("COPY --from=builder")


@pytest.mark.parametrize("variant", PYTHON)
def test_the_only_hadolint_pragma_is_dl3008_over_the_answered_debian_packages(
    variant: str, render_variant: Callable[[str], dict[str, str]]
) -> None:
    """The lint tier honours inline pragmas for this one case; any other pragma fails here."""
    spec = MATRIX[variant]
    lines = render_variant(variant)["Dockerfile"].splitlines()
    pragmas = [number for number, line in enumerate(lines) if "hadolint" in line.lower()]
    answered = [packages for packages in (spec.build_packages, spec.runtime_packages) if packages]
    assert len(pragmas) == len(answered)
    for number, packages in zip(pragmas, answered, strict=True):
        assert lines[number] == "# hadolint ignore=DL3008"
        assert lines[number - 1].startswith("# ")  # the reason, right above it
        assert lines[number + 1 : number + 4] == [
            "RUN apt-get update \\",
            f"    && apt-get install -y --no-install-recommends {packages} \\",
            "    && rm -rf /var/lib/apt/lists/*",
        ]


def test_no_other_language_carries_a_hadolint_pragma(render_variant: Callable[[str], dict[str, str]]) -> None:
    for name in sorted(set(MATRIX) - set(PYTHON)):
        assert "hadolint" not in render_variant(name)["Dockerfile"].lower(), name


# --------------------------------------------------------------------------- notes on missing files


def test_missing_requirements_files_and_project_file_are_noted(tmp_path: Path) -> None:
    (tmp_path / "requirements").mkdir()
    (tmp_path / "requirements" / "prod.txt").write_text("-r base.txt\n")
    spec = _spec(
        requirements_files="requirements/prod.txt requirements/base.txt",
        install_project=True,
        entrypoint="mytool",
    )
    notes = missing_inputs(tmp_path, spec)
    assert notes == [
        "requirements/base.txt is missing: requirements/prod.txt includes it (--requirements-files); the "
        "image build copies it",
        "pyproject.toml or setup.py is missing: pip install . builds the project from it "
        "(--install-project); the image build copies it",
    ]
    (tmp_path / "requirements" / "base.txt").write_text("flask\n")
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'demo'\n")
    assert missing_inputs(tmp_path, spec) == []


def test_an_installed_projects_app_module_may_sit_in_a_src_layout(tmp_path: Path) -> None:
    (tmp_path / "src" / "shop").mkdir(parents=True)
    (tmp_path / "src" / "shop" / "web.py").write_text("app = None\n")
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'shop'\n")
    (tmp_path / "requirements.txt").write_text("flask\n")
    installed = _spec(entrypoint="shop.web:app", install_project=True)
    assert missing_inputs(tmp_path, installed) == []
    assert missing_inputs(tmp_path, _spec(entrypoint="shop.web:app")) == [
        "shop/web.py is missing: the server imports it (--entrypoint shop.web:app)"
    ]


def test_pipenv_needs_its_pipfile_and_lock(tmp_path: Path) -> None:
    notes = missing_inputs(tmp_path, _spec(package_manager="pipenv", entrypoint="main:app"))
    assert notes[:2] == [
        "Pipfile is missing: the Pipenv project file; the image build copies it",
        "Pipfile.lock is missing: run `pipenv lock`; the image build copies it",
    ]
