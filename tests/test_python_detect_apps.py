"""Web apps found in the source, laid out as each framework's starter or a widely used template lays them:
the app spec, its server, install_project for a src layout or the project's own package, the health
route and the port, and the entrypoint left open when the source holds two apps or none it can run."""

from __future__ import annotations

from pathlib import Path

import pytest

from .python_repo import detect_python, found_values, opened, write

_HATCHLING = '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n'


def test_full_stack_fastapi_template_backend(tmp_path: Path) -> None:
    # The backend folder of the full-stack FastAPI template: app/main.py, routers under app/api/.
    write(
        tmp_path,
        {
            "pyproject.toml": '[project]\nname = "app"\nversion = "0.1.0"\n'
            f'dependencies = ["fastapi[standard]"]\n\n{_HATCHLING}',
            "app/__init__.py": "",
            "app/main.py": """
                from fastapi import FastAPI
                from fastapi.routing import APIRoute

                from app.api.main import api_router
                from app.core.config import settings


                def custom_generate_unique_id(route: APIRoute) -> str:
                    return f"{route.tags[0]}-{route.name}"


                app = FastAPI(
                    title=settings.PROJECT_NAME,
                    generate_unique_id_function=custom_generate_unique_id,
                )

                app.include_router(api_router, prefix=settings.API_V1_STR)
            """,
            "app/api/main.py": "from fastapi import APIRouter\n\napi_router = APIRouter()\n",
            "app/api/routes/utils.py": """
                from fastapi import APIRouter

                router = APIRouter(prefix="/utils", tags=["utils"])


                @router.get("/health-check/")
                async def health_check() -> bool:
                    return True
            """,
            "app/core/config.py": "class Settings:\n    PROJECT_NAME = 'app'\n\n\nsettings = Settings()\n",
            "app/tests/conftest.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
        },
    )
    values = found_values(detect_python(tmp_path))
    assert values["app_kind"] == ("web", "app/main.py:12: FastAPI app")
    assert values["entrypoint"] == ("app.main:app", "app/main.py:12: FastAPI app")
    assert values["server"] == ("uvicorn", "app/main.py:12: FastAPI app")
    assert values["install_project"] == (
        True,
        "pyproject.toml:6: [build-system]: app/ is the project's own package",
    )
    assert "health_path" not in values  # /utils/health-check/ is not one of the usual health paths


def test_src_layout_drops_src_and_installs_the_project(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "pyproject.toml": f'[project]\nname = "shop"\n\n{_HATCHLING}',
            "src/shop/__init__.py": "",
            "src/shop/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
        },
    )
    values = found_values(detect_python(tmp_path))
    assert values["entrypoint"] == ("shop.main:app", "src/shop/main.py:3: FastAPI app")
    assert values["install_project"] == (
        True,
        "src/shop/main.py (src layout; pyproject.toml:4: [build-system])",
    )


def test_src_layout_without_a_build_system_is_left_open(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "pyproject.toml": '[project]\nname = "shop"\n',
            "src/shop/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
        },
    )
    found = detect_python(tmp_path)
    assert "entrypoint" not in found.findings
    assert opened(found, "entrypoint") == (
        "src/shop/main.py:3: FastAPI app: src/shop/main.py is in a src layout, importable only from the "
        "installed project, and the project does not install (no [build-system] in pyproject.toml and no "
        "setup.py); no other candidate found"
    )


def test_flask_tutorial_factory_with_a_default_argument(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "pyproject.toml": '[project]\nname = "flaskr"\n\n[build-system]\nrequires = ["flit_core<4"]\n'
            'build-backend = "flit_core.buildapi"\n',
            "flaskr/__init__.py": """
                import os

                from flask import Flask


                def create_app(test_config=None):
                    app = Flask(__name__, instance_relative_config=True)
                    from . import auth

                    app.register_blueprint(auth.bp)
                    return app
            """,
            "flaskr/auth.py": """
                from flask import Blueprint

                bp = Blueprint("auth", __name__, url_prefix="/auth")


                @bp.route("/healthz")
                def health():
                    return "ok"
            """,
            "tests/test_factory.py": "from flaskr import create_app\n\napp = create_app()\n",
        },
    )
    values = found_values(detect_python(tmp_path))
    assert values["entrypoint"] == (
        "flaskr:create_app()",
        "flaskr/__init__.py:6: Flask app factory create_app()",
    )
    assert values["server"][0] == "gunicorn"
    assert values["install_project"][0] is True
    assert values["health_path"] == ("/healthz", "flaskr/auth.py:6: route /healthz")


