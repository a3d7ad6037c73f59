"""Running long-lived parts side by side until Ctrl-C or SIGTERM: front ends and the worker."""

import asyncio
import contextlib
import logging
import os
import signal
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TextIO

from bots.chat.identities import format_identity
from bots.runtime.bootstrap import Townhall, open_configured, prepare_schema
from bots.runtime.clock import SystemClock
from bots.runtime.config import Config
from core.model import CLI_ACTOR
from core.orders import AddOrganiser

logger = logging.getLogger(__name__)

Runner = Callable[[Config, Townhall, asyncio.Event], Awaitable[None]]


async def serve(
    config: Config, runners: list[Runner], *, errors: TextIO, started: str, stopped: str
) -> int:
    """Bring the schema up to date, then run every part until a signal or one part ends."""
    settle_process()
    errors.write(started)
    await prepare_schema(config.database)
    async with open_configured(config, SystemClock()) as townhall:
        await add_organisers(townhall, config)
        async with stop_on_signals() as stop:
            await together(config, townhall, stop, runners)
    errors.write(stopped)
    return 0


def settle_process() -> None:
    """The settings that hold for the whole process, made here and by no front end.

    python-telegram-bot gives a flood wait's retry_after as a timedelta (and stops warning that
    it will) once PTB_TIMEDELTA is set; httpx logs request URLs at INFO, and a Bot API URL
    holds the bot's token.
    """
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    logging.getLogger("httpx").setLevel(logging.WARNING)


@contextlib.asynccontextmanager
async def stop_on_signals() -> AsyncIterator[asyncio.Event]:
    """An event set by SIGINT or SIGTERM, for as long as the block runs."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        yield stop
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)


async def together(
    config: Config, townhall: Townhall, stop: asyncio.Event, runners: list[Runner]
) -> None:
    """Run side by side; when one ends (a webhook server on SIGTERM), the others stop too."""

    async def one(runner: Runner) -> None:
        try:
            await runner(config, townhall, stop)
        finally:
            stop.set()

    try:
        async with asyncio.TaskGroup() as group:  # one failing stops the others
            for runner in runners:
                group.create_task(one(runner))
    except ExceptionGroup as failures:
        raise failures.exceptions[0] from None  # reported like any other failure


async def add_organisers(townhall: Townhall, config: Config) -> None:
    """Make the identities listed in `[organisers] ids` organisers."""
    for ref in config.organisers.ids:
        if await townhall.app.handle(CLI_ACTOR, AddOrganiser(ref=ref)):
            logger.info("%s is an organiser now ([organisers] ids)", format_identity(ref))
