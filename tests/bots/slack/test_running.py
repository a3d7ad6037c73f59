"""Running Slack: HTTP mode over real HTTP through `/slack/events` on SQLite, and its checks."""

import asyncio
import hashlib
import hmac
import logging
import socket
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from bots.chat.settings import ConfigError
from bots.runtime.bootstrap import Townhall, open_townhall
from bots.runtime.config import Config, DatabaseConfig, ServerConfig
from bots.runtime.front_ends.slack import SlackFrontEnd
from bots.runtime.server import build_server
from bots.slack.application import build_slack_app
from bots.slack.runner import EVENTS_PATH, check_slack_config, slack_routes
from bots.slack.settings import SlackConfig, SlackMode
from core.app import ConsultationApp
from core.model import NewConsultation, Privacy, ResultsVisibility, Status
from storage.migrate import upgrade_database
from tests.bots.conftest import THREE_PARAGRAPHS, create
from tests.bots.slack.conftest import DM, SECRET, SlackWorld, dispatch, find_button
from tests.fakes.memory import FakeClock, FakeUnitOfWork, MemoryDatabase
from tests.fakes.slack import FakeSlackApi
from tests.fakes.slack_payloads import FORM, block_actions, signed_headers, slash_command
from tests.organiser import create_consultation

TIMESTAMP = "X-Slack-Request-Timestamp"
SIGNATURE = "X-Slack-Signature"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@asynccontextmanager
async def sqlite_townhall(tmp_path: Path, clock: FakeClock) -> AsyncIterator[Townhall]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'townhall.db'}"
    await upgrade_database(url)
    async with open_townhall(DatabaseConfig(url=url), clock) as townhall:
        new = NewConsultation(
            slug="plan",
            title="Plan",
            description="A plan for the city.",
            opens_at=clock.now(),
            closes_at=clock.now() + timedelta(days=10),
            status=Status.OPEN,
            privacy=Privacy.PUBLIC,
            results_visibility=ResultsVisibility.LIVE,
        )
        await create_consultation(townhall.unit_of_work(), new, THREE_PARAGRAPHS, clock.now())
        yield townhall


async def started(client: httpx.AsyncClient) -> None:
    for _ in range(100):
        try:
            await client.get("/healthz")
            return
        except httpx.TransportError:
            await asyncio.sleep(0.05)
    raise TimeoutError("the server did not start")


async def votes_stored(townhall: Townhall) -> int:
    async with townhall.unit_of_work() as uow:
        return await uow.votes.count_by(1, 1)


def http_config(fake_slack_api: FakeSlackApi) -> Config:
    slack = SlackConfig(
        mode=SlackMode.HTTP,
        base_url=fake_slack_api.base_url,
        bot_token=fake_slack_api.token,
        signing_secret=SECRET,
    )
    return Config(slack=slack, server=ServerConfig(host="127.0.0.1", port=free_port()))


async def join_and_vote(client: httpx.AsyncClient, fake_slack_api: FakeSlackApi) -> None:
    """/townhall join plan in the DM, then Agree on the card that comes."""
    body, headers = slash_command(SECRET, text="join plan", channel_id=DM)
    await client.post(EVENTS_PATH, content=body, headers=headers)
    await fake_slack_api.wait_for("chat.postMessage", count=2)
    card = fake_slack_api.messages(DM)[-1]
    action_id, value = find_button(card["blocks"], "Agree")
    body, headers = block_actions(
        SECRET, action_id=action_id, value=value, channel_id=DM, message=card
    )
    await client.post(EVENTS_PATH, content=body, headers=headers)
    await fake_slack_api.wait_for("chat.postMessage", count=3)


async def test_a_running_slack_app_makes_its_web_api_calls_over_one_kept_alive_connection(
    fake_slack_api: FakeSlackApi, tmp_path: Path, clock: FakeClock
) -> None:
    config, stop = http_config(fake_slack_api), asyncio.Event()
    async with sqlite_townhall(tmp_path, clock) as townhall:
        running = asyncio.create_task(SlackFrontEnd().serve(config, townhall, stop))
        url = f"http://127.0.0.1:{config.server.port}"
        async with httpx.AsyncClient(base_url=url) as client:
            await started(client)
            await join_and_vote(client, fake_slack_api)
        stop.set()
        await asyncio.wait_for(running, 5)

    assert len(fake_slack_api.calls) >= 4  # conversations.open, two cards, update, next card
    assert {call.connection for call in fake_slack_api.calls} == {
        fake_slack_api.calls[0].connection
    }


async def test_slack_over_real_http_refuses_forgeries_and_serves_a_join_and_a_vote(
    fake_slack_api: FakeSlackApi, tmp_path: Path, clock: FakeClock
) -> None:
    config = http_config(fake_slack_api)
    port = config.server.port
    stop = asyncio.Event()
    async with sqlite_townhall(tmp_path, clock) as townhall:
        running = asyncio.create_task(SlackFrontEnd().serve(config, townhall, stop))
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            await started(client)
            body, headers = slash_command(SECRET, text="join plan", channel_id=DM)
            forged = await client.post(
                EVENTS_PATH, content=body, headers=signed_headers(body, "not-the-secret")
            )
            assert forged.status_code == 401
            assert fake_slack_api.calls == []

            joined = await client.post(EVENTS_PATH, content=body, headers=headers)
            assert joined.status_code == 200
            await fake_slack_api.wait_for("chat.postMessage", count=2)
            card = fake_slack_api.messages(DM)[-1]
            action_id, value = find_button(card["blocks"], "Agree")
            body, headers = block_actions(
                SECRET, action_id=action_id, value=value, channel_id=DM, message=card
            )
            pressed = await client.post(EVENTS_PATH, content=body, headers=headers)
            await fake_slack_api.wait_for("chat.update")
        stop.set()
        await asyncio.wait_for(running, 5)
        assert await votes_stored(townhall) == 1

    assert pressed.status_code == 200
    [updated] = fake_slack_api.calls_to("chat.update")
    assert updated.params["ts"] == card["ts"]


