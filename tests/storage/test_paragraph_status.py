"""Contract: a paragraph's status is stored, and changing it gives the content a new revision."""

import asyncio
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy.ext.asyncio import AsyncEngine

from core.model import Consultation, ParagraphStatus
from core.ports import UnitOfWorkFactory
from storage.engine import make_engine, make_session_factory
from storage.migrate import alembic_config, upgrade_database
from storage.unit_of_work import SqlUnitOfWork
from tests.storage.examples import Seeded, new_consultation, sample_document
from tests.storage.test_migrations import (
    CONSULTATION_AT_0002,
    PARAGRAPH_AT_0002,
    execute,
    scalars,
)


async def reread(uow_factory: UnitOfWorkFactory, consultation: Consultation) -> Consultation:
    async with uow_factory() as uow:
        found = await uow.consultations.get(consultation.id)
    assert found is not None
    return found


async def test_a_paragraph_is_in_voting_until_its_status_is_set(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    first, second, *_ = seeded.paragraphs
    assert first.status is ParagraphStatus.VOTING
    async with uow_factory() as uow:
        assert await uow.paragraphs.set_status(second.id, ParagraphStatus.DECIDED)
        await uow.commit()
    changed = await reread(uow_factory, seeded.consultation)
    async with uow_factory() as uow:
        content = await uow.paragraphs.content(changed)
        got = await uow.paragraphs.get(second.id)
    assert [p.status for p in content.paragraphs[:2]] == [
        ParagraphStatus.VOTING,
        ParagraphStatus.DECIDED,
    ]
    assert got is not None
    assert got.decided


async def test_a_status_change_renews_the_revision_and_the_same_status_does_not(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    paragraph = seeded.paragraphs[0]
    before = seeded.consultation.content_revision
    async with uow_factory() as uow:
        assert await uow.paragraphs.set_status(paragraph.id, ParagraphStatus.DECIDED)
        await uow.commit()
    decided = (await reread(uow_factory, seeded.consultation)).content_revision
    async with uow_factory() as uow:
        assert not await uow.paragraphs.set_status(paragraph.id, ParagraphStatus.DECIDED)
        assert not await uow.paragraphs.set_status(999_999, ParagraphStatus.DECIDED)
        await uow.commit()
    assert decided not in ("", before)
    assert (await reread(uow_factory, seeded.consultation)).content_revision == decided
    async with uow_factory() as uow:
        assert await uow.paragraphs.set_status(paragraph.id, ParagraphStatus.VOTING)
        await uow.commit()
    assert (await reread(uow_factory, seeded.consultation)).content_revision not in (
        before,
        decided,
    )


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])  # the fake keeps no cache
async def test_a_process_with_the_content_cached_sees_the_decision_made_elsewhere(
    engine: AsyncEngine,
) -> None:
    ours = make_session_factory(engine)
    async with SqlUnitOfWork(ours) as uow:
        consultation = await uow.consultations.add(new_consultation(), sample_document())
        await uow.commit()
    async with SqlUnitOfWork(ours) as uow:
        paragraph = (await uow.paragraphs.content(consultation)).paragraphs[0]
    other = make_engine(engine.url.render_as_string(hide_password=False))
    try:
        async with SqlUnitOfWork(make_session_factory(other)) as uow:
            await uow.paragraphs.set_status(paragraph.id, ParagraphStatus.DECIDED)
            await uow.commit()
    finally:
        await other.dispose()
    async with SqlUnitOfWork(ours) as uow:
        read = await uow.consultations.get(consultation.id)
        assert read is not None
        content = await uow.paragraphs.content(read)
    assert content.paragraphs[0].decided


async def test_the_migration_puts_every_existing_paragraph_in_voting(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'existing.db'}"
    await asyncio.to_thread(command.upgrade, alembic_config(url), "0027")
    await execute(url, CONSULTATION_AT_0002, PARAGRAPH_AT_0002)
    await upgrade_database(url)
    assert await scalars(url, "SELECT status FROM paragraphs") == ["voting"]
