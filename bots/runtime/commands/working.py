"""`townhall worker`: only the scheduler and the outbox, for extra processes on PostgreSQL.

A worker answers nobody: it sends due pushes, turns due reminders into pushes and closes
consultations on time, like the worker inside `townhall run`. Several may run on one
database; each claims rows under its own name (host:pid), so every row is sent once.
"""

from typing import TextIO

from bots.runtime.commands.serving import serve
from bots.runtime.config import Config
from bots.runtime.scheduler import run_delivery, worker_id


async def worker(config: Config, errors: TextIO) -> int:
    """Run until Ctrl-C or SIGTERM."""
    return await serve(
        config,
        [run_delivery],
        errors=errors,
        started=f"Worker {worker_id()} sending pushes; Ctrl-C stops it.\n",
        stopped="The worker has stopped.\n",
    )
