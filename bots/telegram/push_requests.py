"""The outbox's Bot API calls: PTB's request layer, Telegram's raw answer, no Message objects.

A push needs one thing back from Telegram, the sent message's id; `Bot.send_message` parses
the whole answer into a `Message` (the chat, the sender, every button of the keyboard), which
cost about a fifth of a push's CPU (bench/README.md, the outbox section). These calls go
through `Bot.do_api_request` instead, which keeps everything else: the same transport, the
same request encoding, and the same errors (RetryAfter, Forbidden, BadRequest, ChatMigrated,
NetworkError, TimedOut), so the outbox's outcomes do not change. An answer is read for its
`message_id` only, so an answer python-telegram-bot could not parse is still a sent push.

The method is named in lower case: the Bot API's method names are case-insensitive, and
`do_api_request` warns when it is given the name of a method the Bot has a wrapper for
(`sendMessage`), which is exactly the wrapper this avoids.

The inline keyboard is written as the Bot API's JSON object here for the buttons townhall
makes (a label with callback data or a URL, nothing else set): PTB's generic `to_dict` walks
every attribute of every button; any other markup is passed to PTB as it is.
"""

import functools
from collections.abc import Mapping
from operator import attrgetter
from types import MappingProxyType
from typing import Final

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions
from telegram.constants import ParseMode

from bots.telegram.layout import Markup, Outgoing
from bots.telegram.rendering import render
from core.screens import Screen

# One message of a push as the Bot API's parameters, all but the chat: rendered once per
# distinct screen (a broadcast's cards differ only by the reader's vote).
Prepared = Mapping[str, object]
RENDERED_SCREENS = 64  # the distinct screens kept rendered (one process, every bot)

SEND_MESSAGE: Final = "sendmessage"
EDIT_MESSAGE_TEXT: Final = "editmessagetext"
NO_PREVIEW: Final = LinkPreviewOptions(is_disabled=True).to_dict()  # shared, never changed
_PLAIN_FIELDS: Final = ("text", "url", "callback_data")
_OTHER_FIELDS: Final = tuple(
    name for name in InlineKeyboardButton.__slots__ if name not in _PLAIN_FIELDS
)
_others: Final = attrgetter(*_OTHER_FIELDS)  # every other field of a button, in one call
_NONE_SET: Final = (None,) * len(_OTHER_FIELDS)


def pushed_messages(screen: Screen, bot_username: str) -> tuple[Prepared, ...]:
    """The screen's messages, ready to send; a screen equal to a recent one is not redrawn.

    Rendering is a pure function of the screen (bots.telegram.rendering), so equal screens
    give the same messages.
    """
    try:
        return _rendered(screen, bot_username)
    except TypeError:  # a screen with an unhashable part: drawn every time
        return _render(screen, bot_username)


@functools.lru_cache(maxsize=RENDERED_SCREENS)
def _rendered(screen: Screen, bot_username: str) -> tuple[Prepared, ...]:
    return _render(screen, bot_username)


def _render(screen: Screen, bot_username: str) -> tuple[Prepared, ...]:
    return tuple(prepare(message) for message in render(screen, bot_username))


def prepare(message: Outgoing) -> Prepared:
    """A rendered message as sendMessage's parameters (read-only: it may be shared)."""
    return MappingProxyType(_parameters(message.text, message.markup))


async def send_pushed(
    bot: Bot, chat_id: int, message: Prepared, *, paid: bool = False
) -> int | None:
    """Send one message; the id Telegram gave it (None if the answer names none)."""
    parameters = dict(message)
    parameters["chat_id"] = chat_id
    if paid:
        parameters["allow_paid_broadcast"] = True
    return message_id(await bot.do_api_request(SEND_MESSAGE, api_kwargs=parameters))


async def edit_pushed(bot: Bot, chat_id: int, message_id: int, message: Outgoing) -> None:
    """Replace a sent message's text and inline keyboard."""
    parameters = _parameters(message.text, message.keyboard)
    parameters.update(chat_id=chat_id, message_id=message_id)
    await bot.do_api_request(EDIT_MESSAGE_TEXT, api_kwargs=parameters)


def message_id(answer: object) -> int | None:
    """The `message_id` of a Bot API answer that is a message."""
    if isinstance(answer, dict):
        found = answer.get("message_id")
        if isinstance(found, int):
            return found
    return None


def _parameters(text: str, markup: Markup | None) -> dict[str, object]:
    parameters: dict[str, object] = {
        "text": text,
        "parse_mode": ParseMode.HTML.value,
        "link_preview_options": NO_PREVIEW,
    }
    if markup is not None:
        parameters["reply_markup"] = markup_json(markup)
    return parameters


def markup_json(markup: Markup) -> dict[str, object] | Markup:
    """An inline keyboard of plain buttons as the Bot API's JSON object; other markup as is."""
    if type(markup) is not InlineKeyboardMarkup or markup.api_kwargs:
        return markup
    rows = []
    for row in markup.inline_keyboard:
        buttons = [_plain_button(button) for button in row]
        if None in buttons:
            return markup
        rows.append(buttons)
    return {"inline_keyboard": rows}


def _plain_button(button: InlineKeyboardButton) -> dict[str, str] | None:
    """A button with only a label and callback data or a URL, as a JSON object; else None."""
    if type(button) is not InlineKeyboardButton or button.api_kwargs:
        return None
    if _others(button) != _NONE_SET:
        return None
    data, url = button.callback_data, button.url
    if not isinstance(data, str | None):  # arbitrary callback data is PTB's business
        return None
    plain = {"text": button.text}
    if url is not None:
        plain["url"] = url
    if data is not None:
        plain["callback_data"] = data
    return plain
