"""The handlers of the command table: each adapts parsed arguments to a bots.runtime command.

A handler imports its command when it runs, never at the top of this module: the command table
imports this module to build `townhall --help`, which must not load Telegram, Slack, the
database or the scheduler (tests/bots/runtime/test_cli_imports.py checks that it does not).
"""

import argparse
import os
import sys
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bots.runtime.bootstrap import Townhall
    from bots.runtime.config import Config

Handler = Callable[[argparse.Namespace, "Config"], Coroutine[None, None, int]]
Command = Callable[[argparse.Namespace, "Townhall"], Coroutine[None, None, int]]


def connected(command: Command) -> Handler:
    """The command, run on a database whose schema is current (see prepare_schema)."""

    async def handler(args: argparse.Namespace, config: "Config") -> int:
        from bots.runtime.cli_running import run_connected

        return await run_connected(command, args, config)

    return handler


def dated(command: Command) -> Handler:
    """`connected`, with the `--opens` and `--closes` given read as dates first (core.dates).

    In the configured time zone, before the database is touched: a date that cannot be read or
    lies in the past is refused (exit 1, with examples that work) and changes nothing.
    """

    async def handler(args: argparse.Namespace, config: "Config") -> int:
        from bots.runtime.clock import SystemClock
        from core.dates import parse_closing, parse_opening

        now, zone = SystemClock().now(), config.consultation.zone
        for flag, parse in (("opens", parse_opening), ("closes", parse_closing)):
            if getattr(args, flag, None) is not None:
                setattr(args, flag, parse(getattr(args, flag), now=now, zone=zone))
        return await connected(command)(args, config)

    return handler


async def import_document(args: argparse.Namespace, townhall: "Townhall") -> int:
    from bots.runtime.commands import consultations
    from core.model import DEFAULT_REMINDER_OFFSETS, ParagraphOrder, Reasons, ResultsVisibility

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
        anonymous_comments=args.anonymous_comments,
        results=ResultsVisibility(args.results),
        reasons=Reasons(args.reasons),
        order=ParagraphOrder(args.order),
        reminders=DEFAULT_REMINDER_OFFSETS if args.remind is None else args.remind,
        out=sys.stdout,
        premoderate=args.premoderate,
        hide_after=args.hide_after,
    )


async def change_order(args: argparse.Namespace, townhall: "Townhall") -> int:
    from bots.runtime.commands import consultations
    from core.model import ParagraphOrder

    return await consultations.change_order(
        townhall, args.slug, ParagraphOrder(args.order), sys.stdout
    )


async def list_consultations(args: argparse.Namespace, townhall: "Townhall") -> int:
    from bots.runtime.commands import reports

    return await reports.list_consultations(townhall, sys.stdout)


async def show(args: argparse.Namespace, townhall: "Townhall") -> int:
    from bots.runtime.commands import amending, reports

    if args.versions:
        return await amending.show_versions(townhall, args.slug, sys.stdout)
    return await reports.show(townhall, args.slug, sys.stdout)


async def open_now(args: argparse.Namespace, townhall: "Townhall") -> int:
    from bots.runtime.commands import consultations

    return await consultations.open_now(townhall, args.slug, sys.stdout)


async def close_now(args: argparse.Namespace, townhall: "Townhall") -> int:
    from bots.runtime.commands import consultations

    return await consultations.close_now(townhall, args.slug, sys.stdout)


async def paragraph_status(args: argparse.Namespace, townhall: "Townhall") -> int:
    from bots.runtime.commands import paragraphs

    return await paragraphs.set_status(
        townhall, args.slug, args.paragraph, args.status, sys.stdout
    )


async def invite(args: argparse.Namespace, config: "Config") -> int:
    from bots.runtime.commands import consultations

    async def create(args: argparse.Namespace, townhall: "Townhall") -> int:
        return await consultations.invite(
            townhall, args.slug, args.uses, sys.stdout, telegram=config.telegram
        )

    return await connected(create)(args, config)


async def add_organiser(args: argparse.Namespace, townhall: "Townhall") -> int:
    from bots.runtime.commands import consultations

    return await consultations.add_organiser_identity(townhall, args.identity, sys.stdout)


async def stats(args: argparse.Namespace, townhall: "Townhall") -> int:
    from bots.runtime.commands import reports

    return await reports.show_statistics(townhall, args.slug, args.json, sys.stdout)


async def groups(args: argparse.Namespace, townhall: "Townhall") -> int:
    from bots.runtime.commands import groups

    return await groups.show_groups(townhall, args.slug, args.json, sys.stdout)


async def export(args: argparse.Namespace, townhall: "Townhall") -> int:
    from bots.runtime.commands import reports

    return await reports.export(
        townhall,
        args.slug,
        args.format,
        args.out,
        sys.stdout,
        organiser=args.organiser,
        zipped=args.zip,
    )


async def chart(args: argparse.Namespace, townhall: "Townhall") -> int:
    from bots.runtime.commands import charting

    return await charting.write_charts(townhall, args.slug, args.out, sys.stdout)


async def chat(args: argparse.Namespace, townhall: "Townhall") -> int:
    from bots.runtime.commands import running

    name = args.name or running.default_name(os.environ)
    return await running.chat(townhall, args.slug, name, input=sys.stdin, output=sys.stdout)


async def run(args: argparse.Namespace, config: "Config") -> int:
    from bots.runtime.commands import running

    name = running.default_name(os.environ)
    return await running.run(config, name, input=sys.stdin, output=sys.stdout, errors=sys.stderr)


async def db_upgrade(args: argparse.Namespace, config: "Config") -> int:
    from bots.runtime.commands import running

    return await running.upgrade(config.database, sys.stdout)
