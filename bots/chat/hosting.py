"""What the composition root lends a front end to serve with: the door, the inbox, the server.

A front end sends every intent through `app`, builds its inbox processor from `inbox`, `clock`
and `timing` ([inbox]), and puts its HTTP routes (Telegram's webhook, Slack's events) on the
project's one HTTP server through `serve_http`, which also answers /healthz and bounds every
request's body. The routes are the server's type (Starlette's), which the front end names:
nothing here imports a server, a platform or a database.
"""

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from bots.chat.inbox import Inbox, Timing
from core.app import ConsultationApp
from core.ports import Clock

Route = TypeVar("Route")

# Serve the routes until the event is set (or the server gets SIGINT or SIGTERM); the string
# names them in the log ("Telegram: webhook").
ServeHttp = Callable[[Sequence[Route], str, asyncio.Event], Awaitable[None]]


@dataclass(frozen=True, slots=True, kw_only=True)
class Hosting(Generic[Route]):
    """The parts of a running townhall a front end uses; the composition root makes them."""

    app: ConsultationApp
    inbox: Inbox
    clock: Clock
    timing: Timing
    serve_http: ServeHttp[Route]
