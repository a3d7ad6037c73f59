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

On the thread the units run as coroutines driven without an event loop
(storage/sqlite_units.py): their statements complete at once, so a unit never suspends.

Urgent units (the inbox storing an arriving event, which the platform is waiting for) make
the next batch on their own, ahead of the others, so they wait at most for the batch under
way; but never two urgent batches in a row while others wait, or a flood of arrivals would
stall the processing of what has arrived.
The writer takes SQLite's writer turn (storage/engine.py) and the pooled connection, and keeps
both for batch after batch while units are waiting (up to HOLD_SECONDS), but hands them over
as soon as a unit of work opened the ordinary way, with `async with uow:`, waits for the turn:
those still queue fairly with it.
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
from typing import Any, Generic, Literal, TypeVar

from sqlalchemy.engine import RootTransaction
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession
from sqlalchemy.util.concurrency import await_, greenlet_spawn

from storage.sqlite_driver import OneTripConnection, visit
from storage.sqlite_units import Outcome, WaitedOffThread, run_unit

logger = logging.getLogger(__name__)

__all__ = ["HOLD_SECONDS", "SqliteWriter", "Turn", "WaitedOffThread"]

T = TypeVar("T")

# Units taken into one transaction at most, and the time after which a batch takes no more
# (the rest go first in the next one): an urgent unit that arrives meanwhile waits at most
# about this long, and the disk's sync is already shared by many units of a millisecond.
BATCH_LIMIT = 64
BATCH_SECONDS = 0.010

# The longest the writer keeps the pooled connection for batch after batch before it hands it
# back to the pool (anyone else waiting for it, e.g. a health check, gets it then).
HOLD_SECONDS = 0.100

# A batch waiting this long for SQLite's writer turn is stuck, not slow.
TURN_TIMEOUT = 60.0

Work = Callable[[AsyncSession], Coroutine[Any, Any, T]]


class Turn(asyncio.Lock):
    """An asyncio.Lock (first come, first served) that knows how many wait for it."""

    def __init__(self) -> None:
        super().__init__()
        self.waiting = 0

    async def acquire(self) -> Literal[True]:
        self.waiting += 1
        try:
            return await super().acquire()
        finally:
            self.waiting -= 1


@dataclass(slots=True)
class _Unit(Generic[T]):
    work: Work[T]
    future: "asyncio.Future[T]"


@dataclass(slots=True)
class SqliteWriter:
    """Runs units of work on one SQLite database in batches, one commit a batch."""

    engine: "weakref.ref[AsyncEngine]"
    # Hands the database's one pooled connection to a batch or to a unit of work opened with
    # `async with uow:`, one at a time, first come first served: the pool alone is not fair
    # (a task that gives the connection back and asks again at once can take it before those
    # already waiting: p99 1.4 s with 8 voters at once), asyncio.Lock serves waiters in order.
    turn: "Turn" = field(default_factory=lambda: Turn())
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
            engine = self.engine()
            if engine is None:
                units = self._take_all()
                gone = Outcome(error=RuntimeError("the database engine is gone"))
                _settle(units, [gone] * len(units))
                return
            first = self._next_batch()  # chosen now, as the units stand (see _next_batch)
            try:
                await self._take_turn()
            except BaseException:
                first[0].extendleft(reversed(first[1]))
                raise
            try:
                await greenlet_spawn(self._connected, engine, first)
            except BaseException:  # the writer itself is stopped: nobody is answered
                for unit in self._take_all():
                    unit.future.cancel()
                raise
            finally:
                self.turn.release()

    def _connected(self, engine: AsyncEngine, first: "_Batch") -> None:
        """Run batches on the pooled connection, taken once, while units are waiting.

        In one greenlet on the event loop. Units that arrived during a batch and could not
        join it (the other kind, or past its limits) go next on the same connection: no pool
        checkout, Connection and greenlet for each batch. The connection goes back as soon
        as the queues are empty right after a batch, before any caller it answered runs (so
        one that disposes of the engine finds it in the pool), when a unit of work opened
        with `async with uow:` waits for the turn, after HOLD_SECONDS, or after a batch that
        failed as a whole (the pool then resets it).
        """
        with engine.sync_engine.connect() as sync:
            connection = AsyncConnection(engine, sync)
            adapted: OneTripConnection = sync.connection.dbapi_connection  # type: ignore[assignment]
            sqlite = adapted.driver_connection._conn
            until = time.perf_counter() + HOLD_SECONDS
            batch: _Batch | None = first
            while batch is not None or ((self._urgent or self._waiting) and not self.turn.waiting):
                if not self._one_batch(connection, adapted, sqlite, batch or self._next_batch()):
                    return
                batch = None  # next: what waits now, before any caller runs (no yield here)
                if time.perf_counter() >= until:
                    return

    def _one_batch(
        self,
        connection: AsyncConnection,
        adapted: OneTripConnection,
        sqlite: sqlite3.Connection,
        chosen: "_Batch",
    ) -> bool:
        """Run the batch and answer its callers; False if it failed as a whole."""
        queue, batch = chosen
        if not batch:
            return True
        other = self._waiting if queue is self._urgent else self._urgent
        more = partial(_pull, queue, other, self.batch_limit)
        try:
            outcomes = await_(visit(adapted, partial(_batch, connection, sqlite, batch, more)))
        except Exception as error:  # the batch as a whole failed: so did each unit
            logger.warning(
                "A batch of %d units of work failed as a whole on SQLite: %s",
                len(batch),
                type(error).__name__,
            )
            _settle(batch, [Outcome(error=error)] * len(batch))
            return False
        except BaseException:
            queue.extendleft(reversed(batch))  # cancelled with the others by _drain
            raise
        _settle(batch[: len(outcomes)], outcomes)
        queue.extendleft(reversed(batch[len(outcomes) :]))  # out of time: first next
        return True

    def _next_batch(self) -> "_Batch":
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

    async def _take_turn(self) -> None:
        if self.turn.locked():  # else acquiring returns at once: no timer to set and cancel
            async with asyncio.timeout(TURN_TIMEOUT):
                await self.turn.acquire()
        else:
            await self.turn.acquire()

    def _take_all(self) -> list[_Unit[Any]]:
        units = [*self._urgent, *self._waiting]
        self._urgent.clear()
        self._waiting.clear()
        return units


_Batch = tuple[deque[_Unit[Any]], list[_Unit[Any]]]  # the queue it came from, its units
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


def _settle(batch: list[_Unit[Any]], outcomes: list[Outcome]) -> None:
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
) -> list[Outcome]:
    """On the SQLite thread: one transaction, a savepoint for each unit, one commit.

    Units that arrive while it runs join it (`more`), up to the batch's limit. Returns the
    outcomes of the units it ran, in order: all of them, unless BATCH_SECONDS ran out first.

    The connection's own (synchronous) methods are called directly: there is nothing to
    wait for on this thread, and each async wrapper would cost a greenlet.
    """
    transaction = connection.sync_connection.begin()  # type: ignore[union-attr]
    deadline = time.perf_counter() + BATCH_SECONDS
    outcomes: list[Outcome] = []
    try:
        while len(outcomes) < len(batch) or more(batch):
            outcomes.append(run_unit(connection, sqlite, batch[len(outcomes)].work))
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
