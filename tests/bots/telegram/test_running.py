"""Running the front end for real: long polling, the webhook over HTTP, config, invite links."""

import asyncio
import io
import logging
import socket
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from bots.chat.settings import ConfigError
from bots.runtime.bootstrap import Townhall, open_townhall
from bots.runtime.commands.consultations import invite
from bots.runtime.config import Config, DatabaseConfig, ServerConfig, parse_config
from bots.runtime.front_ends.telegram import TelegramFrontEnd
from bots.runtime.server import build_server
from bots.telegram.application import build_application, file_url_for
from bots.telegram.settings import TelegramConfig, TelegramMode
from bots.telegram.transport import AiohttpRequest
from bots.telegram.webhook import SECRET_HEADER, WEBHOOK_PATH
from core.app import ConsultationApp
from core.model import NewConsultation, Privacy, ResultsVisibility, Status
from storage.migrate import upgrade_database
from tests.bots.conftest import THREE_PARAGRAPHS, create
from tests.bots.telegram.conftest import (
    TelegramWorld,
    button_data,
    inbox_webhook,
    text_of,
    uow_factory,
)
from tests.fakes.memory import FakeClock, MemoryDatabase
from tests.fakes.memory_inbox import MemoryInbox
from tests.fakes.telegram import FakeBotApi
from tests.fakes.telegram_updates import callback_query, private_message
from tests.organiser import create_consultation

ADA = 4242
SECRET = "s3cret-token_" + "x" * 24
WEBHOOK_URL = "https://townhall.example.invalid/telegram/webhook"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def no_check() -> None:
    return None


async def test_long_polling_serves_a_start_command_and_stops_cleanly(
    fake_bot_api: FakeBotApi, memory: MemoryDatabase, clock: FakeClock
) -> None:
    await create(memory, clock)
    uow = uow_factory(memory)
    townhall = Townhall(
        app=ConsultationApp(uow, clock),
        unit_of_work=uow,
        clock=clock,
        check_database=no_check,
        inbox=MemoryInbox(),
    )
    config = Config(
        telegram=TelegramConfig(token=fake_bot_api.token, base_url=fake_bot_api.base_url)
    )
    stop = asyncio.Event()

    running = asyncio.create_task(TelegramFrontEnd(poll_timeout=1).serve(config, townhall, stop))
    await fake_bot_api.push_update(private_message(ADA, "/start plan"))
    [welcome] = await fake_bot_api.wait_for("sendMessage")
    stop.set()
    await asyncio.wait_for(running, 5)

    assert str(welcome.params["text"]).startswith("<b>Plan</b>")
    methods = [call.method for call in fake_bot_api.calls]
    assert methods[:3] == ["getMe", "setMyCommands", "deleteWebhook"]
    polls = fake_bot_api.calls_to("getUpdates")
    assert polls[0].params["allowed_updates"] == ["message", "callback_query", "my_chat_member"]
    assert fake_bot_api.pending_updates == []  # confirmed before stopping


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


async def healthy(client: httpx.AsyncClient) -> httpx.Response:
    for _ in range(100):
        try:
            return await client.get("/healthz")
        except httpx.TransportError:
            await asyncio.sleep(0.05)
    raise TimeoutError("the server did not start")


