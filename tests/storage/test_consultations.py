"""Contract: consultations, sections and paragraphs."""

import asyncio
import dataclasses
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from core.documents import Document, DocumentParagraph, DocumentSection
from core.errors import Conflict
from core.model import (
    DEFAULT_REMINDER_OFFSETS,
    Consultation,
    NewConsultation,
    ParagraphOrder,
    Status,
)
from core.ports import UnitOfWorkFactory
from tests.storage.belongings import add_belongings, belongings
from tests.storage.examples import Seeded, new_consultation, sample_document, seed


async def test_adding_stores_sections_and_paragraphs_in_document_order(
    uow_factory: UnitOfWorkFactory,
) -> None:
    async with uow_factory() as uow:
        consultation = await uow.consultations.add(new_consultation(), sample_document())
        await uow.commit()
    async with uow_factory() as uow:
        sections = await uow.consultations.sections(consultation.id)
        paragraphs = await uow.paragraphs.list(consultation.id)
    assert [(s.position, s.heading) for s in sections] == [(1, "Energy"), (2, "Transport")]
    energy, transport = sections
    assert [(p.position, p.number, p.section_id) for p in paragraphs] == [
        (1, 1, None),
        (2, 2, energy.id),
        (3, 3, energy.id),
        (4, 5, transport.id),
    ]
    assert [p.text for p in paragraphs] == [
        "Paragraph 1.",
        "Paragraph 2.",
        "Paragraph 3.",
        "Paragraph 5.",
    ]
    assert all(p.consultation_id == consultation.id for p in paragraphs)


async def test_reminder_offsets_are_stored_with_the_consultation(
    uow_factory: UnitOfWorkFactory,
) -> None:
    custom = (timedelta(days=3), timedelta(minutes=30))
    news = [
        new_consultation("default"),
        dataclasses.replace(new_consultation("custom"), reminder_offsets=custom),
        dataclasses.replace(new_consultation("none"), reminder_offsets=()),
    ]
    async with uow_factory() as uow:
        added = [await uow.consultations.add(new, sample_document()) for new in news]
        await uow.commit()
    async with uow_factory() as uow:
        stored = [await uow.consultations.get(c.id) for c in added]
    assert [c.reminder_offsets for c in added] == [DEFAULT_REMINDER_OFFSETS, custom, ()]
    assert stored == added


async def test_an_opening_is_marked_announced_once(uow_factory: UnitOfWorkFactory) -> None:
    scheduled = dataclasses.replace(new_consultation("scheduled"), opening_announced=False)
    async with uow_factory() as uow:
        added = await uow.consultations.add(scheduled, sample_document())
        already = await uow.consultations.add(new_consultation("open"), sample_document())
        await uow.commit()
    marks = []
    for consultation_id in (added.id, added.id, already.id, added.id + 1000):
        async with uow_factory() as uow:
            marks.append(await uow.consultations.mark_opening_announced(consultation_id))
            await uow.commit()
    async with uow_factory() as uow:
        stored = await uow.consultations.get(added.id)
    assert (added.opening_announced, already.opening_announced) == (False, True)
    assert marks == [True, False, False, False]
    assert stored is not None
    assert stored.opening_announced


