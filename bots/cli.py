"""The `townhall` command line: parses arguments, loads the configuration, runs one command.

Each subcommand is a small adapter from parsed arguments to a typed function in bots.commands.
A refusal (a core ConsultationError, a bad document, a bad configuration, a database that is
unreachable or behind) prints `townhall: error: <message>` and exits 1; usage errors exit 2.
Logging is configured here and only here.
"""

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Callable, Coroutine, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from bots.bootstrap import (
    DatabaseNotReady,
    Townhall,
    describe_failure,
    open_townhall,
    prepare_schema,
)
from bots.cli_delivery import add_delivery_commands
from bots.clock import SystemClock
from bots.commands import CommandError, consultations, reports, running
from bots.config import Config, ConfigError, load_config
from bots.exporting import FORMATS
from bots.identities import InvalidIdentity, is_terminal_name, parse_identity
from bots.selections import parse_offsets
from bots.terminal.hints import say
from core.errors import ConsultationError
from core.model import DEFAULT_REMINDER_OFFSETS, ParticipantRef, ResultsVisibility

Handler = Callable[[argparse.Namespace, Config], Coroutine[None, None, int]]
Command = Callable[[argparse.Namespace, Townhall], Coroutine[None, None, int]]


def main(argv: Sequence[str] | None = None) -> int:
    """Run `townhall` with these arguments (sys.argv's by default); returns the exit code."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        stream=sys.stderr,
        format="%(levelname)s %(name)s: %(message)s",
    )
    handler: Handler = args.handler
    try:
        config = load_config(args.config, os.environ)
        return asyncio.run(handler(args, config))
    except (ConsultationError, ConfigError, CommandError, DatabaseNotReady) as error:
        return _fail(say(str(error)))
    except SQLAlchemyError as error:
        return _fail(f"the database failed: {describe_failure(error)}")
    except OSError as error:
        return _fail(str(error))
    except KeyboardInterrupt:
        return 130


def _fail(message: str) -> int:
    sys.stderr.write(f"townhall: error: {message}\n")
    return 1


def _connected(command: Command) -> Handler:
    """The command, run on a database whose schema is current (see prepare_schema)."""

    async def handler(args: argparse.Namespace, config: Config) -> int:
        await prepare_schema(config.database)
        async with open_townhall(config.database, SystemClock()) as townhall:
            return await command(args, townhall)

    return handler


# --- argument types ------------------------------------------------------------------------


def moment(text: str) -> datetime:
    """An ISO 8601 date and time with Z or an offset, as aware UTC; local time is refused."""
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"“{text}” is not an ISO 8601 date and time, such as 2027-03-31T12:00Z"
        ) from None
    if parsed.tzinfo is None:
        raise argparse.ArgumentTypeError(
            f"“{text}” has no time zone: add Z for UTC or an offset such as +01:00 "
            "(2027-03-31T12:00Z, 2027-03-31T12:00+01:00)"
        )
    return parsed.astimezone(UTC)


def positive(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got “{text}”")
    return int(text)


def name(text: str) -> str:
    if not is_terminal_name(text):
        raise argparse.ArgumentTypeError(
            f"“{text}” cannot be a name: use up to 64 letters, digits, . _ or -"
        )
    return text


def identity(text: str) -> ParticipantRef:
    try:
        return parse_identity(text)
    except InvalidIdentity as error:
        raise argparse.ArgumentTypeError(str(error)) from None


# --- subcommands ---------------------------------------------------------------------------


async def _import(args: argparse.Namespace, townhall: Townhall) -> int:
    return await consultations.import_document(
        townhall,
        args.file,
        slug=args.slug,
        title=args.title,
        description=args.description,
        opens_at=args.opens,
        closes_at=args.closes,
        draft=args.draft,
        private=args.private,
        results=ResultsVisibility(args.results),
        reminders=args.remind,
        out=sys.stdout,
    )


async def _list(args: argparse.Namespace, townhall: Townhall) -> int:
    return await reports.list_consultations(townhall, sys.stdout)


async def _show(args: argparse.Namespace, townhall: Townhall) -> int:
    return await reports.show(townhall, args.slug, sys.stdout)


async def _open(args: argparse.Namespace, townhall: Townhall) -> int:
    return await consultations.open_now(townhall, args.slug, sys.stdout)


async def _close(args: argparse.Namespace, townhall: Townhall) -> int:
    return await consultations.close_now(townhall, args.slug, sys.stdout)


async def _invite(args: argparse.Namespace, config: Config) -> int:
    async def invite(args: argparse.Namespace, townhall: Townhall) -> int:
        return await consultations.invite(
            townhall, args.slug, args.uses, sys.stdout, telegram=config.telegram
        )

    return await _connected(invite)(args, config)


async def _organiser_add(args: argparse.Namespace, townhall: Townhall) -> int:
    return await consultations.add_organiser_identity(townhall, args.identity, sys.stdout)


async def _stats(args: argparse.Namespace, townhall: Townhall) -> int:
    return await reports.show_statistics(townhall, args.slug, args.json, sys.stdout)


async def _export(args: argparse.Namespace, townhall: Townhall) -> int:
    return await reports.export(townhall, args.slug, args.format, args.out, sys.stdout)


async def _chat(args: argparse.Namespace, townhall: Townhall) -> int:
    name = args.name or running.default_name(os.environ)
    return await running.chat(townhall, args.slug, name, input=sys.stdin, output=sys.stdout)


async def _run(args: argparse.Namespace, config: Config) -> int:
    name = running.default_name(os.environ)
    return await running.run(config, name, input=sys.stdin, output=sys.stdout, errors=sys.stderr)


async def _db_upgrade(args: argparse.Namespace, config: Config) -> int:
    return await running.upgrade(config.database, sys.stdout)


# --- the parser ----------------------------------------------------------------------------


AddCommand = Callable[[str, Handler, str], argparse.ArgumentParser]


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    _add_global_options(common, default=argparse.SUPPRESS)
    parser = argparse.ArgumentParser(
        prog="townhall",
        description="Run a public consultation on a draft document, paragraph by paragraph, "
        "in chat.",
    )
    _add_global_options(parser, default=None)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)

    def command(name: str, handler: Handler, summary: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, parents=[common], help=summary, description=summary)
        sub.set_defaults(handler=handler)
        return sub

    _add_organising(command)
    _add_organiser(commands, common)
    _add_reporting(command)
    chat = command("chat", _connected(_chat), "take part in a consultation from this terminal")
    chat.add_argument("slug", help="the consultation's slug, or an invitation token")
    chat.add_argument(
        "--as", dest="name", type=name, metavar="NAME", help="your name (default: $USER)"
    )
    command("run", _run, "start every configured front end (the terminal chat without tokens)")
    add_delivery_commands(command, _connected, moment)
    _add_db(commands, common)
    return parser


def _add_organising(command: AddCommand) -> None:
    _add_import(command("import", _connected(_import), "import a draft as a new consultation"))
    command("list", _connected(_list), "list every consultation")
    for name, handler, summary in (
        ("show", _show, "a consultation's settings, sections and figures"),
        ("open", _open, "open a consultation now"),
        ("close", _close, "close a consultation now (closing twice is harmless)"),
    ):
        command(name, _connected(handler), summary).add_argument("slug")
    invite = command("invite", _invite, "create an invitation token")
    invite.add_argument("slug")
    invite.add_argument("--uses", type=positive, help="how many people it admits (unlimited)")


def _add_reporting(command: AddCommand) -> None:
    stats = command("stats", _connected(_stats), "a consultation's figures")
    stats.add_argument("slug")
    stats.add_argument("--json", action="store_true", help="print JSON for scripts")
    export = command(
        "export", _connected(_export), "write the document, figures and comments to a file"
    )
    export.add_argument("slug")
    export.add_argument("--format", required=True, choices=sorted(FORMATS))
    export.add_argument("--out", required=True, metavar="PATH", help="a file, or - for stdout")


def _add_global_options(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument(
        "--config",
        type=Path,
        default=default,
        metavar="FILE",
        help="configuration file (default: $TOWNHALL_CONFIG, else built-in defaults)",
    )
    verbose_default = argparse.SUPPRESS if default is argparse.SUPPRESS else False
    parser.add_argument(
        "-v", "--verbose", action="store_true", default=verbose_default, help="log more"
    )


def _add_import(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="a .md, .txt or .docx file")
    parser.add_argument("--slug", required=True, help="short name in links: lower-case, digits, -")
    parser.add_argument("--title", required=True)
    parser.add_argument("--closes", required=True, type=moment, metavar="ISO-8601")
    parser.add_argument("--opens", type=moment, metavar="ISO-8601", help="default: now")
    parser.add_argument("--draft", action="store_true", help="do not open it yet")
    parser.add_argument("--private", action="store_true", help="by invitation only")
    parser.add_argument(
        "--results",
        choices=[visibility.value for visibility in ResultsVisibility],
        default=ResultsVisibility.AFTER_CLOSE.value,
        help="when participants see the figures (default: after-close)",
    )
    parser.add_argument("--description", default="", metavar="TEXT")
    parser.add_argument(
        "--remind",
        type=_offsets,
        default=DEFAULT_REMINDER_OFFSETS,
        metavar="7d,1d,2h",
        help="when to remind those who have not finished, before the close; or none",
    )


def _offsets(text: str) -> tuple[timedelta, ...]:
    try:
        return parse_offsets(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _add_organiser(
    commands: "argparse._SubParsersAction[argparse.ArgumentParser]",
    common: argparse.ArgumentParser,
) -> None:
    organiser = commands.add_parser("organiser", help="manage organisers")
    actions = organiser.add_subparsers(metavar="ACTION", required=True)
    add = actions.add_parser(
        "add", parents=[common], help="let an identity run organiser commands"
    )
    add.add_argument(
        "identity",
        type=identity,
        metavar="PLATFORM:ID",
        help="telegram:ID, slack:TEAM:USER or terminal:NAME",
    )
    add.set_defaults(handler=_connected(_organiser_add))


def _add_db(
    commands: "argparse._SubParsersAction[argparse.ArgumentParser]",
    common: argparse.ArgumentParser,
) -> None:
    database = commands.add_parser("db", help="manage the database")
    actions = database.add_subparsers(metavar="ACTION", required=True)
    upgrade = actions.add_parser("upgrade", parents=[common], help="apply every migration")
    upgrade.set_defaults(handler=_db_upgrade)
