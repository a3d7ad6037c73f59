"""FakeSlackApi: an in-process Slack Web API server for tests of the real slack-bolt and slack-sdk.

    async with FakeSlackApi() as fake:
        client = AsyncWebClient(token=fake.token, base_url=fake.base_url)
        app = AsyncApp(signing_secret=SECRET, client=client)
        reply_to = fake.response_url("r1")
        body, headers = slash_command(SECRET, text="join plan", response_url=reply_to)
        response = await app.async_dispatch(AsyncBoltRequest(body=body, headers=headers))
        [call] = await fake.wait_for("chat.postMessage")  # listeners run after ack()

Every call is recorded as a Call once it has been answered, failures included. Slack answers
most errors with HTTP 200 and `{"ok": false, "error": ...}`; unknown methods answer
`unknown_method`. Faults: fail_next(); chat.postMessage's limits: `limits` (slack_limits.py).
Besides `/api/{method}` the fake serves a response_url sink (`/response/{id}`, recorded as
method "response_url"), the files behind `url_private_download` and Socket Mode's WebSocket
(`socket_mode`: slack_socket.py, reached through apps.connections.open). Each team has its own bot
token (`teams`: T0001 has `token`, others come through oauth.v2.access). The parts:
slack_workspace.py (people, channels, messages, files), slack_teams.py (tokens, OAuth),
slack_views.py (modals, App Home, triggers), slack_wire.py (bodies, Block Kit limits, errors),
slack_payloads.py (signed requests for driving a Bolt app).
"""

import time
from collections import defaultdict, deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from aiohttp import web

from tests.fakes.fake_http import AioHttpServer, CallLog, ServedFake
from tests.fakes.slack_limits import PostingLimits
from tests.fakes.slack_socket import LINK_PATH, FakeSocketMode
from tests.fakes.slack_teams import FakeTeam, FakeTeams
from tests.fakes.slack_uploads import UPLOAD_PATH, FakeUploads
from tests.fakes.slack_views import FakeViews
from tests.fakes.slack_wire import (
    Json,
    Params,
    SlackApiFailure,
    check_message_blocks,
    missing_text_fallback,
    read_parameters,
)
from tests.fakes.slack_workspace import FakeWorkspace

Handler = Callable[[Params], Json]

DEFAULT_TOKEN = "xoxb-test"
RESPONSE_URL_USES = 5  # Slack accepts five responses per response_url (within 30 minutes)
LOGIN_PAGE = "<!DOCTYPE html><html><body>Sign in to Townhall Test | Slack</body></html>"


@dataclass(frozen=True, slots=True, kw_only=True)
class Call:
    """One request as the fake answered it; `at` is time.monotonic() on arrival.

    `missing_text_fallback` marks a message sent with blocks but no top-level `text`: Slack
    accepts it (and slack-sdk warns), but notifications and screen readers then get nothing.
    `response_id` is the {id} of a response_url call; `authorization` is the Authorization
    header as received ("Bearer xoxb-…", "Basic …", or "" when the token came in the body).
    `connection` names the TCP connection it came over (the client's address and port).
    """

    method: str
    params: Mapping[str, object]
    at: float = 0.0
    status: int = 200
    response: Mapping[str, object] = field(default_factory=dict)
    missing_text_fallback: bool = False
    response_id: str = ""
    authorization: str = ""
    connection: str = ""
    body: bytes = b""  # the request's body as it came over the wire

    @property
    def ok(self) -> bool:
        return self.response.get("ok") is True

    @property
    def error(self) -> str | None:
        error = self.response.get("error")
        return error if isinstance(error, str) else None


