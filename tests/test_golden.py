"""Golden files: the rendered output of each variant, reviewed once and then held still.

Run `pytest tests/test_golden.py --update-golden` after an intended template change and review the diff.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from generator.spec.model import Spec
from generator.templating.render import render_files

from .variants import MATRIX

GOLDEN = Path(__file__).resolve().parent / "golden"
# Where the template was rendered from differs per machine; everything else must match to the byte.
_MACHINE_SPECIFIC = re.compile(r"^_(src_path|commit): .*\n", re.MULTILINE)


def _normalised(name: str, content: str) -> str:
    return _MACHINE_SPECIFIC.sub("", content) if name == ".copier-answers.yml" else content


@pytest.mark.parametrize("variant", sorted(MATRIX))
def test_rendered_output_matches_golden(
    variant: str, render_variant: Callable[[str], dict[str, str]], request: pytest.FixtureRequest
) -> None:
    rendered = {name: _normalised(name, text) for name, text in render_variant(variant).items()}
    folder = GOLDEN / variant
    if request.config.getoption("--update-golden"):
        if folder.exists():
            shutil.rmtree(folder)
        for name, text in rendered.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text, encoding="utf-8")
    # Paths relative to the variant's folder: the CI files sit in .github/.
    expected = {
        path.relative_to(folder).as_posix(): path.read_text(encoding="utf-8")
        for path in folder.rglob("*")
        if path.is_file()
    }
    assert sorted(rendered) == sorted(expected)
    for name in rendered:
        assert rendered[name] == expected[name], f"{variant}/{name} differs from the golden file"


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
    compose = yaml.safe_load(files["compose.yaml"])
    service = compose["services"][spec.app_name]
    assert compose["name"] == spec.app_name
    assert service["init"] is True and service["read_only"] is True
    assert service["user"] == f"{spec.uid}:{spec.uid}"
    assert service["cap_drop"] == ["ALL"]
    assert service["security_opt"] == ["no-new-privileges:true"]
    assert service["tmpfs"] == ["/tmp"]
    limits = service["deploy"]["resources"]["limits"]
    assert limits == {"cpus": spec.cpus, "memory": spec.memory, "pids": spec.pids}
    assert service["deploy"]["resources"]["reservations"] == {
        "cpus": spec.cpus_reservation,
        "memory": spec.memory_reservation,
    }
    assert set(service["healthcheck"]) >= {"interval", "timeout", "retries"}
    assert service["restart"] == "unless-stopped"
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
    assert "apt-get" not in runtime and "pip install" not in runtime
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
