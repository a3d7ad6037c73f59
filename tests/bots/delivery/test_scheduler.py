"""The worker's scheduler: every job runs on start, what fell due while down goes out, stops clean.

The jobs run on real time (APScheduler's own timer) over the in-memory database; the fake
clock says what is due.
"""

import asyncio
from collections.abc import Callable
from datetime import datetime, timedelta

from bots.chat.identities import telegram_ref
from bots.runtime.config import Config, DatabaseConfig
from bots.runtime.messaging import PlatformMessenger
from bots.runtime.scheduler import DISPATCH_BATCH, Sweeps, run_delivery, scheduled, worker_id
from core.delivery import OutboxItem, Outcome, OutcomeKind, Recipient
from core.intents import ImportDocument
from core.model import Actor, Platform, Status
from core.ports import UnitOfWorkFactory
from core.screens import Notice, Progress, Screen, StatisticsReport
from core.services.dispatching import Dispatcher
from tests.bots.conftest import THREE_PARAGRAPHS
from tests.bots.delivery.conftest import Pushes
from tests.fakes.memory import FakeUnitOfWork, MemoryDatabase
from tests.fakes.memory_outbox import MemoryOutboxRepository
from tests.fakes.messenger import FakeMessenger
from tests.organiser import add_organiser

ADA, BOB = 101, 102


def sweeps_for(pushes: Pushes, messenger: FakeMessenger) -> Sweeps:
    dispatcher = Dispatcher(
        uow_factory=pushes.uow, messenger=messenger, clock=pushes.clock, worker="w1"
    )
    return Sweeps(app=pushes.app, dispatcher=dispatcher, worker="w1")


async def eventually(check: Callable[[], bool], timeout: float = 5.0) -> None:  # noqa: ASYNC109
    async with asyncio.timeout(timeout):
        while not check():  # noqa: ASYNC110 - polling what no event announces
            await asyncio.sleep(0.02)


async def test_a_consultation_past_its_close_is_closed_and_summarised_on_start(
    pushes: Pushes,
) -> None:
    await pushes.enrol(ADA, BOB)
    pushes.clock.advance(timedelta(days=11))  # the close fell due while no worker ran
    messenger = FakeMessenger()
    sweeps = sweeps_for(pushes, messenger)

    async with scheduled(sweeps, sweep_interval=30) as scheduler:
        jobs = {job.id for job in scheduler.get_jobs()}
        assert jobs == {"dispatch", "reminders", "calendar", "opinions"}
        await eventually(lambda: len(messenger.sent) == 2)

    assert not scheduler.running
    assert sweeps.busy == 0
    assert all(isinstance(screen, StatisticsReport) for _, screen in messenger.sent)
    assert sorted(r.address for r, _ in messenger.sent) == [str(ADA), str(BOB)]


async def test_a_draft_abandoned_for_a_day_is_discarded_by_the_calendar_sweep(
    pushes: Pushes,
) -> None:
    organiser = telegram_ref(ADA)
    await add_organiser(pushes.uow(), organiser)
    actor = Actor(ref=organiser, display_name="Ada")
    await pushes.app.handle(actor, ImportDocument(filename="plan.md", document=THREE_PARAGRAPHS))
    pushes.clock.advance(timedelta(days=1, minutes=1))

    async with scheduled(sweeps_for(pushes, FakeMessenger()), sweep_interval=30):
        await eventually(lambda: not pushes.memory.tables.drafts)

    consultations = pushes.memory.tables.consultations.values()
    assert [c.slug for c in consultations if c.status is Status.DRAFT] == []


async def test_a_reminder_that_fell_due_during_downtime_is_sent_on_start(pushes: Pushes) -> None:
    await pushes.enrol(ADA)
    await pushes.plan_reminders(ADA)
    pushes.clock.advance(timedelta(days=3, hours=1))  # the 7-day reminder is an hour late
    messenger = FakeMessenger()

    async with scheduled(sweeps_for(pushes, messenger), sweep_interval=30):
        await eventually(lambda: len(messenger.sent) == 1)

    [(recipient, screen)] = messenger.sent
    assert isinstance(screen, Progress)
    assert screen.reminder
    assert recipient.address == str(ADA)


async def test_stopping_waits_for_a_running_send_to_be_recorded(pushes: Pushes) -> None:
    await pushes.enrol(ADA)
    plan = await pushes.release()
    started, release = asyncio.Event(), asyncio.Event()

    class SlowMessenger(FakeMessenger):
        async def deliver(self, recipient: Recipient, screen: Screen) -> Outcome:
            started.set()
            await release.wait()
            return await super().deliver(recipient, screen)

    messenger = SlowMessenger()
    async with scheduled(sweeps_for(pushes, messenger), sweep_interval=30):
        await started.wait()
        asyncio.get_running_loop().call_later(0.1, release.set)

    report = await pushes.report(plan.broadcast_id)
    assert (report.sent, report.pending) == (1, 0)


