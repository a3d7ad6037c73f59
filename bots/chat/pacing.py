"""Pacing sends within a platform's rate limits: one asyncio RateLimiter per account.

    limiter = RateLimiter(Limits(rate=25, interval=1.0, window_cap=18))
    await limiter.acquire(chat_id, priority=INTERACTIVE, spaced=False)   # an answer: go first
    await limiter.acquire(chat_id, priority=Priority.BULK, windowed=True)  # a group, bulk

Three limits hold at once: a token bucket for the whole account (`rate` per second, holding
`burst` tokens), a minimum `interval` between two sends to one key (a chat), and at most
`window_cap` sends per `window` seconds to a windowed key (Telegram groups). Waiters are served
by priority (lower first), then in arrival order; one whose chat must still wait does not hold
up those behind it whose chats are free. Interactive answers pass `spaced=False`: a person who
pressed a button should not wait a second for the second message of the answer (Telegram
tolerates such bursts), but the send is counted, so the next push to that chat keeps its
distance. Time comes from an injectable monotonic clock and sleep, so tests need not sleep.
"""

import asyncio
import bisect
import itertools
import math
import time
from collections import deque
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass, field

from core.delivery import Priority
from core.screens import Progress, ReplyReceived, Screen, StatisticsReport

INTERACTIVE = 0  # an answer someone waits for; outbox pushes use core Priority (1 to 3)
# Float time drifts: a wait computed to end "exactly" at a refill may end a hair early.
_SLACK = 1e-9
_FORGET_AFTER = 4096  # keys remembered before stale ones are dropped

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True, slots=True, kw_only=True)
class Limits:
    """What one account may send: messages per second overall and per key."""

    rate: float
    burst: float = 1.0
    interval: float = 0.0
    window_cap: int | None = None
    window: float = 60.0

    def __post_init__(self) -> None:
        if not (self.rate > 0 and self.burst >= 1 and self.interval >= 0 and self.window > 0):
            raise ValueError(f"invalid limits: {self}")
        if self.window_cap is not None and self.window_cap < 1:
            raise ValueError(f"invalid limits: {self}")


@dataclass(order=True, slots=True)
class _Waiter:
    priority: int
    order: int
    key: Hashable = field(compare=False)
    spaced: bool = field(compare=False)
    windowed: bool = field(compare=False)
    granted: asyncio.Future[None] = field(compare=False)


class RateLimiter:
    """Hands out permission to send, one message at a time, within `limits`."""

    def __init__(
        self, limits: Limits, *, clock: Clock | None = None, sleep: Sleep | None = None
    ) -> None:
        self.limits = limits
        self._clock = clock or time.monotonic
        self._sleep = sleep or asyncio.sleep
        self._tokens = limits.burst
        self._refilled = self._clock()
        self._last: dict[Hashable, float] = {}
        self._recent: dict[Hashable, deque[float]] = {}
        self._queue: list[_Waiter] = []
        self._order = itertools.count()
        self._arrived = asyncio.Event()
        self._server: asyncio.Task[None] | None = None
        self._forget_at = _FORGET_AFTER

    async def acquire(
        self,
        key: Hashable,
        *,
        priority: int = INTERACTIVE,
        spaced: bool = True,
        windowed: bool = False,
    ) -> None:
        """Return when a message to `key` may be sent; the send is counted from now."""
        if not self._queue and self._take(key, spaced, windowed, self._clock()):
            return
        loop = asyncio.get_running_loop()
        waiter = _Waiter(priority, next(self._order), key, spaced, windowed, loop.create_future())
        bisect.insort(self._queue, waiter)
        self._arrived.set()
        if self._server is None or self._server.done():
            self._server = loop.create_task(self._serve())
        try:
            await waiter.granted
        except asyncio.CancelledError:
            if not waiter.granted.done() or waiter.granted.cancelled():
                self._drop(waiter)
            raise

    @property
    def waiting(self) -> int:
        """How many callers are waiting for permission."""
        return len(self._queue)

    async def _serve(self) -> None:
        while self._queue:
            now = self._clock()
            self._refill(now)
            if self._tokens + _SLACK < 1:
                await self._nap((1 - self._tokens) / self.limits.rate)
                continue
            waiter = next((w for w in self._queue if self._free(w, now)), None)
            if waiter is None:
                ready = min(self._ready_at(w.key, w.windowed, now) for w in self._queue)
                await self._nap(ready - now)
                continue
            self._drop(waiter)
            self._spend(waiter.key, waiter.windowed, now)
            waiter.granted.set_result(None)

    async def _nap(self, seconds: float) -> None:
        """Sleep `seconds`, or less if a new waiter arrives (its chat may be free now)."""
        self._arrived.clear()
        sleeper = asyncio.ensure_future(self._sleep(max(seconds, 0.0)))
        arrival = asyncio.ensure_future(self._arrived.wait())
        try:
            await asyncio.wait({sleeper, arrival}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            sleeper.cancel()
            arrival.cancel()

    def _take(self, key: Hashable, spaced: bool, windowed: bool, now: float) -> bool:
        self._refill(now)
        free = not spaced or self._ready_at(key, windowed, now) <= now + _SLACK
        if self._tokens + _SLACK < 1 or not free:
            return False
        self._spend(key, windowed, now)
        return True

    def _free(self, waiter: _Waiter, now: float) -> bool:
        if waiter.granted.done():
            return False
        return (
            not waiter.spaced or self._ready_at(waiter.key, waiter.windowed, now) <= now + _SLACK
        )

    def _refill(self, now: float) -> None:
        elapsed = max(now - self._refilled, 0.0)
        self._tokens = min(self.limits.burst, self._tokens + elapsed * self.limits.rate)
        self._refilled = now

    def _ready_at(self, key: Hashable, windowed: bool, now: float) -> float:
        """The earliest moment a spaced send to `key` keeps both per-key limits."""
        ready = self._last.get(key, -math.inf) + self.limits.interval
        cap, recent = self.limits.window_cap, self._recent.get(key)
        if windowed and cap is not None and recent:
            while recent and recent[0] <= now - self.limits.window:
                recent.popleft()
            if len(recent) >= cap:
                ready = max(ready, recent[0] + self.limits.window)
        return ready

    def _spend(self, key: Hashable, windowed: bool, now: float) -> None:
        self._tokens -= 1
        self._last[key] = now
        if windowed and self.limits.window_cap is not None:
            self._recent.setdefault(key, deque()).append(now)
        if len(self._last) > self._forget_at:
            self._forget(now)

    def _forget(self, now: float) -> None:
        """Drop keys whose last send no longer limits anything (a long broadcast's chats)."""
        horizon = now - max(self.limits.interval, self.limits.window)
        self._last = {key: at for key, at in self._last.items() if at > horizon}
        self._recent = {key: sends for key, sends in self._recent.items() if key in self._last}
        self._forget_at = max(_FORGET_AFTER, 2 * len(self._last))

    def _drop(self, waiter: _Waiter) -> None:
        index = bisect.bisect_left(self._queue, waiter)
        if index < len(self._queue) and self._queue[index] is waiter:
            del self._queue[index]


def priority_of(screen: Screen) -> int:
    """A push's place behind answers: summaries, then reminders, then paragraph releases."""
    if isinstance(screen, StatisticsReport | ReplyReceived):
        return Priority.NOTICE
    if isinstance(screen, Progress):
        return Priority.REMINDER
    return Priority.BULK
