"""The CLI's moderation commands, which bots.runtime.cli adds to its command table.

`moderation SLUG [--json]` lists the review queue; `moderation hide|restore SLUG ID`,
`moderation block|unblock SLUG PLATFORM:ID`, `moderation words SLUG [--add W...] [--remove
W...]` and `moderation log SLUG [--json]` act on it; `moderator add|remove SLUG PLATFORM:ID`
and `moderator list SLUG` name the people who moderate one consultation. Like every handler of
the table, these import their command when they run (see bots.runtime.cli).
"""

import argparse
import sys
from typing import TYPE_CHECKING

from bots.chat.numbers import read_number
from bots.runtime import cli_arguments as arguments
from bots.runtime.cli_commands import connected

if TYPE_CHECKING:
    from bots.runtime.bootstrap import Townhall
    from core.model import ParticipantRef
    from core.moderation import ModerationAction

ACTIONS = ("queue", "hide", "restore", "block", "unblock", "words", "log")
USAGE = (
    "townhall moderation SLUG [--json] | queue SLUG [--json] | hide SLUG ID [--block] | "
    "restore SLUG ID | block SLUG PLATFORM:ID | unblock SLUG PLATFORM:ID | "
    "words SLUG [--add WORD...] [--remove WORD...] | log SLUG [--json]"
)


def add_moderation_commands(
    commands: "argparse._SubParsersAction[argparse.ArgumentParser]",
    common: argparse.ArgumentParser,
) -> None:
    """Add `moderation` and `moderator` to the table."""
    moderation = commands.add_parser(
        "moderation",
        parents=[common],
        help="the review queue, hide, restore, block, filtered words, the audit log",
        usage=USAGE,
    )
    moderation.add_argument("words", nargs="+", metavar="ACTION|SLUG")
    moderation.add_argument("--json", action="store_true", help="print JSON for scripts")
    moderation.add_argument("--reason", default="", metavar="TEXT", help="why, for the log")
    moderation.add_argument("--block", action="store_true", help="hide: also block the author")
    moderation.add_argument("--add", nargs="+", default=[], metavar="WORD")
    moderation.add_argument("--remove", nargs="+", default=[], metavar="WORD")
    moderation.set_defaults(handler=connected(_moderation))
    _add_moderator(commands, common)


def _add_moderator(
    commands: "argparse._SubParsersAction[argparse.ArgumentParser]",
    common: argparse.ArgumentParser,
) -> None:
    moderator = commands.add_parser("moderator", help="who moderates one consultation")
    actions = moderator.add_subparsers(metavar="ACTION", required=True)
    for name, summary in (
        ("add", "let an identity moderate one consultation (no organiser)"),
        ("remove", "stop an identity moderating a consultation"),
    ):
        sub = actions.add_parser(name, parents=[common], help=summary)
        sub.add_argument("slug")
        sub.add_argument("identity", type=arguments.identity, metavar="PLATFORM:ID")
        sub.set_defaults(handler=connected(_moderator), adding=name == "add")
    listing = actions.add_parser("list", parents=[common], help="a consultation's moderators")
    listing.add_argument("slug")
    listing.set_defaults(handler=connected(_moderators))


async def _moderation(args: argparse.Namespace, townhall: "Townhall") -> int:
    from bots.runtime.commands import CommandError, moderating

    action, *rest = args.words
    if action not in ACTIONS:
        action, rest = "queue", args.words
    if action in ("queue", "words", "log"):
        (slug,) = _exactly(rest, 1)
        if action == "words":
            return await moderating.edit_words(townhall, slug, args.add, args.remove, sys.stdout)
        show = moderating.show_log if action == "log" else moderating.show_queue
        return await show(townhall, slug, args.json, sys.stdout)
    slug, target = _exactly(rest, 2)
    if action in ("block", "unblock"):
        ref = _identity(target)
        blocked = action == "block"
        return await moderating.set_blocked(townhall, slug, ref, blocked, args.reason, sys.stdout)
    comment_id = read_number(target.removeprefix("#"))
    if comment_id is None:
        raise CommandError(f"expected a comment number, got “{target[:40]}”")
    return await moderating.decide(
        townhall, slug, comment_id, _decision(action, args.block), args.reason, sys.stdout
    )


def _exactly(words: list[str], count: int) -> list[str]:
    from bots.runtime.commands import CommandError

    if len(words) != count:
        raise CommandError(f"usage: {USAGE}")
    return words


def _identity(text: str) -> "ParticipantRef":
    from bots.runtime.commands import CommandError

    try:
        return arguments.identity(text)
    except argparse.ArgumentTypeError as error:
        raise CommandError(str(error)) from None


def _decision(action: str, block: bool) -> "ModerationAction":
    from core.moderation import ModerationAction

    if action == "restore":
        return ModerationAction.RESTORE
    return ModerationAction.HIDE_AND_BLOCK if block else ModerationAction.HIDE


async def _moderator(args: argparse.Namespace, townhall: "Townhall") -> int:
    from bots.runtime.commands import moderating

    return await moderating.set_moderator(
        townhall, args.slug, args.identity, args.adding, sys.stdout
    )


async def _moderators(args: argparse.Namespace, townhall: "Townhall") -> int:
    from bots.runtime.commands import moderating

    return await moderating.list_moderators(townhall, args.slug, sys.stdout)
