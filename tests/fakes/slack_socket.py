"""FakeSocketMode: Slack's Socket Mode end of the fake Web API, for slack-sdk's real client.

    async with FakeSlackApi() as fake:   # fake.socket_mode is this
        handler = AsyncSocketModeHandler(app, APP_TOKEN)   # app.client points at the fake
        await handler.connect_async()
        envelope_id = await fake.socket_mode.deliver(slash_command(SECRET, text="join plan"))
        ack = await fake.socket_mode.wait_for_ack(envelope_id)

apps.connections.open takes the app-level token only (a bot token gets
`not_allowed_token_type`, an unknown one `invalid_auth`) and answers a one-use
`ws://127.0.0.1:PORT/link/?ticket=…` URL. On that WebSocket the fake says `hello`, then sends
the envelopes a test delivers (`events_api`, `interactive`, `slash_commands`, each built from
the same signed requests HTTP-mode tests dispatch: slack_payloads.py) and records every ack
the client sends back (`envelope_id`, and the payload it answers with; `on_ack` sees each one as
it arrives). `disconnect()` sends Slack's `disconnect` message (reason `refresh_requested`): the
client calls
apps.connections.open again and moves to a new connection, closing the old one itself;
`drop()` closes the connection from the server's side without warning; `redeliver_unacked()`
sends again what was never acked (after the client died), as Slack does.
"""

import asyncio
import itertools
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from aiohttp import WSMsgType, web

from tests.fakes.slack_wire import Json, SlackApiFailure
from tests.fakes.slack_workspace import APP_ID

APP_TOKEN = "xapp-1-A0APP-1-fake"
LINK_PATH = "/link/"
WAIT = 5.0  # seconds a test waits for the client before giving up


@dataclass(frozen=True, slots=True, kw_only=True)
class Ack:
    """What the client sent back for one envelope, on which connection (1 is the first)."""

    envelope_id: str
    payload: Mapping[str, object] | None
    connection: int


@dataclass(slots=True, kw_only=True)
class SocketConnection:
    """One WebSocket the client opened with a ticket; `closed` once either side closed it."""

    number: int
    socket: web.WebSocketResponse = field(repr=False)
    closed: bool = False


def envelope_of(request: tuple[str, Mapping[str, str]]) -> Json:
    """The Socket Mode envelope (no envelope_id yet) carrying a request HTTP mode would get.

    Slack sends the same payloads over both: an Events API body as it is, an interactivity
    payload as the JSON object the form field holds, a slash command's form fields as an
    object. An event's retry headers become the envelope's retry_attempt and retry_reason.
    """
    body, headers = request
    if headers.get("content-type") == "application/json":
        payload: Json = json.loads(body)
        return {
            "type": "events_api",
            "payload": payload,
            "accepts_response_payload": False,
            "retry_attempt": int(headers.get("x-slack-retry-num", "0")),
            "retry_reason": headers.get("x-slack-retry-reason", ""),
        }
    fields = dict(parse_qsl(body, keep_blank_values=True))
    if set(fields) == {"payload"}:
        interaction: Json = json.loads(fields["payload"])
        answers = interaction.get("type") in ("view_submission", "block_suggestion")
        return {"type": "interactive", "payload": interaction, "accepts_response_payload": answers}
    return {"type": "slash_commands", "payload": fields, "accepts_response_payload": True}


