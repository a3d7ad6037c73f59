"""The python-telegram-bot Application: built, wired to the core, its handlers registered.

No persistence, no arbitrary callback data, no job queue, no Updater: every piece of state is
in the database, so several processes (or a restart) serve the same buttons, and updates come
through the inbox (bots.telegram.intake), which hands each to `process_update`.
`allowed_updates` names the three kinds the handlers read.

The bot's calls (a press's answer, edit and next card) go over aiohttp
(bots/telegram/transport.py), as the outbox's pushes do: httpx's connection pool scans every
connection for every request, and with a press's three calls, 32 presses at a time, that scan
was several per cent of a press's CPU (a py-spy profile of bench.press_path).
"""

from typing import Any, TypeAlias

from telegram import Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    ExtBot,
    MessageHandler,
    filters,
)

from bots.telegram.client import TelegramClient
from bots.telegram.errors import ErrorReporter
from bots.telegram.events import GROUP_COMMANDS, PRIVATE_COMMANDS
from bots.telegram.handlers import TelegramHandlers
from bots.telegram.pacing import TelegramPacing
from bots.telegram.settings import TelegramConfig
from bots.telegram.transport import AiohttpRequest
from core.app import ConsultationApp

ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.MY_CHAT_MEMBER]

# What ApplicationBuilder().job_queue(None).build() returns; the Anys are PTB's (user, chat
# and bot data, unused here).
TelegramApplication: TypeAlias = Application[
    ExtBot[None], ContextTypes.DEFAULT_TYPE, dict[Any, Any], dict[Any, Any], dict[Any, Any], None
]


def file_url_for(base_url: str) -> str:
    """The file download URL that goes with a Bot API URL (`.../bot` -> `.../file/bot`)."""
    root, separator, tail = base_url.rstrip("/").rpartition("/")
    if separator and tail.startswith("bot"):
        return f"{root}/file/{tail}"
    return f"{base_url.rstrip('/')}/file/bot"


def build_application(
    config: TelegramConfig,
    app: ConsultationApp,
    *,
    pacing: TelegramPacing | None = None,
) -> TelegramApplication:
    """The Application for the token in `config`, without an Updater (townhall polls itself).

    With `pacing`, answers wait for the bot's limiter (shared with the outbox's pushes).
    """
    if not config.token:
        raise ValueError("a Telegram bot token is needed")
    builder = (
        ApplicationBuilder()
        .token(config.token)
        .base_url(config.base_url)
        .base_file_url(file_url_for(config.base_url))
        .job_queue(None)
        .updater(None)
        .request(AiohttpRequest())
    )
    application = builder.build()
    client = TelegramClient(application.bot, app, pacing)
    handlers = TelegramHandlers(app, client, card_flow=config.card_flow)
    register(application, handlers, ErrorReporter(client))
    return application


def register(
    application: TelegramApplication, handlers: TelegramHandlers, errors: ErrorReporter
) -> None:
    private, groups = filters.ChatType.PRIVATE, filters.ChatType.GROUPS
    application.add_handler(CommandHandler(PRIVATE_COMMANDS, handlers.on_command, private))
    application.add_handler(CommandHandler(GROUP_COMMANDS, handlers.on_command))
    commands = filters.COMMAND & (private | groups)
    application.add_handler(MessageHandler(commands, handlers.on_stray_command))
    application.add_handler(CallbackQueryHandler(handlers.on_button))
    text = filters.TEXT & ~filters.COMMAND & (private | groups)
    application.add_handler(MessageHandler(text, handlers.on_text))
    application.add_handler(MessageHandler(filters.Document.ALL & private, handlers.on_document))
    application.add_handler(
        ChatMemberHandler(handlers.on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER)
    )
    application.add_error_handler(errors.on_error)
