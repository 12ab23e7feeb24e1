"""A small queue worker with no port: the reference for the worker variant.

It does a unit of work every second and stops cleanly on SIGINT (the Dockerfile's STOPSIGNAL) or SIGTERM.
"""

import signal
import time

running = True


def stop(signum: int, _frame: object) -> None:
    global running
    running = False
    print(f"received signal {signum}, finishing the current job", flush=True)


signal.signal(signal.SIGTERM, stop)
signal.signal(signal.SIGINT, stop)

jobs = 0
while running:
    jobs += 1
    if jobs % 30 == 1:
        print(f"processed {jobs} jobs", flush=True)
    time.sleep(1)
print("worker stopped", flush=True)
