"""FakeBotApi: an in-process Telegram Bot API server for tests of the real python-telegram-bot.

    async with FakeBotApi() as fake:
        app = ApplicationBuilder().token(fake.token).base_url(fake.base_url)
                                  .base_file_url(fake.base_file_url).build()
        await fake.push_update(private_message(42, "/start abc"))
        [call] = await fake.wait_for("sendMessage")

Every call is recorded as a Call, after it has been answered. Unknown methods answer 400 (PTB
turns 404 into InvalidToken). Faults: fail_next() for one-off errors, block_chat() for a person
who blocked the bot, expire_callback_queries() for presses answered too late,
reshape_answers() for answers in a shape the client may not read, `flood` for Telegram's rate
limits (telegram_limits.py). The parts:
telegram_chats.py (chats, messages, members, files), telegram_feed.py (getUpdates, webhook),
telegram_wire.py (bodies, HTML parse mode, keyboards), telegram_updates.py (update builders).
"""

import re
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from aiohttp import web

from tests.fakes.fake_http import AioHttpServer, CallLog, ServedFake
from tests.fakes.telegram_chats import FakeChats, Json, Params
from tests.fakes.telegram_feed import FakeUpdateFeed
from tests.fakes.telegram_limits import FloodControl
from tests.fakes.telegram_wire import BotApiError, UploadedFile, bad_request, read_parameters

Files = Mapping[str, UploadedFile]
Handler = Callable[[Params, Files], object]

