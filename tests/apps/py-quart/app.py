import asyncio
import os

from quart import Quart, websocket

app = Quart(__name__)

TODOS = [
    {"id": 1, "task": "Write the async view", "done": True},
    {"id": 2, "task": "Serve it over ASGI", "done": False},
]


@app.get("/")
async def index():
    return {"app": "todos", "todos": len(TODOS)}


@app.get("/todos")
async def todos():
    await asyncio.sleep(0)
    return {"todos": TODOS}


@app.get("/healthz")
async def healthz():
    return {"status": "ok"}


@app.websocket("/ws")
async def ws():
    while True:
        message = await websocket.receive()
        await websocket.send(f"echo: {message}")


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", 5000)))
