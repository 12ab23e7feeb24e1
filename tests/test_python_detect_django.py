"""Django projects as django-admin startproject and cookiecutter-django lay them out: the settings module,
the application and its server, the environment variables the settings read, STATIC_ROOT, and notes for
what the code fixes."""

from __future__ import annotations

from pathlib import Path

import pytest

from .python_repo import detect_python, found_values, opened, write

_MANAGE = '''
#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""
import os
import sys


def main():
    """Run administrative tasks."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
'''
_WSGI = """
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")

application = get_wsgi_application()
"""
_ASGI = _WSGI.replace("wsgi", "asgi").replace("WSGI", "ASGI")
# startproject's settings, with the three values read from the environment.
_SETTINGS = """
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]

DEBUG = os.environ.get("DJANGO_DEBUG", "0") == "1"

ALLOWED_HOSTS = os.getenv("DJANGO_ALLOWED_HOSTS", "localhost").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.staticfiles",
    "polls",
]

ROOT_URLCONF = "mysite.urls"
WSGI_APPLICATION = "mysite.wsgi.application"

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
"""


def _startproject(folder: Path, settings: str = _SETTINGS, **files: str) -> Path:
    return write(
        folder,
        {
            "manage.py": _MANAGE,
            "mysite/__init__.py": "",
            "mysite/settings.py": settings,
            "mysite/wsgi.py": _WSGI,
            "mysite/asgi.py": _ASGI,
            "mysite/urls.py": "from django.urls import path\n\nfrom polls import views\n\n"
            'urlpatterns = [path("healthz/", views.health)]\n',
            "polls/__init__.py": "",
            "polls/migrations/0001_initial.py": "from django.db import migrations\n",
            "requirements.txt": "Django==5.2.8\ngunicorn==23.0.0\n",
            **files,
        },
    )


def test_startproject(tmp_path: Path) -> None:
    found = detect_python(_startproject(tmp_path))
    application = "mysite/settings.py:19: WSGI_APPLICATION mysite.wsgi.application"
    assert found_values(found) == {
        "package_manager": ("pip", "requirements.txt"),
        "requirements_files": ("requirements.txt", "requirements.txt: the file pip installs from"),
        "django_settings": ("mysite.settings", "manage.py:9: DJANGO_SETTINGS_MODULE"),
        "secret_key_env": ("DJANGO_SECRET_KEY", "mysite/settings.py:6: SECRET_KEY"),
        "allowed_hosts_env": ("DJANGO_ALLOWED_HOSTS", "mysite/settings.py:10: ALLOWED_HOSTS"),
        "debug_env": ("DJANGO_DEBUG", "mysite/settings.py:8: DEBUG"),
        "static_root": ("staticfiles", "mysite/settings.py:22: STATIC_ROOT"),
        "app_kind": ("web", application),
        "entrypoint": ("mysite.wsgi:application", application),
        "server": ("gunicorn", application),
        "server_install": ("", "requirements.txt:2: gunicorn==23.0.0"),
        "health_path": ("/healthz/", "mysite/urls.py:5: route /healthz/"),
    }
    assert found.notes == []
    assert not found.unsettled


@pytest.mark.parametrize(
    ("preamble", "secret", "debug", "hosts", "names"),
    [
        (
            "import environ\n\nenv = environ.Env(DEBUG=(bool, False))\n",
            'env("SECRET_KEY")',
            'env.bool("DEBUG", default=False)',
            'env.list("ALLOWED_HOSTS", default=[])',
            ("SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"),
        ),
        (
            "import environ\n\nenv = environ.Env()\n",
            'env.str("DJANGO_KEY")',
            'env("DJANGO_DEBUG")',
            'env("DJANGO_HOSTS")',
            ("DJANGO_KEY", "DJANGO_DEBUG", "DJANGO_HOSTS"),
        ),
        (
            "from decouple import Csv, config\n",
            'config("SECRET_KEY")',
            'config("DEBUG", default=False, cast=bool)',
            'config("ALLOWED_HOSTS", cast=Csv())',
            ("SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"),
        ),
        (
            "from decouple import AutoConfig\n\nsettings_config = AutoConfig(search_path='/etc')\n",
            'settings_config("KEY")',
            'settings_config("DEBUG", cast=bool)',
            'settings_config("HOSTS")',
            ("KEY", "DEBUG", "HOSTS"),
        ),
        (
            "from os import environ, getenv\n",
            'environ["KEY"]',
            'getenv("DEBUG", "False").lower() in ("true", "1")',
            '[host.strip() for host in environ.get("HOSTS", "").split(",")]',
            ("KEY", "DEBUG", "HOSTS"),
        ),
        (
            "import os\n",
            'os.environ.get("KEY", "unsafe-default")',
            'bool(int(os.environ.get("DEBUG", 0)))',
            'os.environ.get("HOSTS", "").split(",")',
            ("KEY", "DEBUG", "HOSTS"),
        ),
    ],
    ids=[
        "django-environ",
        "django-environ-plain",
        "decouple",
        "decouple-autoconfig",
        "from-os",
        "os-wrapped",
    ],
)
def test_environment_variable_forms(
    tmp_path: Path, preamble: str, secret: str, debug: str, hosts: str, names: tuple[str, str, str]
) -> None:
    settings = (
        f"{preamble}\nSECRET_KEY = {secret}\nDEBUG = {debug}\nALLOWED_HOSTS = {hosts}\n"
        'WSGI_APPLICATION = "mysite.wsgi.application"\n'
    )
    answers = detect_python(_startproject(tmp_path, settings)).answers()
    assert (answers["secret_key_env"], answers["debug_env"], answers["allowed_hosts_env"]) == names


