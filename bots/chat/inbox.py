"""The inbox on the front ends' side: its values, and the loop that processes what it holds.

A front end stores what arrives (`InboxProcessor.accept`: one transaction per batch) before it
acknowledges it to the platform, and the processor hands each new event to its source's handler
at once, in this process. Events with the same order key (a person) are handled one after the
other in arrival order; others in parallel, up to `concurrency` at a time. A handled event is
finished (several at once share one transaction). An event whose handler raised stays in the
inbox and is taken again by the sweep when its lease has passed, as are the events of a process
that died holding them: `run` sweeps at start and every `sweep_interval` seconds, and renews
the claims on what this process holds every third of a lease, so a queued or slow event stays
this process's while it lives. After MAX_ATTEMPTS an event is given up: finished, with a
warning naming its source and id only (never its body). `run` also forgets handled keys older
than WINDOW (Telegram redelivers for up to 24 hours, so 48 hours of keys catch every
redelivery).

The values and the port are core.inbox's (storage implements the port and imports no front
end); they are re-exported here for the front ends.
"""

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from bots.chat.inbox_grouping import GroupedWrites
from core.inbox import ArrivingEvent as ArrivingEvent
from core.inbox import Inbox as Inbox
from core.inbox import StoredEvent as StoredEvent
from core.ports import Clock

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
LEASE = timedelta(seconds=60)
WINDOW = timedelta(hours=48)
SWEEP_INTERVAL = 5.0
PRUNE_INTERVAL = 3600.0
SWEEP_BATCH = 100
CONCURRENCY = 32
BACKLOG = CONCURRENCY  # so an event taken starts at once (within its lease)
STOP_TIMEOUT = 30.0

Handler = Callable[[StoredEvent], Awaitable[None]]


def _own_key(event: StoredEvent) -> str:
    return event.key


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    """One platform's events and how to process them.

    `handle` processes one, raising if that failed; events with the same `order_key` (a person)
    are handled in arrival order, one at a time.
    """

    name: str
    handle: Handler
    order_key: Callable[[StoredEvent], str] = _own_key


@dataclass(frozen=True, slots=True, kw_only=True)
class Timing:
    """How long a claim lasts and how often the processor sweeps and prunes."""

    lease: timedelta = LEASE
    sweep_interval: float = SWEEP_INTERVAL
    prune_interval: float = PRUNE_INTERVAL
    window: timedelta = WINDOW