def test_cookiecutter_flask_autoapp_instance_beats_the_factory(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "requirements.txt": "Flask==3.1.0\ngunicorn==23.0.0\n",
            "autoapp.py": '"""Create an application instance."""\nfrom my_flask_app.app import create_app\n\n'
            "app = create_app()\n",
            "my_flask_app/__init__.py": "",
            "my_flask_app/app.py": """
                from flask import Flask


                def create_app(config_object="my_flask_app.settings"):
                    app = Flask(__name__.split(".")[0])
                    app.config.from_object(config_object)
                    return app
            """,
        },
    )
    values = found_values(detect_python(tmp_path))
    assert values["entrypoint"] == ("autoapp:app", "autoapp.py:4: Flask app")
    assert values["server_install"] == ("", "requirements.txt:2: gunicorn==23.0.0")
    assert "install_project" not in values


@pytest.mark.parametrize(
    ("source", "entrypoint", "server"),
    [
        ("import fastapi as fa\n\napi = fa.FastAPI()\n", "main:api", "uvicorn"),
        ("from flask import Flask as F\n\nweb = F(__name__)\n", "main:web", "gunicorn"),
        ("from apiflask import APIFlask\n\napp = APIFlask(__name__)\n", "main:app", "gunicorn"),
        (
            "from starlette.applications import Starlette\n\napp = Starlette(routes=[])\n",
            "main:app",
            "uvicorn",
        ),
        ("from litestar import Litestar\n\napp = Litestar(route_handlers=[])\n", "main:app", "uvicorn"),
        ("from quart import Quart\n\napp = Quart(__name__)\n", "main:app", "uvicorn"),
        ('from sanic import Sanic\n\napp = Sanic("MyHelloWorldApp")\n', "main:app", "uvicorn"),
        (
            "from fastapi import FastAPI\n\n\ndef get_application():\n    return FastAPI()\n\n\n"
            "application = get_application()\n",
            "main:application",
            "uvicorn",
        ),
        ("from fastapi import FastAPI\n\napp: FastAPI = FastAPI()\n", "main:app", "uvicorn"),
    ],
    ids=[
        "alias-module",
        "alias-class",
        "apiflask",
        "starlette",
        "litestar",
        "quart",
        "sanic",
        "builder",
        "annotated",
    ],
)
def test_each_framework_and_its_server(tmp_path: Path, source: str, entrypoint: str, server: str) -> None:
    values = found_values(detect_python(write(tmp_path, {"main.py": source})))
    assert (values["entrypoint"][0], values["server"][0]) == (entrypoint, server)
    assert values["app_kind"][0] == "web"


def test_a_mounted_sub_application_is_not_a_second_app(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "main.py": """
                from fastapi import FastAPI

                from admin.app import admin

                app = FastAPI()
                v1 = FastAPI()
                app.mount("/v1", v1)
                app.mount("/admin", admin)
            """,
            "admin/app.py": "from fastapi import FastAPI\n\nadmin = FastAPI()\n",
        },
    )
    found = detect_python(tmp_path)
    assert found.findings["entrypoint"].value == "main:app"
    assert not found.unsettled


def test_two_different_web_apps_leave_the_entrypoint_open(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "api/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
            "dashboard/app.py": "from flask import Flask\n\napp = Flask(__name__)\n",
        },
    )
    found = detect_python(tmp_path)
    assert {"entrypoint", "server", "app_kind"}.isdisjoint(found.findings)
    assert opened(found, "entrypoint") == (
        "this project has 2 different web apps: dashboard.app:app (dashboard/app.py:3: Flask app); "
        "api.main:app (api/main.py:3: FastAPI app)"
    )


def test_folders_that_never_hold_the_app_are_skipped(tmp_path: Path) -> None:
    app = "from flask import Flask\n\napp = Flask(__name__)\n"
    write(
        tmp_path,
        {
            "env/pyvenv.cfg": "home = /usr/bin\n",
            "env/lib/python3.12/site-packages/flask/app.py": app,
            "tests/app.py": app,
            "polls/migrations/0001_initial.py": app,
            "node_modules/pkg/app.py": app,
            ".tox/py312/app.py": app,
            "docs/conf_app.py": app,
            "my-tools/app.py": app,  # not importable by name
            "test_app.py": app,
            "service/app.py": app,
        },
    )
    assert detect_python(tmp_path).findings["entrypoint"].value == "service.app:app"


def test_a_framework_among_the_dependencies_without_an_app_is_left_open(tmp_path: Path) -> None:
    write(tmp_path, {"requirements.txt": "flask==3.1.3\n", "app.py": "import flask\n"})
    found = detect_python(tmp_path)
    assert "entrypoint" not in found.findings
    assert opened(found, "entrypoint") == (
        "flask is among the dependencies (requirements.txt:1: flask==3.1.3), but no Flask app was found in a "
        "module the image can import; no other candidate found"
    )


