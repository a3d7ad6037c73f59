"""Fixtures for the Telegram tests: a running fake Bot API and a real PTB Application on it.

`telegram` is townhall's own front end on the fake, over the in-memory database and the fake
clock: `await telegram.receive(private_message(42, "/start plan"))` processes one update.
"""

from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from typing import Any

import pytest
from starlette.routing import Route
from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, ExtBot, JobQueue

from bots.chat.inbox import InboxProcessor
from bots.telegram.application import TelegramApplication as TownhallApplication
from bots.telegram.application import build_application as build_townhall_application
from bots.telegram.intake import telegram_source
from bots.telegram.settings import TelegramConfig
from bots.telegram.webhook import webhook_route
from core.app import ConsultationApp
from core.ports import UnitOfWork, UnitOfWorkFactory
from tests.fakes.memory import FakeClock, FakeUnitOfWork, MemoryDatabase
from tests.fakes.memory_inbox import MemoryInbox
from tests.fakes.telegram import FakeBotApi
from tests.fakes.telegram_chats import Json
from tests.fakes.telegram_updates import callback_query

# What ApplicationBuilder().build() returns; the Anys are PTB's (user, chat and bot data).
TelegramApplication = Application[
    ExtBot[None],
    ContextTypes.DEFAULT_TYPE,
    dict[Any, Any],
    dict[Any, Any],
    dict[Any, Any],
    JobQueue[ContextTypes.DEFAULT_TYPE],
]


@pytest.fixture(autouse=True)
def telegram_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Opt in to PTB's timedelta `retry_after` (else it warns) and keep 127.0.0.1 off proxies."""
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


@pytest.fixture
async def fake_bot_api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as fake:
        yield fake


def build_application(fake: FakeBotApi) -> TelegramApplication:
    """A real PTB Application pointed at the fake, without a rate limiter; one per test."""
    return (
        ApplicationBuilder()
        .token(fake.token)
        .base_url(fake.base_url)
        .base_file_url(fake.base_file_url)
        .get_updates_read_timeout(5)
        .build()
    )


@dataclass
class TelegramWorld:
    """The townhall Telegram front end on the fake Bot API, over the in-memory database."""

    fake: FakeBotApi
    application: TownhallApplication
    memory: MemoryDatabase
    clock: FakeClock

    async def receive(self, update: Mapping[str, object]) -> None:
        """Process one update to the end (handlers, sends and edits included)."""
        await self.application.process_update(Update.de_json(dict(update), self.application.bot))

    async def press(self, user_id: int, message: Json, label: str, *, name: str = "Ada") -> None:
        """Press the button of `message` whose label contains `label`."""
        await self.receive(
            callback_query(user_id, button_data(message, label), message, first_name=name)
        )

    def last(self, chat_id: int) -> Json:
        return self.fake.messages(chat_id)[-1]

    def last_text(self, chat_id: int) -> str:
        return text_of(self.last(chat_id))

    def message(self, chat_id: int, message_id: int) -> Json:
        """The bot's message as it is now (after edits)."""
        return next(m for m in self.fake.messages(chat_id) if m["message_id"] == message_id)

    def methods(self) -> list[str]:
        """The Bot API methods called so far, getMe left out."""
        return [call.method for call in self.fake.calls if call.method != "getMe"]


def inbox_webhook(telegram: TelegramWorld, secret: str) -> tuple[Route, MemoryInbox]:
    """The webhook route on the world's Application, storing into an inbox of its own."""
    inbox = MemoryInbox()
    processor = InboxProcessor(inbox, telegram.clock, [telegram_source(telegram.application)])
    return webhook_route(telegram.application.bot, secret, processor), inbox


def button_data(message: Mapping[str, object], label: str) -> str:
    """The callback_data of the message's first button whose label contains `label`."""
    markup = message.get("reply_markup")
    rows = markup.get("inline_keyboard", []) if isinstance(markup, Mapping) else []
    for row in rows:
        for button in row:
            if label in str(button.get("text", "")) and "callback_data" in button:
                return str(button["callback_data"])
    raise AssertionError(f"no button {label!r} in {rows}")


def text_of(message: Mapping[str, object]) -> str:
    return str(message.get("text", ""))


def message_id(message: Mapping[str, object]) -> int:
    value = message["message_id"]
    assert isinstance(value, int)
    return value


def button_labels(message: Mapping[str, object]) -> list[str]:
    markup = message.get("reply_markup")
    rows = markup.get("inline_keyboard", []) if isinstance(markup, Mapping) else []
    return [str(button["text"]) for row in rows for button in row]


def uow_factory(memory: MemoryDatabase) -> UnitOfWorkFactory:
    def factory() -> UnitOfWork:
        return FakeUnitOfWork(memory)

    return factory


@pytest.fixture
async def telegram(
    fake_bot_api: FakeBotApi, memory: MemoryDatabase, clock: FakeClock
) -> AsyncIterator[TelegramWorld]:
    uow = uow_factory(memory)
    config = TelegramConfig(token=fake_bot_api.token, base_url=fake_bot_api.base_url)
    application = build_townhall_application(config, ConsultationApp(uow, clock))
    async with application:
        yield TelegramWorld(fake=fake_bot_api, application=application, memory=memory, clock=clock)
