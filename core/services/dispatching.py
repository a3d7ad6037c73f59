"""The outbox worker: claim due pushes, build each screen from current data, send, record.

Nothing is held in a transaction while a platform is called. A row is marked only while this
worker still holds its lease; if the process dies after sending but before marking, the row is
sent again once the lease ends (at-least-once in that one window, exactly once otherwise).
"""

import asyncio
import contextlib
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from core.delivery import Delivery, DeliveryKind, DeliveryStatus, Outcome, OutcomeKind
from core.intents import SetMuted
from core.model import Consultation, Platform
from core.ports import Clock, Messenger, UnitOfWork, UnitOfWorkFactory
from core.screens import Button, ChannelPost, Opened, Screen, StatisticsReport
from core.services.cards import build_card, channel_card
from core.services.joining import summarise
from core.services.participation import Participation
from core.services.posts import refreshed_post
from core.services.replies import reply_screen
from core.services.reporting import gather_statistics
from core.services.standing import progress_of
from core.wording import describe_deadline

logger = logging.getLogger(__name__)

DELIVERY_LEASE = timedelta(minutes=2)
MAX_ATTEMPTS = 6
BACKOFF = timedelta(seconds=5)  # doubled on every attempt: 5 s, 10 s, 20 s, ... plus jitter
IN_FLIGHT = 32


@dataclass(frozen=True, slots=True, kw_only=True)
class Dispatcher:
    """Sends due outbox rows through a Messenger; one per worker process."""

    uow_factory: UnitOfWorkFactory
    messenger: Messenger
    clock: Clock
    worker: str
    platforms: frozenset[Platform] | None = None
    jitter: Callable[[], float] = random.random
    renew_every: float = DELIVERY_LEASE.total_seconds() / 3

    async def dispatch_due(self, *, limit: int = 200) -> int:
        """Send up to `limit` due rows, several at a time; returns how many were claimed."""
        async with self.uow_factory() as uow:
            claimed = await uow.outbox.claim(
                self.worker,
                self.clock.now(),
                limit=limit,
                lease=DELIVERY_LEASE,
                platforms=self.platforms,
            )
            await uow.commit()
        held = {delivery.id for delivery in claimed}
        keeper = asyncio.create_task(self._keep_leases(held))
        recorder = GroupCommit(self.uow_factory, self._write)
        try:
            slots = asyncio.Semaphore(IN_FLIGHT)
            async with asyncio.TaskGroup() as group:
                for delivery in claimed:
                    group.create_task(self._dispatch_one(delivery, slots, held, recorder))
        finally:
            keeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await keeper
        return len(claimed)

    async def _keep_leases(self, held: set[int]) -> None:
        # A batch can outlast its lease while the rate limiter spaces out sends to one slow
        # chat (18 a minute to a Telegram group); renewing keeps other workers off those rows.
        while held:
            await asyncio.sleep(self.renew_every)
            async with self.uow_factory() as uow:
                until = self.clock.now() + DELIVERY_LEASE
                await uow.outbox.extend(sorted(held), self.worker, until)
                await uow.commit()

    async def _dispatch_one(
        self,
        delivery: Delivery,
        slots: asyncio.Semaphore,
        held: set[int],
        recorder: "GroupCommit",
    ) -> None:
        async with slots:
            async with self.uow_factory() as uow:
                screen = await build_screen(uow, delivery, self.clock.now())
            outcome = (
                None
                if screen is None
                else await self.messenger.deliver(delivery.recipient, screen)
            )
            await recorder.record(delivery, outcome)
            held.discard(delivery.id)

    async def _write(self, uow: UnitOfWork, delivery: Delivery, outcome: Outcome | None) -> None:
        if outcome is None:
            await uow.outbox.finish(
                delivery.id, self.worker, DeliveryStatus.SKIPPED, "no longer due"
            )
        else:
            await self._record(uow, delivery, outcome)

    async def _record(self, uow: UnitOfWork, delivery: Delivery, outcome: Outcome) -> None:
        now, worker = self.clock.now(), self.worker
        if outcome.kind is OutcomeKind.SENT:
            await uow.outbox.mark_sent(delivery.id, worker, now)
            await _remember_post(uow, delivery, outcome, now)
        elif outcome.kind is OutcomeKind.RETRY_AFTER and outcome.retry_after is not None:
            wait_until = now + outcome.retry_after
            await uow.outbox.retry_later(delivery.id, worker, wait_until, outcome.detail)
        elif outcome.kind in (OutcomeKind.TRANSIENT, OutcomeKind.RETRY_AFTER):
            await self._back_off(uow, delivery, outcome, now)
        elif outcome.kind is OutcomeKind.UNREACHABLE:
            await self._give_up_on_recipient(uow, delivery, outcome)
        else:
            logger.warning("delivery %s failed for good: %s", delivery.id, outcome.detail)
            await uow.outbox.finish(delivery.id, worker, DeliveryStatus.FAILED, outcome.detail)

    async def _back_off(
        self, uow: UnitOfWork, delivery: Delivery, outcome: Outcome, now: datetime
    ) -> None:
        if delivery.attempts >= MAX_ATTEMPTS:
            logger.warning(
                "delivery %s failed after %s attempts: %s",
                delivery.id,
                delivery.attempts,
                outcome.detail,
            )
            await uow.outbox.finish(
                delivery.id, self.worker, DeliveryStatus.FAILED, outcome.detail
            )
            return
        wait = BACKOFF * 2 ** (delivery.attempts - 1) * (1 + self.jitter())
        await uow.outbox.retry_later(delivery.id, self.worker, now + wait, outcome.detail)

    async def _give_up_on_recipient(
        self, uow: UnitOfWork, delivery: Delivery, outcome: Outcome
    ) -> None:
        await uow.outbox.finish(
            delivery.id, self.worker, DeliveryStatus.UNREACHABLE, outcome.detail
        )
        await uow.outbox.drop_pending_for(delivery.recipient, f"unreachable: {outcome.detail}")
        if delivery.recipient.participant_id is not None:
            await uow.participants.set_reachable(delivery.recipient.participant_id, False)


