"""Telegram as the composition root runs it: served by polling or a webhook, pushed to by a Bot.

Served when a bot token is set. Its answers and the outbox's pushes go through the same
limiters when both run in one process (`pacing`: answers first), and pushes through a Bot of
their own, so that bulk sends never take the front end's connections.
"""

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncEngine

from bots.runtime.bootstrap import Townhall
from bots.runtime.config import Config
from bots.runtime.front_ends.front_end import HttpServerUse
from bots.runtime.messaging import sends_in_flight
from bots.telegram.pacing import TelegramPacing, telegram_pacing
from bots.telegram.settings import POLL_TIMEOUT, TelegramConfig, TelegramMode
from core.app import ConsultationApp
from core.model import Platform
from core.ports import Messenger
from core.services.dispatching import IN_FLIGHT

if TYPE_CHECKING:  # python-telegram-bot is imported when a bot is made, not before
    from telegram import Bot

logger = logging.getLogger(__name__)


class TelegramFrontEnd:
    """The Telegram bot of $TELEGRAM_BOT_TOKEN, in the [telegram] mode."""

    name = "Telegram"
    platform = Platform.TELEGRAM

    def __init__(self, *, poll_timeout: int = POLL_TIMEOUT) -> None:
        self._poll_timeout = poll_timeout  # seconds a getUpdates call waits (tests: shorter)
        self._pacing: TelegramPacing | None = None

    def enabled(self, config: Config) -> bool:
        return bool(config.telegram.token)

    def mode(self, config: Config) -> str:
        return str(config.telegram.mode)

    def http_server(self, config: Config) -> HttpServerUse | None:
        if config.telegram.mode is TelegramMode.WEBHOOK:
            return HttpServerUse(what="Telegram's webhook")
        return None

    def check(self, config: Config) -> None:
        """Nothing to add: reading [telegram] checked the webhook's settings."""

    async def serve(self, config: Config, townhall: Townhall, stop: asyncio.Event) -> None:
        from bots.runtime.server import hosting_for
        from bots.telegram.runner import run_telegram

        hosting, pacing = hosting_for(config, townhall), self.pacing(config)
        await run_telegram(
            config.telegram, hosting, stop, poll_timeout=self._poll_timeout, pacing=pacing
        )

    def pacing(self, config: Config) -> TelegramPacing:
        """The bot's limiters, made once in a process and shared by answers and pushes."""
        if self._pacing is None:
            self._pacing = telegram_pacing(config.delivery)
        return self._pacing

    @asynccontextmanager
    async def messenger(
        self, config: Config, app: ConsultationApp, engine: AsyncEngine | None
    ) -> AsyncIterator[Messenger | None]:
        """Pushes on their own Bot, ready (getMe done) until exit; None without a token."""
        if not config.telegram.token:
            yield None
            return
        from bots.telegram.client import TelegramClient
        from bots.telegram.messenger import TelegramMessenger

        paid = config.delivery.allow_paid_broadcast
        async with push_bot(config.telegram, sends_in_flight(config.delivery)) as bot:
            client = TelegramClient(bot, app, self.pacing(config))
            if paid:
                logger.warning(
                    "paid broadcasts are on: each pushed Telegram message costs 0.1 Star"
                )
            yield TelegramMessenger(bot, client, paid=paid)


def push_bot(config: TelegramConfig, connections: int = IN_FLIGHT) -> "Bot":
    """A Bot for pushes, apart from the front end's: bulk sends never take its connections.

    Its transport is aiohttp (bots/telegram/transport.py), not PTB's httpx, whose connection
    pool costs more CPU a request than the rest of a push (bench/README.md, Broadcasts). One
    connection per send the Dispatcher has in flight (`connections`). It never polls: the
    get_updates transport PTB adds by default stays an httpx client that opens no connection.
    """
    from telegram import Bot

    from bots.telegram.application import file_url_for
    from bots.telegram.transport import AiohttpRequest

    return Bot(
        config.token or "",
        base_url=config.base_url,
        base_file_url=file_url_for(config.base_url),
        request=AiohttpRequest(connection_limit=connections),
    )
