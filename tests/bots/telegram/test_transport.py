"""AiohttpRequest: the push Bot's transport, under the real python-telegram-bot Bot.

Against the fake Bot API (round trips, its injected faults) and small aiohttp servers of the
tests' own (one that never answers, one that records raw bodies); PTB's error mapping must
come out exactly as with its default HTTPXRequest.
"""

import asyncio
import gc
import json
import socket
import time
import warnings
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl

import pytest
from aiohttp import web
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.request import BaseRequest, HTTPXRequest, RequestData

from bots.runtime.front_ends.telegram import push_bot
from bots.telegram.client import TelegramClient
from bots.telegram.messenger import TelegramMessenger
from bots.telegram.settings import TelegramConfig
from bots.telegram.transport import AiohttpRequest
from core.app import ConsultationApp
from core.delivery import OutcomeKind, Recipient
from core.model import Platform
from core.screens import Notice
from core.services.dispatching import IN_FLIGHT
from tests.fakes.memory import FakeClock, FakeUnitOfWork, MemoryDatabase
from tests.fakes.telegram import FakeBotApi

PERSON = 4242
KEYBOARD = InlineKeyboardMarkup(
    [
        [InlineKeyboardButton("Agree", callback_data="v1:vt:7:a")],
        [InlineKeyboardButton("Disagree", callback_data="v1:vt:7:d")],
    ]
)


def bot_on(fake: FakeBotApi, request: BaseRequest | None = None) -> Bot:
    return Bot(fake.token, base_url=fake.base_url, request=request or AiohttpRequest(4))


# --- round trips -----------------------------------------------------------------------------


async def test_html_and_an_inline_keyboard_round_trip(fake_bot_api: FakeBotApi) -> None:
    html = "<b>P3</b> · 1 of 2\nFish &amp; chips &lt;3 — «ü» 🏟"
    async with bot_on(fake_bot_api) as bot:
        message = await bot.send_message(
            PERSON, html, parse_mode=ParseMode.HTML, reply_markup=KEYBOARD
        )
        assert bot.username == "townhall_test_bot"  # getMe at initialize, through aiohttp

    assert message.text == "P3 · 1 of 2\nFish & chips <3 — «ü» 🏟"
    assert message.entities[0].type == "bold"
    assert message.reply_markup == KEYBOARD
    [call] = fake_bot_api.calls_to("sendMessage")
    assert call.params["text"] == html
    assert call.params["chat_id"] == PERSON
    assert call.params["parse_mode"] == "HTML"
    assert call.params["reply_markup"] == KEYBOARD.to_dict()


async def test_a_document_upload_goes_as_multipart(fake_bot_api: FakeBotApi) -> None:
    async with bot_on(fake_bot_api) as bot:
        sent = await bot.send_document(
            PERSON,
            b"# Results\n",
            filename="résultats.md",
            caption="<b>Results</b>",
            parse_mode=ParseMode.HTML,
            reply_markup=KEYBOARD,
        )

    [call] = fake_bot_api.calls_to("sendDocument")
    upload = next(iter(call.files.values()))
    assert (upload.filename, upload.data) == ("résultats.md", b"# Results\n")
    assert call.params["reply_markup"] == KEYBOARD.to_dict()
    assert sent.caption == "Results"


async def test_many_sends_at_once_share_the_limited_connections(fake_bot_api: FakeBotApi) -> None:
    async with bot_on(fake_bot_api, AiohttpRequest(2)) as bot:
        sent = await asyncio.gather(*(bot.send_message(PERSON + n, "hi") for n in range(40)))

    assert {message.chat.id for message in sent} == {PERSON + n for n in range(40)}


# --- the fake's faults, mapped by PTB as with HTTPXRequest -----------------------------------


async def test_a_429_is_retry_after_with_the_wait_telegram_gives(fake_bot_api: FakeBotApi) -> None:
    fake_bot_api.fail_next("sendMessage", status=429, retry_after=7)
    async with bot_on(fake_bot_api) as bot:
        with pytest.raises(RetryAfter) as refused:
            await bot.send_message(PERSON, "hi")

    assert refused.value.retry_after == timedelta(seconds=7)


async def test_a_403_is_forbidden(fake_bot_api: FakeBotApi) -> None:
    fake_bot_api.block_chat(PERSON)
    async with bot_on(fake_bot_api) as bot:
        with pytest.raises(Forbidden, match=r"(?i)bot was blocked by the user"):
            await bot.send_message(PERSON, "hi")


async def test_a_migrated_group_is_chat_migrated(fake_bot_api: FakeBotApi) -> None:
    fake_bot_api.fail_next("sendMessage", status=400, migrate_to_chat_id=-1009876543210)
    async with bot_on(fake_bot_api) as bot:
        with pytest.raises(ChatMigrated) as moved:
            await bot.send_message(-4242, "hi")

    assert moved.value.new_chat_id == -1009876543210


