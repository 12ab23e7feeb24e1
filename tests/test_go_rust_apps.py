"""scaffold detect and scaffold new on Go and Rust apps laid out as their starters lay them out.

The apps under tests/apps depend on modules and crates that cannot be downloaded where the tests run, so
they are never built: the lint tier holds their rendered files to zero findings
(tests/lint/test_detected_defaults.py), and this file holds what detection reads from them, field by
field with its source, and the lines of the Dockerfile those answers write. Where the image would not
build, ``scaffold new --defaults`` stops with exit 2 and one message naming the flag and the fix.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.answers.gather import gather
from generator.check.dockerignore import parse_ignore_file
from generator.detect import Finding, detect

from .conftest import APPS, Invoke
from .prompt_keys import CLEAR, ENTER, keys, record_prompts

_ERROR = "scaffold: error: "

#: What detection proposes for each app: answer -> (value, source).
EXPECTED: dict[str, dict[str, tuple[object, str]]] = {
    # Gin, with SQLite through mattn/go-sqlite3: cgo.
    "go-gin-sqlite": {
        "app_name": ("notes", "go.mod:1: module github.com/example/notes"),
        "language": ("go", "go.mod"),
        "package_manager": ("go", "go.mod"),
        "cgo": (True, "go.mod:7: github.com/mattn/go-sqlite3 v1.14.22 (SQLite compiled through cgo)"),
        "go_version": ("1.22", "go.mod:3: go 1.22"),
        "app_kind": ("web", "main.go:9: import github.com/gin-gonic/gin"),
        "entrypoint": (".", "main.go:14: func main"),
        "port": (8080, 'main.go:36: PORT fallback "8080"'),
        "health_path": ("/healthz", "main.go:22: route /healthz"),
    },
    # chi, with modernc.org/sqlite: SQLite translated to Go, so no cgo and a static binary.
    "go-chi-modernc": {
        "app_name": ("bookmarks", "go.mod:1: module github.com/example/bookmarks"),
        "language": ("go", "go.mod"),
        "package_manager": ("go", "go.mod"),
        "cgo": (False, 'go.mod: no module that needs cgo, and no import "C"'),
        "go_version": ("1.23", "go.mod:3: go 1.23"),
        "app_kind": ("web", "internal/server/server.go:51: http.Server"),
        "entrypoint": ("./cmd/api", "cmd/api/main.go:10: func main"),
        "health_path": ("/livez", "internal/server/server.go:27: route /livez"),
    },
    # A go.work workspace: the server in ./api, its health route in the shared module.
    "go-workspace": {
        "app_name": ("api", "api/go.mod:1: module example.com/shop/api"),
        "language": ("go", "go.work"),
        "package_manager": ("go", "go.work"),
        "go_workspace": ("api shared", "go.work: use ./api, ./shared"),
        "cgo": (False, 'api/go.mod, shared/go.mod: no module that needs cgo, and no import "C"'),
        "go_version": ("1.22", "go.work:1: go 1.22"),
        "app_kind": ("web", "api/cmd/server/main.go:22: http.Server"),
        "entrypoint": ("./api/cmd/server", "api/cmd/server/main.go:17: func main"),
        "port": (8081, 'api/cmd/server/main.go:20: PORT fallback "8081"'),
        "health_path": ("/readyz", "shared/health/health.go:8: route /readyz"),
    },
    # `go mod vendor`: the dependencies come with the source.
    "go-vendored": {
        "app_name": ("uploads", "go.mod:1: module github.com/example/uploads"),
        "language": ("go", "go.mod"),
        "package_manager": ("go", "go.mod"),
        "go_vendor": (True, "vendor/modules.txt"),
        "cgo": (False, 'go.mod: no module that needs cgo, and no import "C"'),
        "go_version": ("1.22", "go.mod:3: go 1.22"),
        "app_kind": ("web", "main.go:28: http.Server"),
        "entrypoint": (".", "main.go:15: func main"),
        "port": (8080, 'main.go:28: Addr ":8080"'),
        "health_path": ("/health", "main.go:18: route /health"),
    },
    # axum, with reqwest on rustls: nothing links OpenSSL.
    "rust-axum-rustls": {
        "app_name": ("weather-proxy", "Cargo.toml:2: package.name"),
        "description": (
            "Caches a weather API behind axum; reqwest speaks TLS through rustls",
            "Cargo.toml:6: package.description",
        ),
        "language": ("rust", "Cargo.toml"),
        "package_manager": ("cargo", "Cargo.lock"),
        "rust_openssl": (False, "Cargo.lock: no openssl-sys"),
        "rust_version": ("1.78", "Cargo.toml:5: package.rust-version '1.78'"),
        "app_kind": ("web", "src/main.rs:32: TcpListener::bind"),
        "entrypoint": ("weather-proxy", "Cargo.toml:2: package.name (src/main.rs)"),
        "port": (3000, "src/main.rs:31: PORT fallback 3000"),
        "health_path": ("/health", "src/main.rs:24: route /health"),
    },
    # axum, with reqwest's default features: native-tls, so openssl-sys.
    "rust-axum-native-tls": {
        "app_name": ("feed-reader", "Cargo.toml:2: package.name"),
        "description": (
            "Fetches RSS feeds for an axum API; reqwest's default TLS is native-tls (OpenSSL on Linux)",
            "Cargo.toml:5: package.description",
        ),
        "language": ("rust", "Cargo.toml"),
        "package_manager": ("cargo", "Cargo.lock"),
        "rust_openssl": (
            True,
            "Cargo.lock:119: openssl-sys, through reqwest → native-tls (the system OpenSSL)",
        ),
        "app_kind": ("web", "src/main.rs:17: TcpListener::bind"),
        "entrypoint": ("feed-reader", "Cargo.toml:2: package.name (src/main.rs)"),
        "port": (8080, "src/main.rs:16: PORT fallback 8080"),
        "health_path": ("/healthz", "src/main.rs:15: route /healthz"),
    },
    # A Cargo workspace: the hyper API, a worker and a library; the API is the member that serves.
    "rust-workspace": {
        "app_name": ("orders-api", "api/Cargo.toml:2: package.name"),
        "description": ("The orders HTTP API, on hyper", "api/Cargo.toml:6: package.description"),
        "language": ("rust", "Cargo.toml"),
        "package_manager": ("cargo", "Cargo.lock"),
        "rust_workspace": ("api worker crates/orders", "Cargo.toml:3: workspace.members"),
        "rust_package": (
            "orders-api",
            "api/Cargo.toml:2: package.name (the one member with a binary that serves)",
        ),
        "rust_openssl": (False, "Cargo.lock: no openssl-sys"),
        "rust_version": ("1.79", "Cargo.toml:7: workspace.package.rust-version '1.79'"),
        "app_kind": ("web", "api/src/main.rs:32: TcpListener::bind"),
        "entrypoint": ("orders-api", "api/Cargo.toml:9: [[bin]] name"),
        "port": (8000, "api/src/main.rs:30: PORT fallback 8000"),
        "health_path": ("/healthz", "api/src/main.rs:15: route /healthz"),
    },
    # sqlx's checked queries, with the .sqlx/ data `cargo sqlx prepare` wrote.
    "rust-sqlx-offline": {
        "app_name": ("todo-api", "Cargo.toml:2: package.name"),
        "description": (
            "A to-do API on axum and PostgreSQL, its queries checked at compile time by sqlx",
            "Cargo.toml:5: package.description",
        ),
        "language": ("rust", "Cargo.toml"),
        "package_manager": ("cargo", "Cargo.lock"),
        "rust_openssl": (False, "Cargo.lock: no openssl-sys"),
        "sqlx_offline": (True, "src/db.rs:14: sqlx::query_as!, with .sqlx/"),
        "app_kind": ("web", "src/main.rs:22: TcpListener::bind"),
        "entrypoint": ("todo-api", "Cargo.toml:2: package.name (src/main.rs)"),
        "port": (8080, 'src/main.rs:22: "0.0.0.0:8080"'),
        "health_path": ("/health", "src/main.rs:20: route /health"),
    },
}
#: The notes each app draws, in order (the Go apps have no go.sum: their modules cannot be fetched here).
NOTES: dict[str, list[str]] = {
    "go-gin-sqlite": [
        "go.sum is missing: run `go mod tidy` and commit it; the image's module download checks it"
    ],
    "go-chi-modernc": [
        "go.sum is missing: run `go mod tidy` and commit it; the image's module download checks it"
    ],
}
#: The Dockerfile lines each app's answers write.
DOCKERFILE_LINES: dict[str, list[str]] = {
    "go-gin-sqlite": [
        "FROM golang:${GO_VERSION}-bookworm AS builder",
        "ENV CGO_ENABLED=1 \\",
        "FROM gcr.io/distroless/base-debian12:nonroot AS runtime",
    ],
    "go-chi-modernc": [
        "FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-bookworm AS builder",
        "ENV CGO_ENABLED=0 \\",
        "FROM gcr.io/distroless/static-debian12:nonroot AS runtime",
    ],
    "go-workspace": [
        "COPY go.work go.work.sum* ./",
        "COPY api/go.mod api/go.sum* api/",
        "COPY shared/go.mod shared/go.sum* shared/",
        '    go build -trimpath -buildvcs=false -ldflags="-s -w" -o /out/app/api ./api/cmd/server',
    ],
    "go-vendored": [
        '    go build -trimpath -buildvcs=false -ldflags="-s -w" -mod=vendor -o /out/app/uploads .'
    ],
    "rust-axum-rustls": ["FROM gcr.io/distroless/cc-debian12:nonroot AS runtime"],
    "rust-axum-native-tls": [
        '    && apt-get install -y --no-install-recommends "pkg-config=1.8.*" "libssl-dev=3.0.*" \\',
        "FROM gcr.io/distroless/cc-debian12:nonroot AS runtime",
    ],
    "rust-workspace": [
        "COPY api/Cargo.toml api/",
        "COPY worker/Cargo.toml worker/",
        "COPY crates/orders/Cargo.toml crates/orders/",
        "    && cargo build --release --locked -p orders-api \\",
        "    cargo build --release --locked -p orders-api --bin orders-api \\",
    ],
    "rust-sqlx-offline": ["ENV SQLX_OFFLINE=true"],
}


def _copy(name: str, tmp_path: Path) -> Path:
    return Path(shutil.copytree(APPS / name, tmp_path / name))


def _write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _written(app: Path) -> bool:
    return (app / "Dockerfile").exists() or (app / "compose.yaml").exists()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_app_field_by_field(name: str) -> None:
    found = detect(APPS / name)
    assert found.findings == {
        field: Finding(value, source) for field, (value, source) in EXPECTED[name].items()
    }
    assert found.notes == NOTES.get(name, [])
    assert found.unsettled == {}


@pytest.mark.usefixtures("fast_template")
@pytest.mark.parametrize("name", sorted(DOCKERFILE_LINES))
def test_defaults_write_what_the_app_needs(cli_invoke: Invoke, tmp_path: Path, name: str) -> None:
    app = _copy(name, tmp_path)
    cli_invoke(["new", str(app), "--defaults"])
    lines = (app / "Dockerfile").read_text(encoding="utf-8").splitlines()
    for line in DOCKERFILE_LINES[name]:
        assert line in lines


@pytest.mark.usefixtures("fast_template")
def test_the_vendored_credentials_package_reaches_the_build(cli_invoke: Invoke, tmp_path: Path) -> None:
    app = _copy("go-vendored", tmp_path)
    cli_invoke(["new", str(app), "--defaults"])
    ignore = parse_ignore_file(
        (app / ".dockerignore").read_text(encoding="utf-8"), path=Path(".dockerignore")
    )
    vendored = "vendor/github.com/aws/aws-sdk-go-v2/credentials/static_provider.go"
    assert (app / vendored).is_file()
    deciding = ignore.deciding(vendored)
    assert deciding is not None and deciding.negated and deciding.text == "!vendor/**"
    # The app's own folder of that name is still left out, as everywhere.
    own = ignore.deciding("credentials")
    assert own is not None and not own.negated


@pytest.mark.usefixtures("fast_template")
def test_sqlx_without_query_data_stops_naming_cargo_sqlx_prepare(cli_invoke: Invoke, tmp_path: Path) -> None:
    app = _copy("rust-sqlx-prepare-missing", tmp_path)
    found = detect(app)
    assert found.findings["sqlx_offline"] == Finding(True, "src/db.rs:14: sqlx::query_as!")
    result = cli_invoke(["new", str(app), "--defaults"], expect=2)
    assert result.stderr == (
        f"{_ERROR}--sqlx-offline: sqlx's query macros check each query against a live database while "
        "compiling, and there is no .sqlx/ query data for an offline build (SQLX_OFFLINE=true): run `cargo "
        "sqlx prepare` (`--workspace` in a workspace) and commit .sqlx/\n"
    )
    assert not _written(app)
    # What `cargo sqlx prepare` writes is all it takes.
    shutil.copytree(APPS / "rust-sqlx-offline" / ".sqlx", app / ".sqlx")
    cli_invoke(["new", str(app), "--defaults"])
    assert "ENV SQLX_OFFLINE=true\n" in (app / "Dockerfile").read_text(encoding="utf-8")


@pytest.mark.usefixtures("fast_template")
def test_cgo_on_scratch_stops_naming_the_runtime_base(cli_invoke: Invoke, tmp_path: Path) -> None:
    app = _copy("go-gin-sqlite", tmp_path)
    result = cli_invoke(["new", str(app), "--defaults", "--runtime-base", "scratch"], expect=2)
    assert result.stderr == (
        f"{_ERROR}--runtime-base: must be distroless with cgo: a cgo binary loads the C library, which "
        "scratch lacks (distroless is then base-debian12, with glibc); or pass --no-cgo (got 'scratch')\n"
    )
    assert not _written(app)


@pytest.mark.usefixtures("fast_template")
def test_go_vendor_without_modules_txt_stops(cli_invoke: Invoke, tmp_path: Path) -> None:
    app = _copy("go-chi-modernc", tmp_path)
    result = cli_invoke(["new", str(app), "--defaults", "--go-vendor"], expect=2)
    assert result.stderr == (
        f"{_ERROR}--go-vendor: vendor/modules.txt is missing, and -mod=vendor builds only from the vendor/ "
        "folder `go mod vendor` writes: run it and commit vendor/, or pass --no-go-vendor\n"
    )
    assert not _written(app)


@pytest.mark.usefixtures("fast_template")
def test_several_main_packages_stop_naming_them(cli_invoke: Invoke, tmp_path: Path) -> None:
    main = "package main\n\nfunc main() {}\n"
    app = _write(
        tmp_path / "app",
        {
            "go.mod": "module example.com/app\n\ngo 1.22\n",
            "cmd/api/main.go": main,
            "cmd/migrate/main.go": main,
        },
    )
    result = cli_invoke(["new", str(app), "--defaults"], expect=2)
    assert (
        result.stderr
        == f"{_ERROR}--entrypoint: must be chosen: several main packages: ./cmd/api, ./cmd/migrate\n"
    )
    cli_invoke(["new", str(app), "--defaults", "--entrypoint", "./cmd/api"])


_AXUM_MAIN = 'fn main() { let _ = std::net::TcpListener::bind("0.0.0.0:8080"); }\n'


def _member(name: str, *, web: bool) -> dict[str, str]:
    dependencies = 'axum = "0.7"\n' if web else ""
    manifest = f'[package]\nname = "{name}"\nversion = "0.1.0"\n\n[dependencies]\n{dependencies}'
    return {
        f"{name}/Cargo.toml": manifest,
        f"{name}/src/main.rs": _AXUM_MAIN if web else "fn main() {}\n",
    }


@pytest.mark.usefixtures("fast_template")
def test_two_serving_members_stop_naming_both(cli_invoke: Invoke, tmp_path: Path) -> None:
    app = _write(
        tmp_path / "app",
        {
            "Cargo.toml": '[workspace]\nmembers = ["admin", "api", "jobs"]\n',
            "Cargo.lock": "version = 4\n",
            **_member("admin", web=True),
            **_member("api", web=True),
            **_member("jobs", web=False),
        },
    )
    result = cli_invoke(["new", str(app), "--defaults"], expect=2)
    assert result.stderr == (
        f"{_ERROR}--rust-package: must be chosen: several workspace members serve: admin (admin), api (api)\n"
    )
    result = cli_invoke(["new", str(app), "--defaults", "--rust-package", "api"], expect=2)
    assert result.stderr == (
        f"{_ERROR}--entrypoint: must be chosen: the binary of the member to build: admin (admin), api (api)\n"
    )
    cli_invoke(["new", str(app), "--defaults", "--rust-package", "api", "--entrypoint", "api"])
    assert "    cargo build --release --locked -p api --bin api \\\n" in (app / "Dockerfile").read_text()


def test_two_serving_members_are_asked_interactively(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = _write(
        tmp_path / "app",
        {
            "Cargo.toml": '[workspace]\nmembers = ["admin", "api"]\n',
            "Cargo.lock": "version = 4\n",
            **_member("admin", web=True),
            **_member("api", web=True),
        },
    )
    shown = record_prompts(monkeypatch)
    # The member (typed over the default), the runtime base and the app kind (taken), the entrypoint
    # (typed), the port, the limits, CI and "change anything else" (taken).
    with keys(CLEAR + "api" + ENTER + ENTER * 2 + CLEAR + "api" + ENTER + ENTER * 4):
        spec = gather(app, {}, interactive=True).spec
    assert [prompt.message for prompt in shown[:4]] == [
        "Workspace member to build (cargo build -p)",
        "Runtime base image",
        "App kind",
        "Entrypoint: the Cargo binary target to build and run",
    ]
    assert (spec.rust_package, spec.entrypoint) == ("api", "api")


def test_a_workspace_member_without_a_binary_is_not_a_candidate(tmp_path: Path) -> None:
    app = _write(
        tmp_path / "app",
        {
            "Cargo.toml": '[workspace]\nmembers = ["crates/*"]\nexclude = ["crates/legacy"]\n',
            "crates/core/Cargo.toml": '[package]\nname = "core"\nversion = "0.1.0"\n',
            "crates/core/src/lib.rs": "",
            "crates/legacy/Cargo.toml": '[package]\nname = "legacy"\nversion = "0.1.0"\n',
            "crates/legacy/src/main.rs": "fn main() {}\n",
            "crates/cli/Cargo.toml": '[package]\nname = "cli"\nversion = "0.1.0"\n',
            "crates/cli/src/main.rs": "fn main() {}\n",
        },
    )
    found = detect(app)
    assert found.findings["rust_workspace"] == Finding(
        "crates/cli crates/core", "Cargo.toml:2: workspace.members"
    )
    assert found.findings["rust_package"] == Finding(
        "cli", "crates/cli/Cargo.toml:2: package.name (the one member with a binary)"
    )
    assert found.findings["app_kind"].value == "worker"


def test_a_workspace_without_any_binary_is_left_open(tmp_path: Path) -> None:
    app = _write(
        tmp_path / "app",
        {
            "Cargo.toml": '[workspace]\nmembers = ["core"]\n',
            "core/Cargo.toml": '[package]\nname = "core"\nversion = "0.1.0"\n',
            "core/src/lib.rs": "",
        },
    )
    found = detect(app)
    assert found.unsettled == {
        "rust_package": "no workspace member has a binary target (src/main.rs, src/bin/, [[bin]])"
    }


def test_cgo_from_import_c_and_from_go_sum(tmp_path: Path) -> None:
    cgo = 'package hash\n\n// #include <zlib.h>\nimport "C"\n'
    grouped = 'package hash\n\n/*\n#include <zlib.h>\n*/\nimport (\n\t"fmt"\n\n\t"C"\n)\n'
    main = 'package main\n\nimport _ "example.com/app/hash"\n\nfunc main() {}\n'
    for source, line in ((cgo, 4), (grouped, 9)):
        app = _write(
            tmp_path / f"app{line}", {"go.mod": "module example.com/app\n\ngo 1.22\n", "main.go": main}
        )
        _write(app, {"hash/crc.go": source, "hash/crc_test.go": cgo.replace("hash", "hash_test")})
        assert detect(app).findings["cgo"] == Finding(True, f'hash/crc.go:{line}: import "C"')
    # A test file's import "C" builds no binary; an older go.mod that lists no indirect module leaves
    # go.sum to say that a dependency's own dependency is go-sqlite3.
    app = _write(
        tmp_path / "indirect",
        {
            "go.mod": "module example.com/app\n\ngo 1.22\n\nrequire gorm.io/gorm v1.25.10\n",
            "go.sum": (
                "github.com/mattn/go-sqlite3 v1.14.17/go.mod h1:AAAA=\n"
                "github.com/mattn/go-sqlite3 v1.14.17 h1:BBBB=\n"
            ),
            "main.go": "package main\n\nfunc main() {}\n",
            "main_test.go": 'package main\n\nimport "C"\n',
        },
    )
    assert detect(app).findings["cgo"] == Finding(
        True, "go.sum:2: github.com/mattn/go-sqlite3 v1.14.17 (SQLite compiled through cgo)"
    )


def test_pure_go_sqlite_drivers_are_not_cgo(tmp_path: Path) -> None:
    requires = "".join(
        f"\t{module} v1.0.0\n"
        for module in ("modernc.org/sqlite", "github.com/glebarez/sqlite", "github.com/ncruces/go-sqlite3")
    )
    app = _write(
        tmp_path / "app",
        {
            "go.mod": f"module example.com/app\n\ngo 1.22\n\nrequire (\n{requires})\n",
            "main.go": "package main\n",
        },
    )
    assert detect(app).findings["cgo"].value is False


def test_a_go_work_using_a_folder_outside_builds_without_it(tmp_path: Path) -> None:
    app = _write(
        tmp_path / "app",
        {
            "go.work": "go 1.22\n\nuse (\n\t.\n\t../shared\n)\n",
            "go.mod": "module example.com/app\n\ngo 1.22\n",
            "main.go": "package main\n\nfunc main() {}\n",
        },
    )
    found = detect(app)
    assert "go_workspace" not in found.findings
    assert found.findings["package_manager"] == Finding("go", "go.mod")
    assert found.notes == [
        "go.work uses ../shared, outside this folder: the image builds without the workspace (its "
        ".dockerignore leaves go.work out), so those modules come from go.mod's requirements"
    ]
