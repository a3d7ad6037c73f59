"""The Bot API client: sending to Telegram with its errors classified, no database.

Handlers say what to send through it, and the outbox's TelegramMessenger what to push:

    Forbidden        the person blocked the bot (or it was removed from the group): a person
                     is marked unreachable, nothing more is sent to that chat now
    RetryAfter       flood control: wait the time Telegram asks, then try once more
    BadRequest "message is not modified"   an edit to what is shown already: success
    ChatMigrated     a group became a supergroup: its link moves to the new id, then resend

Anything else propagates to the application's error handler. With pacing, every message and
edit waits for the bot's limiter: answers first and unspaced (see bots.chat.pacing), and `push`,
the outbox's send, at the push's priority, spaced per chat, with its errors left to the caller.
"""

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from typing import TypeVar

from telegram import Bot, CallbackQuery, InputFile, LinkPreviewOptions, Message, ReplyParameters
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter, TelegramError

from bots.chat.identities import TELEGRAM_TENANT, telegram_ref
from bots.chat.pacing import INTERACTIVE
from bots.telegram.layout import Outgoing, escape
from bots.telegram.pacing import TelegramPacing
from bots.telegram.push_requests import Prepared, edit_pushed, send_pushed
from core.app import ConsultationApp
from core.model import SYSTEM_ACTOR, ChannelRef, Platform
from core.upkeep import MoveChannel, SetReachable

logger = logging.getLogger(__name__)

TOAST_LIMIT = 200
# What Telegram says to an answer after the press's answer window (a few seconds).
TOO_OLD = "query is too old"
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
_Result = TypeVar("_Result")


class Undeliverable(Exception):
    """The chat cannot be written to any more (Forbidden); already recorded."""


def channel_ref(chat_id: int) -> ChannelRef:
    """A Telegram group or channel as the core names it."""
    return ChannelRef(platform=Platform.TELEGRAM, tenant=TELEGRAM_TENANT, chat_id=str(chat_id))


