"""A broadcast to 1,000 participants keeps Telegram's caps, measured on the fake's clock.

Each participant gets one paragraph, so the per-chat spacing never binds and the overall rate
is what is measured: no one-second window may hold more than the cap plus the bucket's one
token. The limiter and the fake share a PacedTime, so the test takes no real time to wait and
its figures do not depend on how busy the machine is.
"""

import asyncio
from collections import defaultdict
from collections.abc import Hashable

from bots.chat.pacing import INTERACTIVE
from bots.chat.settings import DeliveryConfig
from bots.telegram.pacing import TelegramPacing, telegram_pacing
from tests.bots.delivery.conftest import Pushes
from tests.fakes.telegram import Call, FakeBotApi
from tests.fakes.telegram_limits import FloodControl


class PacedTime:
    """Time shared by a rate limiter and the fake it sends to, moved only by the limiter.

    When the limiter sleeps, the time moves by the whole nap, but only once every send the
    limiter has let through has reached the fake: each message is stamped at the fake with the
    moment it was allowed, however long the machine took to deliver it.
    """

    def __init__(self, fake: FakeBotApi) -> None:
        self.now = 1000.0
        self.allowed = 0
        self._fake = fake
        fake.clock = self.clock

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        await self._fake.wait_until(
            lambda: len(self._fake.calls_to("sendMessage")) >= self.allowed
        )
        self.now += seconds
        await asyncio.sleep(0)

    def pacing(self, config: DeliveryConfig) -> TelegramPacing:
        """The bot's limiters on this time, counting the sends they allow."""
        pacing = telegram_pacing(config, clock=self.clock, sleep=self.sleep)
        acquire = pacing.standard.acquire

        async def counted(
            key: Hashable,
            *,
            priority: int = INTERACTIVE,
            spaced: bool = True,
            windowed: bool = False,
        ) -> None:
            await acquire(key, priority=priority, spaced=spaced, windowed=windowed)
            self.allowed += 1

        pacing.standard.acquire = counted  # type: ignore[method-assign]
        return pacing


PEOPLE = 1000
RATE = 250


def busiest_second(calls: list[Call]) -> int:
    """The most calls that arrived within any one second."""
    arrivals = sorted(call.at for call in calls)
    most, first = 0, 0
    for last, at in enumerate(arrivals):
        while arrivals[first] <= at - 1.0:
            first += 1
        most = max(most, last - first + 1)
    return most


async def test_a_broadcast_to_a_thousand_people_keeps_the_overall_and_per_chat_caps(
    pushes: Pushes,
) -> None:
    users = range(10_000, 10_000 + PEOPLE)
    await pushes.enrol(*users)
    plan = await pushes.release()
    time = PacedTime(pushes.fake)
    pacing = time.pacing(DeliveryConfig(telegram_rate=RATE, telegram_chat_interval=1.0))
    started = time.now

    assert await pushes.delivery(pacing).dispatch_due(limit=PEOPLE) == PEOPLE

    calls = pushes.fake.calls_to("sendMessage")
    assert len(calls) == PEOPLE
    assert {call.status for call in calls} == {200}
    assert busiest_second(calls) <= RATE + 1
    per_chat: defaultdict[object, list[float]] = defaultdict(list)
    for call in calls:
        per_chat[call.params["chat_id"]].append(call.at)
    assert len(per_chat) == PEOPLE
    assert (await pushes.report(plan.broadcast_id)).sent == PEOPLE
    assert time.now - started >= (PEOPLE - 1) / RATE  # no faster than the cap allows


async def test_paced_pushes_draw_no_429_from_a_fake_that_enforces_the_limits(
    pushes: Pushes,
) -> None:
    pushes.fake.flood = FloodControl(per_second=50)
    await pushes.enrol(*range(30_000, 30_060))
    await pushes.release()
    pacing = PacedTime(pushes.fake).pacing(DeliveryConfig(telegram_rate=40))

    assert await pushes.delivery(pacing).dispatch_due(limit=100) == 60

    assert pushes.fake.flood.refused == 0
    assert len(pushes.fake.calls_to("sendMessage")) == 60


async def test_the_enforcing_fake_answers_429_to_an_unpaced_burst(pushes: Pushes) -> None:
    pushes.fake.flood = FloodControl(per_second=10, chat_interval=1.0)
    # Unpaced, the 30 sends are one burst: they arrive at one instant of the fake's time,
    # however long a busy machine takes to carry them there.
    pushes.fake.clock = lambda: 1000.0
    await pushes.enrol(*range(30_000, 30_030))
    plan = await pushes.release()

    await pushes.delivery().dispatch_due(limit=100)

    assert pushes.fake.flood.refused > 0
    report = await pushes.report(plan.broadcast_id)
    assert report.pending == pushes.fake.flood.refused  # retried at Telegram's retry_after