@pytest.mark.parametrize(
    ("files", "health"),
    [
        (
            {
                "app/main.py": "from fastapi import FastAPI\n\nfrom app.routers import health\n\n"
                "app = FastAPI()\n",
                "app/routers/health.py": "from fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n"
                '@router.get("/healthz")\ndef healthz():\n    return {}\n',
            },
            ("/healthz", "app/routers/health.py:6: route /healthz"),
        ),
        (
            {
                "main.py": "from starlette.applications import Starlette\n"
                "from starlette.routing import Route\n\n\nasync def ping(request):\n    ...\n\n\n"
                'app = Starlette(routes=[Route("/ping", ping)])\n',
            },
            ("/ping", "main.py:9: route /ping"),
        ),
        (
            {
                "app.py": "from flask import Flask\n\napp = Flask(__name__)\n"
                "app.add_url_rule('/livez', 'livez', lambda: 'ok')\n"
            },
            ("/livez", "app.py:4: route /livez"),
        ),
        (
            {
                "main.py": 'from litestar import Litestar, get\n\n\n@get("/health")\n'
                'async def health() -> str:\n    return "ok"\n\n\napp = Litestar([health])\n'
            },
            ("/health", "main.py:4: route /health"),
        ),
    ],
    ids=["fastapi-router", "starlette-route", "flask-url-rule", "litestar-get"],
)
def test_health_routes(tmp_path: Path, files: dict[str, str], health: tuple[str, str]) -> None:
    assert found_values(detect_python(write(tmp_path, files)))["health_path"] == health


@pytest.mark.parametrize(
    ("files", "port"),
    [
        (
            {
                "app.py": "import os\n\nfrom flask import Flask\n\napp = Flask(__name__)\n\n"
                'if __name__ == "__main__":\n'
                '    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", 5000)))\n'
            },
            (5000, "app.py:8: PORT default 5000"),
        ),
        (
            {
                "main.py": "import os\n\nimport uvicorn\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n"
                'if __name__ == "__main__":\n    uvicorn.run(app, host="0.0.0.0", port=8080)\n'
            },
            (8080, "main.py:9: run(port=8080)"),
        ),
        (
            {
                "main.py": 'import os\nfrom fastapi import FastAPI\n\nPORT = os.getenv("PORT") or "8001"\n'
                "app = FastAPI()\n"
            },
            (8001, "main.py:4: PORT default 8001"),
        ),
        (
            {
                "app.py": "from flask import Flask\n\napp = Flask(__name__)\n",
                "scripts/start.sh": "#!/bin/sh\nexec gunicorn --bind 0.0.0.0:8081 --workers 2 app:app\n",
            },
            (8081, "scripts/start.sh:2: --bind 0.0.0.0:8081"),
        ),
        (
            {
                "app.py": "from flask import Flask\n\napp = Flask(__name__)\napp.run(port=5000)\n",
                "Procfile": "web: gunicorn app:app --bind 0.0.0.0:${PORT:-9000}\n",
            },
            (9000, "Procfile:1: --bind 0.0.0.0:${PORT:-9000}"),
        ),
    ],
    ids=["env-default", "uvicorn-run", "env-or", "start-script", "procfile-default"],
)
def test_ports(tmp_path: Path, files: dict[str, str], port: tuple[int, str]) -> None:
    assert found_values(detect_python(write(tmp_path, files)))["port"] == port


def test_a_port_below_1024_is_noted_not_proposed(tmp_path: Path) -> None:
    write(tmp_path, {"app.py": "from flask import Flask\n\napp = Flask(__name__)\napp.run(port=80)\n"})
    found = detect_python(tmp_path)
    assert "port" not in found.findings
    assert "app.py:4: run(port=80): a non-root user cannot bind port 80; pass --port" in found.notes


@pytest.mark.parametrize(
    ("module", "server"),
    [
        (
            "import falcon\n\napp = application = falcon.App()\napp.add_route('/health', Health())\n",
            "gunicorn",
        ),
        ("from falcon.asgi import App\n\napp = App()\n", "uvicorn"),
        # A bare App() with no import that says whose it is could be anything's.
        ("app = App()\n", None),
    ],
)
def test_falcon_apps_as_its_tutorial_writes_them(tmp_path: Path, module: str, server: str | None) -> None:
    write(tmp_path, {"requirements.txt": "falcon\n", "look/__init__.py": "", "look/app.py": module})
    values = found_values(detect_python(tmp_path))
    if server is None:
        assert "entrypoint" not in values or values["entrypoint"][0] != "look.app:app"
        return
    assert values["entrypoint"] == ("look.app:app", "look/app.py:3: Falcon app")
    assert values["server"][0] == server
