"""The PostgreSQL floor of bench/core_votes.py stores every upsert it counts, in both shapes.

The floor says whether issue 11's 2,000 durable votes a second on PostgreSQL is within the
machine's reach at all (bench/README.md); these check that it does the work it reports, on
the test server, without timing anything.
"""

import asyncpg

from bench.postgres_floor import SHAPES, TABLE, asyncpg_dsn, measure_bare_asyncpg
from tests.storage.conftest import postgres_database_url

__all__ = ["postgres_database_url"]  # the session's database, as the storage tests have it


async def test_each_shape_counts_every_upsert_once_and_leaves_no_table_behind(
    postgres_database_url: str,
) -> None:
    runs = await measure_bare_asyncpg(postgres_database_url, casts=30, concurrency=4)

    assert [run.shape for run in runs] == list(SHAPES)
    assert [len(run.latencies.durations) for run in runs] == [30, 30]
    connection = await asyncpg.connect(asyncpg_dsn(postgres_database_url))
    try:
        assert await connection.fetchval("SELECT to_regclass($1)", TABLE) is None
    finally:
        await connection.close()


def test_townhalls_url_becomes_a_dsn_asyncpg_takes() -> None:
    url = "postgresql+asyncpg://postgres:secret@127.0.0.1:5432/townhall"

    assert asyncpg_dsn(url) == "postgresql://postgres:secret@127.0.0.1:5432/townhall"
