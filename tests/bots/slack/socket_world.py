"""Townhall's Slack runner in Socket Mode, on the fake Web API and its fake Socket Mode end.

`serving_socket_mode` starts Slack's front end (the real AsyncSocketModeHandler over slack-sdk's
aiohttp client) and waits for its first connection; SocketWorld then sends each request as a
Socket Mode envelope and answers what the client acked, so the helpers written for HTTP mode
(`joined`, `comment_modal`, `submit`, `press`, `command`) drive Socket Mode unchanged.
"""

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from slack_bolt.response import BoltResponse

from bots.runtime.bootstrap import Townhall
from bots.runtime.config import Config
from bots.runtime.front_ends.slack import SlackFrontEnd
from bots.slack.settings import SlackConfig
from core.app import ConsultationApp
from tests.bots.slack.conftest import SlackWorld
from tests.bots.townhall_process import wait_until
from tests.fakes.memory import FakeUnitOfWork
from tests.fakes.slack_payloads import SignedRequest
from tests.fakes.slack_socket import APP_TOKEN, WAIT, FakeSocketMode

STOPPING = 5.0  # seconds the runner gets to close its connection once told to stop


@dataclass
class SocketWorld(SlackWorld):
    """SlackWorld over Socket Mode: `bolt` is unused, the runner serves with its own app."""

    running: asyncio.Task[None] | None = None

    @property
    def socket(self) -> FakeSocketMode:
        return self.fake.socket_mode

    async def settled(self) -> None:
        """Wait until the runner has handled every request in the inbox."""

        async def handled() -> bool:
            return not self.inbox.unhandled()

        await wait_until(handled, "every request handled", deadline=WAIT)

    async def send(self, request: SignedRequest) -> BoltResponse:
        """Deliver as an envelope; the ack's payload is what HTTP mode would answer."""
        envelope_id = await self.socket.deliver(request)
        ack = await self.socket.wait_for_ack(envelope_id)
        body = "" if ack.payload is None else json.dumps(ack.payload)
        return BoltResponse(status=200, body=body)


def socket_config(world: SlackWorld, app_token: str = APP_TOKEN) -> Config:
    """Socket Mode (the default): the bot token and the app-level token, no signing secret."""
    slack = SlackConfig(
        base_url=world.fake.base_url, bot_token=world.fake.token, app_token=app_token
    )
    return Config(slack=slack)


async def nothing_to_check() -> None:
    """The in-memory database always answers."""


def townhall_on(world: SlackWorld) -> Townhall:
    """Townhall wired to the world's in-memory database and clock."""
    app = ConsultationApp(lambda: FakeUnitOfWork(world.memory), world.clock)
    return Townhall(
        app=app,
        unit_of_work=lambda: FakeUnitOfWork(world.memory),
        clock=world.clock,
        check_database=nothing_to_check,
        inbox=world.inbox,
    )


@asynccontextmanager
async def serving_socket_mode(world: SlackWorld) -> AsyncIterator[SocketWorld]:
    """Run townhall's Slack runner on the world's database until the block ends."""
    stop = asyncio.Event()
    running = asyncio.create_task(
        SlackFrontEnd().serve(socket_config(world), townhall_on(world), stop)
    )
    socket_world = SocketWorld(**vars(world), running=running)
    try:
        await socket_world.socket.wait_for_connections(1)
        yield socket_world
    finally:
        stop.set()
        await asyncio.wait_for(running, STOPPING)
