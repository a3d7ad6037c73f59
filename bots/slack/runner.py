"""Running the Slack front end until told to stop: Socket Mode, or HTTP on the project's server.

Socket Mode (the default) needs no public URL: the app opens a WebSocket to Slack with the
app-level token ($SLACK_APP_TOKEN, `xapp-…`, scope connections:write). HTTP mode serves
`POST /slack/events` (commands, interactivity and events alike) with `/healthz` on the
project's HTTP server; Bolt verifies every request's signature with $SLACK_SIGNING_SECRET.
"""

import asyncio
import logging

from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import AsyncApp
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bots.bootstrap import Townhall
from bots.config import Config, ConfigError, SlackMode
from bots.server import build_server, make_server
from bots.slack.application import build_slack_app

logger = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"


def slack_routes(bolt: AsyncApp) -> list[Route]:
    """`POST /slack/events` for the project's HTTP server: Bolt verifies, acks and dispatches."""
    handler = AsyncSlackRequestHandler(bolt)

    async def receive(request: Request) -> Response:
        return await handler.handle(request)

    return [Route(EVENTS_PATH, receive, methods=["POST"])]


def check_slack_config(config: Config) -> None:
    """Raise ConfigError when the mode's secret is missing, before anything starts."""
    slack = config.slack
    if slack.mode is SlackMode.SOCKET and not slack.app_token:
        raise ConfigError(
            "SLACK_APP_TOKEN: required in Socket Mode (an app-level token, xapp-…, with the "
            'connections:write scope); or set [slack] mode = "http"'
        )
    if slack.mode is SlackMode.HTTP and not slack.signing_secret:
        raise ConfigError("SLACK_SIGNING_SECRET: required in HTTP mode, to verify requests")


async def run_slack(config: Config, townhall: Townhall, stop: asyncio.Event) -> None:
    """Serve Slack until `stop` is set (or, in HTTP mode, uvicorn gets SIGINT/SIGTERM)."""
    check_slack_config(config)
    bolt = build_slack_app(config.slack, townhall.app, townhall.unit_of_work)
    if config.slack.mode is SlackMode.SOCKET:
        handler = AsyncSocketModeHandler(bolt, config.slack.app_token)
        await handler.connect_async()  # type: ignore[no-untyped-call]
        logger.info("Slack: connected in Socket Mode")
        try:
            await stop.wait()
        finally:
            await handler.close_async()  # type: ignore[no-untyped-call]
        return
    server = make_server(build_server(townhall.check_database, slack_routes(bolt)), config.server)

    async def exit_on_stop() -> None:
        await stop.wait()
        server.should_exit = True

    watcher = asyncio.create_task(exit_on_stop())
    logger.info("Slack: %s on %s:%s", EVENTS_PATH, config.server.host, config.server.port)
    try:
        await server.serve()
    finally:
        watcher.cancel()
