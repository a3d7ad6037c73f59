"""Socket Mode: a WebSocket to Slack, each envelope acknowledged once it is in the inbox.

slack-sdk's client opens the connection with the app-level token and moves to a new one when
Slack asks; Bolt's handler would dispatch each envelope and ack it with the listener's answer.
InboxSocketModeHandler stores the envelope first (bots/slack/arrivals.py) and acks it then,
with the ack's payload where Slack waits for one (a view_submission's errors); an envelope the
inbox could not store is not acked, so Slack sends it again.
"""

import asyncio
import logging
import time
from collections.abc import Awaitable

import aiohttp
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.adapter.socket_mode.async_internals import send_async_response
from slack_bolt.adapter.socket_mode.internals import build_headers
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.socket_mode.async_client import AsyncBaseSocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest

from bots.chat.settings import ConfigError
from bots.slack.arrivals import SlackArrivals

logger = logging.getLogger(__name__)

# What apps.connections.open answers for an app-level token that will never work.
REFUSED_TOKEN = frozenset(
    {
        "invalid_auth",
        "not_authed",
        "not_allowed_token_type",
        "account_inactive",
        "token_revoked",
        "token_expired",
        "missing_scope",
    }
)


class InboxSocketModeHandler(AsyncSocketModeHandler):
    """Bolt's Socket Mode handler, each envelope going through the inbox before its ack."""

    def __init__(self, bolt: AsyncApp, app_token: str, arrivals: SlackArrivals) -> None:
        super().__init__(bolt, app_token)
        self._arrivals = arrivals

    async def handle(self, client: AsyncBaseSocketModeClient, req: SocketModeRequest) -> None:
        started = time.time()
        headers = {name: str(value) for name, value in (build_headers(req) or {}).items()}
        answer = await self._arrivals.socket(req.payload, headers)
        await send_async_response(client, req, answer, started)  # no ack unless 200


async def serve_socket_mode(
    bolt: AsyncApp, arrivals: SlackArrivals, app_token: str, stop: asyncio.Event
) -> None:
    """Stay connected (slack-sdk moves to a new connection when Slack asks) until `stop`.

    A token Slack refuses is a ConfigError at once; slack-sdk alone would retry it every
    10 s, forever. While Slack cannot be reached slack-sdk keeps retrying, and `stop` still
    ends the wait (its retry loop does not look at our event).
    """
    handler = InboxSocketModeHandler(bolt, app_token, arrivals)
    try:
        if await _unless_stopped(stop, _connect(handler)):
            logger.info("Slack: connected in Socket Mode")
            await stop.wait()
    finally:
        await handler.close_async()  # type: ignore[no-untyped-call]


async def _connect(handler: AsyncSocketModeHandler) -> None:
    client = handler.client
    try:  # the first URL is asked for here, to tell a refused token from an outage
        client.wss_uri = await client.issue_new_wss_url()
    except SlackApiError as error:
        code = str(error.response.get("error", ""))
        if code in REFUSED_TOKEN:
            raise ConfigError(
                f"SLACK_APP_TOKEN: Slack refused it ({code}); Socket Mode needs the app-level "
                "token (xapp-…) with the connections:write scope, from the app's Basic Information"
            ) from None
    except (aiohttp.ClientError, OSError, TimeoutError):
        pass  # Slack out of reach: connect() asks again and retries until it answers
    await client.connect()  # type: ignore[no-untyped-call]


async def _unless_stopped(stop: asyncio.Event, work: Awaitable[None]) -> bool:
    """Run `work` to its end (True), unless `stop` is set first (False, `work` cancelled)."""
    working = asyncio.ensure_future(work)
    stopping = asyncio.create_task(stop.wait())
    try:
        await asyncio.wait({working, stopping}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in (working, stopping):
            task.cancel()
        await asyncio.gather(working, stopping, return_exceptions=True)
    if working.cancelled():
        return False
    working.result()  # a ConfigError surfaces here
    return True
