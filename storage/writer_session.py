"""The session of a unit of work on SQLite's thread: its savepoint is plain SQL on the connection.

The writer (storage/sqlite_writer.py) runs a batch of units in one transaction, each unit
between a SAVEPOINT and its RELEASE, or a ROLLBACK TO when it raises. An ORM session per unit
doing that itself costs a unit about a fifth of its CPU (its transaction bookkeeping, the
SAVEPOINT compiled afresh every time, a connection lookup for every statement), and the vote
path needs nothing of the ORM: its statements are prebuilt and run on SQLite's own cursor
(storage/raw_statements.py). So the unit's savepoint is plain SQL on the raw connection:

    SAVEPOINT unit          before the unit's first statement (none if it runs none)
      ...                   raw statements, and any ORM work, whose own savepoint nests here
    RELEASE unit            at the unit's commit (`await session.commit()`)
    ROLLBACK TO unit; RELEASE unit     at its rollback, or whatever it leaves uncommitted

A unit that uses the ORM still gets it: the session begins its savepoint lazily as ever, and
`open_unit_first` (a listener on the engine) opens the unit's savepoint before it, so that
the session's always nests inside and a RELEASE or ROLLBACK TO of the unit's covers both.
"""

import sqlite3
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.orm import Session

from storage.raw_statements import execute
from storage.sessions import TRANSACTION, LazyOrmSession, RefreshingSession

R = TypeVar("R")
P = ParamSpec("P")

_UNIT = "townhall.unit"  # the Connection.info entry naming the DirectSession running now
_SAVEPOINT = "unit"  # one unit at a time: the same name serves them all


class DirectSession(LazyOrmSession):
    """A unit's session on SQLite's thread: raw savepoints, and no greenlet for anything.

    Its ORM session is made the first time something asks for it (`sync_session`): a unit
    that runs only raw statements, as a vote does, never pays for one.
    """

    def __init__(self, connection: AsyncConnection, sqlite: sqlite3.Connection) -> None:
        # Not AsyncSession.__init__, which makes the ORM session at once (LazyOrmSession).
        self._lazy_init(connection)
        self.dialect = connection.dialect
        self._cursor = sqlite.cursor()
        self._open = False

    def _make_orm(self) -> Session:
        return RefreshingSession(
            bind=self._async_bind.sync_connection,  # type: ignore[union-attr]
            expire_on_commit=False,
            join_transaction_mode="create_savepoint",
        )

    def cursor(self) -> sqlite3.Cursor:
        """SQLite's cursor, inside the unit's savepoint (opened now if it is not yet)."""
        if not self._open:
            execute(self._cursor, f"SAVEPOINT {_SAVEPOINT}")
            self._open = True
        return self._cursor

    async def run_sync(
        self, fn: Callable[Concatenate[Session, P], R], *arg: P.args, **kw: P.kwargs
    ) -> R:
        """Call `fn` at once: there is nothing to wait for on this thread, no greenlet needed."""
        return fn(self.sync_session, *arg, **kw)

    async def commit(self) -> None:
        """Keep what the unit did so far; it is durable with the batch's COMMIT."""
        if self._orm_in_use():
            self.sync_session.commit()  # flushes, and releases its savepoint (inside ours)
        self._close(keep=True)

    async def rollback(self) -> None:
        """Undo what the unit did since its last commit."""
        if self._orm() is not None:
            self.sync_session.rollback()
        self._close(keep=False)

    def finish(self) -> None:
        """Undo what the unit left uncommitted, and let the ORM session go."""
        orm = self._orm()
        try:
            if orm is not None and (self._orm_in_use() or orm.identity_map):
                orm.rollback()
                orm.close()
        finally:
            self._close(keep=False)

    def _close(self, *, keep: bool) -> None:
        self._info[TRANSACTION] = object()
        if not self._open:
            return
        self._open = False
        if not keep:
            execute(self._cursor, f"ROLLBACK TO {_SAVEPOINT}")
        execute(self._cursor, f"RELEASE {_SAVEPOINT}")


def running(connection: AsyncConnection, session: DirectSession | None) -> None:
    """Name the session whose unit runs on `connection` now (None: no unit runs)."""
    sync: Any = connection.sync_connection
    if session is None:
        sync.info.pop(_UNIT, None)
    else:
        sync.info[_UNIT] = session


def open_unit_first(connection: Connection, _name: str | None) -> None:
    """Before SQLAlchemy emits a SAVEPOINT: open the running unit's own, so it is the outer one."""
    session = connection.info.get(_UNIT)
    if session is not None:
        session.cursor()
