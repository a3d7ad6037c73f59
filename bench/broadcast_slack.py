"""The Slack rows of bench/broadcast.py: our Slack sender against the fake Slack Web API.

The fake (tests/fakes/slack.py) runs in a child process, as the Telegram one does; every push
goes through the real SlackDelivery (rendering to Block Kit, the workspace's rate limiter,
conversations.open for a DM, classification) → slack-sdk's AsyncWebClient → aiohttp → HTTP:

  Slack sender, limits high    DMs to distinct people, IN_FLIGHT at a time, limits at
                               1,000,000/s: messages a second (each is two Web API calls)
  Slack sender, real limits    DMs to distinct people at the default 5/s per workspace, the
                               fake enforcing 5/s per workspace and 1/s per conversation
                               (PostingLimits): share of the cap, and the 429s
  Slack sender, one channel    posts to one linked channel at the default 1 s interval, same
                               fake: share of the per-channel cap, and the 429s
"""

import asyncio
import multiprocessing
import time
from collections.abc import Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection

from bots.config import DeliveryConfig
from bots.slack.pacing import SlackPacing
from bots.slack.pushing import SlackDelivery, open_push_session
from bots.slack.tokens import SingleWorkspaceToken
from core.delivery import Recipient
from core.model import Platform
from core.screens import Screen
from core.services.dispatching import IN_FLIGHT
from tests.fakes.slack import DEFAULT_TOKEN, FakeSlackApi
from tests.fakes.slack_limits import PostingLimits
from tests.fakes.slack_workspace import TEAM_ID

HIGH = DeliveryConfig(slack_workspace_rate=1e6, slack_channel_interval=0.0)
CHANNEL = "C0PLAN"


@dataclass(frozen=True, slots=True, kw_only=True)
class Posts:
    """What the fake saw: chat.postMessage arrival times (accepted ones) and the 429s."""

    accepted: tuple[float, ...]
    refused: int

    @property
    def per_second(self) -> float:
        span = self.accepted[-1] - self.accepted[0] if len(self.accepted) > 1 else 0.0
        return (len(self.accepted) - 1) / span if span else float("nan")


def serve_fake(connection: Connection, enforce: bool) -> None:
    """The fake Web API in this process until told to stop; then what it saw goes back."""

    async def serve() -> None:
        async with FakeSlackApi() as fake:
            fake.limits = PostingLimits() if enforce else None
            connection.send(fake.base_url)
            await asyncio.get_running_loop().run_in_executor(None, connection.recv)
            calls = fake.calls_to("chat.postMessage")
            accepted = tuple(sorted(call.at for call in calls if call.status == 200))
            refused = fake.limits.refused if fake.limits else 0
            connection.send(Posts(accepted=accepted, refused=refused))

    asyncio.run(serve())


class FakeSlackServer:
    """A FakeSlackApi in a child process."""

    def __init__(self, *, enforce: bool) -> None:
        self._connection, child = multiprocessing.Pipe()
        self._process = multiprocessing.Process(target=serve_fake, args=(child, enforce))

    def start(self) -> str:
        self._process.start()
        base_url: str = self._connection.recv()
        return base_url

    def stop(self) -> Posts:
        self._connection.send("stop")
        posts: Posts = self._connection.recv()
        self._process.join()
        return posts


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
        delivery = SlackDelivery(
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
) -> tuple[float, Posts]:
    server = FakeSlackServer(enforce=enforce)
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
        per_channel = 1 / limits.slack_channel_interval
        _, posts = measure(one_channel(channel_posts), screen, limits, enforce=True)
        measurement = f"Slack sender, one channel ({per_channel:.0f}/s)"
        rows.append(row(measurement, channel_posts, share(posts, per_channel)))
    return rows


def share(posts: Posts, cap: float) -> str:
    return (
        f"{posts.per_second:.2f}/s = {posts.per_second / cap:.1%} of the cap, "
        f"{posts.refused} × 429"
    )


def row(measurement: str, messages: int, result: str) -> str:
    return f"| {measurement} | {messages:,} messages | {result} |"
