"""Linked posts refresh their tally after votes: one edit per post per 30 s, by one worker."""

import asyncio
from datetime import timedelta

from core.delivery import DeliveryKind, DeliveryStatus
from core.intents import CastVote
from core.model import ChannelRef, Choice, Consultation, Platform
from core.screens import PostEdit
from core.services.dispatching import Dispatcher
from tests.core.conftest import World, actor
from tests.fakes.messenger import FakeMessenger
from tests.organiser import broadcast, close_consultation

GROUP = ChannelRef(platform=Platform.TELEGRAM, tenant="telegram", chat_id="-100777")


def dispatcher(world: World, messenger: FakeMessenger, worker: str = "w1") -> Dispatcher:
    return Dispatcher(uow_factory=world.uow, messenger=messenger, clock=world.clock, worker=worker)


async def posted(world: World, messenger: FakeMessenger) -> tuple[Consultation, int]:
    """P1 released to the linked group (sent as message m1); returns P1's id."""
    consultation = await world.consultation()
    async with world.uow() as uow:
        await uow.channels.link(GROUP, "Residents", consultation.id, world.clock.now())
        p1 = (await uow.paragraphs.list(consultation.id))[0]
        await uow.commit()
    now = world.clock.now()
    await broadcast(
        world.uow(), consultation.slug, numbers=(1,), platforms=None, every=None, now=now
    )
    assert await dispatcher(world, messenger).dispatch_due() == 1
    return consultation, p1.id


async def vote(
    world: World, c: Consultation, paragraph_id: int, name: str, choice: Choice
) -> None:
    intent = CastVote(consultation_id=c.id, paragraph_id=paragraph_id, choice=choice)
    await world.app.handle(actor(name, Platform.TELEGRAM), intent)


def edits(messenger: FakeMessenger) -> list[PostEdit]:
    return [screen for _, screen in messenger.sent if isinstance(screen, PostEdit)]


async def refresh_rows(world: World) -> list[DeliveryStatus]:
    tables = world.database.tables
    return [
        s.delivery.status
        for s in tables.outbox.values()
        if s.delivery.kind is DeliveryKind.REFRESH
    ]


async def test_fifty_votes_within_thirty_seconds_make_one_edit(world: World) -> None:
    messenger = FakeMessenger()
    c, p1 = await posted(world, messenger)
    for n in range(50):
        await vote(world, c, p1, f"voter{n}", Choice.AGREE if n % 4 else Choice.DISAGREE)
        world.clock.advance(timedelta(milliseconds=100))
    assert await refresh_rows(world) == [DeliveryStatus.PENDING]
    assert await dispatcher(world, messenger).dispatch_due() == 0  # not before the window ends

    world.clock.advance(timedelta(seconds=30))
    assert await dispatcher(world, messenger).dispatch_due() == 1

    [edit] = edits(messenger)
    assert edit.message_ref == "m1"
    assert edit.post.card.tally is not None
    assert (edit.post.card.tally.agree, edit.post.card.tally.disagree) == (37, 13)
    assert [b.label for row in edit.post.card.buttons for b in row] == ["Agree", "Disagree"]


async def test_a_vote_in_a_later_window_makes_a_second_edit_after_thirty_seconds(
    world: World,
) -> None:
    messenger = FakeMessenger()
    c, p1 = await posted(world, messenger)
    await vote(world, c, p1, "ana", Choice.AGREE)
    world.clock.advance(timedelta(seconds=30))
    await dispatcher(world, messenger).dispatch_due()
    await vote(world, c, p1, "ben", Choice.AGREE)
    await vote(world, c, p1, "ben", Choice.AGREE)  # unchanged: nothing to refresh
    world.clock.advance(timedelta(seconds=30))
    await dispatcher(world, messenger).dispatch_due()

    assert [e.post.card.tally and e.post.card.tally.agree for e in edits(messenger)] == [1, 2]
    assert await refresh_rows(world) == [DeliveryStatus.SENT, DeliveryStatus.SENT]


async def test_several_workers_never_edit_a_post_twice(world: World) -> None:
    messenger = FakeMessenger()
    c, p1 = await posted(world, messenger)
    await vote(world, c, p1, "ana", Choice.AGREE)
    world.clock.advance(timedelta(seconds=30))

    await asyncio.gather(*(dispatcher(world, messenger, f"w{n}").dispatch_due() for n in range(4)))

    assert len(edits(messenger)) == 1


async def test_an_edit_after_the_close_shows_the_final_result_without_buttons(
    world: World,
) -> None:
    messenger = FakeMessenger()
    c, p1 = await posted(world, messenger)
    await vote(world, c, p1, "ana", Choice.AGREE)
    await close_consultation(world.uow(), c.slug, world.clock.now())
    world.clock.advance(timedelta(seconds=30))
    await dispatcher(world, messenger).dispatch_due()

    [edit] = edits(messenger)
    assert edit.post.card.buttons == ()
    assert edit.post.card.closed == "Closed on 1 Feb 2027 — final result: 100% agree"
