"""Telegram updates through the inbox: one event per update, processed by the Application.

An update's key is `{bot id}:{update_id}`, so an update Telegram delivers again (a webhook
retry, a getUpdates batch fetched again after a crash) is dropped by the inbox. Its body is the
update's JSON as Telegram sent it. Processing turns it back into a PTB Update and hands it to
the Application's handlers; a handler's failure (reported by the error handler) makes the
inbox try the update again after its lease. Of the message a button press came from, the
handlers read which chat and which message it is: its text and keyboard, a card's worth of
objects for PTB to build, are left out of the Update. A person's updates are handled in order (a
comment prompt, then the comment), different people's in parallel.
"""

import json
from collections.abc import Mapping

from telegram import Bot, Update

from bots.chat.inbox import ArrivingEvent, Source, StoredEvent
from bots.telegram.application import TelegramApplication
from bots.telegram.errors import tracked_failures

SOURCE = "telegram"
# The parts of an update that name who sent it, in the order they are looked for.
_SENT_BY = ("callback_query", "message", "edited_message", "my_chat_member")
# What is read of the message a pressed button is on (see the module's docstring).
_PRESSED_ON = ("message_id", "date", "chat", "message_thread_id")


class UpdateFailed(Exception):
    """A handler failed on the update (the error handler logged why): try it again later."""


def update_event(bot_id: int, update: Mapping[str, object]) -> ArrivingEvent:
    """The inbox event for an update as Telegram sent it (its update_id is an int)."""
    body = json.dumps(update, ensure_ascii=False, separators=(",", ":"))
    return ArrivingEvent(source=SOURCE, key=f"{bot_id}:{update['update_id']}", body=body)


def update_in(body: bytes | str, bot: Bot) -> dict[str, object] | None:
    """The update a request body holds, if it is one PTB can read; None otherwise."""
    try:
        data = json.loads(body)
        if not isinstance(data, dict) or type(data.get("update_id")) is not int:
            return None
        Update.de_json(data, bot)
    except (ValueError, TypeError, KeyError, AttributeError):
        return None  # what PTB raises for parts that are not shaped as the Bot API's
    return data


def telegram_source(application: TelegramApplication) -> Source:
    """The inbox source whose handler runs the Application's handlers on each update."""

    async def handle(event: StoredEvent) -> None:
        update = Update.de_json(as_handled(json.loads(event.body)), application.bot)
        with tracked_failures() as failures:
            await application.process_update(update)
        if failures:
            raise UpdateFailed(f"update {update.update_id}")

    return Source(name=SOURCE, handle=handle, order_key=sender_of)


def as_handled(update: dict[str, object]) -> dict[str, object]:
    """The update with only what the handlers read of a pressed button's message."""
    query = update.get("callback_query")
    pressed = query.get("message") if isinstance(query, dict) else None
    if not isinstance(query, dict) or not isinstance(pressed, dict):
        return update
    kept = {name: pressed[name] for name in _PRESSED_ON if name in pressed}
    return {**update, "callback_query": {**query, "message": kept}}


def sender_of(event: StoredEvent) -> str:
    """Who sent the update (their updates are handled in order), or the event's own key."""
    data = json.loads(event.body)
    for kind in _SENT_BY:
        part = data.get(kind)
        sender = part.get("from") if isinstance(part, dict) else None
        if isinstance(sender, dict) and "id" in sender:
            return str(sender["id"])
    return event.key
