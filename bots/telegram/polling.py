"""Long polling through the inbox: a batch is stored before the next getUpdates confirms it.

Telegram forgets an update once a getUpdates call asks for a higher offset. So each batch is
stored in the inbox in one transaction first, and only then is the offset moved past it: a
crash at any moment loses nothing (a batch fetched but not stored is fetched again; one stored
but not confirmed is fetched again and dropped by the inbox as known). python-telegram-bot's
Updater moves the offset before the updates are handled, which is why townhall polls itself.

getUpdates is called over PTB's own request class, so its errors are PTB's: a network failure,
a 5xx or another poller on the token (Conflict) is retried with a growing pause; RetryAfter
waits as Telegram asks; a refused token stops the front end.
"""

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Sequence
from datetime import timedelta
from typing import TypeVar
from urllib.parse import urlencode

from telegram import Bot
from telegram.error import InvalidToken, RetryAfter, TelegramError
from telegram.request import BaseRequest, HTTPXRequest

from bots.chat.inbox import InboxProcessor
from bots.telegram.intake import update_event

logger = logging.getLogger(__name__)

BATCH = 100
FIRST_PAUSE = 1.0
LONGEST_PAUSE = 30.0
_Result = TypeVar("_Result")


class TelegramPoller:
    """Fetches updates into the inbox until stopped; the processor handles them."""

    def __init__(
        self,
        bot: Bot,
        processor: InboxProcessor,
        *,
        timeout: int,
        allowed_updates: Sequence[str],
        request: BaseRequest | None = None,
    ) -> None:
        self._bot = bot
        self._processor = processor
        self._timeout = timeout
        self._allowed = list(allowed_updates)
        self._request = request or HTTPXRequest(connection_pool_size=1)
        self._offset = 0
        self._pause = FIRST_PAUSE

    async def run(self, stop: asyncio.Event) -> None:
        """Poll until `stop`; then confirm what is stored, so Telegram need not send it again."""
        await self._request.initialize()
        try:
            while not stop.is_set():
                await self._poll_once(stop)
            await self._confirm()
        finally:
            await self._request.shutdown()

    async def _poll_once(self, stop: asyncio.Event) -> None:
        await _unless_stopped(self._processor.room(), stop)
        if stop.is_set():
            return
        try:
            batch = await _unless_stopped(self._get_updates(self._timeout), stop)
        except InvalidToken:
            raise
        except RetryAfter as error:
            await _pause(stop, _seconds(error.retry_after))
            return
        except TelegramError as error:
            logger.warning("Telegram: getUpdates failed (%s); trying again", type(error).__name__)
            await self._wait_longer(stop)
            return
        if batch:
            await self._store(batch, stop)

    async def _store(self, batch: list[dict[str, object]], stop: asyncio.Event) -> None:
        try:
            await self._processor.accept([update_event(self._bot.id, u) for u in batch])
        except Exception as error:  # the database: the batch is fetched again, not confirmed
            logger.warning("Telegram: could not store updates (%s)", type(error).__name__)
            await self._wait_longer(stop)
            return
        self._offset = max(_update_id(update) for update in batch) + 1
        self._pause = FIRST_PAUSE

    async def _get_updates(self, wait: int) -> list[dict[str, object]]:
        parameters: dict[str, object] = {"offset": self._offset, "timeout": wait}
        parameters |= {"limit": BATCH, "allowed_updates": _json_list(self._allowed)}
        url = f"{self._bot.base_url}/getUpdates?{urlencode(parameters)}"
        read_timeout = (self._request.read_timeout or 0) + wait
        result = await self._request.post(url, read_timeout=read_timeout)
        if not isinstance(result, list):
            raise TelegramError("getUpdates did not answer a list")
        return [update for update in result if isinstance(update.get("update_id"), int)]

    async def _confirm(self) -> None:
        if self._offset:
            with contextlib.suppress(TelegramError):
                await self._get_updates(0)

    async def _wait_longer(self, stop: asyncio.Event) -> None:
        await _pause(stop, self._pause)
        self._pause = min(self._pause * 2, LONGEST_PAUSE)


async def _unless_stopped(work: Awaitable[_Result], stop: asyncio.Event) -> _Result | None:
    """The work's result, or None if `stop` is set first (the work is then cancelled)."""
    task = asyncio.ensure_future(work)
    stopping = asyncio.create_task(stop.wait())
    try:
        await asyncio.wait([task, stopping], return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopping.cancel()
    if not task.done():
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        return None
    return task.result()


async def _pause(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)


def _update_id(update: dict[str, object]) -> int:
    value = update["update_id"]
    return value if isinstance(value, int) else 0


def _json_list(items: list[str]) -> str:
    return "[" + ",".join(f'"{item}"' for item in items) + "]"


def _seconds(value: float | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
