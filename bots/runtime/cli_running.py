"""Running the command bots.runtime.cli parsed: logging, configuration, the database, failures.

bots.runtime.cli imports this module only once a command is chosen, so `townhall --help` loads
none of what is imported here. A refusal (a core ConsultationError, a bad document, a bad
configuration, a database that is unreachable or behind) prints `townhall: error: <message>`
and exits 1. Commands run on uvloop's event loop where uvloop is installed (see _loop_factory).
"""

import argparse
import asyncio
import os
import sys
from collections.abc import Callable, Coroutine

from sqlalchemy.exc import SQLAlchemyError

from bots.chat.settings import ConfigError
from bots.runtime.bootstrap import (
    DatabaseNotReady,
    Townhall,
    describe_failure,
    open_configured,
    prepare_schema,
)
from bots.runtime.clock import SystemClock
from bots.runtime.commands import CommandError
from bots.runtime.config import Config, load_config
from bots.runtime.logs import configure_logging
from bots.terminal.hints import say
from core.errors import ConsultationError

Handler = Callable[[argparse.Namespace, Config], Coroutine[None, None, int]]


def run_command(handler: Handler, args: argparse.Namespace) -> int:
    """Configure logging, load the configuration and run the handler; returns the exit code."""
    configure_logging(verbose=args.verbose)
    try:
        config = load_config(args.config, os.environ)
        with asyncio.Runner(loop_factory=_loop_factory()) as runner:
            return runner.run(handler(args, config))
    except (ConsultationError, ConfigError, CommandError, DatabaseNotReady) as error:
        return _fail(say(str(error)))
    except SQLAlchemyError as error:
        return _fail(f"the database failed: {describe_failure(error)}")
    except OSError as error:
        return _fail(str(error))
    except KeyboardInterrupt:
        return 130


def _loop_factory() -> Callable[[], asyncio.AbstractEventLoop] | None:
    """The loop commands run on: uvloop's where installed (a dependency but on Windows).

    A Slack press spends most of its CPU on the event loop's thread, a good part of it in the
    loop itself and its sockets; uvloop's cost about a sixth less CPU a press (bench/README.md,
    "uvloop under the press path"). Uninstalling uvloop brings asyncio's loop back.
    """
    try:
        import uvloop
    except ImportError:
        return None
    return uvloop.new_event_loop


def _fail(message: str) -> int:
    sys.stderr.write(f"townhall: error: {message}\n")
    return 1


async def run_connected(
    command: Callable[[argparse.Namespace, Townhall], Coroutine[None, None, int]],
    args: argparse.Namespace,
    config: Config,
) -> int:
    """Run the command on a database whose schema is current (see prepare_schema)."""
    await prepare_schema(config.database)
    async with open_configured(config, SystemClock()) as townhall:
        return await command(args, townhall)
