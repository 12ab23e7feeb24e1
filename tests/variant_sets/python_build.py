"""Python variants of the builder's answers: Pipenv, several requirements files, server packages installed
at pinned versions, the project installed into the venv (console scripts), and Debian packages in the
build stage and the final image."""

from __future__ import annotations

from typing import Any

from generator.spec.model import Spec


def _python(name: str, **answers: Any) -> Spec:
    return Spec.from_answers({"app_name": name, "language": "python", **answers})


VARIANTS: dict[str, Spec] = {
    # Pipenv: Pipfile.lock exported with hashes; gunicorn installed at its pinned version after it.
    "pipenv-web-slim": _python("pipenv-web-slim", package_manager="pipenv", health_path="/health"),
    "pipenv-worker-distroless": _python(
        "pipenv-worker-distroless", package_manager="pipenv", runtime_base="distroless", app_kind="worker"
    ),
    # A private index: pip.conf names the index, so the export leaves the lock's out; Dependabot's pip
    # ecosystem reads the Pipfile.
    "pipenv-web-slim-private-ci": _python(
        "pipenv-web-slim-private-ci",
        package_manager="pipenv",
        entrypoint="main:app",
        server="uvicorn",
        private_index=True,
        ci="github",
    ),
    # Requirements files in two folders, an ASGI factory under gunicorn's uvicorn worker, compilers in the
    # builder and a shared library in the final image.
    "pip-web-slim-packages": _python(
        "pip-web-slim-packages",
        requirements_files="requirements/prod.txt requirements/base.txt constraints.txt",
        entrypoint="service.web:create_app()",
        server="uvicorn-worker",
        health_path="/healthz",
        build_packages="gcc libpq-dev",
        runtime_packages="libpq5",
    ),
    # The lock holds the server: no install step of its own; the project is installed on distroless.
    "pip-web-distroless-project": _python(
        "pip-web-distroless-project",
        runtime_base="distroless",
        entrypoint="main:app",
        server="uvicorn",
        server_install="",
        install_project=True,
        build_packages="build-essential",
    ),
    # uv: the project synced after the source arrives, the uvicorn worker's two packages kept by --inexact.
    "uv-web-slim-project": _python(
        "uv-web-slim-project",
        package_manager="uv",
        entrypoint="src.api:app",
        server="uvicorn-worker",
        install_project=True,
    ),
    # Console scripts of the installed project.
    "poetry-worker-slim-console": _python(
        "poetry-worker-slim-console",
        package_manager="poetry",
        app_kind="worker",
        entrypoint="jobs",
        install_project=True,
        runtime_packages="libxml2 libxslt1.1",
    ),
    "uv-worker-distroless-console": _python(
        "uv-worker-distroless-console",
        package_manager="uv",
        runtime_base="distroless",
        app_kind="worker",
        entrypoint="sync-worker",
        install_project=True,
    ),
    # A Django project installed into the venv: its source is copied once, for the install and for
    # collectstatic.
    "pipenv-web-slim-django-project": _python(
        "pipenv-web-slim-django-project",
        package_manager="pipenv",
        entrypoint="mysite.wsgi:application",
        django_settings="mysite.settings",
        static_root="staticfiles",
        install_project=True,
    ),
    # Python 3.9: the servers' last releases that support it.
    "pip-web-slim-py39": _python(
        "pip-web-slim-py39", python_version="3.9", server="uvicorn-worker", entrypoint="app:app"
    ),
}
