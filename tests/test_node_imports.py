"""The modules a Node.js entry file loads by relative path, followed from module to module."""

from __future__ import annotations

from pathlib import Path

from generator.languages.node.imports import loaded_modules


def _write(repo: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text)


def _names(repo: Path, found: list[Path]) -> list[str]:
    return [path.relative_to(repo).as_posix() for path in found]


def test_require_and_import_are_followed_through_each_module(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "app.js": "const books = require('./routes/books');\nconst api = require('./api');\n",
            "routes/books.js": "const db = require('../lib/db.js');\n",
            "lib/db.js": "module.exports = {};\n",
            "api/index.js": "module.exports = require('express').Router();\n",
            "test/app.test.js": "require('../app');\n",
        },
    )
    found = loaded_modules(tmp_path, [tmp_path / "app.js"])
    # Breadth first; a test that loads the app is not loaded by it.
    assert _names(tmp_path, found) == ["routes/books.js", "api/index.js", "lib/db.js"]


def test_typescript_sources_are_found_under_the_names_node_next_gives_them(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "src/index.ts": "import { router } from './router.js';\nimport type { X } from './types';\n",
            "src/router.ts": "export { health } from './health';\nconst lazy = () => import('./admin.js');\n",
            "src/health.ts": "",
            "src/admin.ts": "",
            "src/types.ts": "",
        },
    )
    found = loaded_modules(tmp_path, [tmp_path / "src/index.ts"])
    assert _names(tmp_path, found) == ["src/router.ts", "src/types.ts", "src/health.ts", "src/admin.ts"]


def test_a_cycle_ends_and_nothing_outside_the_project_is_read(tmp_path: Path) -> None:
    repo = tmp_path / "app"
    _write(
        tmp_path,
        {
            "shared.js": "",
            "app/a.js": "require('./b');\nrequire('../shared');\n",
            "app/b.js": "require('./a');\n",
        },
    )
    found = loaded_modules(repo, [repo / "a.js"])
    assert _names(repo, found) == ["b.js"]


def test_a_missing_module_is_skipped(tmp_path: Path) -> None:
    _write(
        tmp_path, {"server.js": "require('./config/local');\nrequire('./routes');\n", "routes/index.js": ""}
    )
    assert _names(tmp_path, loaded_modules(tmp_path, [tmp_path / "server.js"])) == ["routes/index.js"]
