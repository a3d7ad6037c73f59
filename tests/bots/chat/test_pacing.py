"""The rate limiter on fake time: overall rate, spacing per chat, window cap, priorities."""

import asyncio
import itertools
from collections.abc import Hashable, Sequence

import pytest

from bots.chat.pacing import INTERACTIVE, Limits, RateLimiter

BULK = 3


class FakeTime:
    """A monotonic clock that moves only when the limiter sleeps (at once, by the full nap)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds
        await asyncio.sleep(0)


@pytest.fixture
def time() -> FakeTime:
    return FakeTime()


def limiter(time: FakeTime, limits: Limits) -> RateLimiter:
    return RateLimiter(limits, clock=time.clock, sleep=time.sleep)


async def send_all(
    pace: RateLimiter, time: FakeTime, keys: Sequence[Hashable], *, windowed: bool = False
) -> list[tuple[Hashable, float]]:
    """Bulk sends to every key, started in order; returns (key, grant time) as granted."""
    granted: list[tuple[Hashable, float]] = []

    async def one(key: Hashable) -> None:
        await pace.acquire(key, priority=BULK, windowed=windowed)
        granted.append((key, time.now))

    async with asyncio.TaskGroup() as group:
        for key in keys:
            group.create_task(one(key))
    return granted


def most_in_one_window(times: Sequence[float], window: float) -> int:
    ordered = sorted(times)
    return max(
        sum(1 for t in ordered[i:] if t < start + window) for i, start in enumerate(ordered)
    )


async def test_a_hundred_sends_at_fifty_per_second_take_about_two_seconds(time: FakeTime) -> None:
    pace = limiter(time, Limits(rate=50))
    start = time.now
    granted = await send_all(pace, time, range(100))
    times = [at for _, at in granted]
    assert len(granted) == 100
    assert max(times) - start >= 99 / 50 - 1e-6
    assert most_in_one_window(times, 1.0) <= 50 + 1


async def test_sends_one_after_another_keep_the_rate_too(time: FakeTime) -> None:
    pace = limiter(time, Limits(rate=10))
    start = time.now
    for key in range(21):
        await pace.acquire(key, priority=BULK)
    assert time.now - start >= 2.0 - 1e-6


async def test_one_chat_gets_at_most_one_message_per_interval(time: FakeTime) -> None:
    pace = limiter(time, Limits(rate=100, interval=1.0))
    granted = await send_all(pace, time, ["chat"] * 5)
    times = [at for _, at in granted]
    assert all(later - earlier >= 1.0 - 1e-6 for earlier, later in itertools.pairwise(times))


async def test_a_chat_waiting_for_its_interval_does_not_hold_up_other_chats(
    time: FakeTime,
) -> None:
    pace = limiter(time, Limits(rate=100, interval=1.0))
    start = time.now
    granted = await send_all(pace, time, ["busy", "busy", "a", "b", "c"])
    order = [key for key, _ in granted]
    assert order == ["busy", "a", "b", "c", "busy"]
    assert dict(granted)["c"] - start < 0.1


async def test_a_group_gets_at_most_its_window_cap_per_minute(time: FakeTime) -> None:
    pace = limiter(time, Limits(rate=100, window_cap=18, window=60.0))
    start = time.now
    granted = await send_all(pace, time, [-100] * 20, windowed=True)
    times = [at for _, at in granted]
    assert most_in_one_window(times, 60.0) <= 18
    assert times[18] - start >= 60.0 - 1e-6


async def test_the_window_cap_applies_only_to_windowed_chats(time: FakeTime) -> None:
    pace = limiter(time, Limits(rate=100, window_cap=18, window=60.0))
    start = time.now
    await send_all(pace, time, [42] * 20)
    assert time.now - start < 1.0


async def test_interactive_answers_go_before_queued_bulk_sends(time: FakeTime) -> None:
    pace = limiter(time, Limits(rate=10))
    await pace.acquire("drain", priority=BULK)  # the bucket is empty now: everyone queues
    granted: list[str] = []

    async def send(key: str, priority: int) -> None:
        await pace.acquire(key, priority=priority)
        granted.append(key)

    async with asyncio.TaskGroup() as group:
        for index in range(5):
            group.create_task(send(f"bulk-{index}", BULK))
        group.create_task(send("reminder", 2))
        group.create_task(send("answer", INTERACTIVE))
    assert granted[:2] == ["answer", "reminder"]
    assert granted[2:] == [f"bulk-{index}" for index in range(5)]


async def test_waiters_of_equal_priority_are_served_in_arrival_order(time: FakeTime) -> None:
    pace = limiter(time, Limits(rate=20, interval=0.5))
    keys = [f"chat-{index % 7}" for index in range(40)]
    granted = await send_all(pace, time, keys)
    per_chat: dict[Hashable, list[float]] = {}
    for key, at in granted:
        per_chat.setdefault(key, []).append(at)
    assert len(granted) == 40
    # Every chat is served in turn: no chat gets its k-th message before another its (k-1)-th.
    rounds = [sorted(times) for times in per_chat.values()]
    for k in range(1, 5):
        assert max(times[k - 1] for times in rounds) <= min(
            times[k] for times in rounds if len(times) > k
        )


async def test_an_unspaced_answer_skips_the_chat_interval_but_counts(time: FakeTime) -> None:
    pace = limiter(time, Limits(rate=100, interval=1.0))
    start = time.now
    await pace.acquire(42, priority=INTERACTIVE, spaced=False)
    await pace.acquire(42, priority=INTERACTIVE, spaced=False)
    assert time.now - start < 0.1
    await pace.acquire(42, priority=BULK)
    assert time.now - start >= 1.0 - 1e-6


async def test_a_cancelled_waiter_leaves_the_queue_without_spending(time: FakeTime) -> None:
    pace = limiter(time, Limits(rate=1))
    await pace.acquire("first")
    waiting = asyncio.create_task(pace.acquire("cancelled", priority=BULK))
    await asyncio.sleep(0)
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting
    assert pace.waiting == 0
    before = time.now
    await pace.acquire("next", priority=BULK)
    assert time.now - before <= 1.0 + 1e-6


async def test_the_limiter_works_on_real_time_too() -> None:
    pace = RateLimiter(Limits(rate=500, interval=0.01))
    async with asyncio.TaskGroup() as group:
        for index in range(30):
            group.create_task(pace.acquire(index % 3, priority=BULK))
    assert pace.waiting == 0


def test_limits_refuse_nonsense() -> None:
    with pytest.raises(ValueError, match="invalid limits"):
        Limits(rate=0)
    with pytest.raises(ValueError, match="invalid limits"):
        Limits(rate=1, window_cap=0)
