"""Organiser use cases: creating, opening, closing, inviting."""

from dataclasses import replace
from datetime import timedelta

import pytest

from core.documents import Document
from core.errors import Conflict, InvalidDocument, InvalidSetting, NotFound
from core.model import NewConsultation, Privacy, ResultsVisibility, Status
from core.services.organising import new_token
from tests.core.conftest import ANA, CLOSES, DOCUMENT, World
from tests.organiser import (
    add_organiser,
    close_consultation,
    consultation_statistics,
    create_consultation,
    create_invitation,
    open_consultation,
)

VALID = NewConsultation(
    slug="budget-2027",
    title="Budget 2027",
    description="",
    opens_at=CLOSES - timedelta(days=30),
    closes_at=CLOSES,
    status=Status.OPEN,
    privacy=Privacy.PUBLIC,
    results_visibility=ResultsVisibility.AFTER_CLOSE,
)


async def test_a_consultation_is_stored_with_its_sections_and_paragraphs(world: World) -> None:
    c = await create_consultation(world.uow(), VALID, DOCUMENT, world.clock.now())
    async with world.uow() as uow:
        sections = await uow.consultations.sections(c.id)
        paragraphs = await uow.paragraphs.list(c.id)
    assert [s.heading for s in sections] == [
        "1. Introduction",
        "Strategic Goal 4: Deepen participation",
    ]
    assert [(p.position, p.label) for p in paragraphs] == [(1, "P1"), (2, "P22"), (3, "P23")]


@pytest.mark.parametrize(
    ("new", "message"),
    [
        (replace(VALID, slug="Bad Slug"), "not a valid slug"),
        (replace(VALID, slug="-leading"), "not a valid slug"),
        (replace(VALID, title="  "), "title"),
        (replace(VALID, opens_at=CLOSES + timedelta(days=1)), "after the opening time"),
    ],
)
async def test_an_invalid_setting_is_refused_and_nothing_is_stored(
    world: World, new: NewConsultation, message: str
) -> None:
    with pytest.raises(InvalidSetting, match=message):
        await create_consultation(world.uow(), new, DOCUMENT, world.clock.now())
    async with world.uow() as uow:
        assert await uow.consultations.list() == []


async def test_a_closing_time_in_the_past_is_refused(world: World) -> None:
    world.clock.advance(CLOSES - world.clock.now() + timedelta(days=1))
    with pytest.raises(InvalidSetting, match="in the past"):
        await create_consultation(world.uow(), VALID, DOCUMENT, world.clock.now())


async def test_a_document_without_paragraphs_is_refused(world: World) -> None:
    with pytest.raises(InvalidDocument, match="no paragraphs"):
        await create_consultation(world.uow(), VALID, Document(sections=()), world.clock.now())


async def test_a_slug_can_be_used_once(world: World) -> None:
    await create_consultation(world.uow(), VALID, DOCUMENT, world.clock.now())
    with pytest.raises(Conflict, match="already exists"):
        await create_consultation(world.uow(), VALID, DOCUMENT, world.clock.now())


async def test_opening_a_draft_opens_it_now(world: World) -> None:
    draft = await world.consultation(status=Status.DRAFT)
    opened = await open_consultation(world.uow(), draft.slug, world.clock.now())
    assert opened.phase(world.clock.now()) == "open"
    with pytest.raises(Conflict, match="already open"):
        await open_consultation(world.uow(), draft.slug, world.clock.now())


async def test_opening_a_scheduled_consultation_moves_its_opening_to_now(world: World) -> None:
    later = await world.consultation(opens_at=world.clock.now() + timedelta(days=3))
    opened = await open_consultation(world.uow(), later.slug, world.clock.now())
    assert opened.opens_at == world.clock.now()


async def test_closing_is_idempotent_and_moves_the_deadline_to_now(world: World) -> None:
    c = await world.consultation()
    closed, changed = await close_consultation(world.uow(), c.slug, world.clock.now())
    assert changed
    assert closed.closes_at == world.clock.now()
    again, changed_again = await close_consultation(world.uow(), c.slug, world.clock.now())
    assert not changed_again
    assert again.status is Status.CLOSED


async def test_a_closed_consultation_reopens_only_before_its_deadline(world: World) -> None:
    c = await world.consultation()
    await close_consultation(world.uow(), c.slug, world.clock.now())
    with pytest.raises(Conflict, match="set a later closing time"):
        await open_consultation(world.uow(), c.slug, world.clock.now())


async def test_invitations_are_random_deep_link_safe_tokens(world: World) -> None:
    c = await world.consultation(privacy=Privacy.PRIVATE)
    first = await create_invitation(world.uow(), c.slug, 5, world.clock.now())
    second = await create_invitation(world.uow(), c.slug, None, world.clock.now())
    assert first.token != second.token
    for token in (first.token, second.token):
        assert 16 <= len(token) <= 64
        assert all(ch.isascii() and (ch.isalnum() or ch in "-_") for ch in token)
    with pytest.raises(InvalidSetting, match="at least one use"):
        await create_invitation(world.uow(), c.slug, 0, world.clock.now())


def test_tokens_never_start_with_a_character_a_command_line_reads_as_an_option() -> None:
    assert all(new_token()[0].isalnum() for _ in range(500))


async def test_an_unknown_slug_is_named_in_the_error(world: World) -> None:
    with pytest.raises(NotFound, match="no consultation “nope”"):
        await close_consultation(world.uow(), "nope", world.clock.now())
    with pytest.raises(NotFound):
        await consultation_statistics(world.uow(), "nope")


async def test_adding_an_organiser_twice_reports_it(world: World) -> None:
    assert await add_organiser(world.uow(), ANA.ref)
    assert not await add_organiser(world.uow(), ANA.ref)
