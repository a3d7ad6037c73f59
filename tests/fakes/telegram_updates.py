"""Updates as Telegram sends them (its documented JSON), for push_update or Update.de_json.

Each builder returns a complete Update with a fresh `update_id`; the message ids of incoming
messages start high so that they never collide with the ids the fake gives the bot's messages.

    fake.push_update(private_message(42, "/start abc"))
    app.process_update(Update.de_json(callback_query(42, "v1:vt:7:a", sent_message), app.bot))
"""

import itertools
import time
from collections.abc import Mapping

from tests.fakes.telegram_wire import utf16_length

Json = dict[str, object]

_update_ids = itertools.count(10_001)
_message_ids = itertools.count(500_001)
_query_ids = itertools.count(900_001)


def user(user_id: int, first_name: str = "Ada", username: str | None = None) -> Json:
    person: Json = {
        "id": user_id,
        "is_bot": False,
        "first_name": first_name,
        "language_code": "en",
    }
    if username is not None:
        person["username"] = username
    return person


def private_chat(user_id: int, first_name: str = "Ada") -> Json:
    return {"id": user_id, "type": "private", "first_name": first_name}


def group_chat(chat_id: int, title: str = "Consultation group") -> Json:
    """A group (ids like -4001234567) or a supergroup (ids like -1001234567890)."""
    kind = "supergroup" if chat_id <= -(10**12) else "group"
    return {"id": chat_id, "type": kind, "title": title}


def private_message(
    user_id: int,
    text: str,
    *,
    message_id: int | None = None,
    reply_to: Mapping[str, object] | None = None,
    first_name: str = "Ada",
) -> Json:
    """A text message in the person's private chat with the bot; `/commands` get their entity."""
    message = _message(user(user_id, first_name), private_chat(user_id, first_name), message_id)
    return _update("message", message | _text(text) | _reply(reply_to))


def group_message(
    chat_id: int,
    user_id: int,
    text: str,
    reply_to: Mapping[str, object] | None = None,
    *,
    first_name: str = "Ada",
) -> Json:
    message = _message(user(user_id, first_name), group_chat(chat_id), None)
    return _update("message", message | _text(text) | _reply(reply_to))


def callback_query(
    user_id: int, data: str, message: Mapping[str, object], *, first_name: str = "Ada"
) -> Json:
    """A press on an inline button of `message`, a message the bot sent (see FakeBotApi)."""
    chat = message.get("chat")
    chat_id = chat.get("id") if isinstance(chat, Mapping) else user_id
    query: Json = {
        "id": str(next(_query_ids)),
        "from": user(user_id, first_name),
        "chat_instance": f"instance{chat_id}",
        "data": data,
        "message": dict(message),
    }
    return _update("callback_query", query)


def document_message(
    user_id: int,
    file_id: str,
    file_name: str,
    mime_type: str,
    caption: str | None = None,
    *,
    file_size: int | None = None,
    first_name: str = "Ada",
) -> Json:
    """A file sent to the bot in a private chat; pair it with FakeBotApi.add_file to download."""
    document: Json = {
        "file_id": file_id,
        "file_unique_id": f"unique-{file_id}",
        "file_name": file_name,
        "mime_type": mime_type,
    }
    if file_size is not None:
        document["file_size"] = file_size
    message = _message(user(user_id, first_name), private_chat(user_id, first_name), None)
    message["document"] = document
    if caption is not None:
        message["caption"] = caption
    return _update("message", message)


def _update(kind: str, payload: Json) -> Json:
    return {"update_id": next(_update_ids), kind: payload}


def _message(sender: Json, chat: Json, message_id: int | None) -> Json:
    return {
        "message_id": message_id if message_id is not None else next(_message_ids),
        "from": sender,
        "chat": chat,
        "date": int(time.time()),
    }


def _text(text: str) -> Json:
    fields: Json = {"text": text}
    if text.startswith("/"):
        command = text.split(maxsplit=1)[0]
        fields["entities"] = [
            {"type": "bot_command", "offset": 0, "length": utf16_length(command)}
        ]
    return fields


def _reply(reply_to: Mapping[str, object] | None) -> Json:
    if reply_to is None:
        return {}
    return {"reply_to_message": {k: v for k, v in reply_to.items() if k != "reply_to_message"}}
