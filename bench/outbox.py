"""Benchmark one outbox worker against the bare send loop, in the same run, pacing off.

    python -m bench.outbox [--participants 2000] [--rounds 3] [--in-flight 256]
                           [--postgres postgresql+asyncpg://postgres@127.0.0.1:5432/postgres]

The fake Bot API runs in a process of its own. Every round runs, one after the other:

  bare send loop     `--participants` copies of the card the outbox sends (P2 as the first
                     participant sees it) to distinct chats, the way a bare
                     python-telegram-bot program sends one message to many: the card rendered
                     once (HTML and inline keyboard, townhall's renderer), then
                     `Bot.send_message` for each chat (PTB builds the request and parses the
                     answer into a Message), on the push Bot's transport (aiohttp), as many
                     in flight as the worker, no database, no limiter
  raw send loop      the same copies through townhall's own sender (bots.telegram.push_requests:
                     the card rendered once, Bot.do_api_request, the message id read from the
                     raw answer), no database, no limiter: the outbox's ceiling on this machine
  outbox, SQLite     a broadcast of P2 to `--participants` people (a third agree with it, a
                     third disagree, a third have not voted, so the cards differ), queued
                     (not timed), then drained by one Dispatcher: claim, build each card for
                     its reader, send, record; an SQLite file (WAL, synchronous=FULL) on disk
  outbox, PostgreSQL the same on a database created on the `--postgres` server, dropped after

Pacing is off (1,000,000/s, no per-chat interval), so a worker keeps the most sends in flight
(bots.runtime.messaging.sends_in_flight: 256) and claims 200 rows at a time
(bots.runtime.scheduler). Printed:
pushes a second, that as a share of the bare loop's rate in the same round (the figure that
survives a busy machine), CPU milliseconds a push in this process (SQLite's thread included,
the PostgreSQL server not) and in the fake's: when the fake's CPU a push nears 1,000 /
pushes a second (a whole core), the fake is what limits the round. The goal (issue 11): one
worker drains >= 1,000 personal pushes a second.
"""

import argparse
import asyncio
import secrets
import statistics
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import create_async_engine
from telegram import Bot
from telegram.constants import ParseMode

from bench.broadcast import FIRST_CHAT, HIGH
from bench.broadcast_outbox import (
    bench_bot,
    drain_queued,
    queue_broadcast,
    sample_card,
    seed_audience,
)
from bench.environment import describe_machine
from bench.fake_process import FakeProcess
from bots.runtime.bootstrap import Townhall, open_townhall
from bots.runtime.clock import SystemClock
from bots.runtime.config import DatabaseConfig
from bots.runtime.messaging import sends_in_flight
from bots.telegram.client import NO_PREVIEW
from bots.telegram.push_requests import pushed_messages, send_pushed
from bots.telegram.rendering import render
from core.screens import Screen
from storage.engine import normalise_url
from storage.migrate import upgrade_database

Row = tuple[str, float, float, float]  # what, pushes/s, CPU ms a push here, in the fake
Send = Callable[[int], Awaitable[None]]  # one copy to a chat


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--participants", type=int, default=2000, help="pushes a round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--in-flight", type=int, default=sends_in_flight(HIGH), help="sends under way at once"
    )
    parser.add_argument("--postgres", help="a PostgreSQL server URL to create a database on")
    args = parser.parse_args(argv)
    for line in describe_machine():
        print(line)
    rounds = asyncio.run(
        _all_rounds(args.participants, args.rounds, args.in_flight, args.postgres)
    )
    print(f"{args.participants:,} pushes a round, {args.in_flight} sends in flight")
    _print_table(rounds)
    return 0


def _print_table(rounds: list[list[Row]]) -> None:
    print("| round | what | pushes/s | share of the bare loop | CPU ms a push | the fake's |")
    print("| --- | --- | --- | --- | --- | --- |")
    for number, rows in enumerate(rounds, start=1):
        bare = rows[0][1]
        for what, rate, cpu, fake in rows:
            print(
                f"| {number} | {what} | {rate:,.0f} | {rate / bare:.0%} | {cpu:.2f} | {fake:.2f} |"
            )
    for index, (what, *_) in enumerate(rounds[0]):
        rates = [rows[index][1] for rows in rounds]
        shares = [rows[index][1] / rows[0][1] for rows in rounds]
        print(
            f"| median | {what} | {statistics.median(rates):,.0f} | "
            f"{statistics.median(shares):.0%} | | |"
        )


