"""Go's facts for the registry: its package managers, versions, defaults and entrypoint form.

Kept apart from the package's constants so that ``scaffold check``, which reads only ``check.py``, never
loads the answer expressions these facts are built from.
"""

from __future__ import annotations

import re

from generator.languages.model import Language, PackageManager
from generator.spec.expr import Const

LANGUAGE = Language(
    name="go",
    label="go",
    manifests=("go.mod", "go.work"),
    # No private index question: private modules come through GOPRIVATE and .netrc.
    package_managers=(
        PackageManager(
            "go", {"go.mod or go.work": "run `go mod init <module>`"}, label="go modules (go.mod)"
        ),
    ),
    runtime_bases={
        "distroless": "distroless (static-debian12:nonroot, base-debian12 with cgo: no shell)",
        "scratch": "scratch (empty: only the binary, CA certificates and a passwd entry)",
    },
    version_field="go_version",
    version_help="Go version (1.minor)",
    default_version="1.23",
    version_pattern=re.compile(r"1\.(19|[2-9][0-9])"),
    version_form="must be 1.minor, from 1.19, such as 1.23",
    default_port=8080,
    entrypoint_pattern=re.compile(r"\.(/[A-Za-z0-9_][A-Za-z0-9_.-]*)*"),
    entrypoint_form="must be the main package as a relative path, such as . or ./cmd/api",
    entrypoint_help="Entrypoint: the main package (. or ./cmd/api)",
    default_entrypoint=Const("."),
    compiled_probe=True,
    own_answers=("go_workspace", "go_vendor", "cgo"),
)
