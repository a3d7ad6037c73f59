"""`townhall worker`: only the scheduler and the outbox, for extra processes on PostgreSQL.

A worker answers nobody: it sends due pushes, turns due reminders into pushes and closes
consultations on time, like the worker inside `townhall run`. Several may run on one
database; each claims rows under its own name (host:pid), so every row is sent once.
"""

import asyncio
import os
import signal
from typing import TextIO

from bots.bootstrap import open_townhall, prepare_schema
from bots.clock import SystemClock
from bots.config import Config
from bots.scheduler import run_delivery, worker_id


async def worker(config: Config, errors: TextIO) -> int:
    """Run until Ctrl-C or SIGTERM."""
    os.environ.setdefault("PTB_TIMEDELTA", "true")  # PTB's retry_after as a timedelta
    await prepare_schema(config.database)
    async with open_townhall(config.database, SystemClock()) as townhall:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        errors.write(f"Worker {worker_id()} sending pushes; Ctrl-C stops it.\n")
        try:
            await run_delivery(config, townhall, stop)
        finally:
            for signum in (signal.SIGINT, signal.SIGTERM):
                loop.remove_signal_handler(signum)
    errors.write("The worker has stopped.\n")
    return 0