async def _remember_post(
    uow: UnitOfWork, delivery: Delivery, outcome: Outcome, now: datetime
) -> None:
    """A paragraph released to a linked chat: keep its message, to refresh its tally later."""
    channel_id, paragraph_id = delivery.recipient.channel_id, delivery.paragraph_id
    if delivery.kind is not DeliveryKind.PARAGRAPH or outcome.message_ref is None:
        return
    if channel_id is not None and paragraph_id is not None:
        await uow.posts.add(channel_id, paragraph_id, outcome.message_ref, now)


Write = Callable[[UnitOfWork, Delivery, Outcome | None], Awaitable[None]]


class GroupCommit:
    """Records the outcomes of concurrent sends, one transaction for several of them.

    Whoever takes the lock commits every outcome that arrived while the previous commit was
    being written, so a busy worker pays one commit (one fsync on SQLite) for many sends
    instead of one each. Each `record` still returns only once its own outcome is committed;
    the window in which a crash would resend a push grows by at most one commit.
    """

    def __init__(self, uow_factory: UnitOfWorkFactory, write: Write) -> None:
        self._uow_factory = uow_factory
        self._write = write
        self._pending: list[tuple[Delivery, Outcome | None, asyncio.Future[None]]] = []
        self._lock = asyncio.Lock()

    async def record(self, delivery: Delivery, outcome: Outcome | None) -> None:
        """Return once this outcome is committed (possibly by another caller's commit)."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._pending.append((delivery, outcome, done))
        async with self._lock:
            if not done.done():
                batch, self._pending = self._pending, []
                await self._commit(batch)
        await done

    async def _commit(
        self, batch: list[tuple[Delivery, Outcome | None, asyncio.Future[None]]]
    ) -> None:
        try:
            async with self._uow_factory() as uow:
                for delivery, outcome, _ in batch:
                    await self._write(uow, delivery, outcome)
                await uow.commit()
        except Exception as error:  # every caller of the batch sees the failure
            for *_, waiting in batch:
                waiting.set_exception(error)
        else:
            for *_, waiting in batch:
                waiting.set_result(None)


async def build_screen(uow: UnitOfWork, delivery: Delivery, now: datetime) -> Screen | None:
    """What the row stands for, from today's data; None when it should no longer be sent."""
    consultation = await uow.consultations.get(delivery.consultation_id)
    if consultation is None:
        return None
    if delivery.kind is DeliveryKind.REFRESH:  # closed too: the post shows the final result
        return await refreshed_post(uow, consultation, delivery.post_id, now)
    if delivery.kind is DeliveryKind.SUMMARY:
        return StatisticsReport(
            consultation_id=consultation.id,
            title=consultation.title,
            deadline=describe_deadline(consultation.closes_at, now),
            statistics=await gather_statistics(uow, consultation.id),
        )
    if not consultation.is_accepting(now):
        return None  # a release or reminder after the close would only confuse
    if delivery.kind is DeliveryKind.OPENING:
        summary = await summarise(uow, consultation, now)
        return Opened(consultation=summary, join_payload=consultation.slug)
    if delivery.recipient.channel_id is not None:
        paragraph = await uow.paragraphs.get(delivery.paragraph_id or 0)
        if paragraph is None:
            return None
        card = await channel_card(uow, consultation, paragraph, now)
        return ChannelPost(card=card, join_payload=consultation.slug)
    return await _personal_screen(uow, delivery, consultation, now)


async def _personal_screen(
    uow: UnitOfWork, delivery: Delivery, consultation: Consultation, now: datetime
) -> Screen | None:
    participant_id = delivery.recipient.participant_id or 0
    participant = await uow.participants.get(participant_id)
    enrolment = await uow.enrolments.get(consultation.id, participant_id)
    if participant is None or enrolment is None or not enrolment.active:
        return None
    participation = Participation(
        participant=participant, consultation=consultation, enrolment=enrolment
    )
    if delivery.kind is DeliveryKind.REMINDER:
        progress = await progress_of(uow, participation, now, reminder=True)
        finished = progress.voted >= progress.total
        return None if finished or enrolment.muted else progress
    if delivery.kind is DeliveryKind.REPLY:
        return await reply_screen(uow, delivery, participation, now)
    paragraph = await uow.paragraphs.get(delivery.paragraph_id or 0)
    if paragraph is None or enrolment.muted:
        return None
    card = await build_card(uow, participation, paragraph, now)
    # A push nobody asked for carries its own way out.
    mute = Button(label="Mute", intent=SetMuted(muted=True, consultation_id=consultation.id))
    return replace(card, buttons=(*card.buttons, (mute,)))
