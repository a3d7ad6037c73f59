"""The calendar: an opening on a later date is announced to linked chats once, and told early."""

import asyncio
from datetime import timedelta

from core.intents import Join, LinkChannel, Resume
from core.model import ChannelRef, Platform
from core.screens import Opened, ParagraphCard, Welcome
from core.services.dispatching import Dispatcher
from core.sweeps import announce_openings
from tests.core.conftest import ANA, NOW, World, actor
from tests.fakes.messenger import FakeMessenger
from tests.organiser import add_organiser

GROUP = ChannelRef(platform=Platform.TELEGRAM, tenant="telegram", chat_id="-100777")
CHANNEL = ChannelRef(platform=Platform.SLACK, tenant="T1", chat_id="C1")
OPENS = NOW + timedelta(days=2)


async def pushed(world: World) -> FakeMessenger:
    """What the outbox sends now."""
    messenger = FakeMessenger()
    dispatcher = Dispatcher(
        uow_factory=world.uow,
        messenger=messenger,
        clock=world.clock,
        worker="w1",
        jitter=lambda: 0.0,
    )
    await dispatcher.dispatch_due()
    return messenger


async def test_an_opening_on_the_calendar_is_announced_to_each_linked_chat_once(
    world: World,
) -> None:
    c = await world.consultation(opens_at=OPENS)
    await add_organiser(world.uow(), ANA.ref)
    for chat in (GROUP, CHANNEL):
        await world.app.handle(ANA, LinkChannel(slug=c.slug, channel=chat, title="Residents"))
    await world.app.handle(actor("ben", Platform.TELEGRAM), Join(payload=c.slug))
    assert await announce_openings(world.app) == []
    world.clock.advance(OPENS - world.clock.now())
    # Two workers' sweeps at once, then a restarted one: one announcement per chat.
    first, second = await asyncio.gather(
        announce_openings(world.app),
        announce_openings(world.app),
    )
    assert sorted([first, second]) == [[], [c.id]]
    assert await announce_openings(world.app) == []
    sent = (await pushed(world)).sent
    assert sorted(r.address for r, _ in sent) == ["-100777", "C1"]  # the chats, not ben
    for _, screen in sent:
        assert isinstance(screen, Opened)
        assert (screen.consultation.title, screen.join_payload) == (c.title, c.slug)
        assert screen.consultation.accepting
    assert (await pushed(world)).sent == []


async def test_a_consultation_open_from_the_start_is_not_announced(world: World) -> None:
    c = await world.consultation()
    await add_organiser(world.uow(), ANA.ref)
    await world.app.handle(ANA, LinkChannel(slug=c.slug, channel=GROUP, title="Residents"))
    world.clock.advance(timedelta(days=1))
    assert await announce_openings(world.app) == []
    assert (await pushed(world)).sent == []


async def test_someone_who_joins_before_the_opening_is_told_when_it_opens(world: World) -> None:
    c = await world.consultation(opens_at=OPENS)
    welcome = await world.app.handle(ANA, Join(payload=c.slug))
    assert isinstance(welcome, Welcome)
    assert welcome.consultation.opens == "Opens 3 Feb 2027, 12:00 UTC"
    card = await world.app.handle(ANA, Resume(consultation_id=c.id))
    assert isinstance(card, ParagraphCard)
    assert (card.opens, card.accepting) == ("Opens 3 Feb 2027, 12:00 UTC", False)
    world.clock.advance(OPENS - world.clock.now())
    card = await world.app.handle(ANA, Resume(consultation_id=c.id))
    assert isinstance(card, ParagraphCard)
    assert (card.opens, card.accepting) == (None, True)