@pytest.mark.parametrize(
    ("mode", "missing"),
    [(SlackMode.SOCKET, "SLACK_APP_TOKEN"), (SlackMode.HTTP, "SLACK_SIGNING_SECRET")],
)
def test_each_mode_asks_for_its_own_secret(mode: SlackMode, missing: str) -> None:
    config = Config(slack=SlackConfig(mode=mode, bot_token="xoxb-1"))

    with pytest.raises(ConfigError, match=missing):
        check_slack_config(config.slack)


async def no_check() -> None:
    return None


def signed(body: bytes, content_type: str = FORM) -> dict[str, str]:
    """Headers signing the raw bytes (slack-sdk's signer decodes them as UTF-8 first)."""
    stamp = str(int(time.time()))
    digest = hmac.new(SECRET.encode(), f"v0:{stamp}:".encode() + body, hashlib.sha256)
    return {"Content-Type": content_type, TIMESTAMP: stamp, SIGNATURE: f"v0={digest.hexdigest()}"}


# Signed when the test runs, not when it is collected: a stamp taken at collection is older
# than Slack's five minutes by the time a long suite reaches the test, and is refused (401).
UNREADABLE_STAMP = None


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"command=%2Ftownhall&text=join+plan", UNREADABLE_STAMP),
        (b"payload=%7Bnot-json", FORM),
        (b"payload=%5B1%5D", FORM),
        (b"{not json", "application/json"),
        (b"[1, 2]", "application/json"),
        (b"command=\xff", FORM),
    ],
)
async def test_a_malformed_request_gets_400_and_one_warning_without_a_traceback(
    slack: SlackWorld, caplog: pytest.LogCaptureFixture, body: bytes, content_type: str | None
) -> None:
    server = build_server(no_check, slack_routes(slack.bolt, slack.arrivals))
    unreadable = {TIMESTAMP: "soon", SIGNATURE: "v0=0"}
    headers = unreadable if content_type is None else signed(body, content_type)

    with caplog.at_level(logging.DEBUG):
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(server), base_url="http://townhall.test"
        ) as client:
            response = await client.post(EVENTS_PATH, content=body, headers=headers)

    assert response.status_code == 400
    assert [record for record in caplog.records if record.exc_info] == []
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert warnings == ["Slack: refused a request that is not readable (400)"]
    assert slack.fake.calls == []
    assert slack.tables().participants == {}


@pytest.mark.parametrize(
    "body",
    [b"payload=%7Bnot-json", b"{not json", b"[1, 2]", b"\xff\xfe", b"command=%2Ftownhall"],
)
@pytest.mark.parametrize("signature", [None, "v0=0", "forged"])
async def test_an_unsigned_or_forged_request_gets_401_before_its_body_is_parsed(
    slack: SlackWorld, caplog: pytest.LogCaptureFixture, body: bytes, signature: str | None
) -> None:
    server = build_server(no_check, slack_routes(slack.bolt, slack.arrivals))
    headers = {TIMESTAMP: str(int(time.time())), "Content-Type": "application/json"}
    if signature == "forged":
        headers |= {
            SIGNATURE: signed_headers(body.decode("latin-1"), "not-the-secret")[
                "x-slack-signature"
            ]
        }
    elif signature is not None:
        headers[SIGNATURE] = signature

    with caplog.at_level(logging.DEBUG):
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(server), base_url="http://townhall.test"
        ) as client:
            response = await client.post(EVENTS_PATH, content=body, headers=headers)

    assert response.status_code == 401  # a body that does not parse would be a 400
    assert slack.fake.calls == []
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert body.decode("latin-1") not in logged  # Bolt logs a refused body; nothing reached it


async def test_starting_with_the_token_in_the_environment_logs_no_warning_and_retries(
    fake_slack_api: FakeSlackApi,
    memory: MemoryDatabase,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", fake_slack_api.token)  # as `townhall run` has it
    config = SlackConfig(
        base_url=fake_slack_api.base_url, bot_token=fake_slack_api.token, signing_secret=SECRET
    )
    await create(memory, clock)
    core = ConsultationApp(lambda: FakeUnitOfWork(memory), clock)

    with caplog.at_level(logging.DEBUG):
        bolt = build_slack_app(config, core)
    fake_slack_api.fail_next("conversations.open", error="ratelimited", status=429)
    reply_to = fake_slack_api.response_url("join")
    await dispatch(bolt, slash_command(SECRET, text="join plan", response_url=reply_to))
    await fake_slack_api.wait_for("chat.postMessage", count=2)

    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    opened = fake_slack_api.calls_to("conversations.open")
    assert [call.status for call in opened] == [429, 200]  # retried after Retry-After
