"""The floor under a durable vote on SQLite: one bare upsert and its COMMIT, nothing else.

The same file system, the same settings as townhall's (WAL, synchronous=FULL), the same
run: what is left between this and `ConsultationApp.handle(CastVote)` one at a time is
townhall's own work, not the disk's sync (bench/README.md, "The core's vote path").
"""

import sqlite3
from pathlib import Path
from time import perf_counter, process_time

from bench.timing import Latencies

_SCHEMA = (
    "CREATE TABLE votes (paragraph_id INTEGER, participant_id INTEGER, choice TEXT,"
    " cast_at TEXT, PRIMARY KEY (paragraph_id, participant_id))"
)
_UPSERT = (
    "INSERT INTO votes VALUES (?, ?, ?, ?) ON CONFLICT (paragraph_id, participant_id)"
    " DO UPDATE SET choice = excluded.choice, cast_at = excluded.cast_at"
)


def measure_bare_upserts(path: Path, casts: int) -> tuple[Latencies, float]:
    """Each of `casts` upserts in its own durable transaction; the latencies and CPU ms each.

    `path` must not exist; the database is removed afterwards.
    """
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        for pragma in ("journal_mode=WAL", "synchronous=FULL"):
            connection.execute(f"PRAGMA {pragma}")
        connection.execute(_SCHEMA)
        durations = []
        cpu, start = process_time(), perf_counter()
        for index in range(casts):
            began = perf_counter()
            connection.execute("BEGIN IMMEDIATE")
            connection.execute(_UPSERT, (index % 50, index // 10, "agree", f"{began:.6f}"))
            connection.execute("COMMIT")
            durations.append(perf_counter() - began)
        wall, cpu = perf_counter() - start, process_time() - cpu
    finally:
        connection.close()
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
    return Latencies(durations=tuple(durations), wall_seconds=wall), cpu * 1000 / casts
