from typing import Any

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel

router = APIRouter(prefix="/items", tags=["items"])


class ItemPublic(BaseModel):
    id: int
    title: str
    description: str = ""


class ItemsPublic(BaseModel):
    data: list[ItemPublic]
    count: int


ITEMS = [
    ItemPublic(id=1, title="Backend", description="FastAPI with Poetry"),
    ItemPublic(id=2, title="Server", description="Gunicorn with Uvicorn workers"),
]


@router.get("/", response_model=ItemsPublic)
def read_items(skip: int = 0, limit: int = 100) -> Any:
    """Retrieve items."""
    items = ITEMS[skip : skip + limit]
    return ItemsPublic(data=items, count=len(ITEMS))


@router.get("/{id}", response_model=ItemPublic)
def read_item(id: int) -> Any:
    """Get item by ID."""
    for item in ITEMS:
        if item.id == id:
            return item
    raise HTTPException(status_code=404, detail="Item not found")
