"""Telegram messages and commands translated into the core's intents; pure functions.

A reply to one of the bot's messages is read through that message's inline keyboard: its
callback data are the core's own payloads, so the paragraph (or the comment) the person
answers is whatever those buttons stand for. Nothing is remembered between updates.
"""

from collections.abc import Sequence

from telegram import Chat, Message, User
from telegram.constants import ChatType

from bots.chat.grammar import PRIVATE, Place, Usage, read, without_arguments
from bots.chat.identities import telegram_ref
from bots.chat.replies import comment_on_card
from bots.telegram.client import channel_ref
from core.callbacks import decode
from core.errors import InvalidPayload
from core.hints import Command, unknown_command
from core.intents import (
    FreeText,
    Intent,
    ShowOverview,
    StartComment,
    SubmitComment,
)
from core.model import Actor


def actor_of(user: User) -> Actor:
    return Actor(ref=telegram_ref(user.id), display_name=user.full_name)


def is_shared(chat: Chat) -> bool:
    """A group, supergroup or channel: many readers, so nothing personal is shown there."""
    return chat.type != ChatType.PRIVATE


def idempotency_key(message: Message) -> str:
    """Names the Telegram message, so a redelivered update stores its comment once."""
    return f"tg:{message.chat.id}:{message.message_id}"


def text_intent(message: Message, bot_id: int) -> Intent | None:
    """A text message as a comment, a reply, or free text; None for group chatter."""
    body = message.text or ""
    replied = message.reply_to_message
    target = None
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot_id:
        target = _comment_target(_payloads(replied), body, idempotency_key(message))
    if target is not None or is_shared(message.chat):
        return target
    return FreeText(body=body, idempotency_key=idempotency_key(message))


def _payloads(message: Message) -> list[Intent]:
    markup = message.reply_markup
    intents = []
    for row in markup.inline_keyboard if markup else ():
        for button in row:
            if isinstance(button.callback_data, str):
                try:
                    intents.append(decode(button.callback_data))
                except InvalidPayload:
                    continue
    return intents


def _comment_target(intents: list[Intent], body: str, key: str) -> SubmitComment | None:
    for intent in intents:  # a comment's message: its Reply button names the comment
        if isinstance(intent, StartComment) and intent.reply_to is not None:
            return SubmitComment(
                consultation_id=intent.consultation_id,
                paragraph_id=intent.paragraph_id,
                body=body,
                reply_to=intent.reply_to,
                idempotency_key=key,
            )
    return comment_on_card(intents, body, key)  # a paragraph card


def command_intent(command: str, args: Sequence[str], chat: Chat) -> Intent | Usage:
    """The intent a command stands for, or its usage when its arguments do not fit."""
    arguments = " ".join(args)
    if command == "start":  # a deep link's payload comes as `/start PAYLOAD`
        return read(Command.JOIN if args else Command.LIST, arguments, place_of(chat))
    if command == "mine":  # Telegram's list of one's consultations (Slack has its App Home)
        return without_arguments(ShowOverview(), args, "/mine")
    word = _WORDS.get(command)
    if word is None:
        return Usage(text=unknown_command(f"/{command}"))
    return read(word, arguments, place_of(chat))


def place_of(chat: Chat) -> Place:
    if not is_shared(chat):
        return PRIVATE
    return Place(channel=channel_ref(chat.id), channel_title=chat.title or "")


def stray_command(text: str, chat: Chat, bot_username: str) -> Usage | None:
    """The answer to a command no handler took, or None where it was not meant for this bot.

    In a private chat every command is the bot's; in a group only one addressed to it
    (`/anything@bot`), since the group may have other bots.
    """
    name, _, addressee = text.split()[0].removeprefix("/").partition("@")
    if addressee.lower() != bot_username.lower() and (addressee or is_shared(chat)):
        return None
    if name.lower() in COMMANDS:  # a private chat's command, sent in a group
        return Usage(text=f"Send /{name} to me in a private chat.")
    return Usage(text=unknown_command(f"/{name}"))


# Telegram's command words, as bots.telegram.hints spells the neutral commands; `/start` is
# both the list (alone) and joining (with a deep link's payload).
_WORDS = {
    command.value: command for command in Command if command not in (Command.LIST, Command.JOIN)
}
COMMANDS = ("start", "mine", *_WORDS)
GROUP_COMMANDS = ("link", "post")
PRIVATE_COMMANDS = tuple(name for name in COMMANDS if name not in GROUP_COMMANDS)
# What the command menu shows (setMyCommands): the participant commands /help lists
# (tests/bots/telegram/test_menu.py); organiser commands are left to /help.
MENU = (
    ("next", "continue with the next paragraph"),
    ("progress", "how far you are and when it closes"),
    ("stats", "the figures, when published"),
    ("mine", "your consultations"),
    ("mute", "no more reminders"),
    ("unmute", "reminders again"),
    ("subscribe", "the daily or weekly digest"),
    ("unsubscribe", "no more digests"),
    ("leave", "leave the consultation"),
    ("mydata", "everything townhall holds about you"),
    ("forget", "erase what townhall holds about you"),
    ("help", "what you can do"),
)
