"""The CLI's delivery commands, which bots.runtime.cli adds to its command table.

`broadcast SLUG` releases paragraphs (`--paragraphs 10-14`, `--from P10`) to `--to` all,
telegram or slack, at once or as a drip (`--every 1d`), and follows the progress unless
`--detach`; `broadcast cancel BROADCAST_ID` stops the releases of a drip still ahead;
`report BROADCAST_ID` shows how one is going; `deadline SLUG --closes DATE` moves the
closing time (and the reminders); `worker` runs only the outbox and the sweeps.
Like every handler of the table, these import their command when they run (see bots.runtime.cli).
"""

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from bots.chat.numbers import read_number
from bots.chat.selections import (
    INTERVAL_EXAMPLE,
    PARAGRAPHS_EXAMPLE,
    parse_interval,
    parse_paragraph,
    parse_paragraphs,
)
from bots.runtime import cli_arguments as arguments
from bots.runtime.cli_commands import Handler, connected, dated

if TYPE_CHECKING:
    from bots.runtime.bootstrap import Townhall
    from bots.runtime.commands.broadcasts import Release
    from bots.runtime.config import Config

AddCommand = Callable[[str, Handler, str], argparse.ArgumentParser]

AUDIENCES = ("all", "slack", "telegram")


def add_delivery_commands(command: AddCommand) -> None:
    """Add the four commands to the table through `command`."""
    _add_broadcast(command("broadcast", _broadcast, "release paragraphs to everyone taking part"))
    report = command("report", connected(_report), "how a broadcast is going")
    report.add_argument("broadcast_id", type=_identifier, metavar="BROADCAST_ID")
    deadline = command("deadline", dated(_deadline), "move a consultation's closing time")
    deadline.add_argument("slug")
    deadline.add_argument("--closes", required=True, metavar="DATE", help=arguments.DATES)
    command("worker", _worker, "only send pushes, remind and close on time (extra workers)")


def _release_of(args: argparse.Namespace) -> "Release":
    from bots.runtime.commands.broadcasts import Release
    from core.model import Platform

    return Release(
        numbers=args.paragraphs,
        first=args.first,
        platforms=None if args.to == "all" else frozenset({Platform(args.to)}),
        every=args.every,
    )


def _add_broadcast(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("slug", metavar="SLUG|cancel")
    parser.add_argument(
        "broadcast_id",
        nargs="?",
        type=_identifier,
        metavar="BROADCAST_ID",
        help="after cancel: the broadcast whose releases still ahead stop",
    )
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--paragraphs",
        type=arguments.checked(parse_paragraphs),
        default=None,
        metavar="WHICH",
        help=f"{PARAGRAPHS_EXAMPLE} (default: all)",
    )
    which.add_argument(
        "--from",
        dest="first",
        type=arguments.checked(parse_paragraph),
        metavar="PN",
        help="from this paragraph to the last, e.g. P10",
    )
    parser.add_argument("--to", choices=AUDIENCES, default="all", help="default: all")
    parser.add_argument(
        "--every",
        type=arguments.checked(parse_interval),
        metavar="INTERVAL",
        help=f"a drip: one paragraph per interval ({INTERVAL_EXAMPLE}); returns at once",
    )
    parser.add_argument(
        "--detach", action="store_true", help="return at once instead of showing the progress"
    )


def _identifier(text: str) -> int:
    number = read_number(text)
    if number is None:
        raise argparse.ArgumentTypeError(f"expected a broadcast number, got “{text[:40]}”")
    return number


async def _broadcast(args: argparse.Namespace, config: "Config") -> int:
    from bots.runtime.commands import CommandError, broadcasts

    if args.slug == "cancel" and args.broadcast_id is not None:
        return await connected(_cancel)(args, config)
    if args.broadcast_id is not None:
        raise CommandError(f"unexpected “{args.broadcast_id}”: only cancel takes an ID")

    async def release(args: argparse.Namespace, townhall: "Townhall") -> int:
        return await broadcasts.broadcast(
            townhall,
            config.delivery,
            args.slug,
            _release_of(args),
            detach=args.detach,
            out=sys.stdout,
            err=sys.stderr,
        )

    return await connected(release)(args, config)


async def _cancel(args: argparse.Namespace, townhall: "Townhall") -> int:
    from bots.runtime.commands import broadcasts

    return await broadcasts.cancel(townhall, args.broadcast_id, sys.stdout)


async def _report(args: argparse.Namespace, townhall: "Townhall") -> int:
    from bots.runtime.commands import broadcasts

    return await broadcasts.report(townhall, args.broadcast_id, sys.stdout)


async def _deadline(args: argparse.Namespace, townhall: "Townhall") -> int:
    from bots.runtime.commands import broadcasts

    return await broadcasts.deadline(townhall, args.slug, args.closes, sys.stdout)


async def _worker(args: argparse.Namespace, config: "Config") -> int:
    from bots.runtime.commands import working

    return await working.worker(config, sys.stderr)
