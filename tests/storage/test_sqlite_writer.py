"""Units of work on SQLite run on its thread in one trip, and arrive together under one commit."""

import asyncio
import time
from collections.abc import Callable, Coroutine
from functools import partial
from typing import Any

import greenlet  # type: ignore[import-untyped]
import pytest
from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.orm import Session

from core.model import Participant
from core.ports import UnitOfWork
from storage import sqlite_writer as sqlite_writer_module
from storage.engine import make_session_factory, sqlite_writer
from storage.sqlite_writer import WaitedOffThread
from storage.unit_of_work import SqlUnitOfWork
from tests.storage.examples import person
from tests.storage.test_sqlite_driver import CountingQueue


class Refused(Exception):
    """What a unit of work raises after writing, to be rolled back."""


@pytest.fixture
def engine(sqlite_engine: AsyncEngine) -> AsyncEngine:
    """SQLite alone: these tests are about its own machinery."""
    return sqlite_engine


def commits_of(engine: AsyncEngine) -> list[int]:
    """A list that grows by one for every COMMIT on the engine."""
    commits: list[int] = []

    @event.listens_for(engine.sync_engine, "commit")
    def _counted(_connection: Connection) -> None:
        commits.append(1)

    return commits


def unit(engine: AsyncEngine) -> SqlUnitOfWork:
    return SqlUnitOfWork(make_session_factory(engine))


async def add_person(name: str, uow: UnitOfWork) -> Participant:
    participant = await uow.participants.get_or_add(person(name), name.title())
    await uow.commit()
    return participant


async def add_then_refuse(name: str, uow: UnitOfWork) -> None:
    await uow.participants.get_or_add(person(name), name.title())
    await uow.commit()  # released in the batch: durable only with the batch's commit...
    await uow.participants.get_or_add(person(f"{name}-2"), name.title())
    raise Refused(name)  # ...and what follows its commit is rolled back on its own


def noted(ran: list[str], name: str) -> Callable[[AsyncSession], Coroutine[Any, Any, None]]:
    """Work for the writer that notes its name in `ran` when it runs, then commits."""

    async def work(session: AsyncSession) -> None:
        ran.append(name)
        await session.commit()

    return work


async def stored(engine: AsyncEngine, *names: str) -> set[str]:
    async with unit(engine) as uow:
        found = [await uow.participants.find(person(name)) for name in names]
    return {participant.ref.external_id for participant in found if participant is not None}


async def perform_all(engine: AsyncEngine, *works: Any) -> list[Any]:
    return await asyncio.gather(
        *(unit(engine).perform(work) for work in works), return_exceptions=True
    )


async def test_units_that_arrive_together_share_one_commit(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite_writer_module, "BATCH_SECONDS", 60.0)  # however slow the machine
    await unit(engine).perform(lambda uow: add_person("warm-up", uow))
    commits = commits_of(engine)
    names = [f"voter-{number}" for number in range(16)]
    added = await perform_all(
        engine, *(lambda uow, name=name: add_person(name, uow) for name in names)
    )
    assert [participant.ref.external_id for participant in added] == names
    assert await stored(engine, *names) == set(names)
    # All 16 are queued before the writer's next turn: one transaction, one sync of the disk.
    assert len(commits) == 1


async def test_a_unit_that_raises_leaves_the_others_and_its_own_commit(
    engine: AsyncEngine,
) -> None:
    results = await perform_all(
        engine,
        lambda uow: add_person("first", uow),
        lambda uow: add_then_refuse("refuser", uow),
        lambda uow: add_person("last", uow),
    )
    assert isinstance(results[1], Refused)
    assert not isinstance(results[0], BaseException)
    assert not isinstance(results[2], BaseException)
    assert await stored(engine, "first", "refuser", "refuser-2", "last") == {
        "first",
        "refuser",
        "last",
    }


