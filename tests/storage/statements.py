"""What a test sees the database run: through SQLAlchemy, and what SQLite or asyncpg itself ran.

On SQLite's thread the writer's units run their prebuilt statements on SQLite's own cursor
(storage/raw_statements.py), which SQLAlchemy's events never see; sqlite3's trace callback
sees everything the connection runs, whoever sent it. On PostgreSQL a unit's prebuilt
statements go straight to asyncpg (storage/asyncpg_session.py): what asyncpg was asked to run
is seen at its prepared statements and its simple queries (BEGIN, COMMIT), which SQLAlchemy's
adapter uses too.
"""

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from typing import Any

import aiosqlite
import asyncpg
from asyncpg.prepared_stmt import PreparedStatement
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


@dataclass(slots=True)
class AsyncpgLog:
    """What asyncpg was asked to do: statements run (one round trip each) and prepared."""

    ran: list[str] = field(default_factory=list)
    prepared: list[str] = field(default_factory=list)


@contextmanager
def run_by_asyncpg() -> Iterator[AsyncpgLog]:
    """Every statement any asyncpg connection of this process runs or prepares in the block.

    Prepared statements (SQLAlchemy's adapter's and storage/asyncpg_session.py's) run with
    `PreparedStatement.fetch`, BEGIN, COMMIT and ROLLBACK with `Connection.execute`, and a
    statement is prepared with `Connection.prepare`: each is one round trip.
    """
    log = AsyncpgLog()
    fetch, execute, prepare = (
        PreparedStatement.fetch,
        asyncpg.Connection.execute,
        asyncpg.Connection.prepare,
    )

    async def fetched(self: PreparedStatement, *args: Any, **kwargs: Any) -> Any:
        log.ran.append(" ".join(self.get_query().split()))
        return await fetch(self, *args, **kwargs)

    async def executed(self: asyncpg.Connection, query: str, *args: Any, **kwargs: Any) -> Any:
        log.ran.append(" ".join(query.split()))
        return await execute(self, query, *args, **kwargs)

    async def prepared(self: asyncpg.Connection, query: str, **kwargs: Any) -> Any:
        log.prepared.append(" ".join(query.split()))
        return await prepare(self, query, **kwargs)

    PreparedStatement.fetch = fetched
    asyncpg.Connection.execute = executed
    asyncpg.Connection.prepare = prepared
    try:
        yield log
    finally:
        PreparedStatement.fetch = fetch
        asyncpg.Connection.execute = execute
        asyncpg.Connection.prepare = prepare


@asynccontextmanager
async def statements_run(engine: AsyncEngine) -> AsyncIterator[list[str]]:
    """The statements the database runs: SQLite's own account, or what asyncpg was asked."""
    if engine.dialect.name == "sqlite":
        async with run_by_sqlite(engine) as ran:
            yield ran
    else:
        with run_by_asyncpg() as log:
            yield log.ran