async def test_the_simulated_mark_is_set_once_and_kept(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        added = await uow.consultations.add(new_consultation(), sample_document())
        await uow.commit()
    marks = []
    for consultation_id in (added.id, added.id, added.id + 1000):
        async with uow_factory() as uow:
            marks.append(await uow.consultations.mark_simulated(consultation_id))
            await uow.commit()
    async with uow_factory() as uow:
        stored = await uow.consultations.get(added.id)
        listed = await uow.consultations.list()
    assert not added.simulated
    assert marks == [True, False, False]
    assert stored is not None
    assert stored.simulated
    assert [c.simulated for c in listed] == [True]


async def test_reminder_offsets_that_are_not_whole_minutes_are_refused(
    uow_factory: UnitOfWorkFactory,
) -> None:
    partial = dataclasses.replace(
        new_consultation(), reminder_offsets=(timedelta(minutes=90, seconds=1),)
    )
    async with uow_factory() as uow:
        with pytest.raises(ValueError, match="whole minutes"):
            await uow.consultations.add(partial, sample_document())


async def test_the_returned_consultation_is_what_was_stored(
    uow_factory: UnitOfWorkFactory,
) -> None:
    new = new_consultation()
    async with uow_factory() as uow:
        added = await uow.consultations.add(new, sample_document())
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.consultations.get(added.id) == added
        assert await uow.consultations.get_by_slug(new.slug) == added
    assert (added.slug, added.title, added.status, added.opens_at) == (
        new.slug,
        new.title,
        Status.OPEN,
        new.opens_at,
    )


async def test_a_consultation_is_found_by_the_request_key_that_created_it(
    uow_factory: UnitOfWorkFactory,
) -> None:
    keyed = dataclasses.replace(new_consultation(), request_key="tg:1:5")
    async with uow_factory() as uow:
        added = await uow.consultations.add(keyed, sample_document())
        await uow.consultations.add(new_consultation(slug="other"), sample_document())
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.consultations.get_by_request_key("tg:1:5") == added
        assert await uow.consultations.get_by_request_key("tg:1:6") is None
        await uow.consultations.delete(added.id)
        assert await uow.consultations.get_by_request_key("tg:1:5") is None


# SQLite and the fake let one unit of work write at a time; PostgreSQL lets them race.
@pytest.mark.parametrize("backend", ["postgres"])
async def test_the_same_request_stored_twice_at_the_same_time_gives_one_consultation(
    uow_factory: UnitOfWorkFactory, engine: AsyncEngine | None
) -> None:
    assert engine is not None
    keyed = dataclasses.replace(new_consultation(), request_key="form-1")
    async with uow_factory() as first:
        added = await first.consultations.add(keyed, sample_document())
        second = asyncio.create_task(add_in_a_unit_of_its_own(uow_factory, keyed))
        await until_a_transaction_waits_for_a_lock(engine)  # the second, on the key
        await first.commit()

    assert await second == added
    async with uow_factory() as uow:
        assert [c.id for c in await uow.consultations.list()] == [added.id]


async def add_in_a_unit_of_its_own(
    uow_factory: UnitOfWorkFactory, new: NewConsultation
) -> Consultation:
    async with uow_factory() as uow:
        added = await uow.consultations.add(new, sample_document())
        await uow.commit()
    return added


async def until_a_transaction_waits_for_a_lock(engine: AsyncEngine) -> None:
    waiting = text(
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE wait_event_type = 'Lock' AND datname = current_database()"
    )
    async with asyncio.timeout(60):
        while True:
            async with engine.connect() as connection:
                if await connection.scalar(waiting):
                    return
            await asyncio.sleep(0.01)


async def test_unknown_consultations_sections_and_paragraphs_are_none(
    uow_factory: UnitOfWorkFactory,
) -> None:
    async with uow_factory() as uow:
        assert await uow.consultations.get(999) is None
        assert await uow.consultations.get_by_slug("nothing") is None
        assert await uow.consultations.section(999) is None
        assert await uow.paragraphs.get(999) is None
        assert await uow.paragraphs.at_position(999, 1) is None
        assert await uow.paragraphs.count(999) == 0


async def test_a_second_consultation_with_the_same_slug_is_a_conflict(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    async with uow_factory() as uow:
        with pytest.raises(Conflict):
            await uow.consultations.add(
                new_consultation(seeded.consultation.slug), sample_document()
            )


async def test_a_document_without_headings_stores_no_sections(
    uow_factory: UnitOfWorkFactory,
) -> None:
    untitled = DocumentSection(
        heading=None, paragraphs=(DocumentParagraph(number=7, text="Only one."),)
    )
    async with uow_factory() as uow:
        consultation = await uow.consultations.add(
            new_consultation(), Document(sections=(untitled,))
        )
        assert await uow.consultations.sections(consultation.id) == []
        (paragraph,) = await uow.paragraphs.list(consultation.id)
    assert (paragraph.position, paragraph.number, paragraph.section_id) == (1, 7, None)


async def test_consultations_are_listed_by_opening_time_and_filtered_by_status(
    uow_factory: UnitOfWorkFactory,
) -> None:
    later = datetime(2027, 3, 1, tzinfo=UTC)
    earlier = datetime(2026, 12, 1, tzinfo=UTC)
    async with uow_factory() as uow:
        first_added = await uow.consultations.add(
            new_consultation("later", opens_at=later), sample_document()
        )
        draft = await uow.consultations.add(
            new_consultation("earlier", status=Status.DRAFT, opens_at=earlier), sample_document()
        )
        await uow.commit()
    async with uow_factory() as uow:
        everything = await uow.consultations.list()
        drafts = await uow.consultations.list(frozenset({Status.DRAFT}))
        none = await uow.consultations.list(frozenset({Status.CLOSED}))
    assert [c.slug for c in everything] == [draft.slug, first_added.slug]
    assert drafts == [draft]
    assert none == []


async def test_set_status_changes_only_from_the_expected_status(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    consultation_id = seeded.consultation.id
    async with uow_factory() as uow:
        closed = await uow.consultations.set_status(
            consultation_id, Status.CLOSED, expected=Status.OPEN
        )
        closed_again = await uow.consultations.set_status(
            consultation_id, Status.CLOSED, expected=Status.OPEN
        )
        reopened_from_draft = await uow.consultations.set_status(
            consultation_id, Status.OPEN, expected=Status.DRAFT
        )
        unknown = await uow.consultations.set_status(999, Status.CLOSED, expected=Status.OPEN)
        await uow.commit()
    assert (closed, closed_again, reopened_from_draft, unknown) == (True, False, False, False)
    async with uow_factory() as uow:
        stored = await uow.consultations.get(consultation_id)
    assert stored is not None
    assert stored.status is Status.CLOSED


async def test_set_calendar_moves_the_opening_and_closing_times(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    opens_at = seeded.consultation.opens_at + timedelta(days=1)
    closes_at = seeded.consultation.closes_at + timedelta(days=7)
    async with uow_factory() as uow:
        await uow.consultations.set_calendar(
            seeded.consultation.id, opens_at=opens_at, closes_at=closes_at
        )
        await uow.commit()
    async with uow_factory() as uow:
        stored = await uow.consultations.get(seeded.consultation.id)
    assert stored is not None
    assert (stored.opens_at, stored.closes_at) == (opens_at, closes_at)


async def test_sections_are_found_by_id(uow_factory: UnitOfWorkFactory, seeded: Seeded) -> None:
    async with uow_factory() as uow:
        sections = await uow.consultations.sections(seeded.consultation.id)
        found = [await uow.consultations.section(s.id) for s in sections]
    assert found == sections


async def test_paragraphs_are_found_by_id_and_position_and_counted(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    consultation_id = seeded.consultation.id
    third = seeded.paragraphs[2]
    async with uow_factory() as uow:
        assert await uow.paragraphs.get(third.id) == third
        assert await uow.paragraphs.at_position(consultation_id, 3) == third
        assert await uow.paragraphs.at_position(consultation_id, 5) is None
        assert await uow.paragraphs.count(consultation_id) == 4
    assert third.label == "P3"


async def test_a_paragraphs_neighbours_come_in_one_lookup_with_none_at_the_ends(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    consultation_id = seeded.consultation.id
    _, second, third, fourth = seeded.paragraphs
    async with uow_factory() as uow:
        assert await uow.paragraphs.neighbours(consultation_id, 1) == (None, second)
        assert await uow.paragraphs.neighbours(consultation_id, 3) == (second, fourth)
        assert await uow.paragraphs.neighbours(consultation_id, 4) == (third, None)
        assert await uow.paragraphs.neighbours(999, 2) == (None, None)


async def test_set_title_renames_the_consultation(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    async with uow_factory() as uow:
        assert await uow.consultations.get(seeded.consultation.id) == seeded.consultation
        await uow.consultations.set_title(seeded.consultation.id, "Climate plan 2035")
        await uow.consultations.set_title(999, "Nothing")
        seen_in_the_same_unit = await uow.consultations.get(seeded.consultation.id)
        await uow.commit()
    async with uow_factory() as uow:
        stored = await uow.consultations.get(seeded.consultation.id)
    assert stored == seen_in_the_same_unit
    assert stored is not None
    assert (stored.title, stored.slug) == ("Climate plan 2035", seeded.consultation.slug)


async def test_deleting_a_consultation_removes_everything_that_belongs_to_it_only(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    other = await seed(uow_factory, "transport-plan")
    async with uow_factory() as uow:
        await add_belongings(uow, seeded, "-1")
        await add_belongings(uow, other, "-2")
        await uow.commit()
    async with uow_factory() as uow:
        before = await belongings(uow, other, "-2")
        await uow.consultations.delete(seeded.consultation.id)
        await uow.consultations.delete(999)
        seen_in_the_same_unit = await belongings(uow, seeded, "-1")
        await uow.commit()
    async with uow_factory() as uow:
        deleted = await belongings(uow, seeded, "-1")
        kept = await belongings(uow, other, "-2")
        people = [await uow.participants.get(p.id) for p in (seeded.alice, seeded.bob)]
    assert deleted == seen_in_the_same_unit == dict.fromkeys(deleted, 0)
    assert kept == before
    assert before == {
        **dict.fromkeys(before, True),
        **{"sections": 2, "paragraphs": 4, "votes": 1, "vote history": 1, "comments": 2},
        **{"comment votes": 1, "channels": 1},
    }
    assert people == [seeded.alice, seeded.bob]


async def test_whether_comments_are_anonymous_is_stored_and_defaults_to_names_shown(
    uow_factory: UnitOfWorkFactory,
) -> None:
    anonymous = dataclasses.replace(new_consultation("quiet"), anonymous_comments=True)
    async with uow_factory() as uow:
        added = await uow.consultations.add(anonymous, sample_document())
        named = await uow.consultations.add(new_consultation("named"), sample_document())
        await uow.commit()
    async with uow_factory() as uow:
        stored = await uow.consultations.get_by_slug("quiet")
        other = await uow.consultations.get(named.id)
    assert added.anonymous_comments
    assert stored is not None
    assert stored.anonymous_comments
    assert other is not None
    assert not other.anonymous_comments


async def test_the_paragraph_order_is_stored_and_defaults_to_the_document_s(
    uow_factory: UnitOfWorkFactory,
) -> None:
    smart = dataclasses.replace(new_consultation("drawn"), order=ParagraphOrder.SMART)
    async with uow_factory() as uow:
        added = await uow.consultations.add(smart, sample_document())
        plain = await uow.consultations.add(new_consultation("plain"), sample_document())
        await uow.commit()
    async with uow_factory() as uow:
        stored = await uow.consultations.get_by_slug("drawn")
        other = await uow.consultations.get(plain.id)

    assert added.order is ParagraphOrder.SMART
    assert stored is not None
    assert stored.order is ParagraphOrder.SMART
    assert other is not None
    assert other.order is ParagraphOrder.DOCUMENT


async def test_the_paragraph_order_can_be_changed_later(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        added = await uow.consultations.add(new_consultation("later"), sample_document())
        await uow.commit()
    async with uow_factory() as uow:
        await uow.consultations.set_order(added.id, ParagraphOrder.SMART)
        await uow.commit()
    async with uow_factory() as uow:
        stored = await uow.consultations.get(added.id)

    assert stored is not None
    assert stored.order is ParagraphOrder.SMART