async def test_a_push_to_a_platform_without_a_front_end_fails_and_says_why() -> None:
    routed = FakeMessenger()
    messenger = PlatformMessenger({Platform.TELEGRAM: routed})
    person = Recipient(platform=Platform.TELEGRAM, tenant="telegram", address="7")
    elsewhere = Recipient(platform=Platform.SLACK, tenant="T1", address="U1")

    sent = await messenger.deliver(person, Notice(text="hi"))
    refused = await messenger.deliver(elsewhere, Notice(text="hi"))

    assert sent.kind is OutcomeKind.SENT
    assert refused == Outcome(kind=OutcomeKind.FAILED, detail="no slack front end configured")
    assert routed.addresses() == ["7"]


async def test_a_worker_without_tokens_starts_and_stops_on_request(pushes: Pushes) -> None:
    await pushes.enrol(ADA)
    plan = await pushes.release()
    stop = asyncio.Event()
    config = Config(database=DatabaseConfig(url="sqlite+aiosqlite:///unused.db"))
    townhall = pushes.townhall()

    running = asyncio.create_task(run_delivery(config, townhall, stop))
    async with asyncio.timeout(5):
        while (await pushes.report(plan.broadcast_id)).pending:  # noqa: ASYNC110
            await asyncio.sleep(0.02)
    stop.set()
    await asyncio.wait_for(running, 5)

    report = await pushes.report(plan.broadcast_id)
    assert (report.failed, report.pending) == (1, 0)  # no Telegram token: said, not lost


def test_a_worker_is_named_by_host_and_process() -> None:
    host, pid = worker_id().rsplit(":", 1)
    assert host
    assert pid.isdigit()


class HeldMessenger(FakeMessenger):
    """Holds every send until the test opens the gate; counts the sends being held."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = asyncio.Event()
        self.held = 0

    async def deliver(self, recipient: Recipient, screen: Screen) -> Outcome:
        self.held += 1
        await self.gate.wait()
        return await super().deliver(recipient, screen)


async def test_the_next_batch_is_claimed_and_sent_while_the_last_is_still_out(
    pushes: Pushes,
) -> None:
    # More than a batch is due and the worker has room for more sends than a batch: it
    # does not wait for the first batch to come back before it claims and sends the rest.
    people = range(1000, 1000 + DISPATCH_BATCH + 1)
    await pushes.enrol(*people)
    plan = await pushes.release()
    messenger = HeldMessenger()
    dispatcher = Dispatcher(
        uow_factory=pushes.uow,
        messenger=messenger,
        clock=pushes.clock,
        worker="w1",
        in_flight=DISPATCH_BATCH * 2,
    )
    sweeps = Sweeps(app=pushes.app, dispatcher=dispatcher, worker="w1")

    running = asyncio.create_task(sweeps.dispatch())
    try:
        await eventually(lambda: messenger.held == len(people))
    finally:
        messenger.gate.set()
        await running

    assert sorted(messenger.addresses()) == sorted(str(user) for user in people)
    assert (await pushes.report(plan.broadcast_id)).sent == len(people)


def claiming_once(memory: MemoryDatabase) -> UnitOfWorkFactory:
    """The database as it is, except that every claim after the first fails."""
    claims: list[datetime] = []

    class ClaimingOnce(MemoryOutboxRepository):
        async def claim(
            self,
            worker: str,
            now: datetime,
            *,
            limit: int,
            lease: timedelta,
            platforms: frozenset[Platform] | None = None,
        ) -> list[OutboxItem]:
            if claims:
                raise ConnectionError("the database went away")
            claims.append(now)
            return await super().claim(worker, now, limit=limit, lease=lease, platforms=platforms)

    class UnitOfWork(FakeUnitOfWork):
        @property
        def outbox(self) -> MemoryOutboxRepository:
            return ClaimingOnce(self._active())

    return lambda: UnitOfWork(memory)


async def test_a_failed_claim_of_the_next_batch_lets_the_sends_under_way_be_recorded(
    pushes: Pushes,
) -> None:
    # The next batch is claimed while the last one is still out: if that claim fails, the
    # sends already started still go out and are recorded, not cancelled and left to their
    # lease (which would send them again later).
    people = range(1000, 1000 + DISPATCH_BATCH + 1)
    await pushes.enrol(*people)
    plan = await pushes.release()
    uow, messenger = claiming_once(pushes.memory), FakeMessenger()
    dispatcher = Dispatcher(
        uow_factory=uow,
        messenger=messenger,
        clock=pushes.clock,
        worker="w1",
        in_flight=DISPATCH_BATCH * 2,
    )
    sweeps = Sweeps(app=pushes.app, dispatcher=dispatcher, worker="w1")

    await sweeps.dispatch()

    report = await pushes.report(plan.broadcast_id)
    assert (report.sent, report.pending) == (DISPATCH_BATCH, 1)
    assert len(messenger.sent) == DISPATCH_BATCH
