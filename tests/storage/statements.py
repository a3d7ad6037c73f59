"""What a test sees the database run: through SQLAlchemy, and on SQLite what SQLite itself ran.

On SQLite's thread the writer's units run their prebuilt statements on SQLite's own cursor
(storage/raw_statements.py), which SQLAlchemy's events never see; sqlite3's trace callback
sees everything the connection runs, whoever sent it.
"""

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any

import aiosqlite
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine


@contextmanager
def through_sqlalchemy(engine: AsyncEngine) -> Iterator[list[str]]:
    """The statements SQLAlchemy sends to a cursor while the block runs."""
    sent: list[str] = []

    def collect(*arguments: Any) -> None:
        sent.append(" ".join(str(arguments[2]).split()))

    event.listen(engine.sync_engine, "before_cursor_execute", collect)
    try:
        yield sent
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", collect)


@asynccontextmanager
async def run_by_sqlite(engine: AsyncEngine) -> AsyncIterator[list[str]]:
    """Every statement SQLite runs on the engine's one connection while the block runs."""
    ran: list[str] = []
    driver = await _driver(engine)
    await driver.set_trace_callback(lambda sql: ran.append(" ".join(sql.split())))
    try:
        yield ran
    finally:
        await driver.set_trace_callback(None)  # type: ignore[arg-type]  # None: stop tracing


async def _driver(engine: AsyncEngine) -> aiosqlite.Connection:
    async with engine.connect() as connection:
        raw = await connection.get_raw_connection()
        driver: aiosqlite.Connection = raw.dbapi_connection._connection  # type: ignore[union-attr]
        return driver


@asynccontextmanager
async def statements_run(engine: AsyncEngine) -> AsyncIterator[list[str]]:
    """The statements the database runs: SQLite's own account there, SQLAlchemy's elsewhere."""
    if engine.dialect.name == "sqlite":
        async with run_by_sqlite(engine) as ran:
            yield ran
    else:
        with through_sqlalchemy(engine) as sent:
            yield sent
