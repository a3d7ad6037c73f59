"""The inbox's processing loop: once per event, a person's events in order, retries, give-ups."""

import asyncio
import json
import logging
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

import pytest

from bots.chat.inbox import (
    MAX_ATTEMPTS,
    ArrivingEvent,
    InboxProcessor,
    Source,
    StoredEvent,
    Timing,
)
from tests.fakes.memory import FakeClock
from tests.fakes.memory_inbox import MemoryInbox

LEASE = timedelta(seconds=30)
TIMING = Timing(lease=LEASE, sweep_interval=3600.0)


def event(key: str, person: str = "ada", **extra: object) -> ArrivingEvent:
    return ArrivingEvent(source="test", key=key, body=json.dumps({"person": person, **extra}))


def person_of(stored: StoredEvent) -> str:
    return str(json.loads(stored.body)["person"])


class Recorder:
    """A handler that records what it handled; a person's events can be held at a gate."""

    def __init__(self) -> None:
        self.handled: list[str] = []
        self.started: list[str] = []
        self.gates: defaultdict[str, asyncio.Event] = defaultdict(asyncio.Event)
        self.failing: set[str] = set()
        self.changed = asyncio.Event()

    async def until(self, condition: Callable[[], bool]) -> None:
        """Wait until the condition on what was handled holds."""
        while not condition():
            self.changed.clear()
            await self.changed.wait()

    async def handle(self, stored: StoredEvent) -> None:
        self.started.append(stored.key)
        body = json.loads(stored.body)
        if body.get("held"):
            await self.gates[stored.key].wait()
        if stored.key in self.failing:
            raise RuntimeError("the handler failed")
        self.handled.append(stored.key)
        self.changed.set()


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def inbox() -> MemoryInbox:
    return MemoryInbox()


@pytest.fixture
def processor(inbox: MemoryInbox, clock: FakeClock, recorder: Recorder) -> InboxProcessor:
    source = Source(name="test", handle=recorder.handle, order_key=person_of)
    return InboxProcessor(inbox, clock, [source], timing=TIMING)


async def test_an_event_is_stored_processed_and_finished_once_however_often_it_arrives(
    processor: InboxProcessor, inbox: MemoryInbox, recorder: Recorder
) -> None:
    first = await processor.accept([event("1"), event("2", "bob")])
    again = await processor.accept([event("1")])
    await processor.drain()
    await processor.accept([event("2", "bob")])
    await processor.drain()

    assert [e.key for e in first] == ["1", "2"]
    assert again == []
    assert sorted(recorder.handled) == ["1", "2"]
    assert inbox.unhandled() == []
    assert inbox.bodies() == {"1": "", "2": ""}


async def test_a_persons_events_run_in_order_while_other_people_go_ahead(
    processor: InboxProcessor, recorder: Recorder
) -> None:
    await processor.accept([event("ada-1", held=True), event("ada-2"), event("bob-1", "bob")])
    await asyncio.wait_for(recorder.until(lambda: "bob-1" in recorder.handled), 5)

    assert recorder.started == ["ada-1", "bob-1"]  # ada-2 waits for ada-1
    recorder.gates["ada-1"].set()
    await processor.drain()
    assert recorder.handled == ["bob-1", "ada-1", "ada-2"]


