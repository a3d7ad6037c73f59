"""The session of a unit of work on PostgreSQL: prebuilt statements go straight to asyncpg.

`SqlUnitOfWork.perform` on PostgreSQL (with asyncpg) checks a connection out of the engine's
pool for the unit and gives it an `AsyncpgSession`. Its prebuilt statements
(storage/asyncpg_statements.py) run on asyncpg's connection under SQLAlchemy's adapter, in the
adapter's own transaction, so whatever else the unit does through SQLAlchemy (the ORM, a
statement compiled at run time) is in the same transaction:

    BEGIN                   asyncpg's, before the unit's first statement, whichever way it goes
      ...                   prebuilt statements here, anything else through SQLAlchemy
    COMMIT                  at the unit's commit: the ORM's, or asyncpg's if only these ran
    ROLLBACK                at its rollback, or by the pool when the connection goes back

A write whose rows nobody reads waits for the unit's next statement, which carries it
(storage/carried_writes.py); whatever the unit runs through SQLAlchemy, and its commit, send it
first, and a rollback drops it.

Nothing here needs a greenlet but taking and returning the pooled connection; a unit that uses
the ORM gets it as ever (its session begins SQLAlchemy's transaction on the same connection,
and asyncpg's adapter sees the transaction already open). Errors are raised as SQLAlchemy
raises them (sqlalchemy.exc.IntegrityError and the like, from the same translation of
asyncpg's exceptions); a lost connection is invalidated when the unit returns it.
"""

from collections.abc import Mapping
from typing import Any, NoReturn

from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.orm import Session
from sqlalchemy.pool import PoolProxiedConnection
from sqlalchemy.util import greenlet_spawn
from sqlalchemy.util.concurrency import await_

from storage.asyncpg_statements import AsyncpgStatement
from storage.carried_writes import combined
from storage.sessions import TRANSACTION, LazyOrmSession, RefreshingSession

_UNIT = "townhall.asyncpg_unit"  # the Connection.info entry naming the unit's session


class AsyncpgSession(LazyOrmSession):
    """A unit's session on PostgreSQL: prebuilt statements on asyncpg's own connection.

    Its ORM session is made only if the unit uses the ORM (LazyOrmSession).
    """

    def __init__(self, engine: AsyncEngine, pooled: PoolProxiedConnection) -> None:
        self._lazy_init(None)  # its bind is made with the ORM session, if ever
        self.dialect = engine.dialect
        self._postgresql: Any = engine.dialect  # asyncpg's dialect, for its own caches
        self._engine = engine
        self._pooled_connection = pooled  # checked out of the engine's pool for this unit
        # SQLAlchemy's Connection on it, made with the ORM session: a unit that never uses
        # the ORM pays for neither.
        self._connection: AsyncConnection | None = None
        self._adapter: Any = pooled.dbapi_connection  # SQLAlchemy's AsyncAdapt_asyncpg_connection
        self._lost = False  # the connection broke: invalidate it instead of pooling it
        # A write and its values, waiting to be carried by the next statement.
        self._waiting: tuple[AsyncpgStatement, list[Any]] | None = None
        self._pooled: dict[Any, Any] = {}  # the pooled connection's info, naming this session

    def _make_orm(self) -> Session:
        engine = self._engine
        sync = Connection(engine.sync_engine, connection=self._pooled_connection)
        self._connection = self._async_bind = AsyncConnection(engine, sync)
        return RefreshingSession(bind=sync, expire_on_commit=False)

    async def fetch(self, statement: AsyncpgStatement, given: Mapping[str, Any]) -> list[Any]:
        """Every row `statement` returns, run with `given` in the unit's transaction."""
        values = statement.values(given)
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            carrier = combined(waiting[0], statement)
            if carrier is not None:
                return await self._run(carrier, waiting[1] + values)
            await self._run(*waiting)
        return await self._run(statement, values)

    async def write(self, statement: AsyncpgStatement, given: Mapping[str, Any]) -> None:
        """Run a statement whose rows nobody reads; a write waits to be carried by the next.

        See storage/carried_writes.py: it goes with the unit's next prebuilt SELECT if it can,
        else alone before whatever the unit does next, or before its commit.
        """
        if statement.writes is None:
            await self.fetch(statement, given)
            return
        values = statement.values(given)  # a value its type refuses is refused now
        await self.send_waiting()
        self._waiting = (statement, values)

    async def send_waiting(self) -> None:
        """Send the write waiting to be carried, if there is one, on its own."""
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            await self._run(*waiting)

    async def _run(self, statement: AsyncpgStatement, values: list[Any]) -> list[Any]:
        adapter = self._adapter
        try:
            if adapter._transaction is None:
                await adapter._start_transaction()
            prepared, attributes = await adapter._prepare(
                statement.sql, self._postgresql._invalidate_schema_cache_asof
            )
            records = await prepared.fetch(*values)
        except Exception as error:
            self._raise(error, statement.sql, values)
        return statement.rows(records, attributes, self.dialect)

    async def commit(self) -> None:
        """Make what the unit did durable: the ORM's commit, or asyncpg's COMMIT."""
        try:
            await self.send_waiting()
            if self._orm_in_use():
                await super().commit()  # flushes, and commits the connection's transaction
            await self._end(commit=True)
        finally:
            self.info[TRANSACTION] = object()

    async def rollback(self) -> None:
        """Undo what the unit did since its last commit."""
        self._waiting = None
        try:
            if self._orm_in_use():
                await super().rollback()
            await self._end(commit=False)
        finally:
            self.info[TRANSACTION] = object()

    async def finish(self) -> None:
        """Let the ORM session go and return the connection; the pool rolls back what is left."""
        self._waiting = None
        self.info[TRANSACTION] = object()
        await greenlet_spawn(self._give_back)

    def _give_back(self) -> None:
        self._pooled.pop(_UNIT, None)
        orm = self._orm()
        try:
            if orm is not None and (self._orm_in_use() or orm.identity_map):
                orm.close()
        finally:
            if self._connection is None:
                pooled = self._pooled_connection
                if self._lost and pooled.is_valid:
                    pooled.invalidate()
                pooled.close()
            else:
                sync: Connection = self._connection.sync_connection  # type: ignore[assignment]
                if self._lost and not sync.invalidated:
                    sync.invalidate()
                sync.close()

    async def _end(self, *, commit: bool) -> None:
        """COMMIT or ROLLBACK asyncpg's transaction, if the unit's statements opened one."""
        transaction = self._adapter._transaction
        if transaction is None:
            return
        try:
            await self._adapter._call_and_discard(
                transaction.commit if commit else transaction.rollback
            )
        except Exception as error:
            self._raise(error, "COMMIT" if commit else "ROLLBACK", [])

    def _raise(self, error: Exception, sql: str, values: list[Any]) -> NoReturn:
        """Raise `error` as SQLAlchemy would have: translated by its adapter, then wrapped."""
        dialect = self._postgresql
        dbapi = dialect.loaded_dbapi
        translated: Exception = error
        if not isinstance(error, dbapi.Error):
            try:
                self._adapter._handle_exception(error)
            except Exception as adapted:
                translated = adapted
        if not isinstance(translated, dbapi.Error):
            raise translated from error
        if isinstance(translated, dbapi.InvalidCachedStatementError | dbapi.InternalServerError):
            dialect._invalidate_schema_cache()  # as its execution context does
        self._lost = self._lost or dialect.is_disconnect(translated, self._adapter, None)
        raise DBAPIError.instance(
            sql, tuple(values), translated, dbapi.Error, connection_invalidated=self._lost
        ) from translated


