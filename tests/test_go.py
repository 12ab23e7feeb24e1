"""What the Go Dockerfile promises beyond the golden files: the probe and the binary it builds and runs,
the scratch runtime's own files, and a .dockerignore that keeps what the build needs."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.errors import InvalidAnswerError
from generator.spec.model import Spec
from generator.templating.render import render_files

from .variants import MATRIX

GO_VARIANTS = sorted(name for name, spec in MATRIX.items() if spec.language == "go")


def _healthcheck(dockerfile: str) -> list[str]:
    argv = re.search(r"^HEALTHCHECK --.*\\\n\s+CMD (\[.*\])$", dockerfile, re.MULTILINE)
    assert argv is not None
    return list(json.loads(argv.group(1)))


@pytest.mark.parametrize("variant", GO_VARIANTS)
def test_builds_and_runs_the_binary_and_the_probe(
    variant: str, render_variant: Callable[[str], dict[str, str]]
) -> None:
    spec = MATRIX[variant]
    files = render_variant(variant)
    dockerfile = files["Dockerfile"]
    flags = 'go build -trimpath -buildvcs=false -ldflags="-s -w"'
    vendor = " -mod=vendor" if spec.go_vendor else ""
    app_build = f"{flags}{vendor} -o /out/app/{spec.app_name} {spec.entrypoint}\n"
    assert app_build in dockerfile
    # The probe is built from its one file, before (and apart from) the app's module.
    assert "COPY .container/healthcheck.go /probe/\n" in dockerfile
    assert f"{flags} -o /out/healthcheck /probe/healthcheck.go\n" in dockerfile
    assert dockerfile.index("/probe/healthcheck.go\n") < dockerfile.index("WORKDIR /src")
    assert "package main" in files[".container/healthcheck.go"]
    assert f"ENV CGO_ENABLED={int(bool(spec.cgo))}" in dockerfile
    assert dockerfile.rstrip().endswith(f'CMD ["/app/{spec.app_name}"]')
    if spec.app_kind == "worker":
        expected = ["/healthcheck", "proc"]
    elif spec.health_path:
        expected = ["/healthcheck", "http", f"http://127.0.0.1:{spec.port}{spec.health_path}"]
    else:
        expected = ["/healthcheck", "tcp", f"127.0.0.1:{spec.port}"]
    assert _healthcheck(dockerfile) == expected
    if spec.go_vendor:
        # vendor/ comes with the source: nothing to download, so no step before it.
        assert "go mod download" not in dockerfile and "/go/pkg/mod" not in dockerfile
        assert dockerfile.index("COPY . .") < dockerfile.index(app_build)
        return
    # The dependency download sees only the manifests; the build sees the source.
    assert dockerfile.index("COPY go.mod go.sum* ./" if not spec.go_workspace else "COPY go.work") < (
        dockerfile.index("go mod download")
    )
    assert dockerfile.index("go mod download") < dockerfile.index("COPY . .") < dockerfile.index(app_build)


def test_a_workspace_copies_go_work_and_each_module_s_manifests(
    render_variant: Callable[[str], dict[str, str]],
) -> None:
    files = render_variant("go-go-web-distroless-workspace")
    dockerfile = files["Dockerfile"]
    manifests = dockerfile[dockerfile.index("WORKDIR /src") : dockerfile.index("go mod download")]
    assert [line for line in manifests.splitlines() if line.startswith("COPY")] == [
        "COPY go.work go.work.sum* ./",
        "COPY api/go.mod api/go.sum* api/",
        "COPY shared/go.mod shared/go.sum* shared/",
    ]
    # The build needs the workspace file: only a single module's .dockerignore leaves it out.
    patterns = {line.strip() for line in files[".dockerignore"].splitlines()}
    assert "go.work" not in patterns and "go.work.sum" not in patterns
    single = {line.strip() for line in render_variant("go-go-web-distroless")[".dockerignore"].splitlines()}
    assert {"go.work", "go.work.sum"} <= single


def test_cgo_builds_on_the_target_platform_and_runs_on_glibc(
    render_variant: Callable[[str], dict[str, str]],
) -> None:
    dockerfile = render_variant("go-go-web-distroless-cgo")["Dockerfile"]
    froms = [line for line in dockerfile.splitlines() if line.startswith("FROM ")]
    # gcc builds for the platform it runs on: no cross-compiling from $BUILDPLATFORM.
    assert froms == [
        "FROM golang:${GO_VERSION}-bookworm AS builder",
        "FROM gcr.io/distroless/base-debian12:nonroot AS runtime",
    ]
    assert "TARGETARCH" not in dockerfile and "GOARCH" not in dockerfile


def test_cgo_refuses_scratch_and_any_other_language() -> None:
    with pytest.raises(InvalidAnswerError) as refused:
        Spec.from_answers({"app_name": "svc", "language": "go", "runtime_base": "scratch", "cgo": True})
    assert refused.value.field == "runtime_base"
    assert "scratch lacks" in refused.value.accepted and "--no-cgo" in refused.value.accepted
    with pytest.raises(InvalidAnswerError, match="only applies to go"):
        Spec.from_answers({"app_name": "svc", "language": "rust", "cgo": True})


@pytest.mark.parametrize(
    "folders", ["../shared", "/abs", "api/../..", "api  shared", ".hidden", "api\nRUN x"]
)
def test_workspace_folders_stay_inside_the_project(folders: str) -> None:
    with pytest.raises(InvalidAnswerError) as refused:
        Spec.from_answers({"app_name": "svc", "language": "go", "go_workspace": folders})
    assert refused.value.field == "go_workspace"


def test_vendored_dependencies_are_kept_in_the_context(
    render_variant: Callable[[str], dict[str, str]],
) -> None:
    ignore = render_variant("go-go-worker-scratch-vendor")[".dockerignore"]
    # The re-include comes after every secret pattern, so none of them drops a vendored package.
    assert ignore.rstrip().endswith("!vendor/**")
    assert ignore.index("**/credentials\n") < ignore.index("!vendor/**")


@pytest.mark.parametrize("variant", GO_VARIANTS)
def test_dockerignore_keeps_what_the_build_reads(
    variant: str, render_variant: Callable[[str], dict[str, str]]
) -> None:
    patterns = {line.strip() for line in render_variant(variant)[".dockerignore"].splitlines()}
    for kept in (".container", "**/.container", "go.mod", "go.sum", "vendor", "cmd", "*.go"):
        assert kept not in patterns


def test_scratch_gets_its_files_for_the_answered_uid_and_pulls_nothing(plain_template: Path) -> None:
    spec = Spec.from_answers(
        {
            "app_name": "svc",
            "language": "go",
            "runtime_base": "scratch",
            "uid": 20002,
            "base_registry": "registry.example.com/mirror/",
        }
    )
    dockerfile = render_files(spec, template=plain_template)["Dockerfile"]
    froms = [line for line in dockerfile.splitlines() if line.startswith("FROM ")]
    # scratch is no image: a registry prefix would make Docker pull one that does not exist.
    assert froms == [
        "FROM --platform=$BUILDPLATFORM registry.example.com/mirror/golang:${GO_VERSION}-bookworm AS builder",
        "FROM scratch AS runtime",
    ]
    assert "app:x:20002:20002:app:/tmp:/sbin/nologin" in dockerfile
    assert "app:x:20002:" in dockerfile
    assert "USER 20002:20002" in dockerfile
    assert "cp /etc/ssl/certs/ca-certificates.crt /out/etc/ssl/certs/" in dockerfile
    assert "chmod 1777 /out/tmp" in dockerfile


def test_distroless_names_no_scratch_files(render_variant: Callable[[str], dict[str, str]]) -> None:
    dockerfile = render_variant("go-go-web-distroless")["Dockerfile"]
    assert "FROM gcr.io/distroless/static-debian12:nonroot AS runtime" in dockerfile
    assert "/out/etc" not in dockerfile and "/out/tmp" not in dockerfile
