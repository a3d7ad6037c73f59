"""The CLI's results commands, which bots.runtime.cli adds to its command table.

`demo-votes SLUG` fills a consultation nobody has voted on with simulated participation, so
that its figures, exports and charts can be seen at once; `digest SLUG --every 1d|1w|off`
sets its digest (core.digests), and without --every shows it. Like every handler of the table,
these import their command when they run (see bots.runtime.cli).
"""

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from bots.runtime import cli_arguments as arguments
from bots.runtime.cli_commands import Handler, connected

if TYPE_CHECKING:
    from bots.runtime.bootstrap import Townhall
    from bots.runtime.config import Config

AddCommand = Callable[[str, Handler, str], argparse.ArgumentParser]


def add_results_commands(command: AddCommand) -> None:
    """Add the results commands to the table through `command`."""
    add_digest_command(command)
    demo = command(
        "demo-votes",
        connected(_demo_votes),
        "fill a consultation nobody voted on with simulated votes and comments",
    )
    demo.add_argument("slug")
    demo.add_argument(
        "--participants",
        type=arguments.positive,
        default=200,
        metavar="N",
        help="how many simulated people (default: 200, at most 5000)",
    )
    demo.add_argument(
        "--seed",
        type=arguments.positive,
        default=1,
        help="the same seed gives the same votes and comments (default: 1)",
    )
    demo.add_argument(
        "--days",
        type=arguments.positive,
        default=14,
        help="the activity spans at least this many days up to now; the opening moves back "
        "if it is later (default: 14)",
    )


async def _demo_votes(args: argparse.Namespace, townhall: "Townhall") -> int:
    from bots.runtime.commands import simulating

    return await simulating.demo_votes(
        townhall,
        args.slug,
        people=args.participants,
        seed=args.seed,
        days=args.days,
        out=sys.stdout,
    )


DIGEST_INTERVALS = ("1d", "1w", "off")


def add_digest_command(command: AddCommand) -> None:
    """`digest SLUG [--every 1d|1w|off]`: show or change the consultation's digest."""
    digest = command(
        "digest",
        _digest,
        "show or set a consultation's daily or weekly digest to its chats and subscribers",
    )
    digest.add_argument("slug")
    digest.add_argument(
        "--every",
        choices=DIGEST_INTERVALS,
        help="1d: every day, 1w: every Friday, at 18:00 in [consultation] timezone; off: none "
        "(without --every: show the current setting)",
    )


async def _digest(args: argparse.Namespace, config: "Config") -> int:
    from bots.runtime.commands import digests

    async def run(args: argparse.Namespace, townhall: "Townhall") -> int:
        zone = config.consultation.zone
        return await digests.digest(townhall, args.slug, args.every, zone=zone, out=sys.stdout)

    return await connected(run)(args, config)
