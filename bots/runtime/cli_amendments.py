"""The CLI's amendment commands, which bots.runtime.cli adds to its command table.

`amendment accept|reject ID` decides a suggested wording (accepting gives its paragraph a new
version and tells the people who voted on it); `amendments SLUG [--json]` lists every
suggested wording with its diff, votes and state. `show SLUG --versions` (bots.runtime.cli)
prints each amended paragraph's history. Like every handler of the table, these import their
command when they run (see bots.runtime.cli).
"""

import argparse
import sys
from typing import TYPE_CHECKING

from bots.runtime import cli_arguments as arguments
from bots.runtime.cli_commands import connected

if TYPE_CHECKING:
    from bots.runtime.bootstrap import Townhall


def add_amendment_commands(
    commands: "argparse._SubParsersAction[argparse.ArgumentParser]",
    common: argparse.ArgumentParser,
) -> None:
    """Add `amendment` and `amendments` to the table."""
    amendment = commands.add_parser("amendment", help="accept or reject a suggested wording")
    actions = amendment.add_subparsers(metavar="ACTION", required=True)
    for name, summary in (
        ("accept", "the paragraph takes the wording as its next version; its voters are told"),
        ("reject", "the wording stays in the record as rejected"),
    ):
        sub = actions.add_parser(name, parents=[common], help=summary, description=summary)
        sub.add_argument("id", type=arguments.positive, metavar="ID")
        sub.set_defaults(handler=connected(_decide), accept=name == "accept")
    listing = commands.add_parser(
        "amendments",
        parents=[common],
        help="every suggested wording of a consultation, with diff, votes and state",
    )
    listing.add_argument("slug")
    listing.add_argument("--json", action="store_true", help="print JSON for scripts")
    listing.set_defaults(handler=connected(_list))


async def _decide(args: argparse.Namespace, townhall: "Townhall") -> int:
    from bots.runtime.commands import amending

    return await amending.decide(townhall, args.id, args.accept, sys.stdout)


async def _list(args: argparse.Namespace, townhall: "Townhall") -> int:
    from bots.runtime.commands import amending

    return await amending.list_amendments(townhall, args.slug, args.json, sys.stdout)
