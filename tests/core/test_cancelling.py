"""`/cancel` stops a comment, a reply or a new consultation; abandoned drafts are swept."""

from datetime import timedelta

import pytest

from core.intents import (
    Cancel,
    FreeText,
    ImportDocument,
    Resume,
    StartComment,
    StartDraft,
    SubmitComment,
)
from core.model import SYSTEM_ACTOR, Consultation, Status
from core.screens import CommentPosted, Notice, ParagraphCard, Question
from core.upkeep import DiscardAbandonedDrafts
from tests.core.conftest import ANA, BEN, World
from tests.core.test_organising_from_chat import UPLOAD
from tests.organiser import add_organiser


@pytest.fixture
async def organiser(world: World) -> World:
    await add_organiser(world.uow(), ANA.ref)
    return world


async def first_paragraph(world: World, c: Consultation) -> int:
    screen = await world.app.handle(ANA, Resume(consultation_id=c.id))
    assert isinstance(screen, ParagraphCard)
    return screen.paragraph_id


def drafts(world: World) -> list[Consultation]:
    tables = world.database.tables
    return [c for c in tables.consultations.values() if c.status is Status.DRAFT]


async def test_cancel_stops_a_comment_and_the_next_message_is_no_comment(world: World) -> None:
    c = await world.consultation()
    pid = await first_paragraph(world, c)
    await world.app.handle(ANA, StartComment(consultation_id=c.id, paragraph_id=pid))

    cancelled = await world.app.handle(ANA, Cancel())
    after = await world.app.handle(ANA, FreeText(body="not a comment", idempotency_key="k"))

    assert cancelled == Notice(text="Comment cancelled.")
    assert isinstance(after, Notice)
    assert world.database.tables.comments == {}


async def test_cancel_stops_a_reply(world: World) -> None:
    c = await world.consultation()
    pid = await first_paragraph(world, c)
    posted = await world.app.handle(
        BEN, SubmitComment(consultation_id=c.id, paragraph_id=pid, body="First")
    )
    assert isinstance(posted, CommentPosted)
    reply = StartComment(
        consultation_id=c.id, paragraph_id=pid, reply_to=posted.comment.comment_id
    )
    await world.app.handle(ANA, reply)

    assert await world.app.handle(ANA, Cancel()) == Notice(text="Reply cancelled.")
    assert len(world.database.tables.comments) == 1


async def test_cancel_in_the_middle_of_a_new_consultation_discards_the_draft(
    organiser: World,
) -> None:
    world = organiser
    await world.app.handle(ANA, StartDraft())
    asked = await world.app.handle(ANA, ImportDocument(filename="housing.md", document=UPLOAD))
    assert isinstance(asked, Question)
    assert len(drafts(world)) == 1

    cancelled = await world.app.handle(ANA, Cancel())
    after = await world.app.handle(ANA, FreeText(body="My title", idempotency_key="k"))

    assert cancelled == Notice(text="The new consultation is discarded; nothing was kept.")
    assert drafts(world) == []
    assert world.database.tables.drafts == {}
    assert not isinstance(after, Question)  # the title question is gone with the draft


async def test_cancel_with_nothing_under_way_says_so_even_to_someone_who_never_joined(
    organiser: World,
) -> None:
    assert await organiser.app.handle(ANA, Cancel()) == Notice(text="There is nothing to cancel.")


async def test_drafts_untouched_for_a_day_are_discarded_by_the_sweep(organiser: World) -> None:
    world = organiser
    await world.app.handle(ANA, ImportDocument(filename="housing.md", document=UPLOAD))
    world.clock.advance(timedelta(hours=23))

    assert await world.app.handle(SYSTEM_ACTOR, DiscardAbandonedDrafts()) == 0
    assert len(drafts(world)) == 1

    world.clock.advance(timedelta(hours=1, seconds=1))
    assert await world.app.handle(SYSTEM_ACTOR, DiscardAbandonedDrafts()) == 1
    assert drafts(world) == []
    assert world.database.tables.drafts == {}