class TelegramClient:
    """Sends rendered messages and edits through the Bot API, handling its errors.

    What Telegram says of a chat (blocked, migrated) goes to the core as a system order.
    """

    def __init__(
        self, bot: Bot, app: ConsultationApp, pacing: TelegramPacing | None = None
    ) -> None:
        self._bot = bot
        self._app = app  # what Telegram says of a chat (blocked, migrated) goes to the core
        self._pacing = pacing

    async def send(
        self, chat_id: int, messages: Sequence[Outgoing], *, reply_to: int | None = None
    ) -> list[Message]:
        """Send the messages in order; the first one answers `reply_to` if given."""
        sent = []
        for index, message in enumerate(messages):
            replying = reply_to if index == 0 else None
            delivered = await self._deliver(chat_id, self._sender(message, replying))
            if delivered is not None:
                sent.append(delivered)
        return sent

    async def edit(self, chat_id: int, message_id: int, message: Outgoing) -> None:
        """Replace a message's text and keyboard (the keyboard must be inline or none)."""

        async def edit_in(target: int) -> object:
            await self._answering(target)
            return await self._bot.edit_message_text(
                message.text,
                chat_id=target,
                message_id=message_id,
                parse_mode=ParseMode.HTML,
                reply_markup=message.keyboard,
                link_preview_options=NO_PREVIEW,
            )

        await self._deliver(chat_id, edit_in)

    async def answer(self, query: CallbackQuery, text: str | None = None) -> None:
        """Stop the button's spinner, with a toast if there is text.

        A press handled after Telegram's answer window (townhall was down when it was made)
        can no longer be answered: the text is sent to the person as a message instead, in
        their private chat (a group's card is shared).
        """
        toast = text if text is None or len(text) <= TOAST_LIMIT else f"{text[: TOAST_LIMIT - 1]}…"
        try:
            await query.answer(toast)
        except BadRequest as error:
            if text and TOO_OLD in error.message.lower():
                await self._tell_instead(query.from_user.id, text)
            else:
                logger.warning("a button press could not be answered: %s", error.message)

    async def _tell_instead(self, user_id: int, text: str) -> None:
        with contextlib.suppress(TelegramError, Undeliverable):
            await self.send(user_id, [Outgoing(text=escape(text))])

    def _sender(
        self, message: Outgoing, reply_to: int | None
    ) -> Callable[[int], Awaitable[Message]]:
        async def send_to(chat_id: int) -> Message:
            await self._answering(chat_id)
            if message.document is not None:
                return await self._send_document(chat_id, message.text, message.document, reply_to)
            if message.photo is not None:
                return await self._bot.send_photo(
                    chat_id,
                    InputFile(message.photo, filename="chart.png"),
                    caption=message.text,
                    parse_mode=ParseMode.HTML,
                    reply_parameters=_replying(reply_to),
                )
            return await self._bot.send_message(
                chat_id,
                message.text,
                parse_mode=ParseMode.HTML,
                reply_markup=message.markup,
                reply_parameters=_replying(reply_to),
                link_preview_options=NO_PREVIEW,
            )

        return send_to

    async def _send_document(
        self, chat_id: int, caption: str, document: tuple[str, bytes], reply_to: int | None
    ) -> Message:
        filename, content = document
        return await self._bot.send_document(
            chat_id,
            InputFile(content, filename=filename),
            caption=caption,
            parse_mode=ParseMode.HTML,
            reply_parameters=_replying(reply_to),
        )

    async def push(
        self, chat_id: int, message: Prepared, *, priority: int, paid: bool = False
    ) -> int | None:
        """Send one pushed message, paced at `priority` (paid: the paid limiter, flagged).

        Returns the message's id (bots.telegram.push_requests: no Message is built from the
        answer).
        """
        pacing = self._pacing
        if pacing is not None:
            limiter = pacing.paid if paid and pacing.paid is not None else pacing.standard
            await limiter.acquire(chat_id, priority=priority, windowed=chat_id < 0)
        return await send_pushed(self._bot, chat_id, message, paid=paid)

    async def push_edit(
        self, chat_id: int, message_id: int, message: Outgoing, priority: int
    ) -> None:
        """Edit a message the outbox posted, paced like a push; an unchanged one is fine."""
        if self._pacing is not None:
            await self._pacing.standard.acquire(chat_id, priority=priority, windowed=chat_id < 0)
        try:
            await edit_pushed(self._bot, chat_id, message_id, message)
        except BadRequest as error:
            if "message is not modified" not in error.message.lower():
                raise

    async def move(self, chat_id: int, new_chat_id: int) -> None:
        """The group became a supergroup: its link follows the new id."""
        lifecycle = MoveChannel(channel=channel_ref(chat_id), new_chat_id=str(new_chat_id))
        moved = await self._app.handle(SYSTEM_ACTOR, lifecycle)
        logger.info("group %s became %s (link moved: %s)", chat_id, new_chat_id, moved)

    async def _answering(self, chat_id: int) -> None:
        if self._pacing is not None:
            await self._pacing.standard.acquire(
                chat_id, priority=INTERACTIVE, spaced=False, windowed=chat_id < 0
            )

    async def _deliver(
        self, chat_id: int, call: Callable[[int], Awaitable[_Result]], *, retried: bool = False
    ) -> _Result | None:
        try:
            return await call(chat_id)
        except Forbidden:
            await self._unreachable(chat_id)
            raise Undeliverable(chat_id) from None
        except RetryAfter as error:
            if retried:
                raise
            await asyncio.sleep(_seconds(error))
            return await self._deliver(chat_id, call, retried=True)
        except ChatMigrated as error:
            if retried:
                raise
            await self.move(chat_id, error.new_chat_id)
            return await self._deliver(error.new_chat_id, call, retried=True)
        except BadRequest as error:
            if "message is not modified" in error.message.lower():
                return None
            raise

    async def _unreachable(self, chat_id: int) -> None:
        if chat_id > 0:  # a private chat's id is the person's user id
            lifecycle = SetReachable(ref=telegram_ref(chat_id), reachable=False)
            await self._app.handle(SYSTEM_ACTOR, lifecycle)
        logger.info("chat %s can no longer be written to", chat_id)


def _replying(message_id: int | None) -> ReplyParameters | None:
    if message_id is None:
        return None
    return ReplyParameters(message_id=message_id, allow_sending_without_reply=True)


def _seconds(error: RetryAfter) -> float:
    # PTB gives a timedelta when PTB_TIMEDELTA is set (the runner sets it), else seconds.
    value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
