"""A small FastAPI app: the reference for the uv + uvicorn variant."""

from fastapi import FastAPI

app = FastAPI()


@app.get("/")
def index() -> dict[str, str]:
    return {"message": "hello from fastapi"}


@app.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}
