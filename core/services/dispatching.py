"""The outbox worker: claim due pushes, build each screen from current data, send, record.

Nothing is held in a transaction while a platform is called. A row is marked only while this
worker still holds its lease; if the process dies after sending but before marking, the row is
sent again once the lease ends (at-least-once in that one window, exactly once otherwise).
"""

import asyncio
import contextlib
import logging
import random
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from core.delivery import DeliveryKind, DeliveryStatus, OutboxItem, Outcome, OutcomeKind
from core.model import Platform
from core.ports import Clock, Messenger, UnitOfWork, UnitOfWorkFactory
from core.screens import Screen
from core.services.group_commit import GroupCommit, Recorded
from core.services.push_screens import build_screens

logger = logging.getLogger(__name__)

DELIVERY_LEASE = timedelta(minutes=2)
MAX_ATTEMPTS = 6
BACKOFF = timedelta(seconds=5)  # doubled on every attempt: 5 s, 10 s, 20 s, ... plus jitter
IN_FLIGHT = 32


def _once() -> bool:
    return False


def _always() -> bool:
    return True


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
    in_flight: int = IN_FLIGHT
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep  # between lease renewals

    async def dispatch_due(self, *, limit: int = 200) -> int:
        """Send up to `limit` due rows, several at a time; returns how many were claimed."""
        return await self.drain(batch=limit, going=_once)

    async def drain(self, *, batch: int = 200, going: Callable[[], bool] = _always) -> int:
        """Send due rows `batch` at a time until fewer are due or `going()` says stop.

        The next batch is claimed as soon as the last send of the current one has started,
        while those sends are still out, so the worker never waits on the database with its
        sends idle. Returns how many rows were claimed.
        """
        held: set[int] = set()
        recorder = GroupCommit(self.uow_factory, self._write)
        slots = asyncio.Semaphore(self.in_flight)
        keeper = asyncio.create_task(self._keep_leases(held))
        try:
            async with asyncio.TaskGroup() as group:
                return await self._claim_and_send(batch, going, group, slots, held, recorder)
        finally:
            keeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await keeper

    async def _claim_and_send(
        self,
        batch: int,
        going: Callable[[], bool],
        group: asyncio.TaskGroup,
        slots: asyncio.Semaphore,
        held: set[int],
        recorder: GroupCommit,
    ) -> int:
        total = 0
        while True:
            try:
                claimed = await self._claim(batch)
            except Exception:  # the sends under way finish and are recorded first
                if not total:
                    raise
                logger.exception("claiming more pushes failed; the next run tries again")
                return total
            held.update(delivery.id for delivery in claimed)
            total += len(claimed)
            await self._start_sends(claimed, group, slots, held, recorder)
            if len(claimed) < batch or not going():
                return total

    async def _claim(self, limit: int) -> list[OutboxItem]:
        async def claim(uow: UnitOfWork) -> list[OutboxItem]:
            claimed = await uow.outbox.claim(
                self.worker,
                self.clock.now(),
                limit=limit,
                lease=DELIVERY_LEASE,
                platforms=self.platforms,
            )
            await uow.commit()
            return claimed

        return await self.uow_factory().perform(claim)

    async def _start_sends(
        self,
        claimed: list[OutboxItem],
        group: asyncio.TaskGroup,
        slots: asyncio.Semaphore,
        held: set[int],
        recorder: GroupCommit,
    ) -> None:
        # Screens are built a part at a time, once that many sends have a free slot: each
        # card is at most one part older than its send, and half the slots keep sending
        # while the next part is built.
        size = max(1, self.in_flight // 2)
        for start in range(0, len(claimed), size):
            part = claimed[start : start + size]
            for _ in part:
                await slots.acquire()
            screens = await self.uow_factory().perform(
                partial(build_screens, deliveries=part, now=self.clock.now())
            )
            for delivery in part:
                send = self._send(delivery, screens[delivery.id], slots)
                group.create_task(self._keep(delivery, send, held, recorder))

    async def _keep_leases(self, held: set[int]) -> None:
        # A batch can outlast its lease while the rate limiter spaces out sends to one slow
        # chat (18 a minute to a Telegram group); renewing keeps other workers off those rows.
        while True:
            await self.sleep(self.renew_every)
            if not held:
                continue
            await self.uow_factory().perform(partial(self._extend, sorted(held)))

    async def _extend(self, ids: list[int], uow: UnitOfWork) -> None:
        await uow.outbox.extend(ids, self.worker, self.clock.now() + DELIVERY_LEASE)
        await uow.commit()

    async def _send(
        self, delivery: OutboxItem, screen: Screen | None, slots: asyncio.Semaphore
    ) -> Outcome | None:
        """The send's outcome (None: not sent); its slot is free for the next once it is back."""
        try:
            return None if screen is None else await self._deliver(delivery, screen)
        finally:
            slots.release()

    @staticmethod
    async def _keep(
        delivery: OutboxItem,
        send: Awaitable[Outcome | None],
        held: set[int],
        recorder: GroupCommit,
    ) -> None:
        await recorder.record(delivery, await send)
        held.discard(delivery.id)

    async def _deliver(self, delivery: OutboxItem, screen: Screen) -> Outcome:
        """The messenger's outcome; an error it did not classify is this row's alone."""
        try:
            return await self.messenger.deliver(delivery.recipient, screen)
        except Exception as error:  # the other sends of the batch go on
            logger.exception("delivery %s: the messenger failed", delivery.id)
            return Outcome(kind=OutcomeKind.TRANSIENT, detail=type(error).__name__)

    async def _write(self, uow: UnitOfWork, outcomes: Sequence[Recorded]) -> None:
        now = self.clock.now()
        sent = [d.id for d, outcome in outcomes if outcome and outcome.kind is OutcomeKind.SENT]
        await uow.outbox.mark_all_sent(sent, self.worker, now)
        for delivery, outcome in outcomes:
            if outcome is None:
                await uow.outbox.finish(
                    delivery.id, self.worker, DeliveryStatus.SKIPPED, "no longer due"
                )
            elif outcome.kind is OutcomeKind.SENT:
                await _remember_post(uow, delivery, outcome, now)
            else:
                await self._record(uow, delivery, outcome, now)

    async def _record(
        self, uow: UnitOfWork, delivery: OutboxItem, outcome: Outcome, now: datetime
    ) -> None:
        worker = self.worker
        if outcome.kind is OutcomeKind.RETRY_AFTER and outcome.retry_after is not None:
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
        self, uow: UnitOfWork, delivery: OutboxItem, outcome: Outcome, now: datetime
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
        self, uow: UnitOfWork, delivery: OutboxItem, outcome: Outcome
    ) -> None:
        await uow.outbox.finish(
            delivery.id, self.worker, DeliveryStatus.UNREACHABLE, outcome.detail
        )
        await uow.outbox.drop_pending_for(delivery.recipient, f"unreachable: {outcome.detail}")
        if delivery.recipient.participant_id is not None:
            await uow.participants.set_reachable(delivery.recipient.participant_id, False)


async def _remember_post(
    uow: UnitOfWork, delivery: OutboxItem, outcome: Outcome, now: datetime
) -> None:
    """A paragraph released to a linked chat: keep its message, to refresh its tally later."""
    channel_id, paragraph_id = delivery.recipient.channel_id, delivery.paragraph_id
    if delivery.kind is not DeliveryKind.PARAGRAPH or outcome.message_ref is None:
        return
    if channel_id is not None and paragraph_id is not None:
        await uow.posts.add(channel_id, paragraph_id, outcome.message_ref, now)
