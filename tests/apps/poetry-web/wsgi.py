"""A Flask app built by a factory: the reference for the Poetry variant."""

from flask import Flask


def create_app() -> Flask:
    app = Flask(__name__)

    @app.get("/")
    def index() -> dict[str, str]:
        return {"message": "hello from poetry"}

    return app
