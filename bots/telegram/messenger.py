"""Pushes to Telegram from the outbox: render the screen, pace it, send it, say what happened.

TelegramMessenger is the core's Messenger port for Telegram; bots.telegram.client sends. What
Telegram answers becomes an Outcome; the Dispatcher decides what follows (retry, back off,
stop writing to that chat):

    Forbidden                       UNREACHABLE: blocked the bot, deactivated, bot kicked
    BadRequest "chat not found"     UNREACHABLE: the chat is gone
    other BadRequest                FAILED: Telegram will never accept this request
    RetryAfter                      RETRY_AFTER, with the wait Telegram asked for
    TimedOut, NetworkError, 5xx     TRANSIENT (and any other Telegram error: retried, then failed)
    ChatMigrated                    the group's link moves to the new id, and the screen is resent

A screen may be several messages (a long paragraph is split); if a later one fails, a retry
sends the screen again from its first message.
"""

import logging
from datetime import timedelta

from telegram import Bot
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter, TelegramError

from bots.chat.pacing import priority_of
from bots.telegram.client import TelegramClient
from bots.telegram.push_requests import pushed_messages
from bots.telegram.rendering import render
from core.delivery import Outcome, OutcomeKind, Recipient
from core.screens import PostEdit, Screen

logger = logging.getLogger(__name__)

SENT = Outcome(kind=OutcomeKind.SENT)


class TelegramMessenger:
    """The outbox's sender for Telegram chats: private chats, groups and channels."""

    def __init__(self, bot: Bot, client: TelegramClient, *, paid: bool = False) -> None:
        self._bot = bot
        self._client = client
        self._paid = paid

    async def deliver(self, recipient: Recipient, screen: Screen) -> Outcome:
        try:
            chat_id = int(recipient.address)
        except ValueError:
            return Outcome(kind=OutcomeKind.FAILED, detail=f"not a Telegram chat: {recipient}")
        try:
            return await self._send(chat_id, screen)
        except ChatMigrated as error:
            await self._client.move(chat_id, error.new_chat_id)
            try:
                return await self._send(error.new_chat_id, screen)
            except ChatMigrated:
                return Outcome(kind=OutcomeKind.FAILED, detail="the group moved twice")

    async def _send(self, chat_id: int, screen: Screen) -> Outcome:
        priority = priority_of(screen)
        sent: int | None = None  # the last message's id
        try:
            if isinstance(screen, PostEdit):  # the post's last part holds its tally and buttons
                last = render(screen, self._bot.username)[-1]
                await self._client.push_edit(chat_id, int(screen.message_ref), last, priority)
                return SENT
            for message in pushed_messages(screen, self._bot.username):
                sent = await self._client.push(
                    chat_id, message, priority=priority, paid=self._paid
                )
        except ChatMigrated:
            raise
        except TelegramError as error:
            outcome = classify(error)
            logger.info("push to chat %s: %s (%s)", chat_id, outcome.kind, outcome.detail)
            return outcome
        ref = None if sent is None else str(sent)
        return Outcome(kind=OutcomeKind.SENT, message_ref=ref)


def classify(error: TelegramError) -> Outcome:
    """What a Bot API error means for the outbox row."""
    detail = error.message
    match error:
        case RetryAfter():
            return Outcome(kind=OutcomeKind.RETRY_AFTER, detail=detail, retry_after=wait(error))
        case Forbidden():
            return Outcome(kind=OutcomeKind.UNREACHABLE, detail=detail)
        case BadRequest() if "chat not found" in detail.lower():
            return Outcome(kind=OutcomeKind.UNREACHABLE, detail=detail)
        case BadRequest():
            return Outcome(kind=OutcomeKind.FAILED, detail=detail)
        case _:
            return Outcome(kind=OutcomeKind.TRANSIENT, detail=detail)


def wait(error: RetryAfter) -> timedelta:
    # PTB gives a timedelta when PTB_TIMEDELTA is set (the runners set it), else seconds.
    value = error.retry_after
    return value if isinstance(value, timedelta) else timedelta(seconds=value)
