"""Reminders, closing on time, broadcasts and the outbox worker, on an injected clock."""

import asyncio
from dataclasses import replace
from datetime import timedelta

import pytest

from core.delivery import Outcome, OutcomeKind, Recipient, ReminderStatus
from core.intents import (
    BroadcastParagraphs,
    CastVote,
    Join,
    LinkChannel,
    Resume,
    SetMuted,
    ShowDeliveryReport,
)
from core.model import Actor, ChannelRef, Choice, Consultation, Platform, Status
from core.screens import (
    ChannelPost,
    Notice,
    ParagraphCard,
    Progress,
    Screen,
    StatisticsReport,
)
from core.services.dispatching import DELIVERY_LEASE, MAX_ATTEMPTS, Dispatcher
from core.services.reminding import SUPERSEDED
from core.sweeps import close_due, sweep_reminders
from tests.core.conftest import ANA, CLOSES, World, actor
from tests.fakes.memory import FakeUnitOfWork
from tests.fakes.messenger import FakeMessenger
from tests.organiser import (
    add_organiser,
    broadcast,
    change_deadline,
    close_consultation,
    delivery_report,
)

GROUP = ChannelRef(platform=Platform.TELEGRAM, tenant="telegram", chat_id="-100777")


def dispatcher(world: World, messenger: FakeMessenger, worker: str = "w1") -> Dispatcher:
    return Dispatcher(
        uow_factory=world.uow,
        messenger=messenger,
        clock=world.clock,
        worker=worker,
        jitter=lambda: 0.0,
    )


def person(name: str) -> Actor:
    """A Telegram user: the terminal chat cannot be pushed to."""
    return actor(name, Platform.TELEGRAM)


async def join(world: World, c: Consultation, *names: str) -> None:
    for name in names:
        assert not isinstance(await world.app.handle(person(name), Join(payload=c.slug)), Notice)


async def vote_everything(world: World, c: Consultation, name: str) -> None:
    async with world.uow() as uow:
        paragraphs = await uow.paragraphs.list(c.id)
    for paragraph in paragraphs:
        await world.app.handle(
            person(name),
            CastVote(consultation_id=c.id, paragraph_id=paragraph.id, choice=Choice.AGREE),
        )


async def pending_reminders(world: World, c: Consultation) -> list[tuple[int, timedelta]]:
    async with world.uow() as uow:
        return [(r.participant_id, r.offset) for r in await uow.reminders.pending(c.id)]


async def test_joining_plans_the_reminders_that_lie_ahead(world: World) -> None:
    c = await world.consultation()  # closes in 14 days: 7 days, 1 day and 2 hours all ahead
    await join(world, c, "ana")
    offsets = [offset for _, offset in await pending_reminders(world, c)]
    assert offsets == [timedelta(days=7), timedelta(days=1), timedelta(hours=2)]
    await join(world, c, "ana")  # joining again plans nothing new
    assert len(await pending_reminders(world, c)) == 3


async def test_a_changed_deadline_moves_the_pending_reminders(world: World) -> None:
    c = await world.consultation()
    await join(world, c, "ana")
    later = CLOSES + timedelta(days=10)
    await change_deadline(world.uow(), c.slug, later, world.clock.now())
    async with world.uow() as uow:
        due = [r.due_at for r in await uow.reminders.pending(c.id)]
    assert due == [
        later - timedelta(days=7),
        later - timedelta(days=1),
        later - timedelta(hours=2),
    ]


async def test_reminders_go_only_to_those_who_have_not_finished_or_muted(world: World) -> None:
    c = await world.consultation()
    await join(world, c, "ana", "ben", "cleo", "dan")
    await vote_everything(world, c, "ben")
    await world.app.handle(person("cleo"), SetMuted(muted=True, consultation_id=c.id))
    await world.app.handle(person("dan"), Resume(consultation_id=c.id))
    world.clock.advance(CLOSES - timedelta(days=7) - world.clock.now())
    assert await sweep_reminders(world.app, "w1") == 2  # ana and dan
    messenger = FakeMessenger()
    await dispatcher(world, messenger).dispatch_due()
    assert sorted(messenger.addresses()) == ["ana", "dan"]
    _, screen = messenger.sent[0]
    assert isinstance(screen, Progress)
    assert screen.reminder
    assert (screen.voted, screen.total) == (0, 3)