async def test_a_400_is_bad_request(fake_bot_api: FakeBotApi) -> None:
    async with bot_on(fake_bot_api) as bot:
        with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
            await bot.send_message(PERSON, "<b>never closed", parse_mode=ParseMode.HTML)


async def test_a_502_is_a_network_error_not_a_timeout(fake_bot_api: FakeBotApi) -> None:
    fake_bot_api.fail_next("sendMessage", status=502)
    async with bot_on(fake_bot_api) as bot:
        with pytest.raises(NetworkError, match="Bad Gateway") as failed:
            await bot.send_message(PERSON, "hi")

    assert type(failed.value) is NetworkError


async def test_a_wrong_token_is_invalid_token(fake_bot_api: FakeBotApi) -> None:
    bot = Bot("999:other", base_url=fake_bot_api.base_url, request=AiohttpRequest(1))

    with pytest.raises(InvalidToken):
        await bot.initialize()
    await bot.shutdown()


# --- timeouts and broken connections ---------------------------------------------------------


@dataclass
class SilentServer:
    """Accepts requests and answers none until `release`; counts the requests it holds."""

    base_url: str = ""
    held: int = 0
    arrived: asyncio.Event = field(default_factory=asyncio.Event)
    release: asyncio.Event = field(default_factory=asyncio.Event)

    async def hold(self, request: web.Request) -> web.Response:
        self.held += 1
        self.arrived.set()
        await self.release.wait()
        return web.json_response({"ok": True, "result": True})


@pytest.fixture
async def silent_server() -> AsyncIterator[SilentServer]:
    server = SilentServer()
    app = web.Application()
    app.router.add_route("*", "/bot{token}/{method}", server.hold)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    server.base_url = f"http://127.0.0.1:{runner.addresses[0][1]}/bot"
    yield server
    server.release.set()
    await runner.cleanup()


async def timed(call: Callable[[], Awaitable[object]]) -> tuple[BaseException, float]:
    started = time.monotonic()
    with pytest.raises(TimedOut) as raised:
        await call()
    return raised.value, time.monotonic() - started


async def test_a_server_that_never_answers_times_out_at_the_read_timeout(
    silent_server: SilentServer,
) -> None:
    request = AiohttpRequest(1, read_timeout=0.2)
    async with request:
        error, seconds = await timed(
            lambda: request.post(f"{silent_server.base_url}123:x/getMe", RequestData())
        )

    assert 0.15 <= seconds < 2.0
    assert silent_server.held == 1
    assert isinstance(error.__cause__, TimeoutError)


async def test_a_read_timeout_given_to_one_call_wins_over_the_default(
    silent_server: SilentServer,
) -> None:
    request = AiohttpRequest(1)  # read_timeout 5 s by default
    url = f"{silent_server.base_url}123:x/getMe"
    async with request:
        _, seconds = await timed(lambda: request.post(url, RequestData(), read_timeout=0.2))

    assert seconds < 2.0


async def test_waiting_too_long_for_a_free_connection_times_out(
    silent_server: SilentServer,
) -> None:
    request = AiohttpRequest(1, read_timeout=10, connect_timeout=0.1, pool_timeout=0.1)
    url = f"{silent_server.base_url}123:x/getMe"
    async with request:
        holding = asyncio.create_task(request.post(url, RequestData()))
        await silent_server.arrived.wait()
        _, seconds = await timed(lambda: request.post(url, RequestData()))
        silent_server.release.set()
        assert await holding is True

    assert seconds < 2.0
    assert silent_server.held == 1  # the second request never reached the server


def closed_port() -> int:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        port: int = listener.getsockname()[1]
    return port


async def test_a_closed_port_is_a_network_error() -> None:
    bot = Bot("123:x", base_url=f"http://127.0.0.1:{closed_port()}/bot", request=AiohttpRequest(1))

    with pytest.raises(NetworkError, match=r"aiohttp\.ClientConnectorError") as failed:
        await bot.initialize()
    await bot.shutdown()

    assert not isinstance(failed.value, TimedOut)


# --- the body: what HTTPXRequest sends, as one JSON object -----------------------------------


@dataclass
class Received:
    method: str
    content_type: str
    body: bytes


@pytest.fixture
async def recording_server() -> AsyncIterator[tuple[str, list[Received]]]:
    """Records each request's body and answers like the Bot API (getMe, else a Message)."""
    received: list[Received] = []
    me = {"id": 123, "is_bot": True, "first_name": "Rec", "username": "rec_bot"}
    message = {"message_id": 1, "date": 0, "chat": {"id": PERSON, "type": "private"}}

    async def record(request: web.Request) -> web.Response:
        method = request.match_info["method"]
        content_type = request.headers.get("Content-Type", "")
        received.append(Received(method, content_type, await request.read()))
        return web.json_response({"ok": True, "result": me if method == "getMe" else message})

    app = web.Application()
    app.router.add_route("*", "/bot{token}/{method}", record)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    yield f"http://127.0.0.1:{runner.addresses[0][1]}/bot", received
    await runner.cleanup()


