"""A drip release holds paragraphs back until their release time; a cancel lets them go."""

from datetime import timedelta

from core.intents import (
    BroadcastParagraphs,
    CancelBroadcast,
    CastVote,
    Join,
    Resume,
    ShowComments,
    ShowParagraph,
    ShowProgress,
    StartComment,
)
from core.model import Choice, Consultation, Platform
from core.screens import Finished, Notice, ParagraphCard, Progress, VoteRecorded
from tests.core.conftest import ANA, World, actor
from tests.organiser import add_organiser

DAY = timedelta(days=1)
BEN = actor("ben", Platform.TELEGRAM)  # reachable by pushes


async def dripped(world: World) -> Consultation:
    """P1 now, P22 tomorrow, P23 the day after; Ben has joined."""
    consultation = await world.consultation()
    await add_organiser(world.uow(), ANA.ref)
    await world.app.handle(BEN, Join(payload=consultation.slug))
    queued = await world.app.handle(ANA, BroadcastParagraphs(slug=consultation.slug, every=DAY))
    assert isinstance(queued, Notice)
    assert "Broadcast 1:" in queued.text
    return consultation


async def paragraph_ids(world: World, consultation: Consultation) -> list[int]:
    async with world.uow() as uow:
        return [p.id for p in await uow.paragraphs.list(consultation.id)]


async def test_a_participant_sees_only_released_paragraphs(world: World) -> None:
    c = await dripped(world)
    first = await world.app.handle(BEN, Resume(consultation_id=c.id))
    assert isinstance(first, ParagraphCard)
    assert first.label == "P1"
    labels = [b.label for row in first.buttons for b in row]
    assert not any(label.startswith("Next") for label in labels)
    voted = await world.app.handle(
        BEN, CastVote(consultation_id=c.id, paragraph_id=first.paragraph_id, choice=Choice.AGREE)
    )
    assert isinstance(voted, VoteRecorded)
    assert isinstance(voted.next, Finished)
    assert (voted.next.voted, voted.next.total, voted.next.held) == (1, 1, 2)
    assert voted.next.next_release == "P22 opens on 2 Feb 2027, 12:00 UTC."


async def test_an_unreleased_paragraph_is_refused_and_nothing_is_stored(world: World) -> None:
    c = await dripped(world)
    _, p22, _ = await paragraph_ids(world, c)
    for intent in (
        ShowParagraph(consultation_id=c.id, paragraph_id=p22),
        CastVote(consultation_id=c.id, paragraph_id=p22, choice=Choice.DISAGREE),
        StartComment(consultation_id=c.id, paragraph_id=p22),
        ShowComments(consultation_id=c.id, paragraph_id=p22),
    ):
        refused = await world.app.handle(BEN, intent)
        assert isinstance(refused, Notice), intent
        assert refused.text == "P22 opens on 2 Feb 2027, 12:00 UTC."
    async with world.uow() as uow:
        assert await uow.votes.list(c.id) == []
        ben = await uow.participants.find(BEN.ref)
        assert ben is not None
        enrolment = await uow.enrolments.get(c.id, ben.id)
    assert enrolment is not None
    assert enrolment.awaiting_paragraph_id is None


async def test_progress_counts_released_paragraphs_only(world: World) -> None:
    c = await dripped(world)
    progress = await world.app.handle(BEN, ShowProgress(consultation_id=c.id))
    assert isinstance(progress, Progress)
    assert (progress.voted, progress.total, progress.held) == (0, 1, 2)
    world.clock.advance(DAY)
    progress = await world.app.handle(BEN, ShowProgress(consultation_id=c.id))
    assert isinstance(progress, Progress)
    assert (progress.total, progress.held) == (2, 1)


async def test_a_paragraph_opens_at_its_release_time(world: World) -> None:
    c = await dripped(world)
    _, p22, _ = await paragraph_ids(world, c)
    world.clock.advance(DAY)
    card = await world.app.handle(BEN, ShowParagraph(consultation_id=c.id, paragraph_id=p22))
    assert isinstance(card, ParagraphCard)
    labels = [b.label for row in card.buttons for b in row]
    assert "◀ Back (P1)" in labels
    assert not any(label.startswith("Next") for label in labels)


async def test_cancelling_a_drip_stops_its_releases_and_opens_the_rest(world: World) -> None:
    c = await dripped(world)
    _, _, p23 = await paragraph_ids(world, c)
    stopped = await world.app.handle(ANA, CancelBroadcast(broadcast_id=1))
    assert isinstance(stopped, Notice)
    assert stopped.text.startswith("Broadcast 1 cancelled: 2 pending releases stopped")
    async with world.uow() as uow:
        report = await uow.outbox.report(1)
    assert (report.pending, report.skipped) == (1, 2)  # P1 still goes out; P22, P23 do not
    card = await world.app.handle(BEN, ShowParagraph(consultation_id=c.id, paragraph_id=p23))
    assert isinstance(card, ParagraphCard)
    again = await world.app.handle(ANA, CancelBroadcast(broadcast_id=1))
    assert isinstance(again, Notice)
    assert "nothing was pending" in again.text


async def test_only_organisers_cancel_and_unknown_broadcasts_are_named(world: World) -> None:
    await dripped(world)
    refused = await world.app.handle(BEN, CancelBroadcast(broadcast_id=1))
    assert isinstance(refused, Notice)
    assert "Only the consultation's organisers" in refused.text
    missing = await world.app.handle(ANA, CancelBroadcast(broadcast_id=9))
    assert isinstance(missing, Notice)
    assert missing.text == "There is no broadcast 9."


async def test_a_release_now_lets_a_held_paragraph_go_early(world: World) -> None:
    c = await dripped(world)
    _, _, p23 = await paragraph_ids(world, c)
    await world.app.handle(ANA, BroadcastParagraphs(slug=c.slug, numbers=(23,)))
    card = await world.app.handle(BEN, ShowParagraph(consultation_id=c.id, paragraph_id=p23))
    assert isinstance(card, ParagraphCard)
