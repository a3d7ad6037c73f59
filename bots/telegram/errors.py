"""The application's error handler: log once, apologise briefly, tell the webhook it failed.

Logged are the update id and the error's type (with a traceback for our own bugs); never the
token or what the person wrote. A webhook request that failed answers 500, so Telegram sends
the update again: votes are idempotent and comments carry idempotency keys.
"""

import contextlib
import logging
from collections.abc import Iterator
from contextvars import ContextVar

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bots.telegram.client import TelegramClient, Undeliverable
from bots.telegram.layout import Outgoing

logger = logging.getLogger(__name__)

APOLOGY = "Sorry, something went wrong on our side. Please try again in a moment."
_failures: ContextVar[list[BaseException] | None] = ContextVar("telegram_failures", default=None)


@contextlib.contextmanager
def tracked_failures() -> Iterator[list[BaseException]]:
    """Collect the errors of the updates processed inside (Application.process_update)."""
    failures: list[BaseException] = []
    token = _failures.set(failures)
    try:
        yield failures
    finally:
        _failures.reset(token)


class ErrorReporter:
    """Registered with Application.add_error_handler."""

    def __init__(self, client: TelegramClient) -> None:
        self._client = client

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        error = context.error
        if error is None or isinstance(error, Undeliverable):
            return  # a blocked chat is recorded already; nothing failed on our side
        update_id = update.update_id if isinstance(update, Update) else None
        logger.error(
            "update %s failed: %s",
            update_id,
            type(error).__name__,
            exc_info=None if isinstance(error, TelegramError) else error,
        )
        failures = _failures.get()
        if failures is not None:
            failures.append(error)
        if isinstance(update, Update):
            await self._apologise(update)

    async def _apologise(self, update: Update) -> None:
        with contextlib.suppress(TelegramError, Undeliverable):
            if update.callback_query is not None:
                await self._client.answer(update.callback_query, APOLOGY)
            elif update.effective_chat is not None and update.effective_chat.type == "private":
                await self._client.send(update.effective_chat.id, [Outgoing(text=APOLOGY)])
