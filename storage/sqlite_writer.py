"""Units of work on SQLite: one trip to its thread and one commit for a whole batch.

SQLite has one writer at a time, and every commit waits for the disk (synchronous=FULL). Run
one unit of work after the other, each in its own transaction, and a vote costs a trip to
aiosqlite's thread for every statement and a sync of the disk of its own. The writer instead
runs the units waiting in its queue as one batch on the SQLite thread, in one visit, and the
units that arrive while the batch runs join it (up to BATCH_LIMIT and BATCH_SECONDS):

    BEGIN IMMEDIATE
      SAVEPOINT  unit 1  RELEASE          (its session commits: the savepoint is released)
      SAVEPOINT  unit 2  ROLLBACK TO      (it raised: only its own changes are undone)
      ...
    COMMIT                                 (one sync of the disk for all of them)

and only then hands each caller its result or its error: nothing is acknowledged before the
commit that holds it. A unit that fails is rolled back to its savepoint and does not touch the
others; if the batch's own BEGIN or COMMIT fails, every unit in it fails with that error.

On the thread the units run as coroutines driven without an event loop (`drive`): their
statements complete at once (storage/sqlite_driver.py executes them directly there), so a
unit never suspends. A unit that waits for anything else is a bug and is refused loudly
(`WaitedOffThread`) instead of blocking the thread.

Urgent units (the inbox storing an arriving event, which the platform is waiting for) make
the next batch on their own, ahead of the others, so they wait at most for the batch under
way; but never two urgent batches in a row while others wait, or a flood of arrivals would
stall the processing of what has arrived.
The writer takes SQLite's writer turn (storage/engine.py) for each batch, so units of work
opened the ordinary way, with `async with uow:`, still queue fairly with it.
"""

import asyncio
import logging
import sqlite3
import time
import weakref
from collections import deque
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Generic, TypeVar

from sqlalchemy.engine import RootTransaction
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession
from sqlalchemy.util.concurrency import await_, greenlet_spawn

from storage.sqlite_driver import OneTripConnection, visit
from storage.writer_session import DirectSession, running

logger = logging.getLogger(__name__)

T = TypeVar("T")

# Units taken into one transaction at most, and the time after which a batch takes no more
# (the rest go first in the next one): an urgent unit that arrives meanwhile waits at most
# about this long, and the disk's sync is already shared by many units of a millisecond.
BATCH_LIMIT = 64
BATCH_SECONDS = 0.010

# A batch waiting this long for SQLite's writer turn is stuck, not slow.
TURN_TIMEOUT = 60.0

# How often a unit that waits for something other than the database is told to stop.
_REFUSALS = 3

Work = Callable[[AsyncSession], Coroutine[Any, Any, T]]


class WaitedOffThread(RuntimeError):
    """A unit of work on SQLite's thread waited for something other than the database."""


@dataclass(slots=True)
class _Unit(Generic[T]):
    work: Work[T]
    future: "asyncio.Future[T]"


@dataclass(slots=True)
class _Outcome:
    value: Any = None
    error: BaseException | None = None


@dataclass(slots=True)
class SqliteWriter:
    """Runs units of work on one SQLite database in batches, one commit a batch."""

    engine: "weakref.ref[AsyncEngine]"
    # Hands the database's one pooled connection to a batch or to a unit of work opened with
    # `async with uow:`, one at a time, first come first served: the pool alone is not fair
    # (a task that gives the connection back and asks again at once can take it before those
    # already waiting: p99 1.4 s with 8 voters at once), asyncio.Lock serves waiters in order.
    turn: asyncio.Lock = field(default_factory=asyncio.Lock)
    batch_limit: int = BATCH_LIMIT
    _urgent: deque[_Unit[Any]] = field(default_factory=deque)
    _waiting: deque[_Unit[Any]] = field(default_factory=deque)
    _draining: "asyncio.Task[None] | None" = None
    _urgent_last: bool = False

    async def perform(self, work: Work[T], *, urgent: bool = False) -> T:
        """Run `work` with a session of its own; return once the commit holding it is done.

        What `work` commits (`await session.commit()`) is kept; whatever it leaves
        uncommitted, or the changes of a `work` that raises, are rolled back.
        """
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        (self._urgent if urgent else self._waiting).append(_Unit(work, future))
        if self._draining is None or self._draining.done():
            self._draining = asyncio.create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        while self._urgent or self._waiting:
            queue, batch = self._next_batch()
            try:
                other = self._waiting if queue is self._urgent else self._urgent
                outcomes = await self._run(batch, partial(_pull, queue, other, self.batch_limit))
            except Exception as error:  # the batch as a whole failed: so did each unit
                logger.warning(
                    "A batch of %d units of work failed as a whole on SQLite: %s",
                    len(batch),
                    type(error).__name__,
                )
                outcomes = [_Outcome(error=error)] * len(batch)
            except BaseException:  # the writer itself is stopped: nobody is answered
                for unit in [*batch, *self._urgent, *self._waiting]:
                    unit.future.cancel()
                raise
            _settle(batch[: len(outcomes)], outcomes)
            queue.extendleft(reversed(batch[len(outcomes) :]))  # out of time: first next

    def _next_batch(self) -> tuple[deque[_Unit[Any]], list[_Unit[Any]]]:
        """The urgent units alone if there are any, else the others (see the module's docs)."""
        urgent = bool(self._urgent) and not (self._urgent_last and self._waiting)
        self._urgent_last = urgent
        queue = self._urgent if urgent else self._waiting
        batch: list[_Unit[Any]] = []
        while queue and len(batch) < self.batch_limit:
            unit = queue.popleft()
            if not unit.future.cancelled():  # its caller gave up before it started
                batch.append(unit)
        return queue, batch

    async def _run(self, batch: list[_Unit[Any]], more: "_More") -> list[_Outcome]:
        if not batch:
            return []
        engine = self.engine()
        if engine is None:
            raise RuntimeError("the database engine is gone")
        if self.turn.locked():  # else acquiring returns at once: no timer to set and cancel
            async with asyncio.timeout(TURN_TIMEOUT):
                await self.turn.acquire()
        else:
            await self.turn.acquire()
        try:
            return await greenlet_spawn(_connected, engine, batch, more)
        finally:
            self.turn.release()


