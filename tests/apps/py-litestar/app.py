from dataclasses import dataclass

from litestar import Controller, Litestar, get
from litestar.exceptions import NotFoundException


@dataclass
class Book:
    id: int
    title: str
    author: str


BOOKS = {
    1: Book(id=1, title="The Left Hand of Darkness", author="Ursula K. Le Guin"),
    2: Book(id=2, title="Kindred", author="Octavia E. Butler"),
}


class BookController(Controller):
    path = "/books"

    @get()
    async def list_books(self) -> list[Book]:
        return list(BOOKS.values())

    @get("/{book_id:int}")
    async def get_book(self, book_id: int) -> Book:
        if book_id not in BOOKS:
            raise NotFoundException(detail=f"no book {book_id}")
        return BOOKS[book_id]


@get("/")
async def index() -> str:
    return "Hello, world!"


@get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


app = Litestar(route_handlers=[index, health, BookController])
