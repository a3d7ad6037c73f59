"""The async engine and session factory, tuned for SQLite and PostgreSQL alike."""

import logging
import weakref
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, Engine, ExceptionContext, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from storage.asyncpg_session import runs_on_asyncpg, watch_for_waiting_writes
from storage.row_base import RefusedValueError
from storage.sessions import RefreshingSession
from storage.sqlite_driver import OneTripConnection, one_trip_dbapi
from storage.sqlite_writer import SqliteWriter
from storage.writer_session import open_unit_first

logger = logging.getLogger(__name__)

_WRITERS: "WeakKeyDictionary[Engine, SqliteWriter]" = WeakKeyDictionary()

# busy_timeout, foreign_keys and synchronous are per connection; WAL is stored in the file but
# setting it again is harmless and covers a brand new database. synchronous=FULL syncs the WAL
# on every commit: a vote acknowledged to a person survives a power cut, not only a crash of
# the process (NORMAL would be faster and only crash-safe; see bench/README.md for the cost).
_SQLITE_PRAGMAS = (
    "journal_mode=WAL",
    "busy_timeout=5000",
    "foreign_keys=ON",
    "synchronous=FULL",
)

# People paste the URLs their hosting shows; those name the synchronous drivers.
_ASYNC_DRIVERS = {
    "sqlite": "sqlite+aiosqlite",
    "postgresql": "postgresql+asyncpg",
    "postgres": "postgresql+asyncpg",
}


def normalise_url(url: str | URL) -> URL:
    """The URL with the async driver townhall uses for its database."""
    parsed = make_url(url)
    driver = _ASYNC_DRIVERS.get(parsed.drivername)
    return parsed.set(drivername=driver) if driver else parsed


def make_engine(url: str | URL) -> AsyncEngine:
    """An engine for `url`; SQLite connections get WAL, a busy timeout and BEGIN IMMEDIATE."""
    parsed = normalise_url(url)
    if parsed.get_backend_name() == "sqlite":
        # SQLite has one writer at a time, and every transaction here takes the write lock
        # (BEGIN IMMEDIATE). Left to SQLite's busy handler, waiting writers poll and some
        # starve past busy_timeout ("database is locked": 10 of 2,000 votes lost with 8 voters
        # at once in bench/). One pooled connection, handed out in turn by the writer's `turn`
        # (sqlite_writer.py), makes them queue in order instead; the writer also batches the
        # units that come through it into one transaction.
        engine = create_async_engine(
            parsed, pool_size=1, max_overflow=0, pool_timeout=60, module=_sqlite_dbapi(parsed)
        )
        _WRITERS[engine.sync_engine] = SqliteWriter(weakref.ref(engine))
        event.listen(engine.sync_engine, "savepoint", open_unit_first)
    else:
        engine = create_async_engine(parsed)
        if runs_on_asyncpg(engine):
            watch_for_waiting_writes(engine)
    if engine.dialect.name == "sqlite":
        _tune_sqlite(engine)
    event.listen(engine.sync_engine, "handle_error", _unwrap_refused_value)
    logger.info("Database engine for %s", parsed.render_as_string(hide_password=True))
    return engine


def _sqlite_dbapi(url: URL) -> Any:
    """The aiosqlite DBAPI with one trip to its thread per statement (sqlite_driver.py)."""
    return one_trip_dbapi() if url.get_driver_name() == "aiosqlite" else None


def sqlite_writer(bind: object) -> SqliteWriter | None:
    """The writer that runs units of work in batches on this SQLite engine; None elsewhere."""
    sync_engine = getattr(bind, "sync_engine", None)
    return _WRITERS.get(sync_engine) if sync_engine is not None else None


def make_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions whose objects stay readable after commit (no implicit I/O on attribute access)."""
    return async_sessionmaker(engine, expire_on_commit=False, sync_session_class=RefreshingSession)


def _unwrap_refused_value(context: ExceptionContext) -> BaseException | None:
    # SQLAlchemy wraps errors raised while binding parameters in a StatementError; callers
    # should get the ValueError a column type raised (a naive datetime, a partial minute),
    # exactly as from the in-memory fake.
    if isinstance(context.original_exception, RefusedValueError):
        return context.original_exception
    return None


def _tune_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Stop the sqlite3 module from issuing its own BEGIN; the begin hook below does it.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in _SQLITE_PRAGMAS:
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # A deferred transaction that reads and then writes gets SQLITE_BUSY at once, which
        # busy_timeout cannot rescue; taking the write lock up front serialises writers instead.
        # On SQLite's own thread (the writer's batches) it goes straight to the connection.
        dbapi_connection = connection.connection.dbapi_connection
        if not (
            isinstance(dbapi_connection, OneTripConnection)
            and dbapi_connection.begin_at_home("BEGIN IMMEDIATE")
        ):
            connection.exec_driver_sql("BEGIN IMMEDIATE")
