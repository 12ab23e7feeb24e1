import argparse
import logging
import signal
import threading

from tenacity import retry, stop_after_attempt, wait_exponential

from consumer.events import EventSource, OrderEvent

log = logging.getLogger("consumer")


@retry(stop=stop_after_attempt(5), wait=wait_exponential(multiplier=0.2, max=5), reraise=True)
def book(event: OrderEvent, ledger: dict[int, int]) -> None:
    ledger[event.order_id] = event.amount_cents


def run(poll_seconds: float, stopping: threading.Event) -> int:
    source = EventSource()
    ledger: dict[int, int] = {}
    processed = 0
    while not stopping.is_set():
        for event in source.receive():
            book(event, ledger)
            processed += 1
        log.info("processed %d messages, ledger total %d cents", processed, sum(ledger.values()))
        stopping.wait(poll_seconds)
    return processed


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m consumer", description=__doc__)
    parser.add_argument("--poll-seconds", type=float, default=1.0)
    args = parser.parse_args()
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )

    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    signal.signal(signal.SIGINT, lambda *_: stopping.set())
    log.info("consumer started")
    processed = run(args.poll_seconds, stopping)
    log.info("consumer stopped after %d messages", processed)


if __name__ == "__main__":
    main()