def test_a_variable_name_that_is_not_upper_case_is_noted(tmp_path: Path) -> None:
    settings = (
        'import os\nSECRET_KEY = os.environ["secret_key"]\nWSGI_APPLICATION = "mysite.wsgi.application"\n'
    )
    found = detect_python(_startproject(tmp_path, settings))
    assert "secret_key_env" not in found.findings
    assert found.notes == [
        "mysite/settings.py:2: SECRET_KEY is read from 'secret_key', not an upper-case variable name: "
        "pass --secret-key-env"
    ]


def test_cookiecutter_django(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "manage.py": 'import os\nimport sys\n\nif __name__ == "__main__":\n'
            '    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")\n',
            "config/__init__.py": "",
            "config/settings/__init__.py": "",
            "config/settings/base.py": """
                from pathlib import Path

                import environ

                BASE_DIR = Path(__file__).resolve(strict=True).parent.parent.parent
                APPS_DIR = BASE_DIR / "shop"
                env = environ.Env()

                DEBUG = env.bool("DJANGO_DEBUG", False)

                DJANGO_APPS = ["django.contrib.auth", "django.contrib.staticfiles"]
                LOCAL_APPS = ["shop.users"]
                INSTALLED_APPS = DJANGO_APPS + LOCAL_APPS

                WSGI_APPLICATION = "config.wsgi.application"
                STATIC_ROOT = str(BASE_DIR / "staticfiles")
            """,
            "config/settings/local.py": """
                from .base import *  # noqa: F403
                from .base import env

                DEBUG = True
                SECRET_KEY = env("DJANGO_SECRET_KEY", default="!!!SET DJANGO_SECRET_KEY!!!")
                ALLOWED_HOSTS = ["localhost", "0.0.0.0", "127.0.0.1"]
            """,
            "config/settings/production.py": """
                from .base import *  # noqa: F403
                from .base import env

                SECRET_KEY = env("DJANGO_SECRET_KEY")
                ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["example.com"])
            """,
            "config/wsgi.py": """
                import os
                import sys
                from pathlib import Path

                from django.core.wsgi import get_wsgi_application

                BASE_DIR = Path(__file__).resolve(strict=True).parent.parent
                sys.path.append(str(BASE_DIR / "shop"))
                os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

                application = get_wsgi_application()
            """,
            "shop/__init__.py": "",
            "requirements.txt": "-r requirements/production.txt\n",
            "requirements/production.txt": "-r base.txt\ngunicorn==23.0.0\npsycopg[c]==3.2.12\n",
            "requirements/base.txt": "django==5.1.13\ndjango-environ==0.12.0\n",
        },
    )
    found = detect_python(tmp_path)
    values = found_values(found)
    # The WSGI module's settings (production), not manage.py's (local, for development).
    assert values["django_settings"] == (
        "config.settings.production",
        "config/wsgi.py:9: DJANGO_SETTINGS_MODULE",
    )
    assert values["secret_key_env"] == ("DJANGO_SECRET_KEY", "config/settings/production.py:4: SECRET_KEY")
    assert values["allowed_hosts_env"] == (
        "DJANGO_ALLOWED_HOSTS",
        "config/settings/production.py:5: ALLOWED_HOSTS",
    )
    assert values["debug_env"] == ("DJANGO_DEBUG", "config/settings/base.py:9: DEBUG")
    assert values["static_root"] == ("staticfiles", "config/settings/base.py:16: STATIC_ROOT")
    assert values["entrypoint"] == (
        "config.wsgi:application",
        "config/settings/base.py:15: WSGI_APPLICATION config.wsgi.application",
    )
    assert values["build_packages"][0] == "gcc libc6-dev libpq-dev"
    assert not [note for note in found.notes if "fixed in the code" in note]


