"""One unit of work on SQLite's thread: its session, its coroutine driven without a loop.

The writer (storage/sqlite_writer.py) runs each unit of a batch here, inside the batch's
transaction. The unit's statements complete at once (storage/sqlite_driver.py executes them
directly on this thread), so a unit never suspends; one that waits for anything else is a bug
and is refused loudly (`WaitedOffThread`) instead of blocking the thread.
"""

import sqlite3
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from storage.writer_session import DirectSession, running

T = TypeVar("T")

# How often a unit that waits for something other than the database is told to stop.
_REFUSALS = 3


class WaitedOffThread(RuntimeError):
    """A unit of work on SQLite's thread waited for something other than the database."""


@dataclass(slots=True)
class Outcome:
    """What a unit returned, or the error it raised."""

    value: Any = None
    error: BaseException | None = None


def run_unit(
    connection: AsyncConnection,
    sqlite: sqlite3.Connection,
    work: Callable[[AsyncSession], Coroutine[Any, Any, Any]],
) -> Outcome:
    session = DirectSession(connection, sqlite)
    running(connection, session)
    try:
        outcome = Outcome(value=drive(work(session)))
    except Exception as error:
        outcome = Outcome(error=error)
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
