"""The variant matrix every rendered-output test walks: package manager x app kind x runtime base.

Python's variants are here; each other language's are in tests/variant_sets/<language>.py.
"""

from __future__ import annotations

import importlib
import itertools
import pkgutil
from typing import Any

from generator.spec.model import Spec

from . import variant_sets

PACKAGE_MANAGERS = ("pip", "poetry", "uv")
APP_KINDS = ("web", "worker")
RUNTIME_BASES = ("slim", "distroless")


def _answers(manager: str, kind: str, base: str) -> dict[str, Any]:
    answers: dict[str, Any] = {
        "app_name": f"{manager}-{kind}-{base}",
        "package_manager": manager,
        "app_kind": kind,
        "runtime_base": base,
    }
    if kind == "web":
        # Cover both servers and both health probes (HTTP path and plain TCP) across the matrix.
        answers["server"] = "uvicorn" if manager == "uv" else "gunicorn"
        answers["entrypoint"] = "main:app" if manager == "uv" else "app:app"
        answers["health_path"] = "" if manager == "poetry" else "/health"
    else:
        answers["entrypoint"] = "-m worker" if manager == "uv" else "main.py"
    return answers


MATRIX: dict[str, Spec] = {
    f"{manager}-{kind}-{base}": Spec.from_answers(_answers(manager, kind, base))
    for manager, kind, base in itertools.product(PACKAGE_MANAGERS, APP_KINDS, RUNTIME_BASES)
}

# Private index credentials, for each way they are mounted (pip.conf and uv.toml).
MATRIX.update(
    {
        f"{name}-private": Spec.from_answers(
            {
                **spec.answers(),
                "app_name": f"{name}-private",
                "description": f"{name}-private service",
                "private_index": True,
            }
        )
        for name, spec in MATRIX.items()
        if name in {"pip-web-slim", "uv-web-distroless", "poetry-worker-slim"}
    }
)

# An organisation's settings: base images through an internal mirror, extra OCI labels.
MATRIX["pip-web-slim-org"] = Spec.from_answers(
    {
        **MATRIX["pip-web-slim"].answers(),
        "app_name": "pip-web-slim-org",
        "description": "pip-web-slim-org service",
        "base_registry": "registry.example.com/mirror/",
        "extra_labels": {"org.opencontainers.image.vendor": "Example Corp", "com.example.team": "payments"},
    }
)
MATRIX["uv-worker-distroless-org"] = Spec.from_answers(
    {
        **MATRIX["uv-worker-distroless"].answers(),
        "app_name": "uv-worker-distroless-org",
        "description": "uv-worker-distroless-org service",
        "base_registry": "registry.example.com:5000/",
    }
)

# CI files: the GitHub Actions workflow and Dependabot, for pip and for uv with a private index.
MATRIX.update(
    {
        f"{name}-ci": Spec.from_answers(
            {
                **MATRIX[name].answers(),
                "app_name": f"{name}-ci",
                "description": f"{name}-ci service",
                "ci": "github",
            }
        )
        for name in ("pip-web-slim", "uv-web-distroless-private")
    }
)

# Every other language's variants.
for _module in pkgutil.iter_modules(variant_sets.__path__):
    _variants: dict[str, Spec] = importlib.import_module(f"{variant_sets.__name__}.{_module.name}").VARIANTS
    assert not set(_variants) & set(MATRIX), f"variant names repeated in {_module.name}"
    MATRIX.update(_variants)
