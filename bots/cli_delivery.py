"""The CLI's delivery commands, which bots.cli adds to its parser.

`broadcast SLUG` releases paragraphs (`--paragraphs 10-14`, `--from P10`) to `--to` all,
telegram or slack, at once or as a drip (`--every 1d`), and follows the progress unless
`--detach`; `broadcast cancel BROADCAST_ID` stops the releases of a drip still ahead;
`report BROADCAST_ID` shows how one is going; `deadline SLUG --closes ISO-8601` moves the
closing time (and the reminders); `worker` runs only the outbox and the sweeps.
"""

import argparse
import sys
from collections.abc import Callable, Coroutine
from datetime import datetime

from bots.bootstrap import Townhall
from bots.commands import CommandError, broadcasts, working
from bots.commands.broadcasts import Release
from bots.config import Config
from bots.selections import (
    INTERVAL_EXAMPLE,
    PARAGRAPHS_EXAMPLE,
    parse_interval,
    parse_paragraph,
    parse_paragraphs,
)
from core.model import Platform

Handler = Callable[[argparse.Namespace, Config], Coroutine[None, None, int]]
Command = Callable[[argparse.Namespace, Townhall], Coroutine[None, None, int]]
AddCommand = Callable[[str, Handler, str], argparse.ArgumentParser]
Connect = Callable[[Command], Handler]
Moment = Callable[[str], datetime]

AUDIENCES: dict[str, frozenset[Platform] | None] = {
    "all": None,
    "telegram": frozenset({Platform.TELEGRAM}),
    "slack": frozenset({Platform.SLACK}),
}


def add_delivery_commands(command: AddCommand, connected: Connect, moment: Moment) -> None:
    """Add the four commands; `connected` runs a command on a current database."""

    async def broadcast(args: argparse.Namespace, config: Config) -> int:
        if args.slug == "cancel" and args.broadcast_id is not None:
            return await connected(_cancel)(args, config)
        if args.broadcast_id is not None:
            raise CommandError(f"unexpected “{args.broadcast_id}”: only cancel takes an ID")

        async def run(args: argparse.Namespace, townhall: Townhall) -> int:
            return await broadcasts.broadcast(
                townhall,
                config.delivery,
                args.slug,
                release_of(args),
                detach=args.detach,
                out=sys.stdout,
                err=sys.stderr,
            )

        return await connected(run)(args, config)

    _add_broadcast(command("broadcast", broadcast, "release paragraphs to everyone taking part"))
    report = command("report", connected(_report), "how a broadcast is going")
    report.add_argument("broadcast_id", type=_identifier, metavar="BROADCAST_ID")
    deadline = command("deadline", connected(_deadline), "move a consultation's closing time")
    deadline.add_argument("slug")
    deadline.add_argument("--closes", required=True, type=moment, metavar="ISO-8601")
    command("worker", _worker, "only send pushes, remind and close on time (extra workers)")


def release_of(args: argparse.Namespace) -> Release:
    return Release(
        numbers=args.paragraphs,
        first=args.first,
        platforms=AUDIENCES[args.to],
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
        type=_argument(parse_paragraphs),
        default=None,
        metavar="WHICH",
        help=f"{PARAGRAPHS_EXAMPLE} (default: all)",
    )
    which.add_argument(
        "--from",
        dest="first",
        type=_argument(parse_paragraph),
        metavar="PN",
        help="from this paragraph to the last, e.g. P10",
    )
    parser.add_argument("--to", choices=sorted(AUDIENCES), default="all", help="default: all")
    parser.add_argument(
        "--every",
        type=_argument(parse_interval),
        metavar="INTERVAL",
        help=f"a drip: one paragraph per interval ({INTERVAL_EXAMPLE}); returns at once",
    )
    parser.add_argument(
        "--detach", action="store_true", help="return at once instead of showing the progress"
    )


def _argument(parse: Callable[[str], object]) -> Callable[[str], object]:
    def parsed(text: str) -> object:
        try:
            return parse(text)
        except ValueError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    return parsed


def _identifier(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a broadcast number, got “{text}”")
    return int(text)


async def _cancel(args: argparse.Namespace, townhall: Townhall) -> int:
    return await broadcasts.cancel(townhall, args.broadcast_id, sys.stdout)


async def _report(args: argparse.Namespace, townhall: Townhall) -> int:
    return await broadcasts.report(townhall, args.broadcast_id, sys.stdout)


async def _deadline(args: argparse.Namespace, townhall: Townhall) -> int:
    return await broadcasts.deadline(townhall, args.slug, args.closes, sys.stdout)


async def _worker(args: argparse.Namespace, config: Config) -> int:
    return await working.worker(config, sys.stderr)
