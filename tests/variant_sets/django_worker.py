"""Python variants for Django projects and workers with a heartbeat file.

Django: every settings variable read from the environment, with collectstatic in the build (pip, slim);
every setting fixed in settings.py (Poetry, distroless); collectstatic on distroless with only the
secret key named (uv). Heartbeat workers on slim (the default age, so the start period follows it) and
distroless (a short age in a subfolder of /tmp), and a Django worker with a heartbeat.
"""

from __future__ import annotations

from typing import Any

from generator.spec.model import Spec

_ALL_NAMES = {
    "secret_key_env": "DJANGO_SECRET_KEY",
    "allowed_hosts_env": "DJANGO_ALLOWED_HOSTS",
    "debug_env": "DJANGO_DEBUG",
}


def _python(name: str, **answers: Any) -> Spec:
    return Spec.from_answers({"app_name": name, "language": "python", **answers})


VARIANTS: dict[str, Spec] = {
    "django-web-slim": _python(
        "django-web-slim",
        entrypoint="mysite.wsgi:application",
        health_path="/health",
        django_settings="mysite.settings",
        static_root="staticfiles",
        **_ALL_NAMES,
    ),
    "django-web-distroless": _python(
        "django-web-distroless",
        package_manager="poetry",
        runtime_base="distroless",
        entrypoint="mysite.wsgi:application",
        django_settings="mysite.settings",
    ),
    "django-web-distroless-static": _python(
        "django-web-distroless-static",
        package_manager="uv",
        runtime_base="distroless",
        entrypoint="config.asgi:application",
        server="uvicorn",
        health_path="/healthz",
        django_settings="config.settings.production",
        secret_key_env="SECRET_KEY",
        static_root="var/static",
    ),
    "django-web-slim-k8s": _python(
        "django-web-slim-k8s",
        entrypoint="mysite.wsgi:application",
        health_path="/health",
        django_settings="mysite.settings",
        kubernetes=True,
        **_ALL_NAMES,
    ),
    "django-worker-slim": _python(
        "django-worker-slim",
        package_manager="poetry",
        app_kind="worker",
        entrypoint="-m tasks.run",
        django_settings="mysite.settings",
        debug_env="DJANGO_DEBUG",
        heartbeat_file="/tmp/heartbeat",
        heartbeat_max_age=300,
    ),
    "heartbeat-worker-slim": _python(
        "heartbeat-worker-slim", app_kind="worker", entrypoint="main.py", heartbeat_file="/tmp/heartbeat"
    ),
    "heartbeat-worker-distroless": _python(
        "heartbeat-worker-distroless",
        package_manager="uv",
        app_kind="worker",
        runtime_base="distroless",
        entrypoint="-m worker",
        heartbeat_file="/tmp/worker/alive",
        heartbeat_max_age=20,
    ),
}
