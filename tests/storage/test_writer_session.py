"""A unit of work `perform` runs keeps exactly what it committed, however its statements ran.

On SQLite its prebuilt statements go to SQLite's own cursor and its savepoint is plain SQL on
the raw connection (storage/writer_session.py); anything else it does goes through the ORM
session, whose own savepoint must nest inside the unit's whichever comes first. On PostgreSQL
its prebuilt statements go to asyncpg's connection, in the transaction the ORM session joins
whichever comes first (storage/asyncpg_session.py).
"""

from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from core.model import Participant
from storage import asyncpg_session, writer_session
from storage.engine import make_session_factory
from storage.sessions import RefreshingSession
from storage.unit_of_work import SqlUnitOfWork
from tests.storage.examples import person


class Refused(Exception):
    """What a unit of work raises to be rolled back."""


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest) -> str:
    """The SQL backends, whose units run prebuilt statements on the driver's own connection."""
    name: str = request.param
    return name


def unit(engine: AsyncEngine) -> SqlUnitOfWork:
    return SqlUnitOfWork(make_session_factory(engine))


async def found(engine: AsyncEngine, name: str) -> Participant | None:
    async with unit(engine) as uow:
        return await uow.participants.find(person(name))


async def test_what_follows_a_commit_is_undone_when_the_unit_raises_orm_work_first(
    engine: AsyncEngine,
) -> None:
    async def work(uow: SqlUnitOfWork) -> None:
        ana = await uow.participants.get_or_add(person("ana"), "Ana")  # SQLite's cursor
        await uow.participants.set_reachable(ana.id, False)  # the ORM session
        await uow.commit()
        await uow.participants.set_reachable(ana.id, True)  # the ORM's savepoint comes first
        await uow.participants.get_or_add(person("bob"), "Bob")
        raise Refused

    with pytest.raises(Refused):
        await unit(engine).perform(work)
    ana = await found(engine, "ana")
    assert ana is not None
    assert ana.reachable is False
    assert await found(engine, "bob") is None


async def test_what_a_unit_commits_after_orm_and_cursor_work_is_all_kept(
    engine: AsyncEngine,
) -> None:
    async def work(uow: SqlUnitOfWork) -> None:
        ana = await uow.participants.get_or_add(person("ana"), "Ana")
        await uow.commit()
        await uow.participants.set_reachable(ana.id, False)
        await uow.participants.get_or_add(person("bob"), "Bob")
        await uow.commit()

    await unit(engine).perform(work)
    ana = await found(engine, "ana")
    assert ana is not None
    assert ana.reachable is False
    assert await found(engine, "bob") is not None


async def test_a_rollback_undoes_the_cursors_writes_since_the_last_commit_only(
    engine: AsyncEngine,
) -> None:
    async def work(uow: SqlUnitOfWork) -> None:
        await uow.participants.get_or_add(person("ana"), "Ana")
        await uow.commit()
        await uow.participants.get_or_add(person("bob"), "Bob")
        await uow.rollback()
        await uow.participants.get_or_add(person("cy"), "Cy")
        await uow.commit()

    await unit(engine).perform(work)
    assert [await found(engine, name) is not None for name in ("ana", "bob", "cy")] == [
        True,
        False,
        True,
    ]


async def test_a_unit_of_prebuilt_statements_starts_no_orm_transaction(
    engine: AsyncEngine,
) -> None:
    await unit(engine).perform(lambda uow: uow.participants.get_or_add(person("ana"), "Ana"))
    begun: list[Any] = []

    def note(*arguments: Any) -> None:
        begun.append(arguments)

    async def press(uow: SqlUnitOfWork) -> None:
        await uow.participants.get_or_add(person("ana"), "Ana")
        await uow.commit()

    event.listen(RefreshingSession, "after_begin", note)
    try:
        await unit(engine).perform(press)
    finally:
        event.remove(RefreshingSession, "after_begin", note)
    assert begun == []


async def test_a_unit_of_prebuilt_statements_makes_no_orm_session_at_all(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    await unit(engine).perform(lambda uow: uow.participants.get_or_add(person("ana"), "Ana"))
    made: list[RefreshingSession] = []

    class Counted(RefreshingSession):
        def __init__(self, *arguments: Any, **keywords: Any) -> None:
            super().__init__(*arguments, **keywords)
            made.append(self)

    monkeypatch.setattr(writer_session, "RefreshingSession", Counted)
    monkeypatch.setattr(asyncpg_session, "RefreshingSession", Counted)

    async def press(uow: SqlUnitOfWork) -> None:
        await uow.participants.get_or_add(person("ana"), "Ana")
        await uow.commit()

    await unit(engine).perform(press)
    assert made == []

    async def orm_work(uow: SqlUnitOfWork) -> None:  # one that does use the ORM still gets it
        ana = await uow.participants.get_or_add(person("ana"), "Ana")
        await uow.participants.set_reachable(ana.id, False)
        await uow.commit()

    await unit(engine).perform(orm_work)
    assert len(made) == 1
    ana = await found(engine, "ana")
    assert ana is not None
    assert ana.reachable is False
