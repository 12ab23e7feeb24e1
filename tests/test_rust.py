"""What the Rust Dockerfile promises beyond the golden files: a workspace member built with its manifests
before the source, OpenSSL where openssl-sys links it, and sqlx's offline query data."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from generator.errors import InvalidAnswerError
from generator.spec.model import Spec

from .variants import MATRIX

RUST_VARIANTS = sorted(name for name, spec in MATRIX.items() if spec.language == "rust")


@pytest.mark.parametrize("variant", RUST_VARIANTS)
def test_the_dependencies_compile_before_the_source_arrives(
    variant: str, render_variant: Callable[[str], dict[str, str]]
) -> None:
    spec = MATRIX[variant]
    dockerfile = render_variant(variant)["Dockerfile"]
    package = f" -p {spec.rust_package}" if spec.rust_workspace else ""
    build = f"cargo build --release --locked{package} --bin {spec.entrypoint} \\\n"
    placeholder = dockerfile.index(f"cargo build --release --locked{package} \\\n")
    assert placeholder < dockerfile.index("COPY . .") < dockerfile.index(build)
    # Every placeholder's own output is cleaned, and the placeholders are gone before the source comes.
    cleaned = dockerfile.count("cargo clean --release --locked --quiet --package")
    assert cleaned == (len(spec.rust_workspace.split()) if spec.rust_workspace else 1)
    assert dockerfile.index("&& rm -r ") < dockerfile.index("COPY . .")


def test_a_workspace_copies_every_member_s_manifest_and_builds_one(
    render_variant: Callable[[str], dict[str, str]],
) -> None:
    dockerfile = render_variant("rust-cargo-web-distroless-workspace")["Dockerfile"]
    copies = [line for line in dockerfile.splitlines() if line.startswith("COPY ")]
    assert copies[1:4] == [
        "COPY Cargo.toml Cargo.lock ./",
        "COPY api/Cargo.toml api/",
        "COPY common/Cargo.toml common/",
    ]
    assert "    mkdir -p api/src common/src \\\n" in dockerfile
    assert "    && touch api/src/lib.rs common/src/lib.rs \\\n" in dockerfile
    assert '--package "$(cargo pkgid --manifest-path common/Cargo.toml)"' in dockerfile
    assert "    && rm -r api/src common/src\n" in dockerfile
    assert "cp target/release/api /out/app/" in dockerfile


def test_a_root_package_in_its_own_workspace_needs_no_copy_of_its_manifest(
    render_spec: Callable[[Spec], dict[str, str]],
) -> None:
    answers = {
        "app_name": "shop",
        "language": "rust",
        "rust_workspace": ". crates/core",
        "entrypoint": "shop",
    }
    dockerfile = render_spec(Spec.from_answers(answers))["Dockerfile"]
    copies = [line for line in dockerfile.splitlines() if line.startswith("COPY ")]
    assert copies[1:3] == ["COPY Cargo.toml Cargo.lock ./", "COPY crates/core/Cargo.toml crates/core/"]
    assert "    mkdir -p src crates/core/src \\\n" in dockerfile
    assert '--package "$(cargo pkgid --manifest-path Cargo.toml)"' in dockerfile


@pytest.mark.parametrize(
    ("variant", "runtime_apt"),
    [("rust-cargo-web-slim-openssl", True), ("rust-cargo-web-distroless-openssl", False)],
)
def test_openssl_is_installed_to_build_and_where_the_runtime_lacks_it(
    variant: str, runtime_apt: bool, render_variant: Callable[[str], dict[str, str]]
) -> None:
    builder, runtime = render_variant(variant)["Dockerfile"].split(" AS runtime", 1)
    assert '"pkg-config=1.8.*" "libssl-dev=3.0.*"' in builder
    assert builder.index("libssl-dev") < builder.index("cargo build")
    # distroless cc is distroless base plus libgcc: it has Debian 12's libssl3 already.
    assert ('"libssl3=3.0.*"' in runtime) == runtime_apt
    assert "rm -rf /var/lib/apt/lists/*" in runtime if runtime_apt else "RUN" not in runtime


def test_sqlx_builds_from_its_offline_data(render_variant: Callable[[str], dict[str, str]]) -> None:
    dockerfile = render_variant("rust-cargo-worker-slim-sqlx")["Dockerfile"]
    assert dockerfile.index("ENV SQLX_OFFLINE=true") < dockerfile.index("COPY . .")
    assert "SQLX_OFFLINE" not in render_variant("rust-cargo-worker-slim")["Dockerfile"]


@pytest.mark.parametrize(
    ("answers", "field", "words"),
    [
        ({"rust_package": "api"}, "rust_package", "only applies to a Cargo workspace"),
        ({"rust_workspace": "api", "rust_package": "api;rm"}, "rust_package", "Cargo package name"),
        ({"rust_workspace": "../api"}, "rust_workspace", "no '..'"),
        ({"language": "go", "rust_openssl": True}, "rust_openssl", "only applies to rust"),
        ({"language": "python", "sqlx_offline": True}, "sqlx_offline", "only applies to rust"),
    ],
)
def test_rust_build_answers_are_checked(answers: dict[str, object], field: str, words: str) -> None:
    with pytest.raises(InvalidAnswerError) as refused:
        Spec.from_answers({"app_name": "svc", "language": "rust", **answers})
    assert refused.value.field == field
    assert words in refused.value.accepted