DEFAULT_TOKEN = "123456:TEST-token"
DEFAULT_DESCRIPTIONS = {
    400: "Bad Request: group chat was upgraded to a supergroup chat",
    403: "Forbidden: bot was blocked by the user",
    500: "Internal Server Error",
    502: "Bad Gateway",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Call:
    """One Bot API request as the fake answered it; `at` is the fake's `clock()` on arrival."""

    method: str
    params: Mapping[str, object]
    files: Mapping[str, UploadedFile] = field(default_factory=dict)
    at: float = 0.0
    status: int = 200
    result: object = None


class FakeBotApi(ServedFake):
    """The Bot API on 127.0.0.1: records calls, serves updates, keeps chats, injects faults."""

    def __init__(self, token: str = DEFAULT_TOKEN, *, username: str = "townhall_test_bot") -> None:
        self.token = token
        self.bot_user: Json = {
            "id": int(token.split(":")[0]) if token.split(":")[0].isdigit() else 123456,
            "is_bot": True,
            "first_name": "Townhall Test",
            "username": username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
        self.chats = FakeChats(self.bot_user)
        self._log = CallLog[Call](ignore_case=True)
        # clear() forgets calls only: chats, messages and pending updates stay.
        self.calls, self.calls_to = self._log.calls, self._log.calls_to
        self.wait_for, self.clear = self._log.wait_for, self._log.clear
        self.wait_until = self._log.wait_until
        self.updates = FakeUpdateFeed()
        self.commands: dict[str, object] = {}
        self.base_url = self.base_file_url = ""
        self._faults: defaultdict[str, deque[BotApiError]] = defaultdict(deque)
        self.flood: FloodControl | None = None  # Telegram's 429s, when a test turns them on
        self.clock: Callable[[], float] = time.monotonic  # stamps arrivals; flood control's time
        self._server = AioHttpServer()
        self._methods: dict[str, tuple[str, Handler]] = {}
        self._add_methods()

    # --- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> str:
        """Listen on a free port; returns the base_url for PTB (it appends the token)."""
        root = await self._server.start(
            [
                web.route("*", "/bot{token}/{method}", self._answer),
                web.get("/file/bot{token}/{file_path:.+}", self._download),
            ]
        )
        self.base_url, self.base_file_url = f"{root}/bot", f"{root}/file/bot"
        return self.base_url

    async def stop(self) -> None:
        await self.updates.close()
        await self._server.stop()

    # --- what tests look at and arrange ------------------------------------------------------

    def fail_next(
        self,
        method: str,
        *,
        status: int,
        description: str | None = None,
        retry_after: int | None = None,
        migrate_to_chat_id: int | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next `times` calls to `method` with this error instead of doing them."""
        parameters: dict[str, object] = {}
        if retry_after is not None:
            parameters["retry_after"] = retry_after
        if migrate_to_chat_id is not None:
            parameters["migrate_to_chat_id"] = migrate_to_chat_id
        text = description or DEFAULT_DESCRIPTIONS.get(status, f"Error {status}")
        if description is None and status == 429:
            text = f"Too Many Requests: retry after {retry_after or 1}"
        self._faults[method.lower()].extend(
            BotApiError(status, text, parameters) for _ in range(times)
        )

    def reshape_answers(self, method: str, change: Callable[[Json], Json]) -> None:
        """Answer `method` from now on with its result passed through `change`.

        The call is still done; only its answer is reshaped (one the client may not read).
        """
        name, handler = self._methods[method.lower()]

        def reshaped(params: Params, files: Files) -> object:
            result = handler(params, files)
            return change(result) if isinstance(result, dict) else result

        self._methods[method.lower()] = (name, reshaped)

    def block_chat(self, chat_id: int, description: str | None = None) -> None:
        """Every send or edit to this chat answers 403 until unblock_chat()."""
        self.chats.block_chat(chat_id, description)

    def expire_callback_queries(self, query_ids: Iterable[str]) -> None:
        """Answering these presses fails from now on: 400 "query is too old ...".

        As for a press answered later than Telegram's answer window (a few seconds).
        """
        self.chats.expired_queries.update(query_ids)

    def unblock_chat(self, chat_id: int) -> None:
        self.chats.unblock_chat(chat_id)

    def register_chat(self, chat_id: int, type: str, title: str | None = None) -> Json:
        return self.chats.register_chat(chat_id, type, title)

    def set_member_status(self, chat_id: int, user_id: int, status: str) -> None:
        """Set getChatMember's answer: creator, administrator, member, restricted, left, kicked."""
        self.chats.set_member_status(chat_id, user_id, status)

    def add_file(
        self, file_id: str, data: bytes, file_name: str, mime_type: str | None = None
    ) -> Json:
        """Serve bytes through getFile and the file route; returns the Document object."""
        return self.chats.add_file(file_id, data, file_name, mime_type)

    def messages(self, chat_id: int) -> list[Json]:
        """The bot's messages in a chat as they are now (edited, not deleted), oldest first."""
        return self.chats.messages(chat_id)

    @property
    def pending_updates(self) -> list[Json]:
        """Updates not yet confirmed by a getUpdates offset."""
        return self.updates.pending

    @property
    def webhook(self) -> Json:
        """What setWebhook stored: url, secret_token, allowed_updates, max_connections."""
        return self.updates.webhook

    async def push_update(self, update: Mapping[str, object]) -> Json:
        """Queue an update for getUpdates (an update_id is assigned if missing)."""
        return await self.updates.push(update)

    # --- HTTP --------------------------------------------------------------------------------

    async def _answer(self, request: web.Request) -> web.Response:
        arrived = self.clock()
        if request.match_info["token"] != self.token:
            body = {"ok": False, "error_code": 401, "description": "Unauthorized"}
            return web.json_response(body, status=401)
        name = request.match_info["method"]
        method, handler = self._methods.get(name.lower(), (name, self._unknown))
        params: Params = {}
        files: Files = {}
        try:
            params, files = await read_parameters(request)
            status, result = 200, await self._run(method, handler, params, files)
            body = {"ok": True, "result": result}
        except BotApiError as error:
            status, result, body = error.status, None, error.body()
        call = Call(
            method=method, params=params, files=files, at=arrived, status=status, result=result
        )
        await self._log.record(call)
        return web.json_response(body, status=status)

    async def _run(self, method: str, handler: Handler, params: Params, files: Files) -> object:
        if self._faults[method.lower()]:
            raise self._faults[method.lower()].popleft()
        if self.flood is not None:
            self.flood.check(method, params, self.clock())
        if method == "getUpdates":
            return await self.updates.get_updates(params)
        return handler(params, files)

    async def _download(self, request: web.Request) -> web.Response:
        data = self.chats.file_bytes(request.match_info["file_path"])
        if request.match_info["token"] != self.token or data is None:
            return web.json_response(
                {"ok": False, "error_code": 404, "description": "Not Found"}, status=404
            )
        return web.Response(body=data, content_type="application/octet-stream")

    # --- bot-level methods -------------------------------------------------------------------

    def _add_methods(self) -> None:
        chats = self.chats
        plain: dict[str, Callable[[Params], object]] = {
            "getMe": lambda _: dict(self.bot_user),
            "getUpdates": lambda _: [],  # answered by FakeUpdateFeed.get_updates (it waits)
            "setWebhook": self.updates.set_webhook,
            "deleteWebhook": self.updates.delete_webhook,
            "getWebhookInfo": self.updates.webhook_info,
            "setMyCommands": self._set_commands,
            "getMyCommands": lambda params: self.commands.get(_scope(params), []),
            "sendMessage": chats.send_message,
            "editMessageText": chats.edit_message_text,
            "editMessageReplyMarkup": chats.edit_message_reply_markup,
            "deleteMessage": chats.delete_message,
            "answerCallbackQuery": chats.answer_callback_query,
            "getFile": chats.get_file,
            "getChat": chats.get_chat,
            "getChatMember": chats.get_chat_member,
            "leaveChat": chats.leave_chat,
        }
        for name, function in plain.items():
            self._methods[name.lower()] = (name, _ignoring_files(function))
        self._methods["senddocument"] = ("sendDocument", chats.send_document)
        self._methods["sendphoto"] = ("sendPhoto", chats.send_photo)

    @staticmethod
    def _unknown(params: Params, files: Files) -> object:
        raise bad_request("method not found")

    def _set_commands(self, params: Params) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise bad_request('field "commands" must be an Array')
        for command in commands:
            if not isinstance(command, Mapping) or not re.fullmatch(
                r"[a-z0-9_]{1,32}", str(command.get("command"))
            ):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        self.commands[_scope(params)] = commands
        return True


def _ignoring_files(function: Callable[[Params], object]) -> Handler:
    def handler(params: Params, files: Files) -> object:
        return function(params)

    return handler


def _scope(params: Params) -> str:
    scope = params.get("scope")
    kind = scope.get("type", "default") if isinstance(scope, Mapping) else "default"
    return f"{kind}:{params.get('language_code', '')}"
