"""Fixtures for the Telegram tests: a running fake Bot API and a real PTB Application on it."""

from collections.abc import AsyncIterator
from typing import Any

import pytest
from telegram.ext import Application, ApplicationBuilder, ContextTypes, ExtBot, JobQueue

from tests.fakes.telegram import FakeBotApi

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
