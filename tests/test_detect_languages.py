"""Each language's detector on the variations the fixture repositories do not cover, and its helpers."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.detect import Finding, detect
from generator.detect.files import json_key_lines, toml_key_line
from generator.languages.node import scripts
from generator.languages.node.package import JsonFile
from generator.languages.node.versions import from_pin, from_range

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "detect"


def _write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return folder


def _package(folder: Path, package: dict[str, object], **files: str) -> Path:
    return _write(folder, {"package.json": json.dumps(package, indent=2) + "\n", **files})


# Node.js


@pytest.mark.parametrize(
    ("engines", "major"),
    [
        (">=20", "24"),
        ("^20.11", "20"),
        ("20.x", "20"),
        ("~22.3.0", "22"),
        (">=18 <21", "20"),
        ("18 || 20", "20"),
        ("18 - 22", "22"),
        (">= 20.0.0", "24"),
        (">20", "24"),
        ("<=20", "20"),
        ("^21", "21"),
        ("*", "24"),
        ("14.x", None),
        ("not a range", None),
    ],
)
def test_engines_node_picks_the_newest_lts_it_allows(engines: str, major: str | None) -> None:
    assert from_range(engines) == major


@pytest.mark.parametrize(
    ("pin", "major"), [("v20.11.1", "20"), ("22", "22"), ("lts/iron", "20"), ("lts/*", "24"), ("node", None)]
)
def test_nvmrc_forms(pin: str, major: str | None) -> None:
    assert from_pin(pin) == major


def test_nvmrc_wins_over_engines_and_old_versions_are_noted(tmp_path: Path) -> None:
    _package(tmp_path, {"name": "a", "engines": {"node": ">=18"}}, **{".nvmrc": "v20.11.1\n"})
    found = detect(tmp_path)
    assert found.findings["node_version"] == Finding("20", ".nvmrc:1: v20.11.1")
    (tmp_path / ".nvmrc").write_text("16\n")
    found = detect(tmp_path)
    assert found.findings["node_version"] == Finding("24", "package.json:4: engines.node '>=18'")
    assert ".nvmrc:1: '16' is not a Node.js 18+ version" in found.notes


def test_a_non_lts_range_is_noted_and_a_range_below_18_proposes_nothing(tmp_path: Path) -> None:
    _package(tmp_path, {"name": "a", "engines": {"node": "^21"}})
    found = detect(tmp_path)
    assert found.answers()["node_version"] == "21"
    assert "package.json:4: engines.node '^21': Node.js 21 is not a long-term-support release" in found.notes
    _package(tmp_path, {"name": "a", "engines": {"node": "14.x"}})
    found = detect(tmp_path)
    assert "node_version" not in found.answers()
    assert any("allows no Node.js 18 or newer" in note for note in found.notes)


def test_package_manager_field_counts_without_a_lock_file(tmp_path: Path) -> None:
    _package(tmp_path, {"name": "a", "packageManager": "pnpm@9.1.0"})
    found = detect(tmp_path)
    assert found.findings["package_manager"] == Finding("pnpm", "package.json:3: packageManager pnpm@9.1.0")
    assert found.notes[0] == (
        "no lock file (package-lock.json, yarn.lock or pnpm-lock.yaml): the Dockerfile's frozen install "
        "needs one; run `pnpm install` and commit pnpm-lock.yaml"
    )
    (tmp_path / "yarn.lock").write_text("# yarn lockfile v1\n")
    found = detect(tmp_path)
    assert found.findings["package_manager"] == Finding("yarn", "yarn.lock")
    assert "but the lock file is yarn.lock: the image installs with yarn" in found.notes[0]


@pytest.mark.parametrize(
    ("start", "entrypoint"),
    [
        ("node server.js", "server.js"),
        ("node ./dist/main.mjs", "dist/main.mjs"),
        ("NODE_ENV=production node -r dotenv/config --enable-source-maps app.cjs", "app.cjs"),
        ("node --require ./tracing.js server.js", "server.js"),
        ("node server", "server.js"),
        ("node dist/main", "dist/main.js"),
        ("node lib", "lib/index.js"),
        ("node .", "lib/index.js"),
    ],
)
def test_the_file_node_runs_comes_from_the_start_script(tmp_path: Path, start: str, entrypoint: str) -> None:
    # A build script whose output scaffold cannot tell is trusted to write dist/.
    scripts = {"start": start, "build": "node scripts/bundle.js"}
    _package(
        tmp_path,
        {"name": "a", "main": "lib/index.js", "scripts": scripts},
        **{"server.js": "", "lib/index.js": "", "app.cjs": ""},
    )
    found = detect(tmp_path)
    assert found.findings["entrypoint"] == Finding(entrypoint, "package.json:5: scripts.start")


def test_start_prod_comes_before_start(tmp_path: Path) -> None:
    scripts = {"build": "nest build", "start": "node dist/dev.js", "start:prod": "node dist/main"}
    _package(tmp_path, {"name": "a", "scripts": scripts, "dependencies": {"@nestjs/core": "10"}})
    found = detect(tmp_path)
    assert found.findings["entrypoint"] == Finding("dist/main.js", "package.json:6: scripts.start:prod")
    assert found.findings["app_kind"] == Finding("web", "package.json:9: dependencies.@nestjs/core")


def test_a_start_script_that_runs_no_file_falls_back_to_a_default_file(tmp_path: Path) -> None:
    _package(tmp_path, {"name": "a", "scripts": {"start": "serve-app --port 3000"}})
    found = detect(tmp_path)
    assert "entrypoint" not in found.answers()
    assert found.unsettled["entrypoint"] == (
        "package.json:4: scripts.start runs 'serve-app --port 3000', not `node <file>`; no candidate found"
    )
    (tmp_path / "index.js").write_text("")
    found = detect(tmp_path)
    assert found.findings["entrypoint"] == Finding(
        "index.js", "index.js (no start script or main in package.json names a file)"
    )
    assert found.unsettled == {}


@pytest.mark.parametrize(
    ("start", "then"),
    [
        ("nodemon lib/server.js", ""),
        ("nest start --watch", ""),
        ("next dev", ""),
        ("nx serve api", ""),
        ("vite", ""),
        ("node --watch lib/server.js", ""),
        (
            "ts-node src/index.ts",
            "package.json:4: scripts.start runs src/index.ts for development: src/index.ts is TypeScript, "
            "and no build script compiles it to a known file; ",
        ),
        (
            "tsx watch src/index.ts",
            "package.json:4: scripts.start runs src/index.ts for development: src/index.ts is TypeScript, "
            "and no build script compiles it to a known file; ",
        ),
    ],
)
def test_a_development_command_never_becomes_the_entrypoint(tmp_path: Path, start: str, then: str) -> None:
    _package(
        tmp_path, {"name": "a", "scripts": {"start": start}}, **{"lib/server.js": "", "src/index.ts": ""}
    )
    found = detect(tmp_path)
    assert "entrypoint" not in found.answers()
    listed = "candidates: lib/server.js" if "server.js" in start else "no candidate found"
    assert found.unsettled["entrypoint"] == (
        f"package.json:4: scripts.start runs {start!r}, a development command; {then}{listed}"
    )
    assert found.notes[-1].endswith(
        "pass --entrypoint (without it, scaffold new asks, or with --defaults stops)"
    )


def test_a_development_script_s_typescript_is_run_as_tsc_compiles_it(tmp_path: Path) -> None:
    _package(
        tmp_path,
        {"name": "a", "main": "index.js", "scripts": {"build": "tsc", "start": "ts-node src/index.ts"}},
        **{
            "tsconfig.json": (
                '{\n  "compilerOptions": {\n    "outDir": "./build",\n    "rootDir": "./src"\n  }\n}\n'
            ),
            "src/index.ts": "",
        },
    )
    found = detect(tmp_path)
    assert found.findings["entrypoint"] == Finding(
        "build/index.js",
        "package.json:6: scripts.start runs src/index.ts for development, compiled by tsc "
        "(tsconfig.json:3: outDir ./build)",
    )
    # main (npm init's index.js) names a file that is not there and that tsc does not write.
    assert (
        "package.json:3: main: index.js does not exist, and the build (package.json:5: scripts.build) "
        "writes build/: the image runs build/index.js instead (package.json:6: scripts.start runs "
        "src/index.ts for development, compiled by tsc (tsconfig.json:3: outDir ./build))"
    ) in found.notes


def test_typescript_main_maps_through_tsc_and_its_common_folder(tmp_path: Path) -> None:
    # No rootDir: tsc compiles from the deepest folder holding every file it compiles.
    tsconfig = (
        '{\n  // tsc --init\n  "compilerOptions": {"outDir": "out", /* emitted */},\n'
        '  "include": ["app/**/*"],\n}\n'
    )
    _package(
        tmp_path,
        {"name": "a", "main": "app/server.mts", "scripts": {"build": "tsc -p ."}},
        **{"tsconfig.json": tsconfig, "app/server.mts": "", "app/routes/list.ts": "", "tools/gen.ts": ""},
    )
    found = detect(tmp_path)
    assert found.findings["entrypoint"] == Finding(
        "out/server.mjs", "package.json:3: main, compiled by tsc (tsconfig.json:3: outDir out)"
    )


def test_typescript_no_build_compiles_is_left_open(tmp_path: Path) -> None:
    _package(tmp_path, {"name": "a", "main": "src/index.ts"})
    found = detect(tmp_path)
    assert "entrypoint" not in found.answers()
    assert found.unsettled["entrypoint"] == (
        "package.json:3: main: src/index.ts is TypeScript, and no build script compiles it to a known file; "
        "no candidate found"
    )


def test_build_output_without_a_build_script_is_left_open(tmp_path: Path) -> None:
    _package(tmp_path, {"name": "a", "main": "dist/index.js"}, **{"dist/index.js": ""})
    found = detect(tmp_path)
    assert found.unsettled["entrypoint"] == (
        "package.json:3: main: dist/index.js is build output (dist/ stays out of the image's build context), "
        "and package.json has no build script to write it in the image; no candidate found"
    )
    (tmp_path / "dist" / "index.js").unlink()
    assert detect(tmp_path).unsettled["entrypoint"] == (
        "package.json:3: main: dist/index.js does not exist, and package.json has no build script to write "
        "it; no candidate found"
    )


def test_a_missing_start_file_gives_way_to_main_with_a_note(tmp_path: Path) -> None:
    _package(
        tmp_path, {"name": "a", "main": "app.js", "scripts": {"start": "node server.js"}}, **{"app.js": ""}
    )
    found = detect(tmp_path)
    assert found.findings["entrypoint"] == Finding("app.js", "package.json:3: main")
    assert (
        "package.json:5: scripts.start: server.js does not exist, and package.json has no build script to "
        "write it: the image runs app.js instead (package.json:3: main)"
    ) in found.notes


def test_a_next_js_app_runs_next_start_not_a_file_of_its_own(tmp_path: Path) -> None:
    # tests/test_next_apps.py has the rest of Next.js's detection.
    scripts = {"build": "next build", "start": "next start"}
    _package(tmp_path, {"name": "a", "scripts": scripts, "dependencies": {"next": "15"}}, **{"index.js": ""})
    found = detect(tmp_path)
    assert found.answers()["entrypoint"] == "node_modules/next/dist/bin/next"
    assert "entrypoint" not in found.unsettled
    # A custom server run with node is an ordinary app.
    scripts["start"] = "node server.js"
    _package(tmp_path, {"name": "a", "scripts": scripts, "dependencies": {"next": "15"}}, **{"server.js": ""})
    assert detect(tmp_path).findings["entrypoint"] == Finding("server.js", "package.json:5: scripts.start")


def test_a_dev_dependency_the_entrypoint_loads_is_noted(tmp_path: Path) -> None:
    server = (
        "'use strict';\n"
        "const express = require('express');\n"
        "if (process.env.NODE_ENV !== 'production') {\n"
        "  require('pino-pretty');\n"
        "}\n"
        "require('dotenv').config();\n"
    )
    package = {
        "name": "a",
        "main": "server.js",
        "dependencies": {"express": "4"},
        "devDependencies": {"dotenv": "16", "pino-pretty": "11"},
    }
    _package(tmp_path, package, **{"server.js": server})
    found = detect(tmp_path)
    assert found.notes[-1] == (
        "server.js:6 loads 'dotenv', which package.json lists only in devDependencies (the image installs "
        "production dependencies only): move it to dependencies"
    )
    esm = "import express from 'express';\nimport {\n  config,\n} from '@acme/env/load';\n"
    _package(tmp_path, {**package, "devDependencies": {"@acme/env": "1"}}, **{"server.js": esm})
    assert "server.js:4 loads '@acme/env'" in detect(tmp_path).notes[-1]


def test_a_start_script_for_development_gives_way_to_a_default_file_with_a_note(tmp_path: Path) -> None:
    _package(tmp_path, {"name": "a", "scripts": {"start": "nodemon server.js"}}, **{"server.js": ""})
    found = detect(tmp_path)
    assert found.findings["entrypoint"] == Finding(
        "server.js", "server.js (no start script or main in package.json names a file)"
    )
    assert found.notes[-1] == (
        "package.json:4: scripts.start runs 'nodemon server.js', a development command: the image runs "
        "server.js instead (server.js (no start script or main in package.json names a file))"
    )


def test_nest_without_start_prod_runs_what_nest_build_writes(tmp_path: Path) -> None:
    _package(
        tmp_path,
        {
            "name": "a",
            "scripts": {"build": "nest build", "start": "nest start"},
            "dependencies": {"@nestjs/core": "11"},
        },
        **{
            "nest-cli.json": (
                '{"$schema": "https://json.schemastore.org/nest-cli", "sourceRoot": "apps/api"}\n'
            ),
            "tsconfig.json": '{"compilerOptions": {"outDir": "./dist"}}\n',
            "tsconfig.build.json": '{"extends": "./tsconfig.json", "exclude": ["test", "**/*spec.ts"]}\n',
            "apps/api/main.ts": "",
            "apps/api/app.module.ts": "",
            "test/app.e2e-spec.ts": "",
        },
    )
    found = detect(tmp_path)
    assert found.findings["entrypoint"] == Finding(
        "dist/main.js",
        "nest-cli.json: sourceRoot apps/api, entryFile main (tsconfig.build.json), compiled by tsc "
        "(tsconfig.json:1: outDir ./dist)",
    )


def test_a_build_script_is_followed_through_npm_run(tmp_path: Path) -> None:
    scripts = {
        "build": "npm run clean && npm run compile",
        "clean": "rimraf lib",
        "compile": "tsc -p config/tsconfig.build.json",
        "start": "node lib/index.js",
    }
    _package(
        tmp_path,
        {"name": "a", "scripts": scripts},
        **{
            "config/tsconfig.build.json": '{\n  "extends": "../tsconfig.json"\n}\n',
            "tsconfig.json": (
                '{\n  "compilerOptions": {\n    "outDir": "lib",\n    "rootDir": "src"\n  }\n}\n'
            ),
            "src/index.ts": "",
        },
    )
    found = detect(tmp_path)
    assert found.findings["entrypoint"] == Finding(
        "lib/index.js", "package.json:7: scripts.start (the build writes it: tsconfig.json:3: outDir lib)"
    )
    # Under what the build writes, a file it does not write is refused.
    scripts["start"] = "node dist/index.js"
    _package(tmp_path, {"name": "a", "scripts": scripts})
    assert detect(tmp_path).unsettled["entrypoint"] == (
        "package.json:7: scripts.start: dist/index.js does not exist, and the build (package.json:4: "
        "scripts.build) writes lib/; no candidate found"
    )


def test_a_file_node_runs_without_a_suffix_is_named_but_not_proposed(tmp_path: Path) -> None:
    # express-generator's layout: `node ./bin/www` starts the server; app.js only exports the app, so
    # running it would stop at once. scaffold's entrypoint must end in .js, .mjs or .cjs: left open.
    _package(tmp_path, {"name": "a", "scripts": {"start": "node ./bin/www"}}, **{"bin/www": "", "app.js": ""})
    found = detect(tmp_path)
    assert "entrypoint" not in found.findings
    assert found.unsettled["entrypoint"].startswith(
        "package.json:4: scripts.start: node cannot run bin/www as the entrypoint (must be a relative path"
    )
    assert found.unsettled["entrypoint"].endswith("; no candidate found")


def test_package_manager_naming_neither_lock_file_is_left_open(tmp_path: Path) -> None:
    _package(
        tmp_path,
        {"name": "a", "packageManager": "pnpm@9.1.0"},
        **{"package-lock.json": "{}\n", "yarn.lock": "", "pnpm-lock.yaml": "lockfileVersion: '9.0'\n"},
    )
    assert detect(tmp_path).findings["package_manager"] == Finding(
        "pnpm", "package.json:3: packageManager pnpm@9.1.0"
    )
    (tmp_path / "pnpm-lock.yaml").unlink()
    found = detect(tmp_path)
    assert "package_manager" not in found.findings
    assert found.unsettled["package_manager"] == (
        "this repository has lock files of npm (package-lock.json) and yarn (yarn.lock), and "
        "package.json:3: packageManager pnpm@9.1.0 names neither"
    )


def test_tsconfig_comments_and_trailing_commas_keep_their_lines(tmp_path: Path) -> None:
    text = (
        '{\n  // "outDir": "./wrong",\n  "$schema": "https://json.schemastore.org/tsconfig",\n'
        '  /* a "quoted" block\n     comment */\n'
        '  "compilerOptions": {\n    "outDir": "./dist", // out\n  },\n}\n'
    )
    (tmp_path / "tsconfig.json").write_text(text)
    config = JsonFile.read(tmp_path, "tsconfig.json")
    assert config.data == {
        "$schema": "https://json.schemastore.org/tsconfig",
        "compilerOptions": {"outDir": "./dist"},
    }
    assert config.source("compilerOptions.outDir") == "tsconfig.json:7: compilerOptions.outDir"


@pytest.mark.parametrize(
    ("command", "found"),
    [
        ("node server.js", [("node", "server.js", False)]),
        (
            "rimraf dist && tsc -p . && node dist/index.js",
            [("rimraf", None, False), ("tsc", None, False), ("node", "dist/index.js", False)],
        ),
        (
            "NODE_OPTIONS=--enable-source-maps npx ts-node -P tsconfig.json src/a.ts",
            [("ts-node", "src/a.ts", True)],
        ),
        ("nest start --watch", [("nest", None, True)]),
        ("nest build", [("nest", None, False)]),
        ("node -e 'console.log(1)'", [("node", None, False)]),
        ("node --inspect=0.0.0.0:9229 server.js", [("node", "server.js", True)]),
        ("tsx watch --env-file .env src/main.ts", [("tsx", "src/main.ts", True)]),
        ("echo 'unclosed", []),
    ],
)
def test_what_a_script_runs(tmp_path: Path, command: str, found: list[tuple[str, str | None, bool]]) -> None:
    assert [(run.tool, run.file, run.dev) for run in scripts.runs(command, tmp_path)] == found


def test_a_low_port_is_noted_not_proposed(tmp_path: Path) -> None:
    _package(
        tmp_path,
        {"name": "a", "main": "server.js"},
        **{"server.js": "require('http').createServer().listen(80);\n"},
    )
    found = detect(tmp_path)
    assert found.answers()["app_kind"] == "web" and "port" not in found.answers()
    assert "server.js:1: listen(80): a non-root user cannot bind port 80; pass --port" in found.notes


def test_json_key_lines() -> None:
    text = (
        '{\n  "name": "a",\n  "scripts": {\n    "name": "x",\n    "start": "node s.js"\n  },\n'
        '  "list": [{"k": 1}]\n}'
    )
    lines = json_key_lines(text)
    assert (lines["name"], lines["scripts"], lines["scripts.name"], lines["scripts.start"]) == (2, 3, 4, 5)
    assert lines["list.[].k"] == 7


# Go


def test_several_main_packages_are_listed_not_guessed(tmp_path: Path) -> None:
    main = "package main\n\nfunc main() {}\n"
    _write(tmp_path, {"go.mod": "module x\n\ngo 1.21\n", "cmd/api/main.go": main, "cmd/worker/main.go": main})
    found = detect(tmp_path)
    assert "entrypoint" not in found.answers()
    assert found.unsettled == {"entrypoint": "several main packages: ./cmd/api, ./cmd/worker"}


def test_an_old_go_version_and_a_missing_go_sum_are_noted(tmp_path: Path) -> None:
    _write(tmp_path, {"go.mod": "module x\n\ngo 1.16\n\nrequire github.com/google/uuid v1.6.0\n"})
    found = detect(tmp_path)
    assert "go_version" not in found.answers()
    assert found.notes[:2] == [
        "go.mod:3: go 1.16: older than Go 1.19; the default Go version builds it",
        "go.sum is missing: run `go mod tidy` and commit it; the image's module download checks it",
    ]


def test_go_frameworks_and_method_patterns(tmp_path: Path) -> None:
    source = (
        'package main\n\nimport "github.com/gin-gonic/gin"\n\nfunc main() {\n\tr := gin.Default()\n'
        '\tr.GET("/ping", nil)\n\tr.Run(":8000")\n}\n'
    )
    _write(tmp_path, {"go.mod": "module example.com/pinger\n\ngo 1.22\n", "main.go": source})
    found = detect(tmp_path)
    assert found.findings["app_kind"] == Finding("web", "main.go:3: import github.com/gin-gonic/gin")
    assert found.findings["port"] == Finding(8000, 'main.go:8: listen ":8000"')
    assert found.findings["health_path"] == Finding("/ping", "main.go:7: route /ping")


# Rust


def test_several_binaries_are_listed_not_guessed(tmp_path: Path) -> None:
    cargo = '[package]\nname = "x"\n\n[[bin]]\nname = "api"\n\n[[bin]]\nname = "cli"\n'
    _write(tmp_path, {"Cargo.toml": cargo, "Cargo.lock": "version = 3\n"})
    found = detect(tmp_path)
    assert "entrypoint" not in found.answers()
    assert found.unsettled == {"entrypoint": "several binary targets: api, cli"}


def test_rust_toolchain_file_and_missing_lock(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "rust-worker", tmp_path / "repo")
    repo = tmp_path / "repo"
    (repo / "Cargo.lock").unlink()
    (repo / "rust-toolchain").write_text("1.82.0\n")
    found = detect(repo)
    assert found.findings["rust_version"] == Finding("1.82", "rust-toolchain:1: channel '1.82.0'")
    assert found.findings["package_manager"] == Finding("cargo", "Cargo.toml")
    assert found.notes == [
        "Cargo.lock is missing: run `cargo generate-lockfile` and commit it; the image builds with --locked"
    ]


def test_an_axum_app_with_a_socket_address(tmp_path: Path) -> None:
    cargo = '[package]\nname = "api"\nrust-version = "1.74"\n\n[dependencies]\naxum = "0.7"\ntokio = "1"\n'
    main = (
        "use axum::{routing::get, Router};\n\n#[tokio::main]\nasync fn main() {\n"
        '    let app = Router::new().route("/healthz", get(|| async { "ok" }));\n'
        "    let addr = SocketAddr::from(([0, 0, 0, 0], 3000));\n"
        "    axum::serve(tokio::net::TcpListener::bind(addr).await.unwrap(), app).await.unwrap();\n}\n"
    )
    _write(tmp_path, {"Cargo.toml": cargo, "Cargo.lock": "", "src/main.rs": main})
    found = detect(tmp_path)
    assert found.findings["rust_version"] == Finding("1.74", "Cargo.toml:3: package.rust-version '1.74'")
    assert found.findings["app_kind"] == Finding("web", "src/main.rs:7: axum::serve")
    assert found.findings["port"] == Finding(3000, "src/main.rs:6: SocketAddr::from(([0, 0, 0, 0], 3000))")
    assert found.findings["health_path"] == Finding("/healthz", "src/main.rs:5: route /healthz")


def test_toml_key_line() -> None:
    text = (
        '[package]\nname = "a"\n\n[[bin]]\nname = "b"\n\n[[bin]]\nname = "c"\n\n'
        '[dependencies.axum]\nversion = "1"\n'
    )
    assert toml_key_line(text, "package", "name") == 2
    assert (toml_key_line(text, "bin", "name"), toml_key_line(text, "bin", "name", occurrence=1)) == (5, 8)
    assert toml_key_line(text, "dependencies", "axum") == 10


# Java


def _pom(release: str) -> str:
    return (
        '<project xmlns="http://maven.apache.org/POM/4.0.0">\n'
        "  <artifactId>billing</artifactId>\n"
        "  <version>1.0.0</version>\n"
        f"  <properties>\n    <maven.compiler.release>{release}</maven.compiler.release>\n"
        "    <exec.mainClass>com.example.Billing</exec.mainClass>\n  </properties>\n"
        "</project>\n"
    )


_OPEN = " (without it, scaffold new asks, or with --defaults stops)"


@pytest.mark.parametrize(
    ("release", "proposed", "note"),
    [
        ("21", "21", None),
        ("22", "25", "Java 22 is not an LTS release; using 25"),
        ("11", "17", "Java 11 is older than the oldest LTS scaffold builds on; using 17"),
        ("1.8", "17", "Java 8 is older than the oldest LTS scaffold builds on; using 17"),
    ],
)
def test_java_release_maps_to_an_lts(
    tmp_path: Path, release: str, proposed: str | None, note: str | None
) -> None:
    _write(tmp_path, {"pom.xml": _pom(release)})
    found = detect(tmp_path)
    assert found.answers().get("java_version") == proposed
    assert found.findings["java_version"].source == f"pom.xml:5: maven.compiler.release {release}"
    assert found.notes == (
        [f"pom.xml:5: maven.compiler.release {release}: {note}, which runs code built for it"] if note else []
    )


def test_a_java_release_above_every_lts_is_left_open(tmp_path: Path) -> None:
    _write(tmp_path, {"pom.xml": _pom("26")})
    found = detect(tmp_path)
    why = (
        "pom.xml:5: maven.compiler.release 26: Java 26 is newer than the newest LTS release scaffold "
        "builds on; accepted versions: 17, 21, 25"
    )
    assert "java_version" not in found.answers()
    assert found.unsettled == {"java_version": why}
    assert found.notes == [f"{why}: pass --java-version{_OPEN}"]


def test_a_java_release_scaffold_cannot_read_is_noted(tmp_path: Path) -> None:
    _write(tmp_path, {"pom.xml": _pom("${jdk}")})
    found = detect(tmp_path)
    assert "java_version" not in found.answers()
    assert found.notes == [
        "pom.xml:5: maven.compiler.release ${jdk}: not a Java release scaffold can read; the image builds on "
        "Java 21 unless --java-version says otherwise"
    ]


def test_maven_final_name_and_compiler_plugin(tmp_path: Path) -> None:
    pom = (
        "<project>\n  <artifactId>billing</artifactId>\n  <version>2.0</version>\n  <build>\n"
        "    <finalName>billing-${revision}</finalName>\n    <plugins>\n      <plugin>\n"
        "        <artifactId>maven-compiler-plugin</artifactId>\n"
        "        <configuration>\n          <release>17</release>\n        </configuration>\n"
        "      </plugin>\n      <plugin>\n        <artifactId>maven-shade-plugin</artifactId>\n"
        "        <configuration><transformers><transformer><mainClass>com.example.Billing</mainClass>"
        "</transformer></transformers></configuration>\n      </plugin>\n    </plugins>\n  </build>\n"
        "</project>\n"
    )
    _write(tmp_path, {"pom.xml": pom})
    found = detect(tmp_path)
    # The jar is matched in target/ whatever finalName makes of its name.
    assert found.findings["entrypoint"] == Finding(
        "target/*.jar", "pom.xml:15: mainClass (the one runnable jar in target/)"
    )
    assert found.findings["java_version"] == Finding("17", "pom.xml:10: maven-compiler-plugin release 17")
    assert found.findings["package_manager"] == Finding("maven", "pom.xml")
    assert found.findings["app_kind"] == Finding(
        "worker", "pom.xml: no web framework, and no server in src/main"
    )


@pytest.mark.parametrize(
    ("pom", "why"),
    [
        (
            "<project><artifactId>all</artifactId><packaging>pom</packaging>\n"
            "  <modules>\n    <module>api</module>\n    <module>web</module>\n  </modules>\n</project>",
            "pom.xml:2: a multi-module build: each module writes its own jar to its own target folder, and "
            "the root writes none; candidates: api/target/*.jar, web/target/*.jar",
        ),
        (
            "<project><artifactId>site</artifactId><packaging>war</packaging></project>",
            "pom.xml:1: packaging 'war' writes no runnable jar (the image runs `java -jar` on one); "
            "no candidate found",
        ),
        (
            "<project><artifactId>lib</artifactId></project>",
            "pom.xml: nothing gives the jar a Main-Class (no Spring Boot, no mainClass for the jar, shade or "
            "assembly plugin), so `java -jar` cannot start it; no candidate found",
        ),
    ],
)
def test_a_pom_without_a_runnable_jar_leaves_the_entrypoint_open(tmp_path: Path, pom: str, why: str) -> None:
    _write(tmp_path, {"pom.xml": pom})
    found = detect(tmp_path)
    assert "entrypoint" not in found.answers()
    assert found.unsettled == {"entrypoint": why}
    assert found.notes == [f"{why}: pass --entrypoint{_OPEN}"]


def test_broken_pom_is_noted(tmp_path: Path) -> None:
    _write(tmp_path, {"pom.xml": "<project>"})
    found = detect(tmp_path)
    assert found.answers()["package_manager"] == "maven"
    assert found.notes[0].startswith("pom.xml is not valid XML")


def test_spring_boot_yaml_port_actuator_base_path_and_a_batch_app(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "java-maven", repo)
    (repo / "src/main/resources/application.properties").unlink()
    _write(
        repo,
        {
            "src/main/resources/application.yml": (
                "spring:\n  application:\n    name: payments\nserver:\n  port: ${PORT:7070}\n"
                "management:\n  endpoints:\n    web:\n      base-path: /manage\n"
            )
        },
    )
    found = detect(repo)
    assert found.findings["port"] == Finding(
        7070, "src/main/resources/application.yml:5: server.port=${PORT:7070}"
    )
    assert found.findings["health_path"] == Finding(
        "/manage/health", "pom.xml:26: dependency spring-boot-starter-actuator"
    )
    pom = repo / "pom.xml"
    pom.write_text(pom.read_text().replace("spring-boot-starter-web", "spring-boot-starter-batch"))
    found = detect(repo)
    assert found.findings["app_kind"] == Finding(
        "worker", "pom.xml:7: parent spring-boot-starter-parent (no web starter among the dependencies)"
    )
    assert not {"port", "health_path"} & set(found.answers())


def test_spring_boot_default_port(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "java-maven", repo)
    (repo / "src/main/resources/application.properties").unlink()
    found = detect(repo)
    assert found.findings["port"] == Finding(
        8080, "pom.xml:7: parent spring-boot-starter-parent (Spring Boot's default port)"
    )


def test_gradle_groovy_without_settings_or_manifest(tmp_path: Path) -> None:
    build = (
        "plugins {\n    id 'application'\n}\n\n"
        "java {\n    sourceCompatibility = JavaVersion.VERSION_21\n}\n\n"
        "dependencies {\n    implementation 'io.javalin:javalin:6.1.3'\n}\n"
    )
    _write(tmp_path / "orders", {"build.gradle": build})
    found = detect(tmp_path / "orders")
    assert found.findings["package_manager"] == Finding("gradle", "build.gradle")
    assert found.findings["java_version"] == Finding(
        "21", "build.gradle:6: sourceCompatibility = JavaVersion.VERSION_21"
    )
    assert found.findings["app_name"] == Finding("orders", "folder name 'orders'")
    assert found.findings["app_kind"] == Finding("web", "build.gradle:10: dependency javalin")
    # The application plugin's mainClass is for `gradle run` and its start scripts, not for java -jar.
    why = (
        "build.gradle: nothing gives the jar a Main-Class (no Spring Boot or Shadow plugin, no Main-Class in "
        "the jar's manifest), so `java -jar` cannot start it; no candidate found"
    )
    assert found.unsettled == {"entrypoint": why}
    assert found.notes == [f"{why}: pass --entrypoint{_OPEN}"]


def test_gradle_multi_project_and_spring_boot_plain_jar(tmp_path: Path) -> None:
    _write(
        tmp_path / "a",
        {
            "settings.gradle": "rootProject.name = 'shop'\n// include 'old'\n"
            "include 'api', ':libs:core'\ninclude('web')\n"
        },
    )
    found = detect(tmp_path / "a")
    assert "entrypoint" not in found.answers()
    assert found.unsettled == {
        "entrypoint": "settings.gradle:3: a multi-project build: each subproject writes its own jar to its "
        "own build/libs folder; candidates: api/build/libs/*.jar, libs/core/build/libs/*.jar, "
        "web/build/libs/*.jar"
    }
    build = (
        'plugins {\n    id("org.springframework.boot") version "3.3.2"\n}\nversion = "1.0"\n'
        'dependencies {\n    implementation("org.springframework.boot:spring-boot-starter-web")\n}\n'
    )
    _write(tmp_path / "b", {"build.gradle.kts": build})
    found = detect(tmp_path / "b")
    assert found.findings["app_kind"] == Finding(
        "web", "build.gradle.kts:6: dependency spring-boot-starter-web"
    )
    assert found.findings["port"].value == 8080
    # The Dockerfile skips Spring Boot's *-plain.jar when it picks the jar: nothing to warn about.
    assert found.findings["entrypoint"] == Finding(
        "build/libs/*.jar",
        "build.gradle.kts:2: plugin org.springframework.boot (the one runnable jar in build/libs/)",
    )
    assert found.notes == []


def test_npm_shrinkwrap_alone_gets_a_note(tmp_path: Path) -> None:
    _write(tmp_path, {"package.json": '{"name": "shrink"}\n', "npm-shrinkwrap.json": "{}\n"})
    found = detect(tmp_path)
    assert found.findings["package_manager"] == Finding("npm", "npm-shrinkwrap.json")
    assert any(
        note.startswith("npm-shrinkwrap.json: the Dockerfile copies package-lock.json")
        for note in found.notes
    )
