"""The floor under a durable vote on PostgreSQL: bare asyncpg upserts, nothing of townhall's.

`--concurrency` connections (16) at once, each casting its share of the votes one after the
other, each vote a durable commit on the same server as townhall's run (`fsync=on`,
`synchronous_commit=on` on bench/run.sh's cluster), in two shapes:

- **one round trip**: a prepared upsert sent alone, committed by the server as it runs it
  (autocommit): the least any client can do for a durable vote;
- **BEGIN, upsert, COMMIT**: the same upsert in a transaction of its own, three round trips,
  as a vote's unit of work does around its own statements.

Each prints upserts/s, p50/p99, this process's CPU a vote and the server's (bench/server_cpu.py).
If even the one-round-trip floor stays under 2,000 a second, issue 11's 2,000 votes/s on
PostgreSQL is out of this machine's reach in one process, whatever townhall does.
"""

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from time import perf_counter, process_time

import asyncpg
from sqlalchemy.engine import make_url

from bench.server_cpu import postmaster_of, server_cpu_seconds
from bench.timing import Latencies

TABLE = "bench_floor_votes"
_SCHEMA = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} (paragraph_id INTEGER, participant_id INTEGER,"
    " choice TEXT, cast_at TIMESTAMPTZ, PRIMARY KEY (paragraph_id, participant_id))"
)
_UPSERT = (
    f"INSERT INTO {TABLE} VALUES ($1, $2, $3, now()) ON CONFLICT (paragraph_id, participant_id)"
    " DO UPDATE SET choice = excluded.choice, cast_at = excluded.cast_at"
)
SHAPES = ("one round trip (autocommit)", "BEGIN, upsert, COMMIT (3 round trips)")


@dataclass(frozen=True, slots=True, kw_only=True)
class FloorRun:
    """One shape's run: its latencies and the CPU a vote of this process and of the server."""

    shape: str
    latencies: Latencies
    cpu_ms: float
    server_cpu_ms: float | None


def asyncpg_dsn(url: str) -> str:
    """A libpq DSN for asyncpg from townhall's SQLAlchemy URL (any driver name)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def measure_bare_asyncpg(url: str, casts: int, concurrency: int) -> list[FloorRun]:
    """Each shape in turn on a fresh table, `casts` votes by `concurrency` connections."""
    connections = [await asyncpg.connect(asyncpg_dsn(url)) for _ in range(concurrency)]
    try:
        postmaster = postmaster_of(await connections[0].fetchval("SELECT pg_backend_pid()"))
        runs = []
        for shape in SHAPES:
            await connections[0].execute(f"DROP TABLE IF EXISTS {TABLE}")
            await connections[0].execute(_SCHEMA)
            run = await _run(connections, shape, casts, postmaster)
            stored = await connections[0].fetchval(f"SELECT count(*) FROM {TABLE}")
            if stored != len(run.latencies.durations):
                raise RuntimeError(f"{shape}: {casts} upserts counted but {stored} stored")
            runs.append(run)
        await connections[0].execute(f"DROP TABLE IF EXISTS {TABLE}")
        return runs
    finally:
        for connection in connections:
            await connection.close()


async def _run(
    connections: list[asyncpg.Connection], shape: str, casts: int, postmaster: int | None
) -> FloorRun:
    votes = [_voter(connection, shape) for connection in connections]
    durations: list[float] = []
    server = server_cpu_seconds(postmaster) if postmaster else 0.0
    cpu, start = process_time(), perf_counter()
    await asyncio.gather(
        *(
            _cast(vote, range(number, casts, len(votes)), durations)
            for number, vote in enumerate(votes)
        )
    )
    wall, cpu = perf_counter() - start, process_time() - cpu
    server = server_cpu_seconds(postmaster) - server if postmaster else 0.0
    return FloorRun(
        shape=shape,
        latencies=Latencies(durations=tuple(durations), wall_seconds=wall),
        cpu_ms=cpu * 1000 / casts,
        server_cpu_ms=server * 1000 / casts if postmaster else None,
    )


Vote = Callable[[int], Awaitable[None]]


def _voter(connection: asyncpg.Connection, shape: str) -> Vote:
    async def alone(number: int) -> None:
        await connection.execute(_UPSERT, number % 50, number // 10, "agree")

    async def in_a_transaction(number: int) -> None:
        async with connection.transaction():
            await connection.execute(_UPSERT, number % 50, number // 10, "agree")

    return alone if shape == SHAPES[0] else in_a_transaction


async def _cast(  # each number a row of its own: (n % 50, n // 10) never repeats
    vote: Vote, numbers: range, durations: list[float]
) -> None:
    for number in numbers:
        began = perf_counter()
        await vote(number)
        durations.append(perf_counter() - began)
