"""The fake Bot API's chats: the messages the bot sent, edits, members, files, blocked chats.

Each method named like a Bot API method takes the request's decoded parameters and returns the
`result` Telegram would, or raises BotApiError with Telegram's status and description.
"""

import itertools
import mimetypes
import time
from collections.abc import Mapping

from tests.fakes.telegram_photos import photo_sizes, uploaded_photo
from tests.fakes.telegram_wire import (
    BotApiError,
    UploadedFile,
    bad_request,
    check_inline_keyboard,
    formatted_text,
)

Params = Mapping[str, object]
Json = dict[str, object]

MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_ANSWER_LIMIT = 200
DOWNLOAD_LIMIT = 20 * 1024 * 1024
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)
RESTRICTIONS = [
    f"can_{right}"
    for right in (
        "change_info",
        "invite_users",
        "pin_messages",
        "send_messages",
        "send_polls",
        "send_other_messages",
        "add_web_page_previews",
        "manage_topics",
        "send_audios",
        "send_documents",
        "send_photos",
        "send_videos",
        "send_video_notes",
        "send_voice_notes",
        "edit_tag",
    )
]
MEMBER_FIELDS: dict[str, Json] = {
    "creator": {"is_anonymous": False},
    "administrator": {
        "can_be_edited": False,
        "is_anonymous": False,
        "can_manage_chat": True,
        "can_delete_messages": True,
        "can_manage_video_chats": False,
        "can_restrict_members": True,
        "can_promote_members": False,
        "can_change_info": True,
        "can_invite_users": True,
        "can_post_stories": False,
        "can_edit_stories": False,
        "can_delete_stories": False,
    },
    "restricted": {"is_member": True, "until_date": 0, **dict.fromkeys(RESTRICTIONS, False)},
    "kicked": {"until_date": 0},
    "member": {},
    "left": {},
}


