import signal
import time
from pathlib import Path

import schedule
import structlog

from jobs.tasks import purge_expired_sessions, send_digest

# The container's health check reads this file's age: touched on every turn of the loop.
HEARTBEAT_FILE = Path("/tmp/heartbeat")
TICK_SECONDS = 1.0

log = structlog.get_logger("jobs")


class Worker:
    def __init__(self) -> None:
        self.running = True
        self.processed = 0

    def stop(self, signum: int, _frame: object) -> None:
        log.info("stop requested", signal=signal.Signals(signum).name)
        self.running = False

    def run_job(self, job) -> None:
        job()
        self.processed += 1
        log.info("job done", job=job.__name__, processed=self.processed)

    def loop(self) -> None:
        schedule.every(2).seconds.do(self.run_job, send_digest)
        schedule.every(5).seconds.do(self.run_job, purge_expired_sessions)
        log.info("worker started", jobs=len(schedule.get_jobs()))
        while self.running:
            schedule.run_pending()
            HEARTBEAT_FILE.touch()
            time.sleep(TICK_SECONDS)
        log.info("worker stopped", processed=self.processed)


def main() -> None:
    worker = Worker()
    signal.signal(signal.SIGTERM, worker.stop)
    signal.signal(signal.SIGINT, worker.stop)
    worker.loop()


if __name__ == "__main__":
    main()
