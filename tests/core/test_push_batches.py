"""The outbox worker builds a batch of pushes at once: still each card for its own reader."""

import asyncio
from datetime import timedelta

from core.delivery import Outcome, OutcomeKind, Recipient
from core.intents import CastVote, SetMuted
from core.model import Choice, Consultation, Platform, ResultsVisibility
from core.screens import ParagraphCard, Progress, Screen, Tally
from core.services.dispatching import Dispatcher
from core.sweeps import sweep_reminders
from tests.core.conftest import CLOSES, World
from tests.core.test_delivery import dispatcher, join, person
from tests.fakes.memory import FakeUnitOfWork, MemoryDatabase
from tests.fakes.messenger import FakeMessenger
from tests.organiser import broadcast

TELEGRAM = frozenset({Platform.TELEGRAM})


async def release_first_paragraph(world: World, c: Consultation) -> int:
    """Queue P1 for everyone; returns its paragraph id."""
    await broadcast(
        world.uow(), c.slug, numbers=(1,), platforms=TELEGRAM, every=None, now=world.clock.now()
    )
    async with world.uow() as uow:
        paragraphs = await uow.paragraphs.list(c.id)
    return paragraphs[0].id


async def vote(
    world: World, c: Consultation, name: str, paragraph_id: int, choice: Choice
) -> None:
    intent = CastVote(consultation_id=c.id, paragraph_id=paragraph_id, choice=choice)
    await world.app.handle(person(name), intent)


def labels(card: ParagraphCard) -> list[str]:
    return [button.label for button in card.buttons[0]]


async def test_each_card_in_a_batch_shows_its_own_readers_vote_and_progress(
    world: World,
) -> None:
    c = await world.consultation(visibility=ResultsVisibility.AFTER_VOTE)
    await join(world, c, "ana", "ben", "cleo", "dan")
    async with world.uow() as uow:
        first, second, _ = [p.id for p in await uow.paragraphs.list(c.id)]
    await vote(world, c, "ana", first, Choice.AGREE)
    await vote(world, c, "ana", second, Choice.AGREE)
    await vote(world, c, "ben", first, Choice.DISAGREE)
    await world.app.handle(person("cleo"), SetMuted(muted=True, consultation_id=c.id))
    await release_first_paragraph(world, c)
    world.clock.advance(CLOSES - timedelta(days=7) - world.clock.now())
    assert await sweep_reminders(world.app, "w1") == 3  # not cleo
    messenger = FakeMessenger()
    await dispatcher(world, messenger).dispatch_due()  # one batch: cards and reminders
    cards = {r.address: s for r, s in messenger.sent if isinstance(s, ParagraphCard)}
    progress = {r.address: s for r, s in messenger.sent if isinstance(s, Progress)}
    assert sorted(cards) == ["ana", "ben", "dan"]  # cleo muted the consultation
    assert [cards[n].choice for n in ("ana", "ben", "dan")] == [
        Choice.AGREE,
        Choice.DISAGREE,
        None,
    ]
    assert labels(cards["ana"]) == ["✓ Agree", "Disagree"]
    assert labels(cards["ben"]) == ["Agree", "✓ Disagree"]
    assert labels(cards["dan"]) == ["Agree", "Disagree"]
    shown = Tally(agree=1, disagree=1, agreement_pct=50)
    assert [cards[n].tally for n in ("ana", "ben", "dan")] == [shown, shown, None]
    assert all(card.buttons[-1][0].label == "Mute" for card in cards.values())
    assert {name: (p.voted, p.total) for name, p in progress.items()} == {
        "ana": (2, 3),
        "ben": (1, 3),
        "dan": (0, 3),
    }


class BrokenFor(FakeMessenger):
    """Raises an error it does not classify for one address, as a bug in a sender would."""

    def __init__(self, address: str) -> None:
        super().__init__()
        self.broken = address

    async def deliver(self, recipient: Recipient, screen: Screen) -> Outcome:
        if recipient.address == self.broken:
            self.broken = ""  # only the first time
            raise RuntimeError("the sender broke")
        return await super().deliver(recipient, screen)


