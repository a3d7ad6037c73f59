"""Benchmark broadcasting to Telegram and Slack: how fast our senders go, how close to the cap.

    python -m bench.broadcast [--messages 5000] [--paced 500] [--outbox 1000]
                              [--slack-messages 3000] [--slack-paced 100] [--slack-channel 10]
                              [--transport aiohttp|httpx]

The fake Bot API runs in a process of its own (so it does not share the sender's core) and
every message goes through the real TelegramMessenger, python-telegram-bot and HTTP, on the
push Bot the workers use (bots.runtime.front_ends.telegram.push_bot: PTB on aiohttp,
bots/telegram/transport.py);
`--transport httpx` puts it back on PTB's default HTTPXRequest, for comparison:

  sender, limits high   messages a second one worker pushes, 32 in flight (the Dispatcher's
                        concurrency), limits at 1,000,000/s: goal >= 1,000/s, so paid
                        broadcasts (1,000/s) are never held back by our code
  outbox, limits high   the same through the Dispatcher on an SQLite file: claim, build each
                        card from the database, send, record (one commit per row)
  sender, real limits   --paced messages to distinct chats at the default 25/s, the fake
                        enforcing Telegram's 30/s and 1/s per chat: the share of the cap
                        achieved (goal >= 95%) and the 429s (goal: none)

The Slack rows (bench/broadcast_slack.py) do the same through SlackMessenger and slack-sdk
against the fake Slack Web API. See bench/README.md for the latest figures.
"""

import argparse
import asyncio
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench.broadcast_outbox import TRANSPORTS, Transport, bench_bot, drain_outbox
from bench.broadcast_slack import slack_rows
from bench.environment import describe_machine
from bench.fake_process import Arrivals, FakeProcess
from bots.chat.settings import DeliveryConfig
from bots.runtime.clock import SystemClock
from bots.telegram.client import TelegramClient
from bots.telegram.messenger import TelegramMessenger
from bots.telegram.pacing import TelegramPacing, telegram_pacing
from core.app import ConsultationApp
from core.delivery import Recipient
from core.intents import CastVote
from core.model import Choice, Platform
from core.screens import Button, Notice, Screen
from core.services.dispatching import IN_FLIGHT
from tests.fakes.memory import FakeUnitOfWork, MemoryDatabase

HIGH = DeliveryConfig(telegram_rate=1e6, telegram_chat_interval=0.0)
TEXT = "The plan sets out what the city will do over the next ten years. " * 6
FIRST_CHAT = 1_000_000


def card() -> Notice:
    vote = [
        Button(label=label, intent=CastVote(consultation_id=1, paragraph_id=7, choice=choice))
        for label, choice in (("Agree", Choice.AGREE), ("Disagree", Choice.DISAGREE))
    ]
    return Notice(text=TEXT, buttons=(tuple(vote),))


async def push(
    base_url: str,
    messages: int,
    pacing: TelegramPacing,
    transport: Transport = "aiohttp",
    *,
    screen: Screen | None = None,
    in_flight: int = IN_FLIGHT,
) -> float:
    """Send `messages` cards (`screen`, or a plain one) to distinct chats; returns the seconds.

    `in_flight` at a time, as the Dispatcher does.
    """
    async with bench_bot(base_url, transport, in_flight) as bot:
        client = TelegramClient(
            bot, ConsultationApp(lambda: FakeUnitOfWork(MemoryDatabase()), SystemClock()), pacing
        )
        delivery, slots = TelegramMessenger(bot, client), asyncio.Semaphore(in_flight)
        screen = screen or card()

        async def one(chat: int) -> None:
            async with slots:
                address = str(chat)
                recipient = Recipient(platform=Platform.TELEGRAM, tenant="t", address=address)
                await delivery.deliver(recipient, screen)

        started = time.perf_counter()
        async with asyncio.TaskGroup() as group:
            for chat in range(FIRST_CHAT, FIRST_CHAT + messages):
                group.create_task(one(chat))
        return time.perf_counter() - started


def measure_push(
    messages: int, limits: DeliveryConfig, *, enforce: bool, transport: Transport = "aiohttp"
) -> tuple[float, Arrivals]:
    server = FakeProcess("telegram", enforce=enforce)
    base_url = server.start()
    try:
        seconds = asyncio.run(push(base_url, messages, telegram_pacing(limits), transport))
    finally:
        arrivals = server.stop()
    return seconds, arrivals


def measure_outbox(participants: int, transport: Transport = "aiohttp") -> tuple[float, int]:
    server = FakeProcess("telegram", enforce=False)
    base_url = server.start()
    try:
        with tempfile.TemporaryDirectory() as folder:
            database = Path(folder) / "townhall.db"
            return asyncio.run(drain_outbox(base_url, database, participants, HIGH, transport))
    finally:
        server.stop()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--messages", type=int, default=5000, help="high limits, sender")
    parser.add_argument("--paced", type=int, default=500, help="real limits, distinct chats")
    parser.add_argument("--outbox", type=int, default=1000, help="participants, outbox run")
    parser.add_argument("--slack-messages", type=int, default=3000, help="Slack, limits high")
    parser.add_argument("--slack-paced", type=int, default=100, help="Slack DMs, real limits")
    parser.add_argument("--slack-channel", type=int, default=10, help="Slack, one channel")
    parser.add_argument(
        "--transport", choices=TRANSPORTS, default="aiohttp", help="the Telegram Bot's HTTP"
    )
    args = parser.parse_args(argv)
    transport: Transport = args.transport
    for line in describe_machine():
        print(line)
    print(f"Telegram transport: {transport}")
    seconds, _ = measure_push(args.messages, HIGH, enforce=False, transport=transport)
    print(
        f"| sender, limits high | {args.messages:,} messages | {args.messages / seconds:,.0f}/s |"
    )
    if args.outbox:
        seconds, sent = measure_outbox(args.outbox, transport)
        print(
            f"| outbox (SQLite file), limits high | {sent:,} messages | {sent / seconds:,.0f}/s |"
        )
    limits = DeliveryConfig()
    seconds, arrivals = measure_push(args.paced, limits, enforce=True, transport=transport)
    share = arrivals.per_second / limits.telegram_rate
    result = f"{arrivals.per_second:.2f}/s = {share:.1%} of the cap, {arrivals.refused} × 429"
    print(row(f"sender, real limits ({limits.telegram_rate:.0f}/s)", args.paced, result))
    if args.slack_messages:
        counts = {"paced": args.slack_paced, "channel_posts": args.slack_channel}
        for line in slack_rows(card(), messages=args.slack_messages, **counts):
            print(line)
    return 0


def row(measurement: str, messages: int, result: str) -> str:
    return f"| {measurement} | {messages:,} messages | {result} |"


if __name__ == "__main__":
    raise SystemExit(main())