async def test_a_reminder_is_sent_once_even_when_a_worker_dies_after_claiming_it(
    world: World,
) -> None:
    c = await world.consultation()
    await join(world, c, "ana")
    world.clock.advance(CLOSES - timedelta(days=7) - world.clock.now())
    async with world.uow() as uow:  # worker A claims the due reminder, then dies
        claimed = await uow.reminders.claim_due(
            "A", world.clock.now(), limit=10, lease=timedelta(minutes=5)
        )
        await uow.commit()
    assert len(claimed) == 1
    assert await sweep_reminders(world.app, "B") == 0  # A's lease holds
    world.clock.advance(timedelta(minutes=6))
    assert await sweep_reminders(world.app, "B") == 1
    assert await sweep_reminders(world.app, "B") == 0
    messenger = FakeMessenger()
    async with world.uow() as uow:  # A also claimed the push and died before sending it
        await uow.outbox.claim("A", world.clock.now(), limit=10, lease=timedelta(minutes=2))
        await uow.commit()
    assert await dispatcher(world, messenger, "B").dispatch_due() == 0
    world.clock.advance(timedelta(minutes=3))
    assert await dispatcher(world, messenger, "B").dispatch_due() == 1
    world.clock.advance(timedelta(hours=1))
    await dispatcher(world, messenger, "A").dispatch_due()
    assert messenger.addresses() == ["ana"]


async def test_reminders_due_during_downtime_go_out_on_start(world: World) -> None:
    c = await world.consultation()
    await join(world, c, "ana")
    # Nothing ran while the clock passed the 7-day and the 1-day reminders.
    world.clock.advance(CLOSES - timedelta(hours=20) - world.clock.now())
    assert await sweep_reminders(world.app, "w1") == 1
    messenger = FakeMessenger()
    await dispatcher(world, messenger).dispatch_due()
    assert messenger.addresses() == ["ana"]  # the latest due (1 day), once


async def test_a_moved_deadline_that_makes_two_reminders_due_sends_only_the_latest(
    world: World,
) -> None:
    c = await world.consultation()
    await join(world, c, "ana", "ben")
    soon = world.clock.now() + timedelta(hours=1)  # all three reminders fall due at once
    await change_deadline(world.uow(), c.slug, soon, world.clock.now())
    assert await sweep_reminders(world.app, "w1") == 2
    assert await sweep_reminders(world.app, "w2") == 0
    messenger = FakeMessenger()
    await dispatcher(world, messenger).dispatch_due()
    assert sorted(messenger.addresses()) == ["ana", "ben"]
    async with world.uow() as uow:
        history = await uow.reminders.history(c.id)
    assert sorted((r.participant_id, r.offset, r.status, r.reason) for r in history) == [
        (person_id, offset, status, reason)
        for person_id in sorted({r.participant_id for r in history})
        for offset, status, reason in (
            (timedelta(hours=2), ReminderStatus.SENT, None),
            (timedelta(days=1), ReminderStatus.SKIPPED, SUPERSEDED),
            (timedelta(days=7), ReminderStatus.SKIPPED, SUPERSEDED),
        )
    ]
    _, screen = messenger.sent[0]
    assert isinstance(screen, Progress)
    assert screen.reminder


async def test_reminders_due_after_the_close_are_skipped(world: World) -> None:
    c = await world.consultation()
    await join(world, c, "ana")
    await close_consultation(world.uow(), c.slug, world.clock.now())
    world.clock.advance(CLOSES - world.clock.now())
    assert await sweep_reminders(world.app, "w1") == 0
    assert await pending_reminders(world, c) == []


async def test_a_consultation_closes_on_time_once_with_a_summary_for_everyone(
    world: World,
) -> None:
    c = await world.consultation()
    await add_organiser(world.uow(), ANA.ref)
    await join(world, c, "ana", "ben")
    await world.app.handle(ANA, LinkChannel(slug=c.slug, channel=GROUP, title="Residents"))
    world.clock.advance(CLOSES - world.clock.now() - timedelta(seconds=1))
    assert await close_due(world.app) == []
    world.clock.advance(timedelta(seconds=1))
    assert await close_due(world.app) == [c.id]
    assert await close_due(world.app) == []
    async with world.uow() as uow:
        stored = await uow.consultations.get(c.id)
    assert stored is not None
    assert stored.status is Status.CLOSED
    messenger = FakeMessenger()
    await dispatcher(world, messenger).dispatch_due()
    assert sorted(messenger.addresses()) == ["-100777", "ana", "ben"]
    assert all(isinstance(screen, StatisticsReport) for _, screen in messenger.sent)


