"""SQLite statements reach aiosqlite's thread once each, and behave exactly as before."""

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.engine import make_engine


class CountingQueue:
    """Stands in for the queue of work aiosqlite's thread takes from, counting what is put."""

    def __init__(self, queue: Any) -> None:
        self.queue = queue
        self.put = 0

    def put_nowait(self, item: Any) -> None:
        self.put += 1
        self.queue.put_nowait(item)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.queue, name)


@pytest.fixture
async def connection(tmp_path: Path) -> AsyncIterator[AsyncConnection]:
    engine = make_engine(f"sqlite:///{tmp_path / 'trips.db'}")
    try:
        async with engine.connect() as connection:
            await connection.exec_driver_sql(
                "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT UNIQUE)"
            )
            yield connection
    finally:
        await engine.dispose()


async def trips(connection: AsyncConnection) -> CountingQueue:
    driver = (await connection.get_raw_connection()).driver_connection
    counting = CountingQueue(driver._tx)  # type: ignore[union-attr]
    driver._tx = counting  # type: ignore[union-attr]
    return counting


async def test_a_select_an_insert_and_a_batch_take_one_trip_each(
    connection: AsyncConnection,
) -> None:
    counted = await trips(connection)
    inserted = await connection.execute(text("INSERT INTO t (v) VALUES ('a') RETURNING id"))
    assert inserted.scalar_one() == 1
    assert counted.put == 1
    batch = await connection.execute(
        text("INSERT INTO t (v) VALUES (:v)"), [{"v": "b"}, {"v": "c"}]
    )
    assert batch.rowcount == 2
    assert counted.put == 2
    found = await connection.execute(text("SELECT v FROM t ORDER BY id"))
    assert found.scalars().all() == ["a", "b", "c"]
    assert counted.put == 3


async def test_a_refused_statement_raises_as_before_and_the_connection_goes_on(
    connection: AsyncConnection,
) -> None:
    await connection.execute(text("INSERT INTO t (v) VALUES ('a')"))
    with pytest.raises(IntegrityError):
        await connection.execute(text("INSERT INTO t (v) VALUES ('a')"))
    updated = await connection.execute(text("UPDATE t SET v = 'z' WHERE v = 'a'"))
    assert updated.rowcount == 1
    assert (await connection.execute(text("SELECT count(*) FROM t"))).scalar_one() == 1


async def test_handing_back_a_committed_connection_costs_no_trip(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'reset.db'}")
    try:
        async with engine.begin() as connection:
            await connection.exec_driver_sql("CREATE TABLE t (id INTEGER PRIMARY KEY)")
            counted = await trips(connection)
            await connection.exec_driver_sql("INSERT INTO t DEFAULT VALUES")
        # The INSERT and the COMMIT (BEGIN came before counting); the pool's reset found
        # nothing to roll back.
        assert counted.put == 2
        async with engine.connect() as connection:
            await connection.exec_driver_sql("INSERT INTO t DEFAULT VALUES")
            # Left open: closing the connection rolls it back (a trip), as before.
        async with engine.connect() as connection:
            found = await connection.exec_driver_sql("SELECT count(*) FROM t")
            assert found.scalar_one() == 1
    finally:
        await engine.dispose()
