"""aiosqlite as SQLAlchemy drives it, with one trip to the SQLite thread per statement or less.

aiosqlite runs SQLite in a thread of its own, and SQLAlchemy's adapter crosses into that
thread for every cursor call: create the cursor, execute, fetch the rows, close it. That is
four trips a SELECT and three a write, each a wake-up of the thread and of the event loop
(50 trips for a vote of 13 statements; bench/README.md). This cursor does all of it in one
function run on that thread, and hands SQLAlchemy the rows, description, rowcount and last
row id it collected. Transactions, commits and errors are aiosqlite's and SQLite's own:
the function runs on the same connection, in the same thread, in the same order.

It uses the queue of aiosqlite's thread the way SQLAlchemy's own adapter does (its
isolation level setter), so the two stay in step across versions.

Code already running on that thread (a whole batch of units of work sent there by
storage/sqlite_writer.py with `visit`) executes, commits and rolls back directly on the
connection: no trip at all. And a rollback with no transaction open (the pool's reset of a
connection handed back after its commit) is no trip either: the connection remembers whether
SQLite had a transaction open after its last statement.
"""

import asyncio
import collections
import sqlite3
import threading
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any, TypeVar

import aiosqlite
from sqlalchemy.connectors.asyncio import AsyncAdapt_dbapi_connection
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util import EMPTY_DICT
from sqlalchemy.util.concurrency import await_

from storage.raw_statements import execute

# What one statement leaves behind: description, rowcount, last row id, the rows, and whether
# a transaction is open after it.
Outcome = tuple[Any, int, int | None, list[Any], bool]

T = TypeVar("T")


def _run(connection: sqlite3.Connection, operation: str, parameters: Any, many: bool) -> Outcome:
    """On the SQLite thread: execute, collect everything SQLAlchemy may ask for, close."""
    cursor = connection.cursor()
    try:
        if many:
            cursor.executemany(operation, parameters)
        elif parameters is None:
            cursor.execute(operation)
        else:
            cursor.execute(operation, parameters)
        description = cursor.description
        rows = cursor.fetchall() if description else []
        return description, cursor.rowcount, cursor.lastrowid, rows, connection.in_transaction
    finally:
        cursor.close()


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    """A buffered cursor whose every statement is one trip to the SQLite thread."""

    __slots__ = ("_outcome",)

    def __init__(self, adapt_connection: AsyncAdapt_aiosqlite_connection) -> None:
        # No aiosqlite cursor: the statement's function makes its own on the thread.
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._cursor = None  # type: ignore[assignment]
        self._soft_closed_memoized = EMPTY_DICT
        self._rows = collections.deque()
        self._outcome: Outcome = (None, -1, None, [], True)

    @property
    def description(self) -> Any:
        return self._outcome[0]

    @property
    def rowcount(self) -> int:
        return self._outcome[1]

    @property
    def lastrowid(self) -> Any:
        return self._outcome[2]

    def execute(self, operation: Any, parameters: Any = None) -> None:
        self._trip(operation, parameters, many=False)

    def executemany(self, operation: Any, seq_of_parameters: Any) -> None:
        self._trip(operation, seq_of_parameters, many=True)

    def _trip(self, operation: Any, parameters: Any, *, many: bool) -> None:
        driver: aiosqlite.Connection = self._connection  # type: ignore[assignment]
        run = partial(_run, driver._conn, operation, parameters, many)
        adapted: OneTripConnection = self._adapt_connection  # type: ignore[assignment]
        try:
            if at_home(driver):
                self._outcome = run()
            else:
                self._outcome = await_(visit(adapted, run))
        except Exception as error:
            adapted.transaction_open = True  # not known: the next rollback must not be skipped
            adapted._handle_exception(error)
        adapted.transaction_open = self._outcome[4]
        self._rows = collections.deque(self._outcome[3])

    async def _async_soft_close(self) -> None:
        """Nothing to close: the statement's cursor closed on the thread."""

    def close(self) -> None:
        self._rows.clear()

    def fetchall(self) -> Sequence[Any]:
        rows = list(self._rows)
        self._rows.clear()
        return rows


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    """SQLAlchemy's aiosqlite connection with the one-trip cursor for buffered results.

    On aiosqlite's own thread, commit and rollback go straight to the connection as well.
    """

    __slots__ = ("transaction_open",)
    _cursor_cls: type[AsyncAdapt_aiosqlite_cursor] = OneTripCursor

    def __init__(self, dbapi: Any, connection: Any) -> None:
        super().__init__(dbapi, connection)
        self.transaction_open = True  # until a statement or a rollback says otherwise

    def commit(self) -> None:
        self._end(lambda connection: connection.commit(), super().commit)

    def rollback(self) -> None:
        if not self.transaction_open:
            return  # nothing to roll back: SQLite said so after the last statement
        self._end(lambda connection: connection.rollback(), super().rollback)

    def begin_at_home(self, sql: str) -> bool:
        """Run a transaction's BEGIN straight on the connection if this is its thread.

        False elsewhere: the caller sends it the ordinary way.
        """
        driver: aiosqlite.Connection = self._connection  # type: ignore[assignment]
        if driver._connection is None or not at_home(driver):
            return False
        self.transaction_open = True  # or in doubt, if it fails: no rollback may be skipped
        execute(driver._conn.cursor(), sql)
        return True

    def _end(self, direct: Callable[[sqlite3.Connection], None], trip: Callable[[], None]) -> None:
        driver: aiosqlite.Connection = self._connection  # type: ignore[assignment]
        if driver._connection is None or not at_home(driver):
            trip()
        else:
            try:
                direct(driver._conn)
            except Exception as error:
                self._handle_exception(error)
        self.transaction_open = False


def at_home(driver: aiosqlite.Connection) -> bool:
    """Whether this code runs on the thread that owns the aiosqlite connection."""
    return threading.get_ident() == driver._thread.ident


async def visit(adapt_connection: AsyncAdapt_dbapi_connection, function: Callable[[], T]) -> T:
    """Run `function` on the connection's SQLite thread, in turn with its other work."""
    driver: aiosqlite.Connection = adapt_connection._connection  # type: ignore[assignment]
    async with adapt_connection._execute_mutex:
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        driver._tx.put_nowait((future, function))
        return await future


class OneTripDBAPI(AsyncAdapt_aiosqlite_dbapi):
    """The DBAPI module SQLAlchemy's aiosqlite dialect uses, making one-trip connections."""

    def connect(self, *arg: Any, **kw: Any) -> OneTripConnection:
        adapted = super().connect(*arg, **kw)
        return OneTripConnection(self, adapted._connection)


def one_trip_dbapi() -> OneTripDBAPI:
    """The `module=` for create_async_engine on an sqlite+aiosqlite URL."""
    return OneTripDBAPI(aiosqlite, sqlite3)
