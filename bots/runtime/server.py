"""The project's one HTTP server: a Starlette app with `/healthz` and the front ends' routes.

A front end serves its routes (Telegram's webhook, Slack's HTTP mode) through the Hosting it
is given (`hosting_for`: `serve_routes`), beside `/healthz` and the live dashboard
(bots.runtime.dashboard_routes); uvicorn serves them. `serve_dashboard` runs the server with
only those two, where no front end starts it (`townhall serve`, or `run` with `public_url`). Every
request's body is bounded (`[server] max_body_bytes`) before any route sees it: see
BoundedBodies.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from functools import partial

import uvicorn
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bots.chat.hosting import Hosting
from bots.chat.inbox import Timing
from bots.runtime.bootstrap import Townhall
from bots.runtime.config import MAX_BODY_BYTES, Config, ServerConfig
from bots.runtime.dashboard_routes import dashboard_routes

logger = logging.getLogger(__name__)

DatabaseCheck = Callable[[], Awaitable[object]]


def build_server(
    check_database: DatabaseCheck,
    routes: Sequence[BaseRoute] = (),
    *,
    max_body_bytes: int = MAX_BODY_BYTES,
) -> Starlette:
    """`GET /healthz` (200 when the database answers a trivial query, else 503) and `routes`."""

    async def healthz(request: Request) -> JSONResponse:
        try:
            await check_database()
        except Exception as error:  # any failure means "not healthy"; the cause is logged
            logger.warning("health check failed: %s", type(error).__name__)
            return JSONResponse({"status": "unavailable"}, status_code=503)
        return JSONResponse({"status": "ok"})

    return Starlette(
        routes=[Route("/healthz", healthz, methods=["GET"]), *routes],
        middleware=[Middleware(BoundedBodies, limit=max_body_bytes)],
    )


def make_server(app: Starlette, config: ServerConfig) -> uvicorn.Server:
    """A uvicorn server for the app; `await server.serve()` runs it until SIGINT or SIGTERM."""
    return uvicorn.Server(
        uvicorn.Config(
            app,
            host=config.host,
            port=config.port,
            log_level="warning",
            log_config=None,  # uvicorn's records go through townhall's handler (bots.runtime.logs)
            access_log=False,
            lifespan="off",
            # httptools parses requests in C; h11, uvicorn's other parser, in Python took about
            # a tenth of a Slack press's CPU (bench/README.md, "The Slack press at the door").
            http="httptools",
        )
    )


async def serve_routes(
    check_database: DatabaseCheck,
    config: ServerConfig,
    routes: Sequence[BaseRoute],
    label: str,
    stop: asyncio.Event,
    *,
    also: Sequence[BaseRoute] = (),
) -> None:
    """Serve `routes` and `also` with /healthz until `stop` is set, or SIGINT or SIGTERM."""
    app = build_server(check_database, [*routes, *also], max_body_bytes=config.max_body_bytes)
    server = make_server(app, config)

    async def exit_on_stop() -> None:
        await stop.wait()
        server.should_exit = True

    watcher = asyncio.create_task(exit_on_stop())
    logger.info("%s on %s:%s", label, config.host, config.port)
    try:
        await server.serve()
    finally:
        watcher.cancel()


def hosting_for(config: Config, townhall: Townhall) -> Hosting[BaseRoute]:
    """What a front end serves with, from this townhall and the [inbox] and [server] tables."""
    timing = Timing(lease=config.inbox.lease_time, sweep_interval=config.inbox.sweep_interval)
    dashboard = dashboard_routes(townhall.app, townhall.clock)
    return Hosting(
        app=townhall.app,
        inbox=townhall.inbox,
        clock=townhall.clock,
        timing=timing,
        serve_http=partial(serve_routes, townhall.check_database, config.server, also=dashboard),
    )


async def serve_dashboard(config: Config, townhall: Townhall, stop: asyncio.Event) -> None:
    """The HTTP server with /healthz and the live dashboard only, until `stop` is set."""
    routes = dashboard_routes(townhall.app, townhall.clock)
    await serve_routes(townhall.check_database, config.server, routes, "dashboard", stop)


class BoundedBodies:
    """ASGI middleware: the body of every HTTP request is read here, `limit` bytes at most.

    A Content-Length over the limit is refused (413) before a byte of the body is read; a body
    sent without one (chunked) is counted as it arrives and refused as soon as it passes the
    limit. A Content-Length that is not a number gets 400. The route then gets the body, whole,
    in one message. What the client still sends after a refusal is read and dropped by the
    server, never kept.
    """

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            if _declared_length(scope) > self.limit:
                raise _TooLarge
            body = await _read_at_most(receive, self.limit)
        except _Malformed:
            logger.warning("HTTP: refused a request with a malformed Content-Length (400)")
            await PlainTextResponse("Malformed Content-Length", 400)(scope, receive, send)
        except _TooLarge:
            logger.warning(
                "HTTP: refused a body over %d bytes on %s (413)", self.limit, scope["path"]
            )
            response = PlainTextResponse(f"Request body over {self.limit} bytes", 413)
            await response(scope, receive, send)
        except _Disconnected:
            pass  # the client left before its body was in: nobody to answer
        else:
            await self.app(scope, _replaying(body, receive), send)


class _Malformed(Exception):
    """The Content-Length is not one number."""


class _TooLarge(Exception):
    """The body is (or says it is) over the limit."""


class _Disconnected(Exception):
    """The client went away before its body was in."""


def _declared_length(scope: Scope) -> int:
    """The Content-Length, 0 when there is none."""
    values = {value for name, value in scope["headers"] if name.lower() == b"content-length"}
    if not values:
        return 0
    if len(values) > 1 or not next(iter(values)).isdigit():
        raise _Malformed
    return int(next(iter(values)))


async def _read_at_most(receive: Receive, limit: int) -> bytes:
    """The whole body; _TooLarge as soon as it passes `limit`, not a byte later."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise _Disconnected
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise _TooLarge
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replaying(body: bytes, receive: Receive) -> Receive:
    """A receive that hands out `body` once, then whatever the server says next."""
    pending = [{"type": "http.request", "body": body, "more_body": False}]

    async def replay() -> Message:
        if pending:
            return pending.pop()
        return await receive()

    return replay
