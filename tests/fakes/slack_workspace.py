"""The fake Slack Web API's workspace: people, conversations, the bot's messages and files.

Each method named like a Web API method takes the call's decoded parameters and returns the
fields Slack adds to `{"ok": true}`, or raises SlackApiFailure with Slack's error code. People
and channels need no registration: any `U…`/`W…` id is a person and any `C…` id a public
channel the bot is in; register one to change that (archived, bot not a member, a name).
"""

import itertools
import re
from collections.abc import Mapping
from urllib.parse import quote

from tests.fakes.slack_wire import (
    Json,
    Params,
    SlackApiFailure,
    check_message_blocks,
    required,
)

TEAM_ID = "T0001"
TEAM_NAME = "Townhall Test"
TEAM_URL = "https://townhall-test.slack.com/"
BOT_USER_ID = "U0BOT"
BOT_ID = "B0BOT"
APP_ID = "A0APP"
FIRST_TS = 1_700_000_000_000_100  # in microseconds: ts "1700000000.000100"

_PERSON = re.compile(r"[UW][A-Z0-9]+")
_CHANNEL = re.compile(r"[CDG][A-Z0-9]+")


class FakeWorkspace:
    """One workspace (team T0001) as the bot sees it."""

    def __init__(self) -> None:
        self.users: dict[str, Json] = {}
        self.channels: dict[str, Json] = {}
        self.ephemeral: list[Json] = []
        self.files: dict[str, tuple[Json, bytes]] = {}
        self.base_url = "http://127.0.0.1"  # the fake's address, for url_private_download
        self._messages: dict[str, dict[str, Json]] = {}
        self._ts = itertools.count(FIRST_TS, 100)

    # --- arranging ---------------------------------------------------------------------------

    def add_user(self, user_id: str, real_name: str, *, deleted: bool = False) -> Json:
        name = real_name.lower().replace(" ", ".")
        self.users[user_id] = {
            "id": user_id,
            "team_id": TEAM_ID,
            "name": name,
            "real_name": real_name,
            "deleted": deleted,
            "is_bot": False,
            "is_admin": False,
            "tz": "Europe/London",
            "profile": {"real_name": real_name, "display_name": name, "team": TEAM_ID},
        }
        return dict(self.users[user_id])

    def add_channel(
        self, channel_id: str, name: str, *, is_archived: bool = False, is_member: bool = True
    ) -> Json:
        self.channels[channel_id] = {
            "id": channel_id,
            "name": name,
            "is_channel": channel_id.startswith("C"),
            "is_im": channel_id.startswith("D"),
            "is_private": not channel_id.startswith("C"),
            "is_archived": is_archived,
            "is_member": is_member,
            "created": 1_690_000_000,
            "context_team_id": TEAM_ID,
        }
        return dict(self.channels[channel_id])

    def add_file(self, file_id: str, name: str, data: bytes, filetype: str) -> Json:
        info: Json = {
            "id": file_id,
            "name": name,
            "title": name,
            "filetype": filetype,
            "mimetype": MIME_TYPES.get(filetype, "application/octet-stream"),
            "size": len(data),
            "user": "U0001",
            "is_external": False,
        }
        self.files[file_id] = (info, data)
        return self._file(file_id)

    def file_bytes(self, path: str) -> tuple[str, bytes] | None:
        """The mimetype and bytes of the file served at this path."""
        for file_id, (info, data) in self.files.items():
            if path == _file_path(file_id, str(info["name"])):
                return str(info["mimetype"]), data
        return None

    def messages(self, channel: str) -> list[Json]:
        """The bot's messages in a channel as they are now (updated, not deleted), oldest first."""
        return [dict(message) for message in self._messages.get(channel, {}).values()]

    def person(self, user_id: str) -> Json:
        if user_id not in self.users:
            if not _PERSON.fullmatch(user_id):
                raise SlackApiFailure("user_not_found")
            self.add_user(user_id, f"Person {user_id}")
        return dict(self.users[user_id])

    def channel(self, channel_id: str) -> Json:
        if channel_id not in self.channels:
            if not _CHANNEL.fullmatch(channel_id):
                raise SlackApiFailure("channel_not_found")
            self.add_channel(channel_id, channel_id.lower())
        return dict(self.channels[channel_id])

    # --- Web API methods ---------------------------------------------------------------------

    def users_info(self, params: Params) -> Json:
        return {"user": self.person(required(params, "user", "user_not_found"))}

    def conversations_open(self, params: Params) -> Json:
        if isinstance(params.get("channel"), str):
            return {"channel": {"id": self.channel(str(params["channel"]))["id"]}}
        users = [user for user in str(params.get("users", "")).split(",") if user]
        if not users:
            raise SlackApiFailure("users_list_not_supplied")
        for user in users:
            if self.person(user)["deleted"]:
                raise SlackApiFailure("user_disabled")
        channel_id = "D" + users[0] if len(users) == 1 else "G" + "".join(sorted(users))
        if channel_id not in self.channels:
            self.add_channel(channel_id, channel_id.lower())
        return {"channel": {"id": channel_id}}

    def conversations_info(self, params: Params) -> Json:
        return {"channel": self.channel(required(params, "channel", "channel_not_found"))}

    def conversations_history(self, params: Params) -> Json:
        """The bot's channel messages (not thread replies), newest first, up to `latest`."""
        channel = str(self.channel(required(params, "channel", "channel_not_found"))["id"])
        latest = _ts_number(params.get("latest"), default=float("inf"))
        inclusive = str(params.get("inclusive", "")).lower() in ("1", "true")
        limit = int(str(params.get("limit") or 100))
        found = [
            dict(message)
            for ts, message in sorted(self._messages.get(channel, {}).items(), reverse=True)
            if message.get("thread_ts") in (None, ts)  # replies live in their thread only
            and (float(ts) < latest or (inclusive and float(ts) == latest))
        ]
        return {"messages": found[:limit], "has_more": len(found) > limit}

    def chat_post_message(self, params: Params) -> Json:
        channel = self._postable(params)
        _require_content(params)
        message = self._message(params)
        thread_ts = params.get("thread_ts")
        if isinstance(thread_ts, str) and thread_ts:
            message["thread_ts"] = thread_ts
        self._messages.setdefault(channel, {})[str(message["ts"])] = message
        return {"channel": channel, "ts": message["ts"], "message": dict(message)}

    def chat_update(self, params: Params) -> Json:
        channel = self._postable(params)
        ts = required(params, "ts", "message_not_found")
        stored = self._messages.get(channel, {}).get(ts)
        if stored is None:
            raise SlackApiFailure("message_not_found")
        _require_content(params)
        changed = self._message(params) | {"ts": ts, "edited": {"user": BOT_USER_ID, "ts": ts}}
        if "thread_ts" in stored:
            changed["thread_ts"] = stored["thread_ts"]
        self._messages[channel][ts] = changed
        return {"channel": channel, "ts": ts, "text": changed["text"], "message": dict(changed)}

    def chat_post_ephemeral(self, params: Params) -> Json:
        channel = self._postable(params)
        user = self.person(required(params, "user", "user_not_in_channel"))
        _require_content(params)
        message = self._message(params) | {"channel": channel, "user": user["id"]}
        self.ephemeral.append(message)
        return {"message_ts": message["ts"]}

    def chat_delete(self, params: Params) -> Json:
        channel = self._postable(params)
        ts = required(params, "ts", "message_not_found")
        if self._messages.get(channel, {}).pop(ts, None) is None:
            raise SlackApiFailure("message_not_found")
        return {"channel": channel, "ts": ts}

    def chat_get_permalink(self, params: Params) -> Json:
        channel = self.channel(required(params, "channel", "channel_not_found"))["id"]
        ts = required(params, "message_ts", "message_not_found")
        if ts not in self._messages.get(str(channel), {}):
            raise SlackApiFailure("message_not_found")
        link = f"{TEAM_URL}archives/{channel}/p{ts.replace('.', '')}"
        return {"channel": channel, "permalink": link}

    def files_info(self, params: Params) -> Json:
        file_id = str(params.get("file"))
        if file_id not in self.files:
            raise SlackApiFailure("file_not_found")
        return {"file": self._file(file_id), "comments": [], "response_metadata": {}}

    # --- helpers -----------------------------------------------------------------------------

    def _file(self, file_id: str) -> Json:
        """The File object with its urls on the fake's current address."""
        info = self.files[file_id][0]
        url = self.base_url + _file_path(file_id, str(info["name"]))
        return info | {"url_private": url, "url_private_download": f"{url}?download=1"}

    def _postable(self, params: Params) -> str:
        """The channel a message goes to, refused as Slack refuses it."""
        channel = self.channel(required(params, "channel", "channel_not_found"))
        if channel["is_archived"]:
            raise SlackApiFailure("is_archived")
        if not channel["is_member"]:
            raise SlackApiFailure("not_in_channel")
        return str(channel["id"])

    def _message(self, params: Params) -> Json:
        ts = next(self._ts)
        message: Json = {
            "type": "message",
            "user": BOT_USER_ID,
            "bot_id": BOT_ID,
            "app_id": APP_ID,
            "text": params.get("text") or "",
            "ts": f"{ts // 1_000_000}.{ts % 1_000_000:06d}",
            "team": TEAM_ID,
        }
        for key in ("blocks", "attachments", "metadata"):
            if params.get(key):
                message[key] = params[key]
        return message


def _ts_number(value: object, *, default: float) -> float:
    return float(value) if isinstance(value, str) and value else default


def _file_path(file_id: str, name: str) -> str:
    return f"/files-pri/{TEAM_ID}-{file_id}/{quote(name)}"


def _require_content(params: Params) -> None:
    if not (params.get("text") or params.get("blocks") or params.get("attachments")):
        raise SlackApiFailure("no_text")
    check_message_blocks(params.get("blocks"))


MIME_TYPES: Mapping[str, str] = {
    "text": "text/plain",
    "markdown": "text/markdown",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
