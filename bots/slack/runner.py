"""Running the Slack front end until told to stop: Socket Mode, or HTTP on the project's server.

Socket Mode (the default) needs no public URL: the app opens a WebSocket to Slack with the
app-level token ($SLACK_APP_TOKEN, `xapp-…`, scope connections:write); a token Slack refuses
stops the runner with a ConfigError, and `stop` ends it even while Slack is out of reach.
HTTP mode serves `POST /slack/events` (commands, interactivity and events alike) with
`/healthz` on the project's HTTP server; Bolt verifies every request's signature with
$SLACK_SIGNING_SECRET.
Installing into several workspaces ($SLACK_CLIENT_ID and $SLACK_CLIENT_SECRET) adds
`GET [slack] install_path` and `GET [slack] redirect_path`, and needs HTTP mode.
"""

import asyncio
import logging
from collections.abc import Awaitable

import aiohttp
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.adapter.starlette.async_handler import (
    AsyncSlackRequestHandler,
    to_async_bolt_request,
    to_starlette_response,
)
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.errors import SlackApiError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bots.bootstrap import Townhall
from bots.config import Config, ConfigError, SlackConfig, SlackMode
from bots.config_slack import CLIENT_ID_ENV, CLIENT_SECRET_ENV
from bots.server import build_server, make_server
from bots.slack.application import build_slack_app
from bots.slack.signatures import SlackSignatures, UnreadableTimestamp

logger = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
# What apps.connections.open answers for an app-level token that will never work.
REFUSED_TOKEN = frozenset(
    {"invalid_auth", "not_authed", "not_allowed_token_type", "account_inactive",
     "token_revoked", "token_expired", "missing_scope"}
)  # fmt: skip


def slack_routes(bolt: AsyncApp, signing_secret: str) -> list[Route]:
    """`POST /slack/events` for the project's HTTP server: verified, then Bolt acks and dispatches.

    The signature is checked on the raw bytes before anything parses them: an unsigned, wrongly
    signed or stale request gets 401 at the cost of one HMAC. A request that cannot be read (a
    timestamp that is not a number; signed, but a body that is not Slack's form or JSON) gets
    400 and one warning. With OAuth, the install page and Slack's redirect too (GET; Bolt
    checks the state).
    """
    handler = AsyncSlackRequestHandler(bolt)
    signatures = SlackSignatures(signing_secret)

    async def receive(request: Request) -> Response:
        return await handler.handle(request)

    async def receive_event(request: Request) -> Response:
        body = await request.body()
        try:
            if not signatures.signed(request.headers, body):
                logger.info("Slack: refused a request without a valid signature (401)")
                return JSONResponse({"error": "invalid request"}, status_code=401)
        except UnreadableTimestamp:
            return _unreadable()
        readable = _readable(request, body)
        if readable is None:
            return _unreadable()
        return to_starlette_response(await bolt.async_dispatch(readable))

    routes = [Route(EVENTS_PATH, receive_event, methods=["POST"])]
    if bolt.oauth_flow is not None:
        for path in (bolt.oauth_flow.install_path, bolt.oauth_flow.redirect_uri_path):
            routes.append(Route(path, receive, methods=["GET"]))
    return routes


def _unreadable() -> Response:
    logger.warning("Slack: refused a request that is not readable (400)")
    return Response(status_code=400)


def _readable(request: Request, body: bytes) -> AsyncBoltRequest | None:
    """The request as Bolt reads it, or None where Bolt's reading would raise."""
    try:
        return to_async_bolt_request(request, body)
    except (ValueError, TypeError, AttributeError):
        return None  # not UTF-8, broken JSON, or JSON that is not an object


def check_slack_config(config: Config) -> None:
    """Raise ConfigError when the mode's secret is missing, before anything starts."""
    slack = config.slack
    if slack.install.requested:
        check_install_config(slack)
    if slack.mode is SlackMode.SOCKET and not slack.app_token:
        raise ConfigError(
            "SLACK_APP_TOKEN: required in Socket Mode (an app-level token, xapp-…, with the "
            'connections:write scope); or set [slack] mode = "http"'
        )
    if slack.mode is SlackMode.HTTP and not slack.signing_secret:
        raise ConfigError("SLACK_SIGNING_SECRET: required in HTTP mode, to verify requests")


def check_install_config(slack: SlackConfig) -> None:
    """Installing into several workspaces: both credentials, HTTP mode and no bot token."""
    install = slack.install
    why = "to install the app into several workspaces"
    if not install.client_id:
        raise ConfigError(f"{CLIENT_ID_ENV}: required with {CLIENT_SECRET_ENV}, {why}")
    if not install.client_secret:
        raise ConfigError(f"{CLIENT_SECRET_ENV}: required with {CLIENT_ID_ENV}, {why}")
    if slack.bot_token:
        raise ConfigError(
            "SLACK_BOT_TOKEN: not used when the app is installed into workspaces (each has its "
            f"own token, saved when it installs); unset it, or unset {CLIENT_ID_ENV} and "
            f"{CLIENT_SECRET_ENV} to serve the one workspace of the bot token"
        )
    if slack.mode is SlackMode.SOCKET:
        raise ConfigError(
            'slack.mode: installing into several workspaces needs mode = "http": Slack sends '
            f"people back to {install.redirect_path} on this server after they approve "
            "the app, and Socket Mode has no public URL to send them to"
        )
    if EVENTS_PATH in (install.install_path, install.redirect_path):
        raise ConfigError(f"slack.install_path, slack.redirect_path: {EVENTS_PATH} is taken")


async def run_slack(config: Config, townhall: Townhall, stop: asyncio.Event) -> None:
    """Serve Slack until `stop` is set (or, in HTTP mode, uvicorn gets SIGINT/SIGTERM)."""
    check_slack_config(config)
    bolt = build_slack_app(config.slack, townhall.app, townhall.unit_of_work, townhall.engine)
    if config.slack.mode is SlackMode.SOCKET:
        await serve_socket_mode(bolt, config.slack.app_token or "", stop)
        return
    routes = slack_routes(bolt, config.slack.signing_secret or "")
    app = build_server(
        townhall.check_database, routes, max_body_bytes=config.server.max_body_bytes
    )
    server = make_server(app, config.server)

    async def exit_on_stop() -> None:
        await stop.wait()
        server.should_exit = True

    watcher = asyncio.create_task(exit_on_stop())
    paths = [route.path for route in routes]
    logger.info("Slack: %s on %s:%s", ", ".join(paths), config.server.host, config.server.port)
    try:
        await server.serve()
    finally:
        watcher.cancel()


async def serve_socket_mode(bolt: AsyncApp, app_token: str, stop: asyncio.Event) -> None:
    """Stay connected (slack-sdk moves to a new connection when Slack asks) until `stop`.

    A token Slack refuses is a ConfigError at once; slack-sdk alone would retry it every
    10 s, forever. While Slack cannot be reached slack-sdk keeps retrying, and `stop` still
    ends the wait (its retry loop does not look at our event).
    """
    handler = AsyncSocketModeHandler(bolt, app_token)
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