async def test_people_who_muted_still_get_the_closing_summary(world: World) -> None:
    c = await world.consultation()
    await join(world, c, "ana", "ben")
    await world.app.handle(person("ben"), SetMuted(muted=True, consultation_id=c.id))
    world.clock.advance(CLOSES - world.clock.now())
    assert await close_due(world.app) == [c.id]
    messenger = FakeMessenger()
    await dispatcher(world, messenger).dispatch_due()
    assert sorted(messenger.addresses()) == ["ana", "ben"]
    assert all(isinstance(screen, StatisticsReport) for _, screen in messenger.sent)


async def test_closing_by_hand_also_sends_the_summary_once(world: World) -> None:
    c = await world.consultation()
    await join(world, c, "ana")
    await close_consultation(world.uow(), c.slug, world.clock.now())
    await close_consultation(world.uow(), c.slug, world.clock.now())
    messenger = FakeMessenger()
    await dispatcher(world, messenger).dispatch_due()
    assert messenger.addresses() == ["ana"]


async def test_a_broadcast_reaches_every_participant_and_linked_chat(world: World) -> None:
    c = await world.consultation()
    await add_organiser(world.uow(), ANA.ref)
    await join(world, c, "ana", "ben")
    await world.app.handle(ANA, LinkChannel(slug=c.slug, channel=GROUP, title="Residents"))
    plan = await broadcast(
        world.uow(), c.slug, numbers=(22, 23), platforms=None, every=None, now=world.clock.now()
    )
    assert (plan.recipients, plan.deliveries) == (3, 6)
    messenger = FakeMessenger()
    await dispatcher(world, messenger).dispatch_due()
    assert len(messenger.sent) == 6
    cards = [s for r, s in messenger.sent if r.address == "ben"]
    assert all(isinstance(s, ParagraphCard) for s in cards)
    assert sorted(s.label for s in cards if isinstance(s, ParagraphCard)) == ["P22", "P23"]
    assert all(isinstance(s, ChannelPost) for r, s in messenger.sent if r.address == "-100777")
    report = await delivery_report(world.uow(), plan.broadcast_id)
    assert (report.total, report.sent, report.pending) == (6, 6, 0)


async def test_a_drip_releases_one_paragraph_per_interval(world: World) -> None:
    c = await world.consultation()
    await join(world, c, "ana")
    await broadcast(
        world.uow(),
        c.slug,
        numbers=None,
        platforms=None,
        every=timedelta(days=1),
        now=world.clock.now(),
    )
    messenger = FakeMessenger()
    labels = []
    for _ in range(3):
        await dispatcher(world, messenger).dispatch_due()
        labels.append([s.label for _, s in messenger.sent if isinstance(s, ParagraphCard)])
        world.clock.advance(timedelta(days=1))
    assert labels == [["P1"], ["P1", "P22"], ["P1", "P22", "P23"]]


async def test_a_broadcast_can_be_limited_to_one_platform(world: World) -> None:
    c = await world.consultation()
    await join(world, c, "ana")
    await world.app.handle(actor("sam", Platform.SLACK), Join(payload=c.slug))
    plan = await broadcast(
        world.uow(),
        c.slug,
        numbers=(1,),
        platforms=frozenset({Platform.TELEGRAM}),
        every=None,
        now=world.clock.now(),
    )
    assert plan.recipients == 1


async def test_a_rate_limited_push_is_retried_at_the_time_the_platform_asked(
    world: World,
) -> None:
    c = await world.consultation()
    await join(world, c, "ana")
    await broadcast(
        world.uow(), c.slug, numbers=(1,), platforms=None, every=None, now=world.clock.now()
    )
    messenger = FakeMessenger()
    messenger.script(
        "ana", Outcome(kind=OutcomeKind.RETRY_AFTER, retry_after=timedelta(seconds=30))
    )
    await dispatcher(world, messenger).dispatch_due()
    world.clock.advance(timedelta(seconds=29))
    await dispatcher(world, messenger).dispatch_due()
    assert messenger.sent == []
    world.clock.advance(timedelta(seconds=1))
    await dispatcher(world, messenger).dispatch_due()
    assert messenger.addresses() == ["ana"]