class FakeSlackApi(ServedFake):
    """The Web API on 127.0.0.1: records calls, keeps a workspace, injects faults."""

    def __init__(self, token: str = DEFAULT_TOKEN) -> None:
        self.token = token
        self.workspace = FakeWorkspace()
        self.teams = FakeTeams(token)
        self.views = FakeViews()
        self.uploads = FakeUploads()  # files_upload_v2's three steps (slack_uploads.py)
        self.socket_mode = FakeSocketMode()
        self._log = CallLog[Call]()
        # clear() forgets calls only: messages, views and files stay.
        self.calls, self.calls_to = self._log.calls, self._log.calls_to
        self.wait_for, self.clear = self._log.wait_for, self._log.clear
        self.wait_until = self._log.wait_until
        self.limits: PostingLimits | None = None
        self.base_url = self.root_url = ""
        self._faults: defaultdict[str, deque[SlackApiFailure]] = defaultdict(deque)
        self._server = AioHttpServer()
        self._methods: dict[str, Handler] = self._method_table()

    # --- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> str:
        """Listen on a free port; returns the Web API base url for AsyncWebClient."""
        self.root_url = await self._server.start(
            [
                web.route("*", "/api/{method}", self._answer),
                web.post("/response/{response_id}", self._respond),
                web.get("/files-pri/{path:.+}", self._download),
                web.get(LINK_PATH, self.socket_mode.serve),
                web.post(UPLOAD_PATH, self.uploads.receive),
            ]
        )
        self.socket_mode.root_url = self.root_url
        self.base_url = f"{self.root_url}/api/"
        self.workspace.base_url = self.uploads.root_url = self.root_url
        return self.base_url

    async def stop(self) -> None:
        await self.socket_mode.close()
        await self._server.stop()

    # --- what tests look at and arrange ------------------------------------------------------

    def fail_next(
        self,
        method: str,
        *,
        error: str,
        status: int = 200,
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next `times` calls to `method` with this error instead of doing them.

        Slack's own: 429 + `ratelimited` + retry_after; 200 + `channel_not_found`,
        `is_archived`, `not_in_channel`, `account_inactive`; 500 `fatal_error`, 503
        `service_unavailable`. "response_url" fails the response_url sink.
        """
        fault = SlackApiFailure(error, status=status, retry_after=retry_after)
        self._faults[method].extend(fault for _ in range(times))

    def response_url(self, response_id: str) -> str:
        """A response_url that lands in this fake, for slash command and action payloads."""
        if not self.root_url:
            raise RuntimeError("start the fake before building a response_url")
        return f"{self.root_url}/response/{response_id}"

    def responses(self, response_id: str) -> list[Mapping[str, object]]:
        """What respond() sent to one response_url, oldest first."""
        calls = self.calls_to("response_url")
        return [call.params for call in calls if call.response_id == response_id and call.ok]

    def expire_trigger(self, trigger_id: str) -> None:
        """views.open and views.push with this trigger answer `expired_trigger_id`."""
        self.views.expire_trigger(trigger_id)

    def add_file(self, file_id: str, name: str, data: bytes, filetype: str) -> Json:
        """Serve bytes through files.info and url_private_download; returns the File object."""
        return self.workspace.add_file(file_id, name, data, filetype)

    def add_user(self, user_id: str, real_name: str, *, deleted: bool = False) -> Json:
        return self.workspace.add_user(user_id, real_name, deleted=deleted)

    def add_channel(
        self, channel_id: str, name: str, *, is_archived: bool = False, is_member: bool = True
    ) -> Json:
        return self.workspace.add_channel(
            channel_id, name, is_archived=is_archived, is_member=is_member
        )

    def messages(self, channel: str) -> list[Json]:
        """The bot's messages in a channel as they are now (updated, not deleted), oldest first."""
        return self.workspace.messages(channel)

    def home(self, user_id: str) -> Json | None:
        """The App Home view last published for a person."""
        return self.views.homes.get(user_id)

    # --- HTTP --------------------------------------------------------------------------------

    async def _answer(self, request: web.Request) -> web.Response:
        arrived = time.monotonic()
        method = request.match_info["method"]
        params: Json = {}
        authorization = request.headers.get("Authorization", "")
        try:
            params = await read_parameters(request)
            answer = self._run(method, params, authorization, arrived)
            status, body, headers = 200, {"ok": True, **answer}, {}
        except SlackApiFailure as failure:
            status, body, headers = failure.status, failure.body(), failure.headers()
        call = Call(
            method=method,
            params=params,
            at=arrived,
            status=status,
            response=body,
            missing_text_fallback=missing_text_fallback(method, params),
            authorization=authorization,
            connection=_peer(request),
            body=await request.read(),
        )
        await self._log.record(call)
        return web.json_response(body, status=status, headers=headers)

    def _authorise(self, authorization: str, params: Params) -> FakeTeam:
        given = authorization.removeprefix("Bearer ").strip()
        token = given or str(params.get("token") or "")
        if not token:
            raise SlackApiFailure("not_authed")
        team = self.teams.by_token(token)
        if team is None:
            raise SlackApiFailure("invalid_auth")
        return team

    def _run(self, method: str, params: Params, authorization: str, arrived: float) -> Json:
        if method == "oauth.v2.access":  # the app's client credentials, not a token
            return self.teams.oauth_v2_access(params, authorization)
        if method == "apps.connections.open":  # Socket Mode: the app-level token, not a bot's
            token = authorization.removeprefix("Bearer ").strip() or str(params.get("token", ""))
            if self._faults[method]:
                raise self._faults[method].popleft()
            return self.socket_mode.open_connection(token, self.teams.by_token)
        team = self._authorise(authorization, params)
        if self._faults[method]:
            raise self._faults[method].popleft()
        if self.limits is not None:
            self.limits.check(method, team.team_id, params, arrived)
        if method == "auth.test":
            return team.auth_test()
        handler = self._methods.get(method)
        if handler is None:
            raise SlackApiFailure("unknown_method")
        return handler(params)

    async def _respond(self, request: web.Request) -> web.Response:
        arrived = time.monotonic()
        response_id = request.match_info["response_id"]
        params: Json = {}
        body: Json = {"ok": True}
        status, headers = 200, dict[str, str]()
        try:
            params = await read_parameters(request)
            self._check_response(response_id, params)
        except SlackApiFailure as failure:
            status, body, headers = failure.status, failure.body(), failure.headers()
        call = Call(
            method="response_url",
            params=params,
            at=arrived,
            status=status,
            response=body,
            response_id=response_id,
        )
        await self._log.record(call)
        return web.json_response(body, status=status, headers=headers)

    def _check_response(self, response_id: str, params: Params) -> None:
        if self._faults["response_url"]:
            raise self._faults["response_url"].popleft()
        if len(self.responses(response_id)) >= RESPONSE_URL_USES:
            raise SlackApiFailure("used_url", status=404)
        if not (params.get("text") or params.get("blocks") or params.get("delete_original")):
            raise SlackApiFailure("no_text", status=400)
        check_message_blocks(params.get("blocks"))

    async def _download(self, request: web.Request) -> web.Response:
        found = self.workspace.file_bytes(request.rel_url.raw_path)
        given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if self.teams.by_token(given) is None:
            # Slack answers an unauthenticated download with its sign-in page, not an error.
            return web.Response(text=LOGIN_PAGE, content_type="text/html")
        if found is None:
            return web.Response(status=404, text="Not Found")
        mimetype, data = found
        return web.Response(body=data, content_type=mimetype)

    def _method_table(self) -> dict[str, Handler]:
        workspace, views = self.workspace, self.views
        return {
            "users.info": workspace.users_info,
            "conversations.open": workspace.conversations_open,
            "conversations.info": workspace.conversations_info,
            "conversations.history": workspace.conversations_history,
            "chat.postMessage": workspace.chat_post_message,
            "chat.update": workspace.chat_update,
            "chat.postEphemeral": workspace.chat_post_ephemeral,
            "chat.delete": workspace.chat_delete,
            "chat.getPermalink": workspace.chat_get_permalink,
            "files.info": workspace.files_info,
            "files.getUploadURLExternal": self.uploads.get_upload_url_external,
            "files.completeUploadExternal": self.uploads.complete_upload_external,
            "views.open": views.views_open,
            "views.push": views.views_push,
            "views.update": views.views_update,
            "views.publish": views.views_publish,
        }


def _peer(request: web.Request) -> str:
    peer = request.transport.get_extra_info("peername") if request.transport else None
    return f"{peer[0]}:{peer[1]}" if isinstance(peer, tuple) else ""
