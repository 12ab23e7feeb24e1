"""Golden files: the rendered output of each variant, reviewed once and then held still.

Run `pytest tests/test_golden.py --update-golden` after an intended template change and review the diff.
tests/golden_store.py explains the layout: a file identical across variants is stored once.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.spec.model import Spec
from generator.templating.render import render_files

from . import golden_store, shared_run, yaml_text
from .variants import MATRIX

GOLDEN = Path(__file__).resolve().parent / "golden"
# Where the template was rendered from differs per machine; everything else must match to the byte.
_MACHINE_SPECIFIC = re.compile(r"^_(src_path|commit): .*\n", re.MULTILINE)


def _normalised(files: dict[str, str]) -> dict[str, str]:
    return {
        name: _MACHINE_SPECIFIC.sub("", text) if name == ".copier-answers.yml" else text
        for name, text in files.items()
    }


@pytest.fixture(scope="session")
def golden(
    request: pytest.FixtureRequest,
    render_variant: Callable[[str], dict[str, str]],
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, dict[str, str]]:
    """Every variant's golden files; first rewritten from the current templates with --update-golden."""
    if request.config.getoption("--update-golden"):

        def rewrite(_marker: Path) -> None:
            golden_store.write(GOLDEN, {name: _normalised(render_variant(name)) for name in MATRIX})

        # Once per run, however many worker processes share it.
        shared_run.made_once(shared_run.run_folder(tmp_path_factory) / "golden-rewritten", rewrite)
    return golden_store.read(GOLDEN)


@pytest.mark.parametrize("variant", sorted(MATRIX))
def test_rendered_output_matches_golden(
    variant: str,
    render_variant: Callable[[str], dict[str, str]],
    golden: dict[str, dict[str, str]],
) -> None:
    rendered = _normalised(render_variant(variant))
    # Paths relative to the variant's folder (the CI files sit in .github/), shared files included.
    expected = golden.get(variant, {})
    assert sorted(rendered) == sorted(expected)
    for name in rendered:
        assert rendered[name] == expected[name], f"{variant}/{name} differs from the golden file"


def test_golden_holds_the_matrix_and_each_file_once(golden: dict[str, dict[str, str]]) -> None:
    """No folder of a variant that is gone, and no stored file that is a copy of another stored one."""
    assert sorted(golden) == sorted(MATRIX)
    assert golden_store.duplicates(GOLDEN) == [], "run pytest tests/test_golden.py --update-golden"


@pytest.mark.parametrize("variant", sorted(MATRIX))
def test_every_exec_form_line_is_a_json_array(
    variant: str, render_variant: Callable[[str], dict[str, str]]
) -> None:
    dockerfile = render_variant(variant)["Dockerfile"]
    joined = dockerfile.replace("\\\n", " ")
    execs = [
        line.split("CMD ", 1)[1] for line in joined.splitlines() if re.match(r"^(CMD|HEALTHCHECK --)", line)
    ]
    assert len(execs) == 2
    for argv in execs:
        assert isinstance(json.loads(argv), list)


@pytest.mark.parametrize("variant", sorted(MATRIX))
def test_compose_promises(variant: str, render_variant: Callable[[str], dict[str, str]]) -> None:
    spec: Spec = MATRIX[variant]
    files = render_variant(variant)
    compose = yaml_text.load(files["compose.yaml"])
    service = compose["services"][spec.app_name]
    assert set(compose) == {"services"} | ({"secrets"} if spec.private_index else set())
    assert service["init"] is True and service["read_only"] is True
    assert service["user"] == f"{spec.uid}:{spec.uid}"
    assert service["cap_drop"] == ["ALL"]
    assert service["security_opt"] == ["no-new-privileges:true"]
    assert service["volumes"] == [{"type": "tmpfs", "target": "/tmp"}]
    limits = service["deploy"]["resources"]["limits"]
    assert limits == {"cpus": spec.cpus, "memory": spec.memory, "pids": spec.pids}
    assert service["deploy"]["resources"]["reservations"] == {
        "cpus": spec.cpus_reservation,
        "memory": spec.memory_reservation,
    }
    assert set(service["healthcheck"]) >= {"interval", "timeout", "retries"}
    assert "restart" not in service
    assert service["deploy"]["restart_policy"] == {"condition": "on-failure", "max_attempts": 5}
    assert service["logging"]["options"] == {"max-size": "10m", "max-file": "3"}
    if spec.app_kind == "web":
        assert service["ports"] == [f"127.0.0.1:{spec.port}:{spec.port}"]
    else:
        assert "ports" not in service


@pytest.mark.parametrize("variant", sorted(MATRIX))
def test_dockerfile_promises(variant: str, render_variant: Callable[[str], dict[str, str]]) -> None:
    spec: Spec = MATRIX[variant]
    dockerfile = render_variant(variant)["Dockerfile"]
    lines = dockerfile.splitlines()
    assert not any(line.startswith("# syntax") for line in lines)
    assert "<<" not in dockerfile  # no heredocs
    froms = [line for line in lines if line.startswith("FROM ")]
    assert len(froms) == 2 and froms[0].endswith(" AS builder") and froms[1].endswith(" AS runtime")
    assert lines.count("HEALTHCHECK NONE") == 1
    assert f"USER {spec.uid}:{spec.uid}" in lines
    assert "--mount=type=cache" in dockerfile
    runtime = dockerfile.split(" AS runtime", 1)[1]
    assert "pip install" not in runtime
    # The packages the runtime stage installs: libssl3, on slim, for a Rust app that links OpenSSL, and
    # the Debian packages a Python app's final image needs (runtime_packages).
    expected_apt = bool(spec.rust_openssl and spec.runtime_base == "slim") or bool(spec.runtime_packages)
    assert ("apt-get" in runtime) == expected_apt
    if spec.runtime_base in {"distroless", "scratch"}:
        assert "\nRUN " not in runtime  # no shell to run it
    # Manifests are copied (and installed) before the source: the whole build context arrives last.
    source = re.search(r"^COPY (--\S+ )*\. ", dockerfile, re.MULTILINE)
    assert source is not None
    assert source.start() > dockerfile.index("--mount=type=cache")
    secret = "--mount=type=secret" in dockerfile
    assert secret == spec.private_index


def test_non_ascii_description_is_written_as_is(plain_template: Path) -> None:
    spec = Spec.from_answers({"app_name": "cafe", "description": "Café orders — Zürich"})
    dockerfile = render_files(spec, template=plain_template)["Dockerfile"]
    assert 'org.opencontainers.image.description="Café orders — Zürich"' in dockerfile