async def test_a_failed_push_neither_loses_nor_repeats_the_others_in_its_batch(
    world: World,
) -> None:
    c = await world.consultation()
    names = ["ana", "ben", "cleo", "dan", "eve"]
    await join(world, c, *names)
    await release_first_paragraph(world, c)
    messenger = BrokenFor("cleo")
    messenger.script("ben", Outcome(kind=OutcomeKind.TRANSIENT, detail="timed out"))
    worker: Dispatcher = dispatcher(world, messenger)
    assert await worker.dispatch_due() == 5
    assert sorted(messenger.addresses()) == ["ana", "dan", "eve"]
    assert await worker.dispatch_due() == 0  # ben and cleo wait for their back-off
    world.clock.advance(timedelta(seconds=10))
    assert await worker.dispatch_due() == 2
    world.clock.advance(timedelta(hours=1))
    assert await worker.dispatch_due() == 0
    assert sorted(messenger.addresses()) == sorted(names)  # each exactly once


class Overlapping:
    """Counts the sends under way at once; each takes a few turns of the event loop."""

    def __init__(self) -> None:
        self.sent = FakeMessenger()
        self.under_way = 0
        self.most = 0

    async def deliver(self, recipient: Recipient, screen: Screen) -> Outcome:
        self.under_way += 1
        self.most = max(self.most, self.under_way)
        for _ in range(20):
            await asyncio.sleep(0)
        self.under_way -= 1
        return await self.sent.deliver(recipient, screen)


async def test_a_worker_keeps_up_to_its_in_flight_sends_under_way(world: World) -> None:
    c = await world.consultation()
    names = [f"person{n}" for n in range(150)]
    await join(world, c, *names)
    await broadcast(
        world.uow(), c.slug, numbers=(1,), platforms=None, every=None, now=world.clock.now()
    )
    messenger = Overlapping()
    worker = Dispatcher(
        uow_factory=world.uow, messenger=messenger, clock=world.clock, worker="w", in_flight=64
    )
    assert await worker.dispatch_due(limit=150) == 150
    assert 32 < messenger.most <= 64
    assert sorted(messenger.sent.addresses()) == sorted(names)


class WaitingCommits(FakeUnitOfWork):
    """Commits wait while `writing` is clear, as behind a slow disk."""

    def __init__(self, database: MemoryDatabase, writing: asyncio.Event) -> None:
        super().__init__(database)
        self._writing = writing

    async def commit(self) -> None:
        await self._writing.wait()
        await super().commit()


async def test_a_send_frees_its_slot_when_it_is_back_not_when_its_outcome_is_written(
    world: World,
) -> None:
    c = await world.consultation()
    await join(world, c, *(f"person{n}" for n in range(10)))
    await release_first_paragraph(world, c)
    writing = asyncio.Event()
    writing.set()
    before_the_disk_caught_up: list[str] = []

    class SlowDisk(FakeMessenger):
        async def deliver(self, recipient: Recipient, screen: Screen) -> Outcome:
            if not caught_up.done():
                writing.clear()  # from the first send on, commits wait for the disk
                before_the_disk_caught_up.append(recipient.address)
            return await super().deliver(recipient, screen)

    async def disk_catches_up() -> None:
        for _ in range(200):
            await asyncio.sleep(0)
        writing.set()

    worker = Dispatcher(
        uow_factory=lambda: WaitingCommits(world.database, writing),
        messenger=SlowDisk(),
        clock=world.clock,
        worker="w",
        in_flight=4,
    )
    caught_up = asyncio.create_task(disk_catches_up())
    assert await worker.dispatch_due() == 10
    await caught_up
    assert len(before_the_disk_caught_up) == 10  # not 4 (in flight), then waiting for the disk