async def test_the_webhook_over_http_refuses_a_missing_secret_and_stores_before_answering(
    fake_bot_api: FakeBotApi, tmp_path: Path, clock: FakeClock
) -> None:
    port = free_port()
    stop = asyncio.Event()
    async with sqlite_townhall(tmp_path, clock) as townhall:
        running = asyncio.create_task(
            TelegramFrontEnd().serve(webhook_config(fake_bot_api, port), townhall, stop)
        )
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            assert (await healthy(client)).json() == {"status": "ok"}

            async def post(update: Mapping[str, object], secret: str | None) -> int:
                headers = {SECRET_HEADER: secret} if secret else {}
                response = await client.post(WEBHOOK_PATH, json=update, headers=headers)
                return response.status_code

            start = private_message(ADA, "/start plan")
            assert await post(start, None) == 403
            assert await post(start, "wrong") == 403
            assert await stored_keys(townhall) == []
            assert await post(start, SECRET) == 200
            # On disk when 200 came back: a crash now would not lose it.
            assert await stored_keys(townhall) == [f"123456:{start['update_id']}"]
            await fake_bot_api.wait_for("sendMessage")
            welcome = fake_bot_api.messages(ADA)[-1]
            assert (
                await post(callback_query(ADA, button_data(welcome, "Start"), welcome), SECRET)
                == 200
            )
            await fake_bot_api.wait_for("sendMessage", 2)
            card = fake_bot_api.messages(ADA)[-1]
            assert await post(callback_query(ADA, button_data(card, "Agree"), card), SECRET) == 200
            await fake_bot_api.wait_for("sendMessage", 3)
        stop.set()
        await asyncio.wait_for(running, 5)
        async with townhall.unit_of_work() as uow:
            assert await uow.votes.count_by(1, 1) == 1

    assert fake_bot_api.webhook == {
        "url": WEBHOOK_URL,
        "secret_token": SECRET,
        "allowed_updates": ["message", "callback_query", "my_chat_member"],
    }
    assert "You agree — tap to change" in text_of(fake_bot_api.messages(ADA)[1])


async def stored_keys(townhall: Townhall) -> list[str]:
    """The keys of the events in the inbox table, read behind the inbox's back."""
    assert townhall.engine is not None
    async with townhall.engine.connect() as connection:
        rows = await connection.execute(text("SELECT event_key FROM inbox_events ORDER BY id"))
        return [str(row[0]) for row in rows]


def webhook_config(fake: FakeBotApi, port: int) -> Config:
    telegram = TelegramConfig(
        mode=TelegramMode.WEBHOOK,
        base_url=fake.base_url,
        webhook_url=WEBHOOK_URL,
        token=fake.token,
        webhook_secret=SECRET,
    )
    return Config(telegram=telegram, server=ServerConfig(host="127.0.0.1", port=port))


async def test_a_press_the_webhook_receives_again_is_processed_once(
    fake_bot_api: FakeBotApi, tmp_path: Path, clock: FakeClock
) -> None:
    port = free_port()
    stop = asyncio.Event()
    async with sqlite_townhall(tmp_path, clock) as townhall:
        running = asyncio.create_task(
            TelegramFrontEnd().serve(webhook_config(fake_bot_api, port), townhall, stop)
        )
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            await healthy(client)

            async def post(update: Mapping[str, object]) -> int:
                headers = {SECRET_HEADER: SECRET}
                return (await client.post(WEBHOOK_PATH, json=update, headers=headers)).status_code

            assert await post(private_message(ADA, "/start plan")) == 200
            await fake_bot_api.wait_for("sendMessage")
            welcome_json = fake_bot_api.messages(ADA)[-1]
            assert (
                await post(callback_query(ADA, button_data(welcome_json, "Start"), welcome_json))
                == 200
            )
            await fake_bot_api.wait_for("sendMessage", 2)
            card = fake_bot_api.messages(ADA)[-1]
            agree = callback_query(ADA, button_data(card, "Agree"), card)
            assert await post(agree) == 200
            assert await post(agree) == 200  # Telegram sends it again (it saw no answer in time)
            await fake_bot_api.wait_for("sendMessage", 3)
        stop.set()
        await asyncio.wait_for(running, 10)  # handles what it stored before it returns
        async with townhall.unit_of_work() as uow:
            assert len(await uow.votes.history(1, 1)) == 1

    assert len(fake_bot_api.calls_to("sendMessage")) == 3  # welcome, P1, P2: P2 not twice
    assert [call.status for call in fake_bot_api.calls_to("answerCallbackQuery")] == [200, 200]


async def test_healthz_is_503_when_the_database_does_not_answer() -> None:
    async def broken() -> None:
        raise OSError("connection refused")

    transport = httpx.ASGITransport(app=build_server(broken))
    async with httpx.AsyncClient(transport=transport, base_url="http://townhall") as client:
        response = await client.get("/healthz")

    assert (response.status_code, response.json()) == (503, {"status": "unavailable"})