async def _all_rounds(
    participants: int, rounds: int, in_flight: int, postgres: str | None
) -> list[list[Row]]:
    server = FakeProcess("telegram", enforce=False)
    base_url = server.start()
    try:
        with tempfile.TemporaryDirectory() as folder:
            sqlite = f"sqlite+aiosqlite:///{Path(folder) / 'townhall.db'}"
            async with (
                _audience(sqlite, participants) as on_sqlite,
                _postgres(postgres, participants) as on_postgres,
            ):
                sides = Sides(base_url, server, sqlite=on_sqlite, postgres=on_postgres)
                return [await _round(sides, participants, in_flight) for _ in range(rounds)]
    finally:
        server.stop()


@dataclass(frozen=True, slots=True)
class Sides:
    """The fake Bot API (its URL and process) and the audiences on each database."""

    base_url: str
    fake: FakeProcess
    sqlite: Townhall
    postgres: Townhall | None


async def _round(sides: Sides, participants: int, in_flight: int) -> list[Row]:
    card, rows = await sample_card(sides.sqlite), []
    loops = (("bare send loop", bare_send_loop), ("raw send loop", raw_send_loop))
    for name, loop in loops:
        cpu, fake = time.process_time(), sides.fake.cpu_seconds()
        seconds = await loop(sides.base_url, participants, card, in_flight)
        rows.append(_row(name, participants, seconds, cpu, fake, sides.fake))
    for name, town in (("outbox, SQLite", sides.sqlite), ("outbox, PostgreSQL", sides.postgres)):
        if town is not None:
            queued = await queue_broadcast(town)
            cpu, fake = time.process_time(), sides.fake.cpu_seconds()
            wall, _ = await drain_queued(town, sides.base_url, HIGH, in_flight=in_flight)
            rows.append(_row(name, queued, wall, cpu, fake, sides.fake))
    return rows


def _row(
    name: str, pushes: int, seconds: float, cpu: float, fake: float, server: FakeProcess
) -> Row:
    """Pushes a second, and CPU ms a push here and in the fake, since `cpu` and `fake`."""
    here, there = time.process_time() - cpu, server.cpu_seconds() - fake
    return (name, pushes / seconds, _ms(here, pushes), _ms(there, pushes))


async def bare_send_loop(base_url: str, copies: int, card: Screen, in_flight: int) -> float:
    """Seconds python-telegram-bot alone takes to send `copies` copies of the card."""

    def sender(bot: Bot) -> Send:
        messages = render(card, bot.username)  # once, as a program sending one card to many

        async def send(chat_id: int) -> None:
            for message in messages:
                await bot.send_message(
                    chat_id,
                    message.text,
                    parse_mode=ParseMode.HTML,
                    reply_markup=message.markup,
                    link_preview_options=NO_PREVIEW,
                )

        return send

    return await _send_copies(base_url, copies, in_flight, sender)


async def raw_send_loop(base_url: str, copies: int, card: Screen, in_flight: int) -> float:
    """Seconds townhall's own sender (bots.telegram.push_requests) takes, without the database."""

    def sender(bot: Bot) -> Send:
        async def send(chat_id: int) -> None:
            for message in pushed_messages(card, bot.username):
                await send_pushed(bot, chat_id, message)

        return send

    return await _send_copies(base_url, copies, in_flight, sender)


async def _send_copies(
    base_url: str, copies: int, in_flight: int, sender: Callable[[Bot], Send]
) -> float:
    async with bench_bot(base_url, "aiohttp", in_flight) as bot:
        slots, send = asyncio.Semaphore(in_flight), sender(bot)

        async def one(chat_id: int) -> None:
            async with slots:
                await send(chat_id)

        started = time.perf_counter()
        async with asyncio.TaskGroup() as group:
            for chat_id in range(FIRST_CHAT, FIRST_CHAT + copies):
                group.create_task(one(chat_id))
        return time.perf_counter() - started


def _ms(seconds: float, pushes: int) -> float:
    return seconds / pushes * 1000


@asynccontextmanager
async def _audience(url: str, participants: int) -> AsyncIterator[Townhall]:
    await upgrade_database(url)
    async with open_townhall(DatabaseConfig(url=url), SystemClock()) as town:
        await seed_audience(town.unit_of_work, participants, town.clock.now())
        yield town


@asynccontextmanager
async def _postgres(server: str | None, participants: int) -> AsyncIterator[Townhall | None]:
    if server is None:
        yield None
        return
    parsed = normalise_url(server)
    name = f"townhall_bench_{secrets.token_hex(4)}"
    await _execute_autocommit(parsed, f'CREATE DATABASE "{name}"')
    try:
        url = parsed.set(database=name).render_as_string(hide_password=False)
        async with _audience(url, participants) as town:
            yield town
    finally:
        await _execute_autocommit(parsed, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def _execute_autocommit(server: URL, statement: str) -> None:
    engine = create_async_engine(server, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            await connection.exec_driver_sql(statement)
    finally:
        await engine.dispose()


if __name__ == "__main__":
    raise SystemExit(main())