class FakeChats:
    """Chats known to the fake, with the messages the bot sent into each."""

    def __init__(self, bot_user: Mapping[str, object]) -> None:
        self.bot_user = dict(bot_user)
        self._chats: dict[int, Json] = {}
        self._messages: dict[int, dict[int, Json]] = {}
        self._blocked: dict[int, str] = {}
        self._statuses: dict[tuple[int, int], str] = {}
        self._files: dict[str, tuple[Json, bytes]] = {}
        self._answered: set[str] = set()
        # Presses whose answer window passed (Telegram: "query is too old"), set by tests.
        self.expired_queries: set[str] = set()
        self._file_numbers = itertools.count(1)

    def register_chat(self, chat_id: int, type: str, title: str | None = None) -> Json:
        """Declare a chat's type (channels cannot be told from their id) and its title."""
        name_field = "first_name" if type == "private" else "title"
        self._chats[chat_id] = {
            "id": chat_id,
            "type": type,
            name_field: title or f"Chat {chat_id}",
        }
        return dict(self._chats[chat_id])

    def chat(self, chat_id: int) -> Json:
        """The Chat object for an id; its type is guessed from the id unless registered."""
        if chat_id not in self._chats:
            kind = "private" if chat_id > 0 else "group" if chat_id > -(10**12) else "supergroup"
            self.register_chat(chat_id, kind)
        return dict(self._chats[chat_id])

    def block_chat(self, chat_id: int, description: str | None = None) -> None:
        kind = self.chat(chat_id)["type"]
        default = {
            "private": "Forbidden: bot was blocked by the user",
            "channel": "Forbidden: bot is not a member of the channel chat",
        }.get(str(kind), f"Forbidden: bot was kicked from the {kind} chat")
        self._blocked[chat_id] = description or default

    def unblock_chat(self, chat_id: int) -> None:
        self._blocked.pop(chat_id, None)

    def set_member_status(self, chat_id: int, user_id: int, status: str) -> None:
        if status not in MEMBER_FIELDS:
            raise ValueError(f"unknown chat member status {status!r}")
        self._statuses[chat_id, user_id] = status

    def messages(self, chat_id: int) -> list[Json]:
        """The bot's messages in a chat as they are now (edited, not deleted), oldest first."""
        return [dict(message) for message in self._messages.get(chat_id, {}).values()]

    def add_file(
        self, file_id: str, data: bytes, file_name: str, mime_type: str | None = None
    ) -> Json:
        """Make bytes downloadable by getFile; returns the Document a message would carry."""
        number = next(self._file_numbers)
        document: Json = {
            "file_id": file_id,
            "file_unique_id": f"unique-{number}",
            "file_name": file_name,
            "mime_type": mime_type
            or mimetypes.guess_type(file_name)[0]
            or "application/octet-stream",
            "file_size": len(data),
        }
        self._files[file_id] = ({**document, "file_path": f"documents/file_{number}"}, data)
        return document

    def file_bytes(self, file_path: str) -> bytes | None:
        found = (data for info, data in self._files.values() if info["file_path"] == file_path)
        return next(found, None)

    # --- Bot API methods ---------------------------------------------------------------------

    def send_message(self, params: Params) -> Json:
        chat_id, chat = self._reachable(params)
        text, entities = self._text(params, "text", MESSAGE_LIMIT)
        markup = self._markup(params)
        return self._store(chat_id, chat, params, {"text": text, "entities": entities, **markup})

    def send_document(self, params: Params, files: Mapping[str, UploadedFile]) -> Json:
        chat_id, chat = self._reachable(params)
        document = self._document(params.get("document"), files)
        fields: Json = {"document": document, **self._markup(params)}
        return self._store(chat_id, chat, params, fields | self._caption(params))

    def send_photo(self, params: Params, files: Mapping[str, UploadedFile]) -> Json:
        chat_id, chat = self._reachable(params)
        upload = uploaded_photo(params.get("photo"), files)
        photo = photo_sizes(upload, f"AgACAgIAAxkBAAI-fake-photo-{len(self._files) + 1}")
        self.add_file(str(photo[0]["file_id"]), upload.data, upload.filename, "image/png")
        fields: Json = {"photo": photo, **self._markup(params)}
        return self._store(chat_id, chat, params, fields | self._caption(params))

    def _caption(self, params: Params) -> Json:
        if not params.get("caption"):
            return {}
        caption, entities = self._text(params, "caption", CAPTION_LIMIT)
        return {"caption": caption, "caption_entities": entities}

    def edit_message_text(self, params: Params) -> Json | bool:
        text, entities = self._text(params, "text", MESSAGE_LIMIT)
        return self._edit(params, {"text": text, "entities": entities, **self._markup(params)})

    def edit_message_reply_markup(self, params: Params) -> Json | bool:
        return self._edit(params, self._markup(params))

    def delete_message(self, params: Params) -> bool:
        chat_id, _ = self._reachable(params)
        if self._messages.get(chat_id, {}).pop(_id(params), None) is None:
            raise bad_request("message to delete not found")
        return True

    def answer_callback_query(self, params: Params) -> bool:
        query_id = str(params.get("callback_query_id", ""))
        if len(str(params.get("text", ""))) > CALLBACK_ANSWER_LIMIT:
            raise bad_request("MESSAGE_TOO_LONG")
        if not query_id or query_id in self._answered or query_id in self.expired_queries:
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        self._answered.add(query_id)
        return True

    def get_file(self, params: Params) -> Json:
        info, data = self._files.get(str(params.get("file_id")), ({}, b""))
        if not info:
            raise bad_request("invalid file_id")
        if len(data) > DOWNLOAD_LIMIT:
            raise bad_request("file is too big")
        return {key: info[key] for key in ("file_id", "file_unique_id", "file_size", "file_path")}

    def get_chat(self, params: Params) -> Json:
        gifts = ("unlimited_gifts", "limited_gifts", "unique_gifts", "premium_subscription")
        return self._known(params)[1] | {
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": dict.fromkeys((*gifts, "gifts_from_channels"), False),
        }

    def get_chat_member(self, params: Params) -> Json:
        chat_id, user_id = self._known(params)[0], params.get("user_id")
        if not isinstance(user_id, int):
            raise bad_request("invalid user_id specified")
        status = self._statuses.get((chat_id, user_id), "member")
        user: Json = {"id": user_id, "is_bot": False, "first_name": f"User {user_id}"}
        if user_id == self.bot_user["id"]:
            user = dict(self.bot_user)
        return {"status": status, "user": user, **MEMBER_FIELDS[status]}

    def leave_chat(self, params: Params) -> bool:
        chat_id, chat = self._reachable(params)
        if chat["type"] == "private":
            raise bad_request("chat member status can't be changed in private chats")
        self._blocked[chat_id] = f"Forbidden: bot is not a member of the {chat['type']} chat"
        return True

    # --- helpers -----------------------------------------------------------------------------

    def _known(self, params: Params) -> tuple[int, Json]:
        chat_id = params.get("chat_id")
        if not isinstance(chat_id, int):  # "@channelusername" is not supported by the fake
            raise bad_request("chat not found")
        return chat_id, self.chat(chat_id)

    def _reachable(self, params: Params) -> tuple[int, Json]:
        chat_id, chat = self._known(params)
        if chat_id in self._blocked:
            raise BotApiError(403, self._blocked[chat_id])
        return chat_id, chat

    def _text(self, params: Params, field: str, limit: int) -> tuple[str, list[Json]]:
        raw = params.get(field)
        text, entities = formatted_text(
            raw if isinstance(raw, str) else "",
            params.get("parse_mode"),
            params.get("entities" if field == "text" else "caption_entities"),
        )
        if not text:
            raise bad_request("message text is empty")
        if len(text) > limit:
            raise bad_request(
                "message is too long" if field == "text" else "message caption is too long"
            )
        return text, entities

    def _markup(self, params: Params) -> Json:
        markup = params.get("reply_markup")
        check_inline_keyboard(markup)
        # Telegram echoes only inline keyboards in the Message; reply keyboards are not shown.
        if isinstance(markup, Mapping) and "inline_keyboard" in markup:
            return {"reply_markup": dict(markup)}
        return {}

    def _store(self, chat_id: int, chat: Json, params: Params, fields: Json) -> Json:
        messages = self._messages.setdefault(chat_id, {})
        message: Json = {"message_id": max(messages, default=0) + 1, "date": int(time.time())}
        sender = {"sender_chat": chat} if chat["type"] == "channel" else {"from": self.bot_user}
        message |= sender | {"chat": chat}
        replied = self._replied(chat_id, params)
        if replied is not None:
            message["reply_to_message"] = replied
        message |= {key: value for key, value in fields.items() if value}
        messages[max(messages, default=0) + 1] = message
        return dict(message)

    def _replied(self, chat_id: int, params: Params) -> Json | None:
        reply = params.get("reply_parameters")
        target = reply.get("message_id") if isinstance(reply, Mapping) else None
        target = target if target is not None else params.get("reply_to_message_id")
        found = self._messages.get(chat_id, {}).get(target) if isinstance(target, int) else None
        return {k: v for k, v in found.items() if k != "reply_to_message"} if found else None

    def _edit(self, params: Params, fields: Json) -> Json | bool:
        if params.get("inline_message_id"):
            return True
        chat_id, _ = self._reachable(params)
        message = self._messages.get(chat_id, {}).get(_id(params))
        if message is None:
            raise bad_request("message to edit not found")
        if "text" in fields and "text" not in message:
            raise bad_request("there is no text in the message to edit")
        changing = (*fields.keys(), "reply_markup")  # an edit without a keyboard removes it
        before = {key: value for key, value in message.items() if key != "edit_date"}
        after = {key: value for key, value in before.items() if key not in changing}
        after |= {key: value for key, value in fields.items() if value}
        if after == before:
            raise bad_request(NOT_MODIFIED)
        self._messages[chat_id][_id(params)] = after | {"edit_date": int(time.time())}
        return dict(self._messages[chat_id][_id(params)])

    def _document(self, value: object, files: Mapping[str, UploadedFile]) -> Json:
        name = str(value).removeprefix("attach://")
        upload = files.get(name) or files.get("document")
        if upload is not None:
            file_id = f"BQACAgIAAxkBAAI-fake-{len(self._files) + 1}"
            return self.add_file(file_id, upload.data, upload.filename, upload.content_type)
        if isinstance(value, str) and value in self._files:
            info = self._files[value][0]
            return {key: item for key, item in info.items() if key != "file_path"}
        raise bad_request("wrong file identifier/HTTP URL specified")


def _id(params: Params) -> int:
    value = params.get("message_id")
    if not isinstance(value, int):
        raise bad_request("message identifier is not specified")
    return value
