"""Running the Slack front end until told to stop: Socket Mode, or HTTP on the project's server.

Socket Mode (the default) needs no public URL: the app opens a WebSocket to Slack with the
app-level token ($SLACK_APP_TOKEN, `xapp-…`, scope connections:write); a token Slack refuses
stops the runner with a ConfigError, and `stop` ends it even while Slack is out of reach.
HTTP mode serves `POST /slack/events` (commands, interactivity and events alike) with
`/healthz` on the project's HTTP server; every request's signature is verified with
$SLACK_SIGNING_SECRET. Either way, each request is stored in the inbox before Slack is told it
arrived (bots/slack/arrivals.py).
Installing into several workspaces ($SLACK_CLIENT_ID and $SLACK_CLIENT_SECRET) adds
`GET [slack] install_path` and `GET [slack] redirect_path`, and needs HTTP mode.
"""

import asyncio
import logging

from slack_bolt.adapter.starlette.async_handler import (
    AsyncSlackRequestHandler,
    to_starlette_response,
)
from slack_bolt.async_app import AsyncApp
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from bots.chat.hosting import Hosting
from bots.chat.settings import ConfigError
from bots.slack.application import build_slack_app, web_session
from bots.slack.arrivals import SlackArrivals
from bots.slack.settings import CLIENT_ID_ENV, CLIENT_SECRET_ENV, SlackConfig, SlackMode
from bots.slack.socket_mode import serve_socket_mode

logger = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"


def slack_routes(bolt: AsyncApp, arrivals: SlackArrivals) -> list[Route]:
    """`POST /slack/events` for the project's HTTP server, through the door (`arrivals.http`).

    With OAuth, the install page and Slack's redirect too (GET; Bolt checks the state).
    """
    handler = AsyncSlackRequestHandler(bolt)

    async def receive(request: Request) -> Response:
        return await handler.handle(request)

    async def receive_event(request: Request) -> Response:
        answer = await arrivals.http(request.headers, await request.body())
        return to_starlette_response(answer)

    routes = [Route(EVENTS_PATH, receive_event, methods=["POST"])]
    if bolt.oauth_flow is not None:
        for path in (bolt.oauth_flow.install_path, bolt.oauth_flow.redirect_uri_path):
            routes.append(Route(path, receive, methods=["GET"]))
    return routes


def check_slack_config(slack: SlackConfig) -> None:
    """Raise ConfigError when the mode's secret is missing, before anything starts."""
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


async def run_slack(
    settings: SlackConfig,
    hosting: Hosting[BaseRoute],
    stop: asyncio.Event,
    *,
    engine: AsyncEngine | None = None,
) -> None:
    """Serve Slack until `stop` is set (or, in HTTP mode, uvicorn gets SIGINT/SIGTERM).

    The inbox's processor runs beside it: it processes what arrives, and at start and every few
    seconds what a stopped or crashed process left in the inbox. `engine` is townhall's
    database, where slack-sdk keeps the workspaces' installations (OAuth).
    """
    check_slack_config(settings)
    async with web_session() as session:
        bolt = build_slack_app(settings, hosting.app, engine, session=session)
        await _run(settings, hosting, bolt, stop)


async def _run(
    settings: SlackConfig, hosting: Hosting[BaseRoute], bolt: AsyncApp, stop: asyncio.Event
) -> None:
    arrivals = SlackArrivals(
        bolt, hosting.inbox, hosting.clock, settings.signing_secret, timing=hosting.timing
    )
    served = asyncio.Event()
    processing = asyncio.create_task(arrivals.processor.run(served))
    try:
        if settings.mode is SlackMode.SOCKET:
            await serve_socket_mode(bolt, arrivals, settings.app_token or "", stop)
        else:
            routes = slack_routes(bolt, arrivals)
            label = "Slack: " + ", ".join(route.path for route in routes)
            await hosting.serve_http(routes, label, stop)
    finally:
        served.set()
        await processing  # what is in flight is finished, or left to the next start