async def test_a_failing_platform_is_retried_with_backoff_then_given_up(world: World) -> None:
    c = await world.consultation()
    await join(world, c, "ana")
    plan = await broadcast(
        world.uow(), c.slug, numbers=(1,), platforms=None, every=None, now=world.clock.now()
    )
    messenger = FakeMessenger()
    messenger.script("ana", *[Outcome(kind=OutcomeKind.TRANSIENT, detail="502")] * MAX_ATTEMPTS)
    for _ in range(MAX_ATTEMPTS):
        await dispatcher(world, messenger).dispatch_due()
        world.clock.advance(timedelta(hours=2))
    report = await delivery_report(world.uow(), plan.broadcast_id)
    assert (report.failed, report.sent, report.pending) == (1, 0, 0)
    assert messenger.sent == []


async def test_someone_who_blocked_the_bot_is_never_messaged_again(world: World) -> None:
    c = await world.consultation()
    await join(world, c, "ana", "ben")
    plan = await broadcast(
        world.uow(),
        c.slug,
        numbers=None,
        platforms=None,
        every=timedelta(hours=1),
        now=world.clock.now(),
    )
    messenger = FakeMessenger()
    messenger.script("ana", Outcome(kind=OutcomeKind.UNREACHABLE, detail="blocked"))
    for _ in range(4):
        await dispatcher(world, messenger).dispatch_due()
        world.clock.advance(timedelta(hours=1))
    assert messenger.addresses().count("ana") == 0
    assert messenger.addresses().count("ben") == 3
    report = await delivery_report(world.uow(), plan.broadcast_id)
    assert (report.unreachable, report.skipped, report.sent) == (1, 2, 3)
    later = await broadcast(
        world.uow(), c.slug, numbers=(1,), platforms=None, every=None, now=world.clock.now()
    )
    assert later.recipients == 1


async def test_pushes_for_a_closed_consultation_are_skipped_not_sent(world: World) -> None:
    c = await world.consultation()
    await join(world, c, "ana")
    plan = await broadcast(
        world.uow(),
        c.slug,
        numbers=None,
        platforms=None,
        every=timedelta(days=10),
        now=world.clock.now(),
    )
    messenger = FakeMessenger()
    for _ in range(3):  # P1 now, P22 in 10 days, P23 in 20 days: after the close
        await dispatcher(world, messenger).dispatch_due()
        world.clock.advance(timedelta(days=10))
    assert [s.label for _, s in messenger.sent if isinstance(s, ParagraphCard)] == ["P1", "P22"]
    report = await delivery_report(world.uow(), plan.broadcast_id)
    assert (report.sent, report.skipped) == (2, 1)


async def test_people_in_the_terminal_chat_get_no_pushes(world: World) -> None:
    c = await world.consultation()
    await world.app.handle(ANA, Join(payload=c.slug))  # ANA uses the terminal chat
    await join(world, c, "ben")
    plan = await broadcast(
        world.uow(), c.slug, numbers=(1,), platforms=None, every=None, now=world.clock.now()
    )
    assert plan.recipients == 1
    world.clock.advance(CLOSES - timedelta(days=7) - world.clock.now())
    assert await sweep_reminders(world.app, "w1") == 1  # ben's only


async def test_organisers_broadcast_and_follow_the_report_from_chat(world: World) -> None:
    c = await world.consultation()
    await add_organiser(world.uow(), ANA.ref)
    await join(world, c, "ben")
    queued = await world.app.handle(ANA, BroadcastParagraphs(slug=c.slug, numbers=(22,)))
    assert isinstance(queued, Notice)
    assert "P22 to 1 recipient (1 message), now" in queued.text
    await dispatcher(world, FakeMessenger()).dispatch_due()
    report = await world.app.handle(ANA, ShowDeliveryReport(broadcast_id=1))
    assert isinstance(report, Notice)
    assert "1 sent, 0 pending" in report.text
    refused = await world.app.handle(person("ben"), BroadcastParagraphs(slug=c.slug))
    assert isinstance(refused, Notice)
    assert "Only the consultation's organisers" in refused.text


@pytest.mark.parametrize("numbers", [(99,), (1, 99)])
async def test_a_broadcast_of_a_missing_paragraph_queues_nothing(
    world: World, numbers: tuple[int, ...]
) -> None:
    c = await world.consultation()
    await add_organiser(world.uow(), ANA.ref)
    refused = await world.app.handle(ANA, BroadcastParagraphs(slug=c.slug, numbers=numbers))
    assert isinstance(refused, Notice)
    assert "no paragraph P99" in refused.text


