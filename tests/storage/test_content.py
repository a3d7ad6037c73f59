"""Contract: a consultation's content, and the per-process cache of it kept right by revision."""

import asyncio
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy.ext.asyncio import AsyncEngine

from core.documents import Document, DocumentParagraph, DocumentSection
from core.ports import UnitOfWorkFactory
from storage.engine import make_engine, make_session_factory
from storage.migrate import alembic_config, upgrade_database
from storage.unit_of_work import SqlUnitOfWork
from tests.storage.examples import Seeded, new_consultation, sample_document
from tests.storage.test_migrations import CONSULTATION_AT_0002, execute, scalars
from tests.storage.test_vote_statements import statements_sent


async def test_content_holds_the_paragraphs_in_order_and_their_headings(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    async with uow_factory() as uow:
        content = await uow.paragraphs.content(seeded.consultation)
    first, second, third, fourth = seeded.paragraphs
    assert content.paragraphs == (first, second, third, fourth)
    assert content.count == 4
    assert content.paragraph(third.id) == third
    assert content.paragraph(999) is None
    assert content.neighbours(1) == (None, second)
    assert content.neighbours(4) == (third, None)
    assert [content.heading(p) for p in content.paragraphs] == [
        None,
        "Energy",
        "Energy",
        "Transport",
    ]


async def test_each_consultation_gets_its_own_content_revision(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    async with uow_factory() as uow:
        other = await uow.consultations.add(new_consultation("other"), sample_document())
        await uow.commit()
    assert seeded.consultation.content_revision
    assert other.content_revision not in ("", seeded.consultation.content_revision)


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])  # the fake keeps no cache
async def test_cached_content_is_read_once_per_process(engine: AsyncEngine) -> None:
    session_factory = make_session_factory(engine)
    async with SqlUnitOfWork(session_factory) as uow:
        consultation = await uow.consultations.add(new_consultation(), sample_document())
        await uow.commit()
    async with SqlUnitOfWork(session_factory) as uow:
        first = await uow.paragraphs.content(consultation)
    async with statements_sent(engine) as sent, SqlUnitOfWork(session_factory) as uow:
        again = await uow.paragraphs.content(consultation)
    assert again == first
    assert sent == []


def other_document() -> Document:
    paragraphs = (DocumentParagraph(number=7, text="Something else entirely."),)
    return Document(sections=(DocumentSection(heading="Elsewhere", paragraphs=paragraphs),))


async def test_another_process_replacing_a_consultation_is_seen_despite_the_cache(
    tmp_path: Path,
) -> None:
    # SQLite gives a deleted row's id to the next insert: the new consultation has the old id
    # (and so do its paragraphs), so only the revision tells the cached content is stale.
    url = f"sqlite+aiosqlite:///{tmp_path / 'two-processes.db'}"
    await upgrade_database(url)
    ours, theirs = make_engine(url), make_engine(url)
    try:
        our_units, their_units = make_session_factory(ours), make_session_factory(theirs)
        async with SqlUnitOfWork(our_units) as uow:
            old = await uow.consultations.add(new_consultation(), sample_document())
            await uow.commit()
        async with SqlUnitOfWork(our_units) as uow:
            await uow.paragraphs.content(old)
        async with SqlUnitOfWork(their_units) as uow:
            await uow.consultations.delete(old.id)
            new = await uow.consultations.add(new_consultation(), other_document())
            await uow.commit()
        async with SqlUnitOfWork(our_units) as uow:
            read = await uow.consultations.get(old.id)
            assert read is not None
            content = await uow.paragraphs.content(read)
    finally:
        await ours.dispose()
        await theirs.dispose()
    assert new.id == old.id
    assert [p.text for p in content.paragraphs] == ["Something else entirely."]


async def test_the_migration_gives_every_consultation_a_revision_of_its_own(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'existing.db'}"
    await asyncio.to_thread(command.upgrade, alembic_config(url), "0015")
    second = CONSULTATION_AT_0002.replace("(1, 'old'", "(2, 'older'")
    await execute(url, CONSULTATION_AT_0002, second)
    await upgrade_database(url)
    revisions = await scalars(url, "SELECT content_revision FROM consultations")
    assert len(set(revisions)) == 2
    assert all(isinstance(r, str) and len(r) == 32 for r in revisions)
