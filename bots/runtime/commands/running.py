"""Commands that run townhall: the terminal chat, `run` and `db upgrade`.

`run` serves every front end the configuration enables (bots.runtime.front_ends) with the
worker, or else the terminal chat. A front end's platform libraries and the scheduler are
imported only when they start: the terminal chat and `db upgrade` need neither Telegram nor
Slack.
"""

import asyncio
import logging
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from functools import partial
from typing import TextIO

from bots.chat.identities import is_terminal_name, terminal_ref
from bots.runtime.bootstrap import Townhall, open_configured, prepare_schema, upgrade_schema
from bots.runtime.clock import SystemClock
from bots.runtime.commands import CommandError
from bots.runtime.commands.serving import Runner, add_organisers, serve
from bots.runtime.config import Config, DatabaseConfig
from bots.runtime.front_ends import enabled_front_ends, http_server_clash
from bots.runtime.front_ends.front_end import FrontEnd
from bots.runtime.importing import read_document
from bots.runtime.sample import SAMPLE_NAME, bundled_sample
from bots.terminal.runner import TerminalChat
from core.errors import Conflict
from core.model import (
    CLI_ACTOR,
    Actor,
    Consultation,
    NewConsultation,
    Privacy,
    ResultsVisibility,
    Status,
)
from core.orders import AddConsultation, ListOverviews
from core.wording import counted

logger = logging.getLogger(__name__)

# The demo consultation `run` creates when nothing is open; named after the bundled file.
SAMPLE_SLUG = SAMPLE_NAME.removesuffix(".md")
SAMPLE_TITLE = "Fifth U.S. Open Government National Action Plan (excerpt)"
SAMPLE_DESCRIPTION = (
    "A demo consultation on an excerpt of a public-domain draft bundled with townhall. "
    "Vote on each paragraph, comment, and watch the figures change."
)
SAMPLE_DURATION = timedelta(days=30)
GUEST = "guest"


def default_name(environ: Mapping[str, str]) -> str:
    """The name to chat as when none is given: $USER if it is a valid name, else "guest"."""
    user = environ.get("USER", "")
    return user if is_terminal_name(user) else GUEST


async def chat(
    townhall: Townhall, payload: str, name: str, *, input: TextIO, output: TextIO
) -> int:
    """Chat in the terminal as `name` in the consultation named by a slug or token."""
    actor = Actor(ref=terminal_ref(name), display_name=name)
    joined = await TerminalChat(townhall.app, actor, input=input, output=output).run(payload)
    return 0 if joined else 1


async def run(config: Config, name: str, *, input: TextIO, output: TextIO, errors: TextIO) -> int:
    """Start every configured front end; without a bot token, the terminal chat."""
    if front_ends := enabled_front_ends(config):
        return await run_front_ends(config, front_ends, errors)
    errors.write("No TELEGRAM_BOT_TOKEN or SLACK_BOT_TOKEN set: starting the terminal chat.\n")
    await prepare_schema(config.database)
    async with open_configured(config, SystemClock()) as townhall:
        await add_organisers(townhall, config)
        consultation = await _first_open(townhall) or await _import_sample(townhall, errors)
        return await chat(townhall, consultation.slug, name, input=input, output=output)


async def run_front_ends(config: Config, front_ends: Sequence[FrontEnd], errors: TextIO) -> int:
    """Serve the front ends side by side with the worker until Ctrl-C or SIGTERM."""
    from bots.runtime.scheduler import run_delivery

    for front_end in front_ends:
        front_end.check(config)  # before the database is touched: a missing secret is a typo
    if clash := http_server_clash(config, front_ends):
        raise CommandError(clash)
    runners: list[Runner] = [front_end.serve for front_end in front_ends]
    runners.append(partial(run_delivery, front_ends=front_ends))
    if serves_dashboard_alone(config, front_ends):
        from bots.runtime.server import serve_dashboard

        runners.append(serve_dashboard)
    started, stopped = _announcements(config, front_ends)
    return await serve(config, runners, errors=errors, started=started, stopped=stopped)


def serves_dashboard_alone(config: Config, front_ends: Sequence[FrontEnd]) -> bool:
    """`run` starts the HTTP server for the dashboard alone.

    It does when `[server] public_url` is set and no front end starts the server (where one
    does, the dashboard is on it already).
    """
    needed = any(front_end.http_server(config) for front_end in front_ends)
    return config.server.public_url is not None and not needed


def _announcements(config: Config, front_ends: Sequence[FrontEnd]) -> tuple[str, str]:
    """What `run` says when it starts and when it has stopped."""
    if len(front_ends) == 1:
        [one] = front_ends
        return (
            f"Starting the {one.name} front end ({one.mode(config)}); Ctrl-C stops it.\n",
            f"The {one.name} front end has stopped.\n",
        )
    serving = " and ".join(f"{each.name} ({each.mode(config)})" for each in front_ends)
    names = " and ".join(each.name for each in front_ends)
    return f"Starting {serving}; Ctrl-C stops it.\n", f"{names} stopped.\n"


async def _first_open(townhall: Townhall) -> Consultation | None:
    for item in await townhall.app.handle(CLI_ACTOR, ListOverviews()):
        if item.phase == "open" and item.consultation.privacy is Privacy.PUBLIC:
            return item.consultation
    return None


async def _import_sample(townhall: Townhall, errors: TextIO) -> Consultation:
    document = await asyncio.to_thread(read_document, bundled_sample())
    now = townhall.clock.now()
    new = NewConsultation(
        slug=SAMPLE_SLUG,
        title=SAMPLE_TITLE,
        description=SAMPLE_DESCRIPTION,
        opens_at=now,
        closes_at=_whole_hour_after(now + SAMPLE_DURATION),
        status=Status.OPEN,
        privacy=Privacy.PUBLIC,
        results_visibility=ResultsVisibility.LIVE,
    )
    try:
        order = AddConsultation(consultation=new, document=document)
        consultation = await townhall.app.handle(CLI_ACTOR, order)
    except Conflict:
        raise CommandError(
            f"no consultation is open, and the demo “{SAMPLE_SLUG}” has closed. Import a "
            "document with `townhall import`, or remove the database file to start the demo "
            "afresh."
        ) from None
    errors.write(
        f"No open consultation: imported the bundled sample as {SAMPLE_SLUG} "
        f"({counted(len(document.paragraphs), 'paragraph')}, open for "
        f"{counted(SAMPLE_DURATION.days, 'day')}, "
        "results live).\n"
    )
    return consultation


def _whole_hour_after(moment: datetime) -> datetime:
    # A round closing time that leaves the full duration, so the card says "30 days left".
    return moment.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)


async def upgrade(database: DatabaseConfig, out: TextIO) -> int:
    """Apply every migration; the one way to upgrade a PostgreSQL database."""
    revision = await upgrade_schema(database)
    out.write(f"The database {database.redacted_url} is at revision {revision}, the latest.\n")
    return 0