class InboxProcessor:
    """Stores arriving events, processes them, sweeps what crashed processes left."""

    def __init__(
        self,
        inbox: Inbox,
        clock: Clock,
        sources: Sequence[Source],
        *,
        timing: Timing | None = None,
        concurrency: int = CONCURRENCY,
        backlog: int = BACKLOG,
    ) -> None:
        self._inbox = inbox
        self._clock = clock
        self._sources = {source.name: source for source in sources}
        self._timing = timing or Timing()
        self._slots = asyncio.Semaphore(concurrency)
        self._backlog = backlog
        self._tasks: dict[int, asyncio.Task[None]] = {}  # by event id: in flight here
        self._tails: dict[tuple[str, str], asyncio.Task[None]] = {}  # the last task per key
        self._room = asyncio.Event()  # set whenever an event stops being in flight
        self._writes = GroupedWrites(inbox=inbox, lease=self._timing.lease)

    async def accept(self, events: Sequence[ArrivingEvent]) -> list[StoredEvent]:
        """Store the events in one transaction, then start processing the new ones.

        Returns the new ones (a redelivered event is not new). Raises if the store failed:
        then nothing was stored, and the platform must not be told otherwise. Callers at the
        same moment share the transaction (bots.chat.inbox_grouping).
        """
        stored = await self._writes.store(events, self._clock.now())
        self.submit(stored)
        return stored

    def submit(self, events: Sequence[StoredEvent]) -> None:
        """Process claimed events here (an event already in flight here is left to its task)."""
        for event in events:
            if event.id in self._tasks or event.source not in self._sources:
                continue
            tail_key = (event.source, self._sources[event.source].order_key(event))
            task = asyncio.create_task(self._process(event, self._tails.get(tail_key)))
            self._tasks[event.id] = self._tails[tail_key] = task
            task.add_done_callback(partial(self._done, event, tail_key))

    @property
    def in_flight(self) -> int:
        """How many events this process holds and has not finished."""
        return len(self._tasks)

    async def room(self) -> None:
        """Wait until fewer than `backlog` events are in flight (a poller's back-pressure)."""
        while len(self._tasks) >= self._backlog:
            self._room.clear()
            await self._room.wait()

    async def drain(self) -> None:
        """Wait until every event in flight is handled (or left to the sweep)."""
        while self._tasks:
            await asyncio.wait(list(self._tasks.values()))

    async def run(self, stop: asyncio.Event) -> None:
        """Sweep, renew and prune now and then on their intervals until `stop`; then drain.

        Renewing every third of a lease keeps this process's claims two renewals ahead of
        another process's sweep.
        """
        loop = asyncio.get_running_loop()
        chores = (
            (self._timing.lease.total_seconds() / 3, self.renew),
            (self._timing.sweep_interval, self.sweep),
            (self._timing.prune_interval, self.prune),
        )
        done_at: list[float | None] = [None] * len(chores)
        try:
            while True:
                for index, (interval, chore) in enumerate(chores):
                    last = done_at[index]
                    if last is None or loop.time() - last >= interval:
                        done_at[index] = loop.time()
                        await self._guarded(chore())
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), min(i for i, _ in chores))
                if stop.is_set():
                    return
        finally:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.drain(), STOP_TIMEOUT)

    async def renew(self) -> int:
        """Extend the claim on every event in flight here; returns how many.

        An event can wait here longer than a lease, behind its person's earlier events or for a
        free slot; without this another process's sweep would take it and handle it twice.
        """
        held = list(self._tasks)
        await self._inbox.renew(held, self._clock.now() + self._timing.lease)
        return len(held)

    async def sweep(self) -> int:
        """Claim and process the events whose lease has passed; returns how many."""
        total = 0
        for name in self._sources:
            while len(self._tasks) < self._backlog:
                stale = await self._inbox.claim_stale(
                    name, self._clock.now(), limit=SWEEP_BATCH, lease=self._timing.lease
                )
                self.submit(stale)
                total += len(stale)
                if len(stale) < SWEEP_BATCH:
                    break
        return total

    async def prune(self) -> int:
        """Forget the keys of events handled longer ago than the window."""
        pruned = await self._inbox.prune(self._clock.now() - self._timing.window)
        if pruned:
            logger.info("inbox: forgot %s handled events older than %s", pruned, WINDOW)
        return pruned

    async def _process(self, event: StoredEvent, before: asyncio.Task[None] | None) -> None:
        if before is not None:
            await asyncio.wait([before])  # the same person's earlier event first
        async with self._slots:
            if event.attempts > MAX_ATTEMPTS:
                await self._give_up(event)  # its handler never returned: a crash each time
                return
            try:
                await self._sources[event.source].handle(event)
            except Exception as error:  # any failure is retried; its body is never logged
                logger.error(
                    "inbox: %s event %s failed (attempt %s): %s",
                    event.source,
                    event.id,
                    event.attempts,
                    type(error).__name__,
                    exc_info=error,
                )
                if event.attempts >= MAX_ATTEMPTS:
                    await self._give_up(event)
                return
            await self._finish(event.id)

    async def _give_up(self, event: StoredEvent) -> None:
        logger.warning(
            "inbox: gave up on %s event %s after %s attempts",
            event.source,
            event.id,
            event.attempts,
        )
        await self._finish(event.id)

    async def _finish(self, event_id: int) -> None:
        """Finish with whatever else is handled meanwhile, in one transaction."""
        await self._guarded(self._writes.finish(event_id, self._clock.now()))

    def _done(
        self, event: StoredEvent, tail_key: tuple[str, str], task: asyncio.Task[None]
    ) -> None:
        if self._tasks.get(event.id) is task:
            del self._tasks[event.id]
        if self._tails.get(tail_key) is task:
            del self._tails[tail_key]
        if not task.cancelled() and task.exception() is not None:
            logger.error("inbox: processing %s event %s broke", event.source, event.id)
        self._room.set()

    @staticmethod
    async def _guarded(work: Awaitable[object]) -> None:
        """Run inbox upkeep; a database that is down for a moment is retried next time."""
        try:
            await work
        except Exception as error:
            logger.warning("inbox: upkeep failed: %s", type(error).__name__)