async def test_no_unit_is_answered_before_the_commit_that_holds_it(
    engine: AsyncEngine, caplog: pytest.LogCaptureFixture
) -> None:
    failed = False

    @event.listens_for(engine.sync_engine, "commit")
    def _disk_full(_connection: Connection) -> None:
        nonlocal failed
        if not failed:
            failed = True
            raise OperationalError("COMMIT", None, Exception("database or disk is full"))

    results = await perform_all(
        engine, lambda uow: add_person("one", uow), lambda uow: add_person("two", uow)
    )
    assert all(isinstance(result, OperationalError) for result in results)
    assert await stored(engine, "one", "two") == set()
    # The operator is told, with the kind of failure and never the units' data.
    assert "2 units of work failed as a whole on SQLite: OperationalError" in caplog.text
    assert "One" not in caplog.text
    # The writer carries on with the next units.
    await unit(engine).perform(lambda uow: add_person("three", uow))
    assert await stored(engine, "three") == {"three"}


async def test_a_unit_that_waits_for_something_else_is_refused_and_changes_nothing(
    engine: AsyncEngine,
) -> None:
    async def waits(uow: UnitOfWork) -> None:
        await uow.participants.get_or_add(person("sleeper"), "Sleeper")
        await asyncio.sleep(0)  # not the database: the thread must not block on it
        await uow.commit()

    with pytest.raises(WaitedOffThread):
        await unit(engine).perform(waits)
    assert await stored(engine, "sleeper") == set()
    await unit(engine).perform(lambda uow: add_person("after", uow))
    assert await stored(engine, "after") == {"after"}


async def test_a_unit_of_many_statements_crosses_to_the_sqlite_thread_at_most_twice(
    engine: AsyncEngine,
) -> None:
    await unit(engine).perform(lambda uow: add_person("warm-up", uow))
    async with engine.connect() as connection:
        driver = (await connection.get_raw_connection()).driver_connection
    counted = CountingQueue(driver._tx)  # type: ignore[union-attr]
    driver._tx = counted  # type: ignore[union-attr]

    async def many(uow: UnitOfWork) -> None:
        for number in range(10):
            await add_person(f"many-{number}", uow)

    await unit(engine).perform(many)
    assert counted.put <= 2  # the batch, then the pool's reset of the connection
    assert len(await stored(engine, *(f"many-{number}" for number in range(10)))) == 10


async def test_ordinary_units_of_work_still_queue_fairly_with_the_writer(
    engine: AsyncEngine,
) -> None:
    async def ordinary(name: str) -> None:
        async with unit(engine) as uow:
            await add_person(name, uow)

    async def batched(name: str) -> None:
        await unit(engine).perform(partial(add_person, name))

    await asyncio.gather(
        *(ordinary(f"plain-{number}") for number in range(4)),
        *(batched(f"batched-{number}") for number in range(4)),
    )
    names = [f"plain-{n}" for n in range(4)] + [f"batched-{n}" for n in range(4)]
    assert await stored(engine, *names) == set(names)


async def test_an_urgent_unit_runs_first_and_in_a_batch_of_its_own(engine: AsyncEngine) -> None:
    writer = sqlite_writer(engine)
    assert writer is not None
    ran: list[str] = []
    noting = partial(noted, ran)

    commits = commits_of(engine)
    await asyncio.gather(
        *(writer.perform(noting(f"vote-{number}")) for number in range(5)),
        writer.perform(noting("arriving event"), urgent=True),
    )
    assert ran == ["arriving event", *(f"vote-{number}" for number in range(5))]
    assert len(commits) == 2  # its answer waited for no vote


async def test_run_sync_on_the_sqlite_thread_calls_at_once_without_a_greenlet(
    engine: AsyncEngine,
) -> None:
    writer = sqlite_writer(engine)
    assert writer is not None

    def count(session: Session) -> tuple[int, bool]:
        found = session.connection().exec_driver_sql("SELECT count(*) FROM participants")
        return found.scalar_one(), greenlet.getcurrent().parent is None

    async def work(session: AsyncSession) -> tuple[int, bool]:
        return await session.run_sync(count)

    assert await writer.perform(work) == (0, True)  # the thread's own greenlet, no new one


