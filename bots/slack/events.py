"""Slash command text and thread replies translated into the core's intents; pure functions.

A thread reply is read through the message it answers: the bot's card carries the core's own
payloads as button values, so the paragraph commented on is whatever those buttons name.
"""

from collections.abc import Iterable, Iterator

from bots.chat.grammar import PRIVATE, Place, Usage, read
from bots.chat.identities import slack_ref
from bots.chat.replies import comment_on_card
from core.callbacks import decode
from core.errors import InvalidPayload
from core.hints import Command, unknown_command
from core.intents import (
    Intent,
    SubmitComment,
)
from core.model import Actor, ChannelRef, Platform


def actor_of(team: str, user: str, name: str | None) -> Actor:
    return Actor(ref=slack_ref(team, user), display_name=name or user)


def channel_ref(team: str, channel: str) -> ChannelRef:
    return ChannelRef(platform=Platform.SLACK, tenant=team, chat_id=channel)


def is_direct(channel: str) -> bool:
    """A DM with the app (Slack's DM ids start with D): the one place for personal cards."""
    return channel.startswith("D")


def thread_key(team: str, channel: str, ts: str) -> str:
    """Names the Slack message, so a redelivered event stores its comment once."""
    return f"slack:{team}:{channel}:{ts}"


# The app's subcommand words, as bots.slack.hints spells the neutral commands; the bare slash
# command lists the open consultations.
_WORDS = {command.value: command for command in Command if command is not Command.LIST}
_WORDS["continue"] = Command.NEXT
COMMANDS = tuple(_WORDS)
# Typed in the DM: the same but `new`, whose form only the slash command can open.
_TYPED = {word: command for word, command in _WORDS.items() if command is not Command.NEW}


def command_intent(text: str, place: Place, *, slash: str) -> Intent | Usage:
    """The intent the text after the slash command `slash` stands for, or its usage."""
    word, arguments = _split(text)
    if not word:
        return read(Command.LIST, arguments, place)
    command = _WORDS.get(word.lower())
    if command is None:
        return Usage(text=unknown_command(f"{slash} {word}"))
    return read(command, arguments, place)


def place_of(team: str, channel: str, channel_name: str) -> Place:
    if is_direct(channel):
        return PRIVATE
    title = f"#{channel_name}" if channel_name else channel
    return Place(channel=channel_ref(team, channel), channel_title=title)


def typed_command(text: str, *, team: str, channel: str) -> Intent | None:
    """Text typed in the DM that is a whole command (`help`, `join plan`), else None.

    A line that starts with a command word but does not read as that command is left to be
    free text: in a DM it is more likely a sentence than a command typed wrong.
    """
    word, arguments = _split(text)
    command = _TYPED.get(word.lower())
    if command is None:
        return None
    intent = read(command, arguments, place_of(team, channel, ""))
    return None if isinstance(intent, Usage) else intent


def _split(text: str) -> tuple[str, str]:
    words = text.split(maxsplit=1)
    return (words[0], words[1]) if len(words) == 2 else (text.strip(), "")


def comment_on(payloads: Iterable[str], body: str, key: str) -> SubmitComment | None:
    """A reply under a message whose buttons name a paragraph, as a comment on it."""
    return comment_on_card(_decoded(payloads), body, key)


def _decoded(payloads: Iterable[str]) -> Iterator[Intent]:
    for payload in payloads:
        try:
            yield decode(payload)
        except InvalidPayload:
            continue