async def open_session(engine: AsyncEngine) -> AsyncpgSession:
    """A session on a connection checked out of the engine's pool for one unit of work."""
    pooled = await greenlet_spawn(_check_out, engine)
    session = AsyncpgSession(engine, pooled)
    session._pooled = pooled.info  # kept: an invalidated connection no longer gives it
    session._pooled[_UNIT] = session
    return session


def watch_for_waiting_writes(engine: AsyncEngine) -> None:
    """Make whatever the unit runs through SQLAlchemy send its waiting write first.

    A rollback drops it. Called for every asyncpg engine (storage/engine.py).
    """
    sync_engine = engine.sync_engine
    event.listen(sync_engine, "before_cursor_execute", _send_waiting_first)
    event.listen(sync_engine, "commit", _send_waiting_first)
    event.listen(sync_engine, "rollback", _drop_waiting)


def _send_waiting_first(connection: Connection, *_: object) -> None:
    session = _unit_on(connection)
    if session is not None and session._waiting is not None:
        await_(session.send_waiting())  # SQLAlchemy runs this in its greenlet: it may wait


def _drop_waiting(connection: Connection) -> None:
    session = _unit_on(connection)
    if session is not None:
        session._waiting = None


def _unit_on(connection: Connection) -> AsyncpgSession | None:
    """The unit's session running on `connection`; None for none, or a lost connection."""
    if connection.invalidated:
        return None  # nothing can be sent; the unit's end drops what waits
    found: AsyncpgSession | None = connection.info.get(_UNIT)
    return found


def _check_out(engine: AsyncEngine) -> PoolProxiedConnection:
    """A connection from the pool, without SQLAlchemy's Connection around it (made if needed).

    A failure to connect is raised as `engine.connect()` raises it.
    """
    sync_engine = engine.sync_engine
    try:
        return sync_engine.raw_connection()
    except sync_engine.dialect.loaded_dbapi.Error as error:
        Connection._handle_dbapi_exception_noconnection(error, sync_engine.dialect, sync_engine)
        raise


def runs_on_asyncpg(engine: object) -> bool:
    """Whether units of work on `engine` can run their prebuilt statements on asyncpg."""
    if not isinstance(engine, AsyncEngine):
        return False
    return engine.dialect.name == "postgresql" and engine.dialect.driver == "asyncpg"
