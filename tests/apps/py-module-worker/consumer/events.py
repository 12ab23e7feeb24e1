import itertools
import random
from dataclasses import dataclass


@dataclass(frozen=True)
class OrderEvent:
    order_id: int
    amount_cents: int


class EventSource:
    """Stands in for the broker: hands out small batches of order events."""

    def __init__(self, seed: int = 7) -> None:
        self._ids = itertools.count(1)
        self._random = random.Random(seed)

    def receive(self, max_batch: int = 5) -> list[OrderEvent]:
        size = self._random.randint(0, max_batch)
        return [
            OrderEvent(order_id=next(self._ids), amount_cents=self._random.randint(100, 10_000))
            for _ in range(size)
        ]