class GatedMessenger(FakeMessenger):
    """Holds every send until the test opens the gate, like a rate limiter on a slow chat."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = asyncio.Event()
        self.held = 0
        self._arrived = asyncio.Condition()

    async def deliver(self, recipient: Recipient, screen: Screen) -> Outcome:
        async with self._arrived:
            self.held += 1
            self._arrived.notify_all()
        await self.gate.wait()
        return await super().deliver(recipient, screen)

    async def holding(self, count: int) -> None:
        """Return once `count` sends are waiting at the gate."""
        async with self._arrived:
            await self._arrived.wait_for(lambda: self.held >= count)


class Naps:
    """The worker's sleep between lease renewals, ended one at a time by the test."""

    def __init__(self) -> None:
        self.started = 0
        self._changed = asyncio.Condition()
        self._ended = 0

    async def sleep(self, seconds: float) -> None:
        async with self._changed:
            self.started += 1
            mine = self.started
            self._changed.notify_all()
            await self._changed.wait_for(lambda: self._ended >= mine)

    async def end_one(self) -> None:
        """End the nap under way and wait until the worker is asleep again (its work done)."""
        async with self._changed:
            await self._changed.wait_for(lambda: self.started > self._ended)
            self._ended += 1
            self._changed.notify_all()
            await self._changed.wait_for(lambda: self.started > self._ended)


async def test_a_worker_keeps_its_lease_while_a_slow_chat_holds_up_its_sends(
    world: World,
) -> None:
    c = await world.consultation()
    await join(world, c, "ana")
    await broadcast(
        world.uow(), c.slug, numbers=(1,), platforms=None, every=None, now=world.clock.now()
    )
    slow, naps = GatedMessenger(), Naps()
    first = replace(dispatcher(world, slow, "A"), sleep=naps.sleep)
    sending = asyncio.create_task(first.dispatch_due())
    await slow.holding(1)
    for _ in range(3):  # well past the original lease, renewed all along
        world.clock.advance(DELIVERY_LEASE / 2)
        await naps.end_one()
    other = FakeMessenger()
    assert await dispatcher(world, other, "B").dispatch_due() == 0
    slow.gate.set()
    assert await sending == 1
    assert slow.addresses() == ["ana"]
    assert other.sent == []


async def test_released_paragraphs_offer_mute_and_muted_people_get_none(world: World) -> None:
    c = await world.consultation()
    await join(world, c, "ana", "ben")
    await world.app.handle(person("ben"), SetMuted(muted=True, consultation_id=c.id))
    plan = await broadcast(
        world.uow(), c.slug, numbers=(1,), platforms=None, every=None, now=world.clock.now()
    )
    assert plan.recipients == 1
    messenger = FakeMessenger()
    await dispatcher(world, messenger).dispatch_due()
    ((recipient, card),) = messenger.sent
    assert recipient.address == "ana"
    assert isinstance(card, ParagraphCard)
    assert card.buttons[-1][0].intent == SetMuted(muted=True, consultation_id=c.id)


class CountingUnitOfWork(FakeUnitOfWork):
    """Counts commits, which let other tasks run as a disk's would, to see sends share them."""

    commits = 0

    async def commit(self) -> None:
        CountingUnitOfWork.commits += 1
        await asyncio.sleep(0)  # a real commit waits for the disk (fsync) and others go on
        await super().commit()


async def test_outcomes_of_concurrent_sends_share_commits(world: World) -> None:
    c = await world.consultation()
    await join(world, c, *[f"p{n}" for n in range(20)])
    await broadcast(
        world.uow(), c.slug, numbers=(1,), platforms=None, every=None, now=world.clock.now()
    )
    slow = GatedMessenger()
    counted = replace(
        dispatcher(world, slow), uow_factory=lambda: CountingUnitOfWork(world.database)
    )
    sending = asyncio.create_task(counted.dispatch_due())
    await slow.holding(20)
    CountingUnitOfWork.commits = 0
    slow.gate.set()
    assert await sending == 20
    assert len(slow.sent) == 20
    assert CountingUnitOfWork.commits < 20 / 2
    report = await delivery_report(world.uow(), 1)
    assert (report.sent, report.pending) == (20, 0)