@pytest.mark.parametrize(
    ("assignment", "static_root"),
    [
        ('BASE_DIR / "staticfiles"', "staticfiles"),
        ('str(BASE_DIR / "static" / "collected")', "static/collected"),
        ('os.path.join(BASE_DIR, "static")', "static"),
        ('os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "assets")', "assets"),
        ('Path(__file__).resolve().parents[1] / "static"', "static"),
        ('f"{BASE_DIR}/public"', "public"),
        ('"staticfiles"', "staticfiles"),
        ('ROOT_DIR("staticfiles")', "staticfiles"),
        ('ROOT_DIR.path("static")', "static"),
    ],
)
def test_static_root_forms(tmp_path: Path, assignment: str, static_root: str) -> None:
    settings = (
        "import os\nfrom pathlib import Path\n\nimport environ\n\n"
        "BASE_DIR = Path(__file__).resolve().parent.parent\nROOT_DIR = environ.Path(__file__) - 2\n"
        f'WSGI_APPLICATION = "mysite.wsgi.application"\nSTATIC_ROOT = {assignment}\n'
    )
    found = detect_python(_startproject(tmp_path, settings))
    assert found_values(found)["static_root"] == (static_root, "mysite/settings.py:9: STATIC_ROOT")


@pytest.mark.parametrize(
    ("assignment", "note"),
    [
        (
            '"/var/www/static"',
            "mysite/settings.py:5: STATIC_ROOT is /var/www/static, not a folder inside the project: the "
            "image collects no static files (pass --static-root with a folder inside it)",
        ),
        (
            'BASE_DIR.parent / "static"',
            "mysite/settings.py:5: STATIC_ROOT is ../static, not a folder inside the project: the image "
            "collects no static files (pass --static-root with a folder inside it)",
        ),
        (
            'os.environ.get("STATIC_ROOT")',
            "mysite/settings.py:5: STATIC_ROOT is not a path scaffold can read: pass --static-root",
        ),
    ],
    ids=["absolute", "outside", "from-environment"],
)
def test_static_roots_that_cannot_be_proposed(tmp_path: Path, assignment: str, note: str) -> None:
    settings = (
        "import os\nfrom pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\n"
        f'WSGI_APPLICATION = "mysite.wsgi.application"\nSTATIC_ROOT = {assignment}\n'
    )
    found = detect_python(_startproject(tmp_path, settings))
    assert "static_root" not in found.findings
    assert found.notes == [note]


def test_what_the_settings_fix_in_the_code_is_noted(tmp_path: Path) -> None:
    # startproject's own settings.py: an insecure key, DEBUG on, no hosts, no STATIC_ROOT.
    settings = """
        from pathlib import Path

        BASE_DIR = Path(__file__).resolve().parent.parent
        SECRET_KEY = "django-insecure-h4x0r"
        DEBUG = True
        ALLOWED_HOSTS = []
        INSTALLED_APPS = ["django.contrib.admin", "django.contrib.staticfiles"]
        WSGI_APPLICATION = "mysite.wsgi.application"
    """
    found = detect_python(_startproject(tmp_path, settings))
    assert {"secret_key_env", "debug_env", "allowed_hosts_env", "static_root"}.isdisjoint(found.findings)
    assert found.findings["django_settings"].value == "mysite.settings"
    assert found.notes == [
        "mysite/settings.py:4: SECRET_KEY is fixed in the code (a key): everyone with the repository or the "
        'image has it; read it from the environment (os.environ["DJANGO_SECRET_KEY"])',
        "mysite/settings.py:6: ALLOWED_HOSTS is fixed in the code ([]): with DEBUG off Django answers 400 to "
        "every other host, the health check's included; read it from the environment "
        '(os.environ["DJANGO_ALLOWED_HOSTS"].split(","))',
        "mysite/settings.py:5: DEBUG is fixed in the code (True): the image would show debug pages to "
        'anyone; read it from the environment (os.environ.get("DJANGO_DEBUG") == "1")',
        "mysite/settings.py: STATIC_ROOT is not set, so collectstatic has nowhere to write: the image serves "
        'no collected static files (set STATIC_ROOT = BASE_DIR / "staticfiles")',
    ]