def test_webhook_mode_with_a_token_needs_the_url_and_a_long_secret() -> None:
    table = {"telegram": {"mode": "webhook", "webhook_url": WEBHOOK_URL}}
    token = {"TELEGRAM_BOT_TOKEN": "123:abc"}

    with pytest.raises(ConfigError, match=r"^TELEGRAM_WEBHOOK_SECRET: required in webhook mode"):
        parse_config(table, token)
    with pytest.raises(ConfigError, match=r"^TELEGRAM_WEBHOOK_SECRET: expected 32 to 256"):
        parse_config(table, {**token, "TELEGRAM_WEBHOOK_SECRET": "short"})
    with pytest.raises(ConfigError, match=r"^telegram.webhook_url: required in webhook mode"):
        parse_config(
            {"telegram": {"mode": "webhook"}}, {**token, "TELEGRAM_WEBHOOK_SECRET": SECRET}
        )
    with pytest.raises(ConfigError, match=r"^telegram.webhook_url: expected an https:// URL"):
        parse_config({"telegram": {"webhook_url": "http://x"}}, {})
    config = parse_config(table, {**token, "TELEGRAM_WEBHOOK_SECRET": SECRET})
    assert (config.telegram.webhook_url, config.telegram.webhook_secret) == (WEBHOOK_URL, SECRET)
    assert SECRET not in repr(config)


def test_the_front_ends_bot_calls_go_over_aiohttp_as_the_outboxs_pushes_do(
    memory: MemoryDatabase, clock: FakeClock
) -> None:
    uow = uow_factory(memory)
    config = TelegramConfig(token="123456:TEST-token")

    application = build_application(config, ConsultationApp(uow, clock))

    assert isinstance(application.bot.request, AiohttpRequest)


def test_the_file_url_follows_the_bot_api_url() -> None:
    assert file_url_for("https://api.telegram.org/bot") == "https://api.telegram.org/file/bot"
    assert file_url_for("http://127.0.0.1:8081/bot/") == "http://127.0.0.1:8081/file/bot"


async def test_invite_prints_the_telegram_deep_link_when_a_token_is_configured(
    fake_bot_api: FakeBotApi, tmp_path: Path, clock: FakeClock
) -> None:
    out = io.StringIO()
    telegram = TelegramConfig(token=fake_bot_api.token, base_url=fake_bot_api.base_url)
    async with sqlite_townhall(tmp_path, clock) as townhall:
        assert await invite(townhall, "plan", 2, out, telegram=telegram) == 0

    lines = out.getvalue().splitlines()
    token = lines[0].rsplit(" ", 1)[1]
    assert lines[2] == f"Join in Telegram: https://t.me/townhall_test_bot?start={token}"


async def test_invite_prints_the_token_only_when_telegram_cannot_be_reached(
    tmp_path: Path, clock: FakeClock
) -> None:
    out = io.StringIO()
    nowhere = TelegramConfig(token="1:x", base_url=f"http://127.0.0.1:{free_port()}/bot")
    async with sqlite_townhall(tmp_path, clock) as townhall:
        assert await invite(townhall, "plan", None, out, telegram=nowhere) == 0

    assert (
        out.getvalue()
        .splitlines()[2]
        .startswith("Telegram could not be reached (NetworkError), so no deep link")
    )


@pytest.mark.parametrize(
    "body",
    [
        b'{"foo": 1}',
        b'{"update_id": "1"}',
        b'{"update_id": 1, "message": 5}',
        b'{"update_id": 1, "message": {"foo": 1}}',
        b"[1, 2]",
        b"\xff not json",
    ],
)
async def test_a_webhook_body_that_is_not_an_update_gets_400_and_one_warning(
    telegram: TelegramWorld, caplog: pytest.LogCaptureFixture, body: bytes
) -> None:
    route, inbox = inbox_webhook(telegram, SECRET)
    server = build_server(no_check, [route])

    with caplog.at_level(logging.DEBUG):
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(server), base_url="http://townhall.test"
        ) as client:
            response = await client.post(
                WEBHOOK_PATH, content=body, headers={SECRET_HEADER: SECRET}
            )

    assert response.status_code == 400
    assert [record for record in caplog.records if record.exc_info] == []
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert warnings == ["Telegram webhook: refused a request that is not an update (400)"]
    assert telegram.methods() == []
    assert telegram.memory.tables.participants == {}
    assert inbox.keys("telegram") == []