async def test_the_bodies_carry_what_httpx_request_sends_as_one_json_object(
    recording_server: tuple[str, list[Received]],
) -> None:
    base_url, received = recording_server
    bodies: list[list[Received]] = []
    for request in (HTTPXRequest(1), AiohttpRequest(1)):
        received.clear()
        async with Bot("123:x", base_url=base_url, request=request) as bot:  # getMe: no body
            await bot.send_message(
                PERSON,
                "Fish & chips <b>ü</b> 🏟 a+b=c?",
                parse_mode=ParseMode.HTML,
                reply_markup=KEYBOARD,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
            await bot.send_message(-1001234567890, "123", allow_paid_broadcast=True)
        bodies.append(list(received))

    by_httpx, by_aiohttp = bodies
    assert [r.method for r in by_aiohttp] == ["getMe", "sendMessage", "sendMessage"]
    assert (by_aiohttp[0].content_type, by_aiohttp[0].body) == ("", b"")
    for form, sent in zip(by_httpx[1:], by_aiohttp[1:], strict=True):
        assert form.content_type == "application/x-www-form-urlencoded"
        assert sent.content_type == "application/json"
        assert json.loads(sent.body) == form_values(form.body)


def form_values(body: bytes) -> dict[str, object]:
    """A urlencoded form's fields with their JSON-encoded values decoded (text stays text)."""
    values: dict[str, object] = {}
    for name, value in parse_qsl(body.decode(), strict_parsing=True):
        try:
            values[name] = value if name == "text" else json.loads(value)
        except json.JSONDecodeError:
            values[name] = value
    return values


# --- lifecycle -------------------------------------------------------------------------------


def resource_warnings(drop: Callable[[], None]) -> list[str]:
    """The ResourceWarnings (unclosed sessions, connectors, sockets) once `drop` lets go."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        drop()
        gc.collect()
    return [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)]


async def test_shutdown_closes_everything_and_initialize_opens_again(
    fake_bot_api: FakeBotApi,
) -> None:
    requests = [AiohttpRequest(2)]
    bot = bot_on(fake_bot_api, requests[0])
    async with bot:
        await bot.send_message(PERSON, "one")
    await bot.shutdown()  # twice is fine
    async with bot:  # and it opens again
        await bot.send_message(PERSON, "two")

    assert resource_warnings(requests.clear) == []
    assert [m["text"] for m in fake_bot_api.messages(PERSON)] == ["one", "two"]


async def test_the_leak_check_sees_a_session_left_open() -> None:
    requests = [AiohttpRequest(2)]
    await requests[0].initialize()

    assert any("Unclosed client session" in w for w in resource_warnings(requests.clear))


async def test_a_request_before_initialize_is_refused() -> None:
    request = AiohttpRequest(1)

    with pytest.raises(NetworkError, match="not initialized"):
        await request.post("http://127.0.0.1:9/bot123:x/getMe", RequestData())


def test_the_connection_limit_must_allow_a_connection() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        AiohttpRequest(0)


# --- the push Bot ----------------------------------------------------------------------------


async def test_the_push_bot_sends_through_aiohttp_and_delivers(fake_bot_api: FakeBotApi) -> None:
    config = TelegramConfig(token=fake_bot_api.token, base_url=fake_bot_api.base_url)
    bot = push_bot(config)
    assert isinstance(bot.request, AiohttpRequest)
    assert bot.request.connection_limit == IN_FLIGHT

    async with bot:
        client = TelegramClient(
            bot,
            ConsultationApp(
                lambda: FakeUnitOfWork(MemoryDatabase()),
                FakeClock(datetime(2027, 1, 1, tzinfo=UTC)),
            ),
        )
        delivery = TelegramMessenger(bot, client)
        recipient = Recipient(platform=Platform.TELEGRAM, tenant="t", address=str(PERSON))
        outcome = await delivery.deliver(recipient, Notice(text="Fish & chips <3"))
        fake_bot_api.block_chat(PERSON + 1)
        blocked = Recipient(platform=Platform.TELEGRAM, tenant="t", address=str(PERSON + 1))
        refused = await delivery.deliver(blocked, Notice(text="hi"))

    assert outcome.kind is OutcomeKind.SENT
    assert [m["text"] for m in fake_bot_api.messages(PERSON)] == ["Fish & chips <3"]
    assert refused.kind is OutcomeKind.UNREACHABLE
