"""A broadcast to 1,000 participants keeps Telegram's caps, measured on the fake's clock.

Limits are scaled for test speed (250 messages a second overall, one a second per chat); each
participant gets one paragraph, so the per-chat spacing never binds and the overall rate is
what is measured: no one-second window may hold more than the cap plus the bucket's one token.
"""

import time
from collections import defaultdict

from bots.config import DeliveryConfig
from bots.telegram.pacing import telegram_pacing
from tests.bots.delivery.conftest import Pushes
from tests.fakes.telegram import Call
from tests.fakes.telegram_limits import FloodControl

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
    pacing = telegram_pacing(DeliveryConfig(telegram_rate=RATE, telegram_chat_interval=1.0))
    dispatcher = pushes.delivery(pacing)

    started = time.monotonic()
    assert await dispatcher.dispatch_due(limit=PEOPLE) == PEOPLE
    print(f"{PEOPLE} pushes in {time.monotonic() - started:.2f}s")

    calls = pushes.fake.calls_to("sendMessage")
    assert len(calls) == PEOPLE
    assert {call.status for call in calls} == {200}
    assert busiest_second(calls) <= RATE + 1
    per_chat: defaultdict[object, list[float]] = defaultdict(list)
    for call in calls:
        per_chat[call.params["chat_id"]].append(call.at)
    assert len(per_chat) == PEOPLE
    assert (await pushes.report(plan.broadcast_id)).sent == PEOPLE


async def test_paced_pushes_draw_no_429_from_a_fake_that_enforces_the_limits(
    pushes: Pushes,
) -> None:
    pushes.fake.flood = FloodControl(per_second=50)
    await pushes.enrol(*range(30_000, 30_060))
    await pushes.release()
    pacing = telegram_pacing(DeliveryConfig(telegram_rate=40))

    assert await pushes.delivery(pacing).dispatch_due(limit=100) == 60

    assert pushes.fake.flood.refused == 0
    assert len(pushes.fake.calls_to("sendMessage")) == 60


async def test_the_enforcing_fake_answers_429_to_an_unpaced_burst(pushes: Pushes) -> None:
    pushes.fake.flood = FloodControl(per_second=10, chat_interval=1.0)
    await pushes.enrol(*range(30_000, 30_030))
    plan = await pushes.release()

    await pushes.delivery().dispatch_due(limit=100)

    assert pushes.fake.flood.refused > 0
    report = await pushes.report(plan.broadcast_id)
    assert report.pending == pushes.fake.flood.refused  # retried at Telegram's retry_after
