"""A small Flask app: the reference for the pip + gunicorn variant."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def index() -> dict[str, str]:
    return {"message": "hello from flask"}


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}