async def test_a_batch_takes_no_more_units_once_its_time_is_spent(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite_writer_module, "BATCH_SECONDS", 0.010)
    writer = sqlite_writer(engine)
    assert writer is not None
    ran: list[int] = []

    def slow(number: int) -> Callable[[AsyncSession], Coroutine[Any, Any, None]]:
        async def work(session: AsyncSession) -> None:
            await session.run_sync(lambda _: time.sleep(0.006))  # 6 ms on SQLite's thread
            ran.append(number)
            await session.commit()

        return work

    commits = commits_of(engine)
    await asyncio.gather(*(writer.perform(slow(number)) for number in range(4)))
    assert ran == [0, 1, 2, 3]  # the units left over went first in the next batch
    assert len(commits) >= 2  # at most two units of 6 ms fit in 10 ms


async def test_a_flood_of_urgent_units_does_not_stall_the_others(engine: AsyncEngine) -> None:
    writer = sqlite_writer(engine)
    assert writer is not None
    ran: list[str] = []
    noting = partial(noted, ran)

    async def flood() -> None:  # an arriving event every turn of the loop, 40 in all
        arriving = []
        for number in range(40):
            arriving.append(
                asyncio.ensure_future(writer.perform(noting(f"event-{number}"), urgent=True))
            )
            await asyncio.sleep(0)
        await asyncio.gather(*arriving)

    await asyncio.gather(flood(), writer.perform(noting("vote")))
    assert ran.index("vote") < ran.index("event-39")  # it did not wait for the flood to end


async def test_a_unit_that_arrives_while_a_batch_runs_shares_its_commit(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite_writer_module, "BATCH_SECONDS", 60.0)  # however slow the machine
    writer = sqlite_writer(engine)
    assert writer is not None
    await writer.perform(noted([], "warm-up"))
    loop = asyncio.get_running_loop()
    ran: list[str] = []
    arriving: list[asyncio.Future[None]] = []

    def submit_later() -> None:  # on the event loop, as a press arriving now would
        arriving.append(asyncio.ensure_future(writer.perform(noted(ran, "later"))))

    def wait_for_arrival(_: Session) -> None:  # on SQLite's thread, inside the first batch
        loop.call_soon_threadsafe(submit_later)
        deadline = time.monotonic() + 10
        while not writer._waiting and time.monotonic() < deadline:
            time.sleep(0.001)

    async def first(session: AsyncSession) -> None:
        await session.run_sync(wait_for_arrival)
        ran.append("first")
        await session.commit()

    commits = commits_of(engine)
    await writer.perform(first)
    await asyncio.gather(*arriving)
    assert ran == ["first", "later"]
    assert len(commits) == 1  # the later unit joined the batch under way: one sync of the disk


def checkouts_of(engine: AsyncEngine) -> list[int]:
    """A list that grows by one each time the pooled connection is handed out."""
    checkouts: list[int] = []

    @event.listens_for(engine.sync_engine.pool, "checkout")
    def _counted(*_: object) -> None:
        checkouts.append(1)

    return checkouts


async def test_units_waiting_for_the_next_batch_find_the_connection_still_checked_out(
    engine: AsyncEngine,
) -> None:
    writer = sqlite_writer(engine)
    assert writer is not None
    await writer.perform(noted([], "warm-up"))
    checkouts = checkouts_of(engine)
    ran: list[str] = []

    await asyncio.gather(  # an arrival and two votes at once: two batches, the arrival first
        writer.perform(noted(ran, "vote-1")),
        writer.perform(noted(ran, "event"), urgent=True),
        writer.perform(noted(ran, "vote-2")),
    )

    assert ran == ["event", "vote-1", "vote-2"]
    assert len(checkouts) == 1  # the second batch ran on the connection the first one took


async def test_the_writer_hands_the_turn_over_to_a_unit_opened_the_ordinary_way(
    engine: AsyncEngine,
) -> None:
    ran: list[str] = []
    writer = sqlite_writer(engine)
    assert writer is not None

    async def voter() -> None:  # a stream of units, each queued as soon as the last is done
        for number in range(30):
            await writer.perform(noted(ran, f"vote-{number}"))

    async def ordinary() -> None:
        await asyncio.sleep(0)
        async with unit(engine) as uow:
            ran.append("ordinary")
            await uow.commit()

    await asyncio.gather(voter(), ordinary())
    assert ran.index("ordinary") < ran.index("vote-29")  # it did not wait for the stream's end
