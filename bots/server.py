"""The project's one HTTP server: a Starlette app with `/healthz` and the front ends' routes.

Telegram's webhook (and later Slack's HTTP mode) add their routes here; uvicorn serves it.
"""

import logging
from collections.abc import Awaitable, Callable, Sequence

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

from bots.config import ServerConfig

logger = logging.getLogger(__name__)

DatabaseCheck = Callable[[], Awaitable[object]]


def build_server(check_database: DatabaseCheck, routes: Sequence[BaseRoute] = ()) -> Starlette:
    """`GET /healthz` (200 when the database answers a trivial query, else 503) and `routes`."""

    async def healthz(request: Request) -> JSONResponse:
        try:
            await check_database()
        except Exception as error:  # any failure means "not healthy"; the cause is logged
            logger.warning("health check failed: %s", type(error).__name__)
            return JSONResponse({"status": "unavailable"}, status_code=503)
        return JSONResponse({"status": "ok"})

    return Starlette(routes=[Route("/healthz", healthz, methods=["GET"]), *routes])


def make_server(app: Starlette, config: ServerConfig) -> uvicorn.Server:
    """A uvicorn server for the app; `await server.serve()` runs it until SIGINT or SIGTERM."""
    return uvicorn.Server(
        uvicorn.Config(
            app,
            host=config.host,
            port=config.port,
            log_level="warning",
            log_config=None,  # uvicorn's records go through townhall's handler (bots.logs)
            access_log=False,
            lifespan="off",
        )
    )
