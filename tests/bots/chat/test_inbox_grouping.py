"""Stores that arrive together share one transaction, and each caller gets its own events."""

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest

from bots.chat.inbox import ArrivingEvent, InboxProcessor, Source, StoredEvent
from bots.chat.inbox_grouping import GroupedWrites
from tests.fakes.memory import FakeClock
from tests.fakes.memory_inbox import InboxUnavailable, MemoryInbox

NOW = datetime(2027, 1, 15, 12, tzinfo=UTC)
LEASE = timedelta(seconds=30)


class HeldInbox(MemoryInbox):
    """A MemoryInbox whose stores wait at a gate, and which counts them."""

    def __init__(self) -> None:
        super().__init__()
        self.stores: list[list[str]] = []
        self.gate = asyncio.Event()

    async def store(
        self, events: Sequence[ArrivingEvent], now: datetime, *, lease: timedelta
    ) -> list[StoredEvent]:
        self.stores.append([event.key for event in events])
        await self.gate.wait()
        return await super().store(events, now, lease=lease)


def arriving(key: str) -> ArrivingEvent:
    return ArrivingEvent(source="telegram", key=key, body="{}")


def keys(events: Sequence[StoredEvent]) -> list[str]:
    return [event.key for event in events]


async def test_events_accepted_during_a_store_are_written_together_and_answered_apart(
    clock: FakeClock,
) -> None:
    inbox = HeldInbox()
    handled: list[str] = []

    async def handle(event: StoredEvent) -> None:
        handled.append(event.key)

    processor = InboxProcessor(inbox, clock, [Source(name="telegram", handle=handle)])
    first = asyncio.create_task(processor.accept([arriving("1")]))
    await asyncio.sleep(0)  # the first store is being written
    later = [
        asyncio.create_task(processor.accept(events))
        for events in ([arriving("2")], [arriving("3"), arriving("1")], [arriving("3")])
    ]
    await asyncio.sleep(0)

    inbox.gate.set()
    results = [keys(await task) for task in (first, *later)]
    await processor.drain()

    assert inbox.stores == [["1"], ["2", "3", "1", "3"]]  # two transactions for four callers
    assert results == [["1"], ["2"], ["3"], []]  # "1" was stored already; "3" is new once
    assert sorted(handled) == ["1", "2", "3"]


async def test_every_caller_of_a_group_whose_store_fails_gets_the_error() -> None:
    inbox = HeldInbox()
    writes = GroupedWrites(inbox=inbox, lease=LEASE)
    first = asyncio.create_task(writes.store([arriving("1")], NOW))
    await asyncio.sleep(0)
    group = [asyncio.create_task(writes.store([arriving(k)], NOW)) for k in ("2", "3")]
    await asyncio.sleep(0)
    inbox.fail_next_store = 2  # the first store's turn comes first, then the group's

    inbox.gate.set()

    for task in (first, *group):
        with pytest.raises(InboxUnavailable):
            await task
    assert inbox.stores == [["1"], ["2", "3"]]
    assert await writes.store([arriving("2")], NOW) != []  # nothing of the group was stored
