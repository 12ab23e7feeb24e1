import os

import uvicorn
from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

app = FastAPI(title="Shop")


class Product(BaseModel):
    sku: str
    name: str
    price_cents: int


CATALOGUE = {
    "tea-001": Product(sku="tea-001", name="Green tea", price_cents=450),
    "mug-002": Product(sku="mug-002", name="Stoneware mug", price_cents=1200),
}


@app.get("/products")
async def list_products() -> list[Product]:
    return list(CATALOGUE.values())


@app.get("/products/{sku}")
async def get_product(sku: str) -> Product:
    if sku not in CATALOGUE:
        raise HTTPException(status_code=404, detail="no such product")
    return CATALOGUE[sku]


@app.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


def run() -> None:
    """Serve the API: the `shop` console script."""
    uvicorn.run(
        app,
        host=os.environ.get("HOST", "127.0.0.1"),
        port=int(os.environ.get("PORT", "8080")),
    )