@pytest.mark.parametrize(
    ("requirements", "server", "install"),
    [
        ("Django\nchannels\n", "uvicorn", "uvicorn"),
        ("Django\nchannels\ngunicorn\n", "uvicorn-worker", "uvicorn"),
        ("Django\ndaphne\nuvicorn\n", "uvicorn", ""),
    ],
)
def test_a_channels_project_runs_its_asgi_application(
    tmp_path: Path, requirements: str, server: str, install: str
) -> None:
    settings = _SETTINGS + 'ASGI_APPLICATION = "mysite.asgi.application"\n'
    found = detect_python(_startproject(tmp_path, settings, **{"requirements.txt": requirements}))
    values = found_values(found)
    source = "mysite/settings.py:23: ASGI_APPLICATION mysite.asgi.application"
    assert values["entrypoint"] == ("mysite.asgi:application", source)
    assert (values["server"][0], values["server_install"][0]) == (server, install)


def test_asgi_application_without_channels_or_an_asgi_server_stays_on_wsgi(tmp_path: Path) -> None:
    settings = _SETTINGS + 'ASGI_APPLICATION = "mysite.asgi.application"\n'
    found = detect_python(_startproject(tmp_path, settings))
    assert found.findings["entrypoint"].value == "mysite.wsgi:application"
    assert found.findings["server"].value == "gunicorn"


def test_asgi_application_with_an_asgi_server_runs_over_asgi(tmp_path: Path) -> None:
    settings = _SETTINGS + 'ASGI_APPLICATION = "mysite.asgi.application"\n'
    found = detect_python(_startproject(tmp_path, settings, **{"requirements.txt": "Django\nuvicorn\n"}))
    values = found_values(found)
    source = "mysite/settings.py:23: ASGI_APPLICATION mysite.asgi.application"
    assert values["entrypoint"] == ("mysite.asgi:application", source)
    assert (values["server"][0], values["server_install"][0]) == ("uvicorn", "")


@pytest.mark.parametrize(
    ("requirements", "entrypoint"),
    [
        ("Django\nuvicorn\n", ("mysite.asgi:application", "mysite/asgi.py: application")),
        # gunicorn beside uvicorn: the project serves WSGI under gunicorn unless its settings say ASGI.
        ("Django\nuvicorn\ngunicorn\n", ("mysite.wsgi:application", None)),
    ],
)
def test_an_asgi_server_alone_serves_the_projects_asgi_module(
    tmp_path: Path, requirements: str, entrypoint: tuple[str, str | None]
) -> None:
    found = detect_python(_startproject(tmp_path, _SETTINGS, **{"requirements.txt": requirements}))
    value, source = found_values(found)["entrypoint"]
    assert value == entrypoint[0]
    assert entrypoint[1] is None or source == entrypoint[1]


def test_without_wsgi_application_the_projects_wsgi_module_is_used(tmp_path: Path) -> None:
    settings = _SETTINGS.replace('WSGI_APPLICATION = "mysite.wsgi.application"\n', "")
    values = found_values(detect_python(_startproject(tmp_path, settings)))
    assert values["entrypoint"] == ("mysite.wsgi:application", "mysite/wsgi.py: application")


@pytest.mark.parametrize(
    ("change", "name", "why"),
    [
        (
            {"mysite/settings.py": _SETTINGS.replace("mysite.wsgi.application", "mysite.server.application")},
            "entrypoint",
            "mysite/settings.py:19: WSGI_APPLICATION names mysite.server, which is not in the repository; no "
            "other candidate found",
        ),
        (
            {"mysite/settings.py": _SETTINGS.replace("mysite.wsgi.application", "mysite.wsgi.app")},
            "entrypoint",
            "mysite/settings.py:19: WSGI_APPLICATION names mysite.wsgi.app, which mysite/wsgi.py does not "
            "define; no other candidate found",
        ),
        (
            {"manage.py": _MANAGE.replace('"mysite.settings"', '"mysite.config"')},
            "django_settings",
            "manage.py:9: DJANGO_SETTINGS_MODULE names mysite.config, which is not in the repository",
        ),
        (
            {"manage.py": "import sys\nfrom django.core.management import execute_from_command_line\n"},
            "django_settings",
            "manage.py sets no DJANGO_SETTINGS_MODULE default",
        ),
    ],
    ids=["wsgi-module-missing", "wsgi-attribute-missing", "settings-missing", "no-settings-default"],
)
def test_a_django_project_that_cannot_start_is_left_open(
    tmp_path: Path, change: dict[str, str], name: str, why: str
) -> None:
    found = detect_python(_startproject(tmp_path, **change))
    assert name not in found.findings
    assert opened(found, name) == why
