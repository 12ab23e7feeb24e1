"""Go: a static binary cross-compiled in the builder, run on distroless static or scratch."""

from __future__ import annotations

import re

from generator.languages.model import Language, PackageManager

LANGUAGE = Language(
    name="go",
    manifests=("go.mod",),
    package_managers=(PackageManager("go", {"go.mod": "run `go mod init <module>`"}),),
    runtime_bases=("distroless", "scratch"),
    version_field="go_version",
    default_version="1.23",
    version_pattern=re.compile(r"1\.(19|[2-9][0-9])"),
    version_form="must be 1.minor, from 1.19, such as 1.23",
    default_port=8080,
    entrypoint_pattern=re.compile(r"\.(/[A-Za-z0-9_][A-Za-z0-9_.-]*)*"),
    entrypoint_form="must be the main package as a relative path, such as . or ./cmd/api",
    default_entrypoint=lambda answers: ".",
    compiled_probe=True,
)