class FakeSocketMode:
    """Tickets, the connections opened with them, the envelopes sent and the acks received."""

    def __init__(self, app_token: str = APP_TOKEN) -> None:
        self.app_token = app_token
        self.root_url = ""  # set by FakeSlackApi.start
        self.connections: list[SocketConnection] = []
        self.acks: list[Ack] = []
        self.delivered: list[str] = []  # envelope ids in the order they were sent
        self._envelopes: dict[str, Json] = {}  # by id, as last sent
        self.stray: list[str] = []  # text frames from the client that are not acks
        # Called with each ack the moment it arrives, before anything else runs: a test looks
        # at what is true then (say, that the inbox holds the envelope's request).
        self.on_ack: Callable[[Ack], object] | None = None
        self._tickets: set[str] = set()
        self._numbers = itertools.count(1)
        self._changed = asyncio.Condition()

    # --- what FakeSlackApi calls ------------------------------------------------------------

    def open_connection(self, token: str, bot_tokens: Callable[[str], object]) -> Json:
        """apps.connections.open: a fresh one-use WebSocket URL for the app-level token."""
        if not token:
            raise SlackApiFailure("not_authed")
        if bot_tokens(token) is not None:
            raise SlackApiFailure("not_allowed_token_type")
        if token != self.app_token:
            raise SlackApiFailure("invalid_auth")
        ticket = f"ticket-{next(self._numbers)}"
        self._tickets.add(ticket)
        socket_root = self.root_url.replace("http://", "ws://", 1)
        return {"url": f"{socket_root}{LINK_PATH}?ticket={ticket}&app_id={APP_ID}"}

    async def serve(self, request: web.Request) -> web.StreamResponse:
        """The WebSocket behind a ticket: `hello`, then acks until the connection closes."""
        ticket = request.query.get("ticket", "")
        if ticket not in self._tickets:
            return web.Response(status=401, text="invalid or used ticket")
        self._tickets.discard(ticket)
        socket = web.WebSocketResponse()  # answers the client's pings by itself
        await socket.prepare(request)
        connection = SocketConnection(number=len(self.connections) + 1, socket=socket)
        await socket.send_json(_hello(len(self.open_connections) + 1))
        await self._note(lambda: self.connections.append(connection))
        async for message in socket:
            if message.type is WSMsgType.TEXT:
                await self._receive(connection, message.data)
        await self._note(lambda: setattr(connection, "closed", True))
        return socket

    async def close(self) -> None:
        """Close every connection still open (the fake is stopping)."""
        for connection in self.open_connections:
            await connection.socket.close()

    # --- what tests call --------------------------------------------------------------------

    @property
    def open_connections(self) -> list[SocketConnection]:
        return [connection for connection in self.connections if not connection.closed]

    async def deliver(
        self, request: tuple[str, Mapping[str, str]], *, envelope_id: str | None = None
    ) -> str:
        """Send a request as an envelope on the newest open connection; returns its id.

        Passing the id of an envelope sent before sends it again as the same envelope.
        """
        envelope = envelope_of(request)
        envelope["envelope_id"] = envelope_id or f"env-{next(self._numbers):04d}"
        await self._send(envelope)
        self.delivered.append(str(envelope["envelope_id"]))
        self._envelopes[str(envelope["envelope_id"])] = envelope
        return str(envelope["envelope_id"])

    async def redeliver_unacked(self) -> list[str]:
        """Send every envelope never acked again, on the newest connection, as Slack does.

        An Events API envelope says it is a retry (retry_attempt one more, reason `timeout`).
        Returns their ids.
        """
        acked = {ack.envelope_id for ack in self.acks}
        again = [envelope for key, envelope in self._envelopes.items() if key not in acked]
        for envelope in again:
            if envelope["type"] == "events_api":
                attempt = envelope.get("retry_attempt")
                envelope |= {"retry_attempt": int(str(attempt)) + 1, "retry_reason": "timeout"}
            await self._send(envelope)
            self.delivered.append(str(envelope["envelope_id"]))
        return [str(envelope["envelope_id"]) for envelope in again]

    async def disconnect(self, reason: str = "refresh_requested") -> None:
        """Ask the client to move to a new connection, as Slack does every few hours."""
        await self._send({"type": "disconnect", "reason": reason, "debug_info": {"host": "fake"}})

    async def drop(self) -> None:
        """Close the newest connection without a word, as a network failure or a restart would."""
        await self.open_connections[-1].socket.close()

    def acks_of(self, envelope_id: str) -> list[Ack]:
        return [ack for ack in self.acks if ack.envelope_id == envelope_id]

    async def wait_for_ack(self, envelope_id: str, count: int = 1) -> Ack:
        """Wait until the envelope has been acked `count` times; returns the last ack."""
        await self.wait_until(
            lambda: len(self.acks_of(envelope_id)) >= count, f"{count} ack(s) of {envelope_id}"
        )
        return self.acks_of(envelope_id)[-1]

    async def wait_for_connections(self, count: int) -> SocketConnection:
        """Wait until `count` connections have been opened; returns the newest."""
        await self.wait_until(lambda: len(self.connections) >= count, f"{count} connection(s)")
        return self.connections[-1]

    async def wait_until(
        self, condition: Callable[[], bool], what: str, deadline: float = WAIT
    ) -> None:
        try:
            async with asyncio.timeout(deadline), self._changed:
                await self._changed.wait_for(condition)
        except TimeoutError:
            raise TimeoutError(f"no {what} within {deadline}s; acks: {self.acks}") from None

    # --- inside -----------------------------------------------------------------------------

    async def _send(self, message: Json) -> None:
        if not self.open_connections:
            raise RuntimeError("no Socket Mode connection is open")
        await self.open_connections[-1].socket.send_json(message)

    async def _receive(self, connection: SocketConnection, text: str) -> None:
        try:
            decoded: object = json.loads(text)
        except ValueError:
            decoded = None
        if not isinstance(decoded, dict) or not isinstance(decoded.get("envelope_id"), str):
            await self._note(lambda: self.stray.append(text))
            return
        payload = decoded.get("payload")
        ack = Ack(
            envelope_id=decoded["envelope_id"],
            payload=payload if isinstance(payload, dict) else None,
            connection=connection.number,
        )
        if self.on_ack is not None:
            self.on_ack(ack)
        await self._note(lambda: self.acks.append(ack))

    async def _note(self, change: Callable[[], object]) -> None:
        async with self._changed:
            change()
            self._changed.notify_all()


def _hello(connections: int) -> Json:
    return {
        "type": "hello",
        "num_connections": connections,
        "debug_info": {
            "host": "applink-fake",
            "build_number": 1,
            "approximate_connection_time": 18060,
        },
        "connection_info": {"app_id": APP_ID},
    }