async def test_a_failed_event_is_retried_after_its_lease_then_given_up_without_its_body(
    processor: InboxProcessor,
    inbox: MemoryInbox,
    recorder: Recorder,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    recorder.failing.add("1")
    await processor.accept([event("1", secret="my private comment")])
    await processor.drain()
    assert [e.key for e in inbox.unhandled()] == ["1"]
    assert await processor.sweep() == 0  # still within its lease

    with caplog.at_level(logging.INFO):
        for _ in range(MAX_ATTEMPTS - 1):
            clock.advance(LEASE + timedelta(seconds=1))
            assert await processor.sweep() == 1
            await processor.drain()

    assert recorder.started == ["1"] * MAX_ATTEMPTS
    assert inbox.unhandled() == []
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings == [f"inbox: gave up on test event 1 after {MAX_ATTEMPTS} attempts"]
    assert all("private" not in r.getMessage() for r in caplog.records)


async def test_events_a_dead_process_held_are_processed_by_the_sweep_after_their_lease(
    processor: InboxProcessor, inbox: MemoryInbox, recorder: Recorder, clock: FakeClock
) -> None:
    # Stored by another process, which died before handling them.
    await inbox.store([event("1"), event("2")], clock.now(), lease=LEASE)
    stop = asyncio.Event()

    clock.advance(LEASE + timedelta(seconds=1))
    running = asyncio.create_task(processor.run(stop))
    await asyncio.wait_for(recorder.until(lambda: len(recorder.handled) == 2), 5)
    stop.set()
    await asyncio.wait_for(running, 5)

    assert recorder.handled == ["1", "2"]
    assert inbox.unhandled() == []


async def test_an_event_still_waiting_here_when_its_lease_passes_is_not_processed_twice(
    processor: InboxProcessor, recorder: Recorder, clock: FakeClock
) -> None:
    await processor.accept([event("1", held=True), event("2")])
    clock.advance(LEASE + timedelta(seconds=1))

    assert await processor.sweep() == 2  # claimed again (a longer lease), not started again
    recorder.gates["1"].set()
    await processor.drain()
    assert recorder.started == ["1", "2"]


async def test_running_forgets_keys_handled_more_than_the_window_ago(
    processor: InboxProcessor, inbox: MemoryInbox, clock: FakeClock
) -> None:
    await processor.accept([event("old")])
    await processor.drain()
    clock.advance(TIMING.window + timedelta(seconds=1))
    await processor.accept([event("recent")])
    await processor.drain()
    stop = asyncio.Event()
    stop.set()

    await processor.run(stop)  # one sweep and one pruning, then it stops

    assert inbox.keys("test") == ["recent"]


async def test_back_pressure_waits_until_events_in_flight_fall_below_the_backlog(
    inbox: MemoryInbox, clock: FakeClock, recorder: Recorder
) -> None:
    source = Source(name="test", handle=recorder.handle, order_key=person_of)
    processor = InboxProcessor(inbox, clock, [source], timing=TIMING, backlog=2)
    await processor.accept([event("1", "ada", held=True), event("2", "bob", held=True)])
    waiting = asyncio.create_task(processor.room())
    await asyncio.sleep(0)

    assert not waiting.done()
    recorder.gates["1"].set()
    await asyncio.wait_for(waiting, 5)
    recorder.gates["2"].set()
    await processor.drain()


async def test_an_event_held_here_past_its_lease_is_not_taken_by_another_process(
    clock: FakeClock, recorder: Recorder
) -> None:
    inbox = WatchedInbox()
    # A lease short enough for `run` to renew it many times while the test waits.
    timing = Timing(lease=timedelta(seconds=0.03), sweep_interval=3600.0)
    source = Source(name="test", handle=recorder.handle, order_key=person_of)
    here = InboxProcessor(inbox, clock, [source], timing=timing)
    elsewhere = InboxProcessor(inbox, clock, [source], timing=timing)
    await here.accept([event("1", held=True)])
    clock.advance(timedelta(minutes=5))  # far past the claim `accept` took
    stop = asyncio.Event()
    running = asyncio.create_task(here.run(stop))

    await asyncio.wait_for(until_claimed_beyond(inbox, clock), 5)  # its first sweep took it
    clock.advance(timedelta(minutes=5))  # the next sweep is an hour away: only renewals help
    await asyncio.wait_for(until_claimed_beyond(inbox, clock), 5)

    assert await elsewhere.sweep() == 0
    recorder.gates["1"].set()
    stop.set()
    await asyncio.wait_for(running, 5)
    assert recorder.started == ["1"]


class WatchedInbox(MemoryInbox):
    """A MemoryInbox that says when claims were renewed."""

    def __init__(self) -> None:
        super().__init__()
        self.renewed = asyncio.Event()

    async def renew(self, ids: Sequence[int], until: datetime) -> None:
        await super().renew(ids, until)
        self.renewed.set()


async def until_claimed_beyond(inbox: WatchedInbox, clock: FakeClock) -> None:
    """Wait until every unhandled event is claimed past the clock's now."""
    while any(until <= clock.now() for until in inbox.claims().values()):
        inbox.renewed.clear()
        await inbox.renewed.wait()
