"""Fixtures for the Slack tests: a running fake Web API and real Bolt apps pointed at it."""

import os
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass

import pytest
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from bots.chat.identities import slack_ref
from bots.slack.application import build_slack_app
from bots.slack.arrivals import SlackArrivals
from bots.slack.settings import SlackConfig
from core.app import ConsultationApp
from tests.bots.conftest import create, document
from tests.fakes.memory import FakeClock, FakeUnitOfWork, MemoryDatabase
from tests.fakes.memory_inbox import MemoryInbox
from tests.fakes.memory_state import MemoryTables
from tests.fakes.slack import FakeSlackApi
from tests.fakes.slack_payloads import SignedRequest, block_actions, slash_command
from tests.fakes.slack_workspace import TEAM_ID
from tests.organiser import add_organiser

SECRET = "test-signing-secret"


@pytest.fixture(autouse=True)
def slack_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """AsyncApp reads SLACK_* variables (a token there would win); keep 127.0.0.1 off proxies."""
    for name in [name for name in os.environ if name.startswith("SLACK_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


@pytest.fixture
async def fake_slack_api() -> AsyncIterator[FakeSlackApi]:
    async with FakeSlackApi() as fake:
        yield fake


def build_client(
    fake: FakeSlackApi, retry_handlers: Sequence[AsyncRetryHandler] | None = None
) -> AsyncWebClient:
    """slack-sdk's client on the fake; None keeps its default (connection errors only)."""
    if retry_handlers is None:
        return AsyncWebClient(token=fake.token, base_url=fake.base_url)
    return AsyncWebClient(
        token=fake.token, base_url=fake.base_url, retry_handlers=list(retry_handlers)
    )


def build_app(fake: FakeSlackApi, client: AsyncWebClient | None = None) -> AsyncApp:
    """A real Bolt AsyncApp verifying signatures with SECRET; one per test (per event loop).

    The client is passed in (not `token=`), or the app would build one aimed at slack.com.
    """
    return AsyncApp(signing_secret=SECRET, client=client or build_client(fake))


async def dispatch(app: AsyncApp, request: SignedRequest) -> BoltResponse:
    body, headers = request
    bolt_headers: dict[str, str | Sequence[str]] = dict(headers)
    return await app.async_dispatch(AsyncBoltRequest(body=body, headers=bolt_headers))


# --- townhall's own Slack app over the fake ----------------------------------------------------

PERSON = "U0001"
DM = "D" + PERSON
ORGANISER = "U0ORG"
CHANNEL = "C0PLAN"


@dataclass
class SlackWorld:
    """townhall's Bolt app on the fake Web API, over an in-memory database and inbox.

    `send` posts a request through the door HTTP mode serves (bots.slack.arrivals): verified,
    stored in `inbox`, answered, then processed by the door's processor.
    """

    fake: FakeSlackApi
    bolt: AsyncApp
    memory: MemoryDatabase
    clock: FakeClock
    inbox: MemoryInbox
    arrivals: SlackArrivals

    async def send(self, request: SignedRequest) -> BoltResponse:
        body, headers = request
        return await self.arrivals.http(headers, body.encode())

    async def settled(self) -> None:
        """Wait until every request taken in is processed."""
        await self.arrivals.processor.drain()

    async def process_again(self, request: SignedRequest) -> BoltResponse:
        """Process a request again, past the inbox, to its end (as after a crash).

        The sweep does this when a process died after processing a request and before marking
        it handled.
        """
        return await dispatch(self.bolt, request)

    def tables(self) -> MemoryTables:
        return self.memory.tables

    def dm(self, user: str = PERSON) -> list[dict[str, object]]:
        return self.fake.messages("D" + user)

    async def press(
        self,
        message: Mapping[str, object],
        label: str,
        *,
        channel: str = DM,
        user: str = PERSON,
        response_id: str = "press",
    ) -> BoltResponse:
        """Press the button whose text contains `label` on a message the fake holds."""
        action_id, value = find_button(message.get("blocks"), label)
        return await self.send(
            block_actions(
                SECRET,
                action_id=action_id,
                value=value,
                channel_id=channel,
                user_id=user,
                user_name=user.lower(),
                message=message,
                response_url=self.fake.response_url(response_id),
            )
        )

    async def press_in_view(
        self, view: Mapping[str, object], label: str, *, occurrence: int = 0, user: str = PERSON
    ) -> BoltResponse:
        action_id, value = find_button(view.get("blocks"), label, occurrence)
        return await self.send(
            block_actions(
                SECRET,
                action_id=action_id,
                value=value,
                view=view,
                user_id=user,
                user_name=user.lower(),
            )
        )

    async def command(
        self, text: str, *, user: str = PERSON, channel: str = DM, response_id: str = "cmd"
    ) -> BoltResponse:
        return await self.send(
            slash_command(
                SECRET,
                text=text,
                user_id=user,
                user_name=user.lower(),
                channel_id=channel,
                response_url=self.fake.response_url(response_id),
            )
        )


def buttons(blocks: object) -> list[tuple[str, str, str]]:
    """(text, action_id, value) of every button in the blocks."""
    found = []
    for block in blocks if isinstance(blocks, list) else []:
        for element in block.get("elements", []) if block.get("type") == "actions" else []:
            found.append((element["text"]["text"], element["action_id"], element["value"]))
    return found


def find_button(blocks: object, label: str, occurrence: int = 0) -> tuple[str, str]:
    matches = [(action, value) for text, action, value in buttons(blocks) if label in text]
    if len(matches) <= occurrence:
        raise AssertionError(f"no button {label!r} in {[text for text, *_ in buttons(blocks)]}")
    return matches[occurrence]


def texts(blocks: object) -> list[str]:
    """The text of every section, header and context element, in order."""
    found: list[str] = []
    for block in blocks if isinstance(blocks, list) else []:
        if isinstance(block.get("text"), dict):
            found.append(block["text"]["text"])
        for element in block.get("elements", []) if block.get("type") == "context" else []:
            found.append(element["text"])
    return found


@pytest.fixture
async def slack(
    fake_slack_api: FakeSlackApi, memory: MemoryDatabase, clock: FakeClock
) -> AsyncIterator[SlackWorld]:
    """Townhall's Slack app for workspace T0001, with "plan" open and U0ORG an organiser."""
    config = SlackConfig(
        base_url=fake_slack_api.base_url, bot_token=fake_slack_api.token, signing_secret=SECRET
    )
    app = ConsultationApp(lambda: FakeUnitOfWork(memory), clock)
    bolt = build_slack_app(config, app)
    await create(memory, clock, content=HOSTILE_DOCUMENT)
    await add_organiser(FakeUnitOfWork(memory), slack_ref(TEAM_ID, ORGANISER))
    inbox = MemoryInbox()
    arrivals = SlackArrivals(bolt, inbox, clock, SECRET)
    world = SlackWorld(
        fake=fake_slack_api, bolt=bolt, memory=memory, clock=clock, inbox=inbox, arrivals=arrivals
    )
    yield world
    await world.settled()


HOSTILE = "Ping <!channel> and <@U123> & *bold* _italic_ ~strike~ <https://evil.example|here>"
HOSTILE_DOCUMENT = document(
    ("1. Purpose", ("The plan sets out what the city will do.", HOSTILE)),
    ("2. Means & <ends>", ("Money comes from the general budget.",)),
)
