"""Slack pushes keep the per-channel interval and the workspace cap, measured at the fake.

The real Dispatcher sends through SlackMessenger to the fake Web API, in real time, at limits
scaled for speed (0.2 s per channel instead of 1 s, 20 a second per workspace instead of 5) so
that the two timed tests take about 2.5 s together; the fake's arrival times are measured.
"""

import itertools

from bots.chat.settings import DeliveryConfig
from bots.slack.pacing import SlackPacing
from tests.bots.delivery.slack_pushes import CHANNEL, SlackPushes
from tests.fakes.slack import Call


def busiest_second(calls: list[Call]) -> int:
    """The most calls that arrived within any one second."""
    arrivals = sorted(call.at for call in calls)
    most, first = 0, 0
    for last, at in enumerate(arrivals):
        while arrivals[first] <= at - 1.0:
            first += 1
        most = max(most, last - first + 1)
    return most


async def test_pushes_to_one_channel_are_spaced_by_the_channel_interval(
    slack_pushes: SlackPushes,
) -> None:
    await slack_pushes.link()
    await slack_pushes.release(None)  # all five paragraphs at once, to the one channel
    limits = DeliveryConfig(slack_workspace_rate=100.0, slack_channel_interval=0.2)

    assert await slack_pushes.dispatcher(slack_pushes.delivery(limits)).dispatch_due() == 5

    arrivals = [call.at for call in slack_pushes.posts(CHANNEL)]
    assert len(arrivals) == 5
    # Granted 0.2 s apart; the first request also opens the connection, so the fake may see
    # the first gap a few milliseconds short (bench/README.md, Slack). Unpaced: about 1 ms.
    assert min(later - earlier for earlier, later in itertools.pairwise(arrivals)) >= 0.17


async def test_a_workspace_cap_holds_in_every_second(slack_pushes: SlackPushes) -> None:
    people = [f"U{number:04d}" for number in range(30)]
    await slack_pushes.enrol(*people)
    await slack_pushes.release()
    rate = 20.0
    limits = DeliveryConfig(slack_workspace_rate=rate, slack_channel_interval=1.0)

    assert await slack_pushes.dispatcher(slack_pushes.delivery(limits)).dispatch_due() == 30

    posts = slack_pushes.posts()
    assert {call.status for call in posts} == {200}
    assert busiest_second(posts) <= rate + 1  # the bucket holds one token at the start


def test_each_workspace_has_its_own_limiter_from_the_delivery_settings() -> None:
    pacing = SlackPacing(DeliveryConfig(slack_workspace_rate=3.0, slack_channel_interval=2.0))

    first, again, other = pacing.workspace("T1"), pacing.workspace("T1"), pacing.workspace("T2")

    assert first is again
    assert first is not other
    assert (first.limits.rate, first.limits.interval) == (3.0, 2.0)
