"""The enrolment write every press makes changes the row alone, not an index (migration 0023).

A press stores when the person was last seen. On PostgreSQL that update is HOT (the new row
version stays on its page and no index gets an entry) only if no index holds a changed
column; on SQLite every index holding it is rewritten too.
"""

import dataclasses
from datetime import timedelta

import pytest
from sqlalchemy import Connection, inspect, text
from sqlalchemy.ext.asyncio import AsyncEngine

from core.model import Enrolment
from storage.engine import make_session_factory
from storage.repositories.people import SqlEnrolmentRepository
from storage.unit_of_work import SqlUnitOfWork
from tests.storage.examples import OPENS_AT, new_consultation, person, sample_document


async def enrolled(engine: AsyncEngine) -> Enrolment:
    async with SqlUnitOfWork(make_session_factory(engine)) as uow:
        consultation = await uow.consultations.add(new_consultation(), sample_document())
        ana = await uow.participants.get_or_add(person("ana"), "Ana")
        enrolment = Enrolment(
            consultation_id=consultation.id,
            participant_id=ana.id,
            cursor=0,
            awaiting_paragraph_id=None,
            awaiting_reply_to=None,
            muted=False,
            active=True,
            joined_at=OPENS_AT,
            last_seen_at=OPENS_AT,
        )
        await uow.enrolments.save(enrolment)
        await uow.commit()
    return enrolment


@pytest.mark.parametrize("backend", ["postgres"])
async def test_a_press_updates_its_enrolment_in_place_on_postgresql(engine: AsyncEngine) -> None:
    enrolment = await enrolled(engine)
    pressed = dataclasses.replace(enrolment, cursor=1, last_seen_at=OPENS_AT + timedelta(hours=1))
    async with make_session_factory(engine)() as session:
        await SqlEnrolmentRepository(session).save(pressed)
        counted = await session.execute(
            text(
                "SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_xact_user_tables"
                " WHERE relname = 'enrolments'"
            )
        )
        updated, in_place = counted.one()
        options = await session.scalar(
            text("SELECT reloptions FROM pg_class WHERE relname = 'enrolments'")
        )
        await session.commit()
    assert (updated, in_place) == (1, 1)
    assert options == ["fillfactor=80"]


def _indexed_columns(connection: Connection) -> list[str]:
    indexes = inspect(connection).get_indexes("enrolments")
    return [column for index in indexes for column in index["column_names"] if column]


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
async def test_no_index_holds_what_every_press_changes_and_a_person_is_still_looked_up_by_one(
    engine: AsyncEngine,
) -> None:
    async with engine.connect() as connection:
        columns = await connection.run_sync(_indexed_columns)
    assert columns == ["participant_id"]
