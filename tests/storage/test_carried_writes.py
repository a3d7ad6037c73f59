"""A write nobody reads back is kept exactly as if it had been sent at once, whatever follows it.

On PostgreSQL such a write waits for the unit's next statement, which carries it
(storage/carried_writes.py). Whatever the unit does next must see it, a rollback must drop it,
a commit must keep it, and a failure must come out as SQLAlchemy raises it: the contract runs
on every backend, and the machinery's own tests on PostgreSQL.
"""

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from core.model import Enrolment
from core.ports import UnitOfWork, UnitOfWorkFactory
from storage.asyncpg_statements import compile_for_asyncpg
from storage.carried_writes import combined
from storage.engine import make_session_factory
from storage.repositories import people_statements, votes
from storage.unit_of_work import SqlUnitOfWork
from tests.storage.examples import OPENS_AT, Seeded
from tests.storage.statements import run_by_asyncpg

NOW = OPENS_AT + timedelta(days=1)


class Refused(Exception):
    """What a unit of work raises to be rolled back."""


def enrolment(seeded: Seeded, cursor: int = 1) -> Enrolment:
    return Enrolment(
        consultation_id=seeded.consultation.id,
        participant_id=seeded.alice.id,
        cursor=cursor,
        awaiting_paragraph_id=None,
        awaiting_reply_to=None,
        muted=False,
        active=True,
        joined_at=NOW,
        last_seen_at=NOW,
    )


async def stored(uow_factory: UnitOfWorkFactory, seeded: Seeded) -> Enrolment | None:
    async with uow_factory() as uow:
        return await uow.enrolments.get(seeded.consultation.id, seeded.alice.id)


async def test_what_a_unit_reads_after_a_write_shows_the_write_whichever_way_it_reads(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    saved = enrolment(seeded, cursor=3)

    async def work(uow: UnitOfWork) -> list[Any]:
        await uow.enrolments.save(saved)
        one = await uow.enrolments.get(saved.consultation_id, saved.participant_id)
        await uow.enrolments.save(replace(saved, cursor=4))
        many = await uow.enrolments.get_many(saved.consultation_id, [saved.participant_id])
        await uow.enrolments.save(replace(saved, cursor=5))
        active = await uow.enrolments.active_for(saved.participant_id)
        await uow.commit()
        return [one, many[saved.participant_id], active]

    one, many, active = await uow_factory().perform(work)
    assert (one.cursor, many.cursor, [e.cursor for e in active]) == (3, 4, [5])


async def test_a_rollback_drops_a_write_and_a_commit_keeps_the_one_after(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    async def work(uow: UnitOfWork) -> None:
        await uow.enrolments.save(enrolment(seeded, cursor=2))
        await uow.rollback()
        await uow.commit()
        assert await stored_in(uow, seeded) is None
        await uow.enrolments.save(enrolment(seeded, cursor=3))
        await uow.commit()

    await uow_factory().perform(work)
    kept = await stored(uow_factory, seeded)
    assert kept is not None
    assert kept.cursor == 3


async def stored_in(uow: UnitOfWork, seeded: Seeded) -> Enrolment | None:
    return await uow.enrolments.get(seeded.consultation.id, seeded.alice.id)


async def test_a_unit_that_raises_after_a_write_keeps_nothing_of_it(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    async def work(uow: UnitOfWork) -> None:
        await uow.enrolments.save(enrolment(seeded))
        raise Refused

    with pytest.raises(Refused):
        await uow_factory().perform(work)
    assert await stored(uow_factory, seeded) is None


@pytest.mark.parametrize("backend", ["postgres"])
async def test_on_postgresql_the_next_paragraphs_read_carries_the_write_in_one_round_trip(
    engine: AsyncEngine, seeded: Seeded
) -> None:
    uow = SqlUnitOfWork(make_session_factory(engine))
    consultation = seeded.consultation

    async def work(uow: SqlUnitOfWork) -> int | None:
        await uow.enrolments.save(enrolment(seeded, cursor=2))
        following = await uow.votes.first_unvoted(
            consultation.id, seeded.alice.id, after_position=1
        )
        await uow.commit()
        return None if following is None else following.position

    with run_by_asyncpg() as asyncpg:
        assert await uow.perform(work) == 2
    carried = [sql for sql in asyncpg.ran if "INSERT INTO enrolments" in sql]
    assert len(asyncpg.ran) == 3, asyncpg.ran  # BEGIN, the two as one, COMMIT
    assert carried == [asyncpg.ran[1]]
    assert carried[0].startswith("WITH ")
    kept = await stored(lambda: SqlUnitOfWork(make_session_factory(engine)), seeded)
    assert kept is not None
    assert kept.cursor == 2


@pytest.mark.parametrize("backend", ["postgres"])
async def test_on_postgresql_a_refused_carried_write_raises_as_sqlalchemy_does(
    engine: AsyncEngine, seeded: Seeded
) -> None:
    orphan = replace(enrolment(seeded), consultation_id=999_999)

    async def work(uow: SqlUnitOfWork) -> None:
        await uow.enrolments.save(orphan)
        await uow.votes.first_unvoted(seeded.consultation.id, seeded.alice.id, after_position=0)

    with pytest.raises(IntegrityError):
        await SqlUnitOfWork(make_session_factory(engine)).perform(work)


@pytest.mark.parametrize("backend", ["postgres"])
def test_a_select_that_reads_the_written_table_does_not_carry_the_write(
    engine: AsyncEngine,
) -> None:
    def compiled(statement: Any) -> Any:
        found = compile_for_asyncpg(statement, engine.dialect)
        assert found is not None
        return found

    write = compiled(people_statements.enrolment_upsert.for_dialect("postgresql"))
    assert combined(write, compiled(people_statements.ENROLMENT)) is None
    assert combined(write, compiled(votes._FIRST_UNVOTED)) is not None
    # A write with RETURNING is read back: it never waits.
    assert compiled(people_statements.participant_upsert.for_dialect("postgresql")).writes is None