_More = Callable[[list[_Unit[Any]]], bool]


def _pull(
    queue: deque[_Unit[Any]], other: deque[_Unit[Any]], limit: int, batch: list[_Unit[Any]]
) -> bool:
    """On the SQLite thread: add to `batch` a unit that arrived since it began, if there is one.

    What arrives while a batch is written shares its commit instead of waiting for one of its
    own, unless units of the other kind wait: then they go next (see the module's docs). While
    a batch runs the event loop only appends to the queues, so taking from the left here is
    safe (deque's append and popleft are atomic).
    """
    while len(batch) < limit and not other:
        try:
            unit = queue.popleft()
        except IndexError:
            return False
        if not unit.future.cancelled():
            batch.append(unit)
            return True
    return False


def _connected(engine: AsyncEngine, batch: list[_Unit[Any]], more: _More) -> list[_Outcome]:
    """Take the pooled connection, run the batch on SQLite's thread, hand the connection back.

    In one greenlet on the event loop: the pool and the visit to the thread await inside it,
    where an AsyncConnection's connect, raw connection and close would take three.
    """
    with engine.sync_engine.connect() as sync:
        connection = AsyncConnection(engine, sync)
        adapted: OneTripConnection = sync.connection.dbapi_connection  # type: ignore[assignment]
        sqlite = adapted.driver_connection._conn
        return await_(visit(adapted, partial(_batch, connection, sqlite, batch, more)))


def _settle(batch: list[_Unit[Any]], outcomes: list[_Outcome]) -> None:
    for unit, outcome in zip(batch, outcomes, strict=True):
        if unit.future.done():
            continue
        if outcome.error is None:
            unit.future.set_result(outcome.value)
        else:
            unit.future.set_exception(outcome.error)


def _batch(
    connection: AsyncConnection,
    sqlite: sqlite3.Connection,
    batch: list[_Unit[Any]],
    more: _More,
) -> list[_Outcome]:
    """On the SQLite thread: one transaction, a savepoint for each unit, one commit.

    Units that arrive while it runs join it (`more`), up to the batch's limit. Returns the
    outcomes of the units it ran, in order: all of them, unless BATCH_SECONDS ran out first.

    The connection's own (synchronous) methods are called directly: there is nothing to
    wait for on this thread, and each async wrapper would cost a greenlet.
    """
    transaction = connection.sync_connection.begin()  # type: ignore[union-attr]
    deadline = time.perf_counter() + BATCH_SECONDS
    outcomes: list[_Outcome] = []
    try:
        while len(outcomes) < len(batch) or more(batch):
            outcomes.append(_unit(connection, sqlite, batch[len(outcomes)]))
            if time.perf_counter() >= deadline:
                break  # the units not run yet go first in the next batch
        transaction.commit()
    except BaseException:
        _abandon(transaction, sqlite)
        raise
    return outcomes


def _abandon(transaction: RootTransaction, sqlite: sqlite3.Connection) -> None:
    """Roll the batch back, whatever state the failure left SQLAlchemy's bookkeeping in.

    A COMMIT that fails may leave SQLAlchemy believing the transaction is over while SQLite
    still holds it open; the next batch's BEGIN would then fail, and so would every unit after.
    """
    try:
        if transaction.is_active:
            transaction.rollback()
    finally:
        if sqlite.in_transaction:
            sqlite.rollback()


def _unit(connection: AsyncConnection, sqlite: sqlite3.Connection, unit: _Unit[Any]) -> _Outcome:
    session = DirectSession(connection, sqlite)
    running(connection, session)
    try:
        outcome = _Outcome(value=drive(unit.work(session)))
    except Exception as error:
        outcome = _Outcome(error=error)
    finally:
        running(connection, None)
    # Undo what the unit left uncommitted (back to its savepoint); if even that fails, the
    # transaction is in doubt and the whole batch fails.
    session.finish()
    return outcome


def drive(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine that never suspends to its end, without an event loop."""
    refusals = 0
    error: BaseException | None = None
    while True:
        try:
            awaited = coroutine.send(None) if error is None else coroutine.throw(error)
        except StopIteration as finished:
            return finished.value  # type: ignore[no-any-return]
        refusals += 1
        if refusals > _REFUSALS:
            coroutine.close()
            raise WaitedOffThread(f"a unit of work kept waiting for {awaited!r}")
        error = WaitedOffThread(
            f"a unit of work on SQLite's thread waited for {awaited!r}, not the database"
        )
