"""Running the Telegram front end until told to stop: long polling or the webhook server.

Polling needs no public URL; webhook mode serves `POST /telegram/webhook` and `/healthz` on the
project's HTTP server and tells Telegram where to post (setWebhook with the secret token). The
webhook stays set on shutdown, so Telegram keeps the updates that arrive during a restart.
"""

import asyncio
import logging
import os

from telegram import Bot, BotCommand
from telegram.error import TelegramError

from bots.bootstrap import Townhall
from bots.config import WEBHOOK_SECRET_ENV, Config, ConfigError, TelegramMode
from bots.server import build_server, make_server
from bots.telegram.application import ALLOWED_UPDATES, TelegramApplication, build_application
from bots.telegram.pacing import TelegramPacing
from bots.telegram.translation import MENU
from bots.telegram.webhook import webhook_route

logger = logging.getLogger(__name__)

POLL_TIMEOUT = 30


async def run_telegram(
    config: Config,
    townhall: Townhall,
    stop: asyncio.Event,
    *,
    poll_timeout: int = POLL_TIMEOUT,
    pacing: TelegramPacing | None = None,
) -> None:
    """Serve Telegram until `stop` is set (or, in webhook mode, uvicorn gets SIGINT/SIGTERM).

    `pacing`: the bot's limiters, shared with the outbox's pushes in this process.
    """
    # PTB's RetryAfter warns unless opted in to timedeltas; httpx logs request URLs at INFO,
    # and a Bot API URL holds the token.
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    if config.telegram.mode is TelegramMode.WEBHOOK:
        await _serve_webhook(config, townhall, stop, pacing)
    else:
        await _poll(config, townhall, stop, poll_timeout, pacing)


async def _poll(
    config: Config,
    townhall: Townhall,
    stop: asyncio.Event,
    wait: int,
    pacing: TelegramPacing | None,
) -> None:
    application = build_application(
        config.telegram, townhall.app, townhall.unit_of_work, pacing=pacing
    )
    async with application:
        await set_commands(application.bot)
        updater = application.updater
        if updater is None:  # built with one above; this keeps the type checker informed
            raise RuntimeError("the polling Application has no Updater")
        await updater.start_polling(timeout=wait, poll_interval=0, allowed_updates=ALLOWED_UPDATES)
        await application.start()
        logger.info("Telegram: polling as @%s", application.bot.username)
        try:
            await stop.wait()
        finally:
            await updater.stop()
            await application.stop()


async def _serve_webhook(
    config: Config, townhall: Townhall, stop: asyncio.Event, pacing: TelegramPacing | None
) -> None:
    url, secret = config.telegram.webhook_url, config.telegram.webhook_secret
    if url is None or secret is None:
        raise ConfigError(f"telegram.webhook_url and {WEBHOOK_SECRET_ENV} are needed for webhooks")
    application = build_application(
        config.telegram, townhall.app, townhall.unit_of_work, webhook=True, pacing=pacing
    )
    async with application:
        await set_commands(application.bot)
        await application.bot.set_webhook(
            url, secret_token=secret, allowed_updates=ALLOWED_UPDATES
        )
        await _serve(application, townhall, config, secret, stop)


async def _serve(
    application: TelegramApplication,
    townhall: Townhall,
    config: Config,
    secret: str,
    stop: asyncio.Event,
) -> None:
    routes = [webhook_route(application, secret)]
    app = build_server(
        townhall.check_database, routes, max_body_bytes=config.server.max_body_bytes
    )
    server = make_server(app, config.server)

    async def exit_on_stop() -> None:
        await stop.wait()
        server.should_exit = True

    watcher = asyncio.create_task(exit_on_stop())
    logger.info("Telegram: webhook on %s:%s", config.server.host, config.server.port)
    try:
        await server.serve()
    finally:
        watcher.cancel()


async def set_commands(bot: Bot) -> None:
    """The command menu Telegram shows; a failure here is not worth stopping for."""
    try:
        await bot.set_my_commands([BotCommand(name, text) for name, text in MENU])
    except TelegramError as error:
        logger.warning("could not set the command menu: %s", type(error).__name__)
