"""Running the Telegram front end until told to stop: long polling or the webhook server.

Polling needs no public URL; webhook mode serves `POST /telegram/webhook` and `/healthz` on the
project's HTTP server and tells Telegram where to post (setWebhook with the secret token). The
webhook stays set on shutdown, so Telegram keeps the updates that arrive during a restart.
Either way every update goes through the inbox (bots.chat.inbox): stored before Telegram learns
it arrived, then processed here, once; the processor also takes over what a crashed process
left. The composition root gives the runner its settings and a Hosting (the door, the inbox and
the HTTP server).
"""

import asyncio
import logging

from starlette.routing import BaseRoute
from telegram import Bot, BotCommand
from telegram.error import TelegramError

from bots.chat.hosting import Hosting
from bots.chat.inbox import InboxProcessor
from bots.chat.settings import ConfigError
from bots.telegram.application import ALLOWED_UPDATES, TelegramApplication, build_application
from bots.telegram.events import MENU
from bots.telegram.intake import telegram_source
from bots.telegram.pacing import TelegramPacing
from bots.telegram.polling import TelegramPoller
from bots.telegram.settings import (
    POLL_TIMEOUT,
    WEBHOOK_SECRET_ENV,
    TelegramConfig,
    TelegramMode,
)
from bots.telegram.webhook import webhook_route

logger = logging.getLogger(__name__)


async def run_telegram(
    settings: TelegramConfig,
    hosting: Hosting[BaseRoute],
    stop: asyncio.Event,
    *,
    poll_timeout: int = POLL_TIMEOUT,
    pacing: TelegramPacing | None = None,
) -> None:
    """Serve Telegram until `stop` is set (or, in webhook mode, uvicorn gets SIGINT/SIGTERM).

    `pacing`: the bot's limiters, shared with the outbox's pushes in this process.
    """
    if settings.mode is TelegramMode.WEBHOOK:
        await _serve_webhook(settings, hosting, stop, pacing)
    else:
        await _poll(settings, hosting, stop, poll_timeout, pacing)


async def _poll(
    settings: TelegramConfig,
    hosting: Hosting[BaseRoute],
    stop: asyncio.Event,
    wait: int,
    pacing: TelegramPacing | None,
) -> None:
    application = build_application(settings, hosting.app, pacing=pacing)
    async with application:
        await set_commands(application.bot)
        await application.bot.delete_webhook()  # getUpdates is refused while one is set
        processor = _processor(hosting, application)
        poller = TelegramPoller(
            application.bot, processor, timeout=wait, allowed_updates=ALLOWED_UPDATES
        )
        logger.info("Telegram: polling as @%s", application.bot.username)
        async with asyncio.TaskGroup() as group:
            group.create_task(processor.run(stop))
            group.create_task(poller.run(stop))


async def _serve_webhook(
    settings: TelegramConfig,
    hosting: Hosting[BaseRoute],
    stop: asyncio.Event,
    pacing: TelegramPacing | None,
) -> None:
    url, secret = settings.webhook_url, settings.webhook_secret
    if url is None or secret is None:
        raise ConfigError(f"telegram.webhook_url and {WEBHOOK_SECRET_ENV} are needed for webhooks")
    application = build_application(settings, hosting.app, pacing=pacing)
    async with application:
        await set_commands(application.bot)
        await application.bot.set_webhook(
            url, secret_token=secret, allowed_updates=ALLOWED_UPDATES
        )
        processor = _processor(hosting, application)
        served = asyncio.Event()  # the server stopped (on `stop`, or uvicorn on a signal)
        sweeping = asyncio.create_task(processor.run(served))
        try:
            routes = [webhook_route(application.bot, secret, processor)]
            await hosting.serve_http(routes, "Telegram: webhook", stop)
        finally:
            served.set()
            await sweeping


def _processor(hosting: Hosting[BaseRoute], application: TelegramApplication) -> InboxProcessor:
    sources = [telegram_source(application)]
    return InboxProcessor(hosting.inbox, hosting.clock, sources, timing=hosting.timing)


async def set_commands(bot: Bot) -> None:
    """The command menu Telegram shows; a failure here is not worth stopping for."""
    try:
        await bot.set_my_commands([BotCommand(name, text) for name, text in MENU])
    except TelegramError as error:
        logger.warning("could not set the command menu: %s", type(error).__name__)
