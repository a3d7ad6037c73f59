"""The Slack rows of bench/broadcast.py: our Slack sender against the fake Slack Web API.

The fake (tests/fakes/slack.py) runs in a child process, as the Telegram one does; every push
goes through the real SlackMessenger (rendering to Block Kit, the workspace's rate limiter,
conversations.open for a DM, classification) → slack-sdk's AsyncWebClient → aiohttp → HTTP:

  Slack sender, limits high    DMs to distinct people, IN_FLIGHT at a time, limits at
                               1,000,000/s: messages a second (each is two Web API calls)
  Slack sender, real limits    DMs to distinct people at the default 5/s per workspace, the
                               fake enforcing 5/s per workspace and 1/s per conversation
                               (PostingLimits): share of the cap, and the 429s
  Slack sender, one channel    posts to one linked channel at the default interval, same
                               fake: share of Slack's one a second, and the 429s
"""

import asyncio
import time
from collections.abc import Sequence

from bench.fake_process import Arrivals, FakeProcess
from bots.chat.settings import DeliveryConfig
from bots.slack.messenger import SlackMessenger, open_push_session
from bots.slack.pacing import SlackPacing
from bots.slack.tokens import SingleWorkspaceToken
from core.delivery import Recipient
from core.model import Platform
from core.screens import Screen
from core.services.dispatching import IN_FLIGHT
from tests.fakes.slack import DEFAULT_TOKEN
from tests.fakes.slack_workspace import TEAM_ID

SLACK_PER_CHANNEL = 1.0  # chat.postMessage: about one message a second per conversation
HIGH = DeliveryConfig(slack_workspace_rate=1e6, slack_channel_interval=0.0)
CHANNEL = "C0PLAN"


def people(count: int) -> list[Recipient]:
    return [
        Recipient(
            platform=Platform.SLACK,
            tenant=TEAM_ID,
            address=f"U{number:07d}",
            participant_id=number,
        )
        for number in range(1, count + 1)
    ]


def one_channel(count: int) -> list[Recipient]:
    recipient = Recipient(platform=Platform.SLACK, tenant=TEAM_ID, address=CHANNEL, channel_id=1)
    return [recipient] * count


async def push(
    base_url: str, recipients: Sequence[Recipient], screen: Screen, limits: DeliveryConfig
) -> float:
    """Deliver the screen to every recipient, IN_FLIGHT at a time; returns the seconds."""
    async with open_push_session() as session:
        delivery = SlackMessenger(
            SingleWorkspaceToken(DEFAULT_TOKEN),
            SlackPacing(limits),
            session,
            base_url=base_url,
            command="/townhall",
        )
        slots = asyncio.Semaphore(IN_FLIGHT)

        async def one(recipient: Recipient) -> None:
            async with slots:
                await delivery.deliver(recipient, screen)

        started = time.perf_counter()
        async with asyncio.TaskGroup() as group:
            for recipient in recipients:
                group.create_task(one(recipient))
        return time.perf_counter() - started


def measure(
    recipients: Sequence[Recipient], screen: Screen, limits: DeliveryConfig, *, enforce: bool
) -> tuple[float, Arrivals]:
    server = FakeProcess("slack", enforce=enforce)
    base_url = server.start()
    try:
        seconds = asyncio.run(push(base_url, recipients, screen, limits))
    finally:
        posts = server.stop()
    return seconds, posts


def slack_rows(screen: Screen, *, messages: int, paced: int, channel_posts: int) -> list[str]:
    """The Slack rows of the table, measured one after the other."""
    rows = []
    seconds, posts = measure(people(messages), screen, HIGH, enforce=False)
    rate = f"{len(posts.accepted) / seconds:,.0f}/s ({len(posts.accepted):,} accepted)"
    rows.append(row("Slack sender (DMs), limits high", messages, rate))
    limits = DeliveryConfig()
    cap = limits.slack_workspace_rate
    if paced:
        _, posts = measure(people(paced), screen, limits, enforce=True)
        rows.append(
            row(f"Slack sender (DMs), real limits ({cap:.0f}/s)", paced, share(posts, cap))
        )
    if channel_posts:
        _, posts = measure(one_channel(channel_posts), screen, limits, enforce=True)
        # Measured against Slack's own one a second, not our slightly slower setting.
        measurement = "Slack sender, one channel (Slack's 1/s)"
        rows.append(row(measurement, channel_posts, share(posts, SLACK_PER_CHANNEL)))
    return rows


def share(posts: Arrivals, cap: float) -> str:
    return (
        f"{posts.per_second:.2f}/s = {posts.per_second / cap:.1%} of the cap, "
        f"{posts.refused} × 429"
    )


def row(measurement: str, messages: int, result: str) -> str:
    return f"| {measurement} | {messages:,} messages | {result} |"
