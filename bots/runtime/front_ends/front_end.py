"""What the composition root asks of a front end (bots.runtime.front_ends lists them)."""

import asyncio
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncEngine

from bots.runtime.bootstrap import Townhall
from bots.runtime.config import Config
from core.app import ConsultationApp
from core.model import Platform
from core.ports import Messenger


@dataclass(frozen=True, slots=True, kw_only=True)
class HttpServerUse:
    """A front end needs the project's HTTP server: `what` for ("Telegram's webhook").

    `instead` says how to do without it, if there is a way ('use [slack] mode = "socket"').
    """

    what: str
    instead: str | None = None


class FrontEnd(Protocol):
    """One chat platform, built afresh for each process (it may hold what its parts share)."""

    @property
    def name(self) -> str:
        """As people know it: "Telegram"."""

    @property
    def platform(self) -> Platform: ...

    def enabled(self, config: Config) -> bool:
        """The configuration asks for this front end to be served."""

    def mode(self, config: Config) -> str:
        """How it is served ("polling"), for the line `townhall run` starts with."""

    def http_server(self, config: Config) -> HttpServerUse | None: ...

    def check(self, config: Config) -> None:
        """Raise ConfigError for settings that cannot work, before the database is touched."""

    async def serve(self, config: Config, townhall: Townhall, stop: asyncio.Event) -> None:
        """Serve until `stop` is set (or the HTTP server gets SIGINT or SIGTERM)."""

    def messenger(
        self, config: Config, app: ConsultationApp, engine: AsyncEngine | None
    ) -> AbstractAsyncContextManager[Messenger | None]:
        """Its sender of pushes while the block runs; None if it has nothing to send with."""
