"""The CPU a local PostgreSQL server spends, read from /proc: the other half of a vote's cost.

`time.process_time` counts the benchmark's own process only; on PostgreSQL every statement
also costs the server's backend, its WAL writer and its flushes, on the same cores when the
server is local (bench/run.sh starts one). The server's processes are the postmaster's
children, found from a backend's parent; a server on another machine (or a /proc that cannot
be read) gives no figure rather than a wrong one.
"""

import os
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

_PROC = Path("/proc")


async def server_processes(engine: AsyncEngine) -> int | None:
    """The postmaster's process id, if the server runs on this machine; else None."""
    if engine.dialect.name != "postgresql":
        return None
    async with engine.connect() as connection:
        backend = (await connection.execute(text("SELECT pg_backend_pid()"))).scalar_one()
    return postmaster_of(int(backend))


def postmaster_of(backend: int) -> int | None:
    """The postmaster's process id from one of its backends' (None if not on this machine)."""
    fields = _stat(backend)
    return None if fields is None else int(fields[1])


def server_cpu_seconds(postmaster: int) -> float:
    """CPU seconds (user and system) of the postmaster and its children, living or exited.

    A backend that exits (the pool closing a connection) is reaped by the postmaster, whose
    cutime and cstime then hold what it spent, so the sum only ever grows.
    """
    ticks = 0
    for entry in _PROC.iterdir():
        if not entry.name.isdigit():
            continue
        fields = _stat(int(entry.name))
        if fields is None:
            continue
        if int(entry.name) == postmaster:
            ticks += sum(int(value) for value in fields[11:15])  # utime, stime, cutime, cstime
        elif int(fields[1]) == postmaster:
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> list[str] | None:
    """The fields of /proc/PID/stat after the command name (state first); None if gone."""
    try:
        return (_PROC / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
