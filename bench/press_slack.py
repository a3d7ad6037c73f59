"""The Slack press run (HTTP mode): one app, its own fake Web API, signed presses from 8 senders.

Setup (not timed): people send `/townhall join bench` from their DM; townhall's then get
paragraph 2 by a broadcast (`townhall broadcast --to slack`), the bare app posts both cards on
the command; so each person has two cards in their DM. Then one press on the "Agree" button of
each card (the action_id, block_id and value the app really sent), every first card, then every
second, signed as Slack signs them and posted to the app's /slack/events by `--slack-senders`
senders at once. A press is complete when the next card is posted at the fake; the run's time
is from the first press sent to the last chat.postMessage or chat.update of the presses. Each
acknowledgement (the HTTP answer to a press) is timed from its sender.
"""

import asyncio
import json
import os
import socket
import sqlite3
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

import aiohttp

from bench.press_fake import Json, PressFake, Progress
from bench.press_processes import REPOSITORY, BotProcess, Townhall
from bench.press_waiting import PressRun, Stage, Timing, after, before
from tests.fakes.slack import DEFAULT_TOKEN
from tests.fakes.slack_payloads import SignedRequest, block_actions, slash_command

SECRET = "bench-signing-secret"
FIRST_PERSON = 1_000_000
POST, UPDATE = "chat.postMessage", "chat.update"


def people(count: int) -> list[str]:
    return [f"U{number}" for number in range(FIRST_PERSON, FIRST_PERSON + count)]


def direct(person: str) -> str:
    """The DM channel the fake gives a person (conversations.open answers D + their id)."""
    return f"D{person}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


class SlackSide(Protocol):
    name: str

    def start(self, folder: Path, base_url: str, document: Path, port: int) -> BotProcess: ...

    def after_join(self, stage: Stage) -> None: ...

    def stored(self, folder: Path) -> int: ...


class TownhallSlack:
    """`townhall run` in Slack HTTP mode on townhall's own server, pacing off."""

    def __init__(self, townhall: Townhall) -> None:
        self.townhall = townhall
        self.name = "townhall"

    def start(self, folder: Path, base_url: str, document: Path, port: int) -> BotProcess:
        config = folder / "townhall.toml"
        config.write_text(
            f'[database]\nurl = "sqlite+aiosqlite:///{folder / "townhall.db"}"\n'
            f'[slack]\nmode = "http"\nbase_url = "{base_url}"\n[server]\nport = {port}\n'
            "[delivery]\nslack_workspace_rate = 1000000\nslack_channel_interval = 0.0\n"
        )
        self.townhall.import_bench(config, document)
        env = {
            "SLACK_BOT_TOKEN": DEFAULT_TOKEN,
            "SLACK_SIGNING_SECRET": SECRET,
            "TOWNHALL_BENCH_SQL_COUNT": str(folder / "sql"),
        }
        return BotProcess(
            self.townhall.command(config, "run"),
            env=self.townhall.environment(env),
            cwd=folder,
            log=folder / "bot.log",
        )

    def after_join(self, stage: Stage) -> None:
        posted = stage.fake.look().total(POST)
        config = stage.folder / "townhall.toml"
        self.townhall.run(
            config, "broadcast", "bench", "--paragraphs", "2", "--to", "slack", "--detach"
        )
        stage.settle(lambda p: p.total(POST) >= posted + stage.persons)

    def stored(self, folder: Path) -> int:
        report = json.loads(
            self.townhall.run(folder / "townhall.toml", "stats", "bench", "--json")
        )
        votes: int = report["totals"]["votes"]
        return votes


class BareSlackSide:
    """bench/bare_slack.py: slack-bolt's own server and one durable SQLite upsert a press."""

    name = "bare slack-bolt app"

    def start(self, folder: Path, base_url: str, document: Path, port: int) -> BotProcess:
        command = [
            sys.executable,
            "-m",
            "bench.bare_slack",
            "--base-url",
            base_url,
            "--port",
            str(port),
            "--database",
            str(folder / "bare.db"),
            "--document",
            str(document),
        ]
        env = {**_environment(), "PYTHONPATH": str(REPOSITORY), "SLACK_SIGNING_SECRET": SECRET}
        return BotProcess(command, env=env, cwd=REPOSITORY, log=folder / "bot.log")

    def after_join(self, stage: Stage) -> None:
        return  # the command posted both cards

    def stored(self, folder: Path) -> int:
        with sqlite3.connect(folder / "bare.db") as connection:
            (count,) = connection.execute("SELECT count(*) FROM votes").fetchone()
        return int(count)


def _environment() -> dict[str, str]:
    return dict(os.environ)


@dataclass(frozen=True, slots=True)
class Sent:
    """What the senders saw: each acknowledgement's milliseconds, and the refused requests."""

    acks_ms: tuple[float, ...]
    refused: int


async def send_all(url: str, requests: Sequence[SignedRequest], senders: int) -> Sent:
    """Post every request, `senders` at a time, each sender waiting for its answer."""
    queue = list(reversed(requests))
    acks: list[float] = []
    refused = 0

    async def sender(session: aiohttp.ClientSession) -> None:
        nonlocal refused
        while queue:
            body, headers = queue.pop()
            started = time.monotonic()
            async with session.post(url, data=body.encode(), headers=headers) as response:
                await response.read()
                refused += response.status != 200
            acks.append((time.monotonic() - started) * 1000)

    connector = aiohttp.TCPConnector(limit=senders)
    async with aiohttp.ClientSession(connector=connector) as session:
        await asyncio.gather(*(sender(session) for _ in range(senders)))
    return Sent(tuple(acks), refused)


def wait_listening(port: int, bot: BotProcess, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        bot.check()
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing listens on port {port} after {timeout:.0f} s")


def presses(cards: Mapping[str, Sequence[Json]], per_person: int) -> list[SignedRequest]:
    """Signed presses on "Agree" of each person's first cards: every first, then the next."""
    chosen: dict[str, list[tuple[Json, Json]]] = {}
    for person, messages in cards.items():
        found = [(message, button) for message in messages if (button := _agree(message))]
        if len(found) < per_person:
            raise RuntimeError(f"{person} has {len(found)} cards, not {per_person}")
        chosen[person] = found[:per_person]
    return [
        _press(person, message, button)
        for number in range(per_person)
        for person, found in chosen.items()
        for message, button in (found[number],)
    ]


def _press(person: str, message: Json, button: Json) -> SignedRequest:
    return block_actions(
        SECRET,
        action_id=str(button["action_id"]),
        value=str(button.get("value", "")),
        block_id=str(button["block_id"]),
        user_id=person,
        channel_id=direct(person),
        message=message,
    )


def _agree(message: Json) -> Json | None:
    blocks = message.get("blocks")
    for block in blocks if isinstance(blocks, list) else []:
        for element in block.get("elements", []) if block.get("type") == "actions" else []:
            text = element.get("text", {})
            if element.get("type") == "button" and str(text.get("text", "")).strip() == "Agree":
                return {**element, "block_id": block.get("block_id", "")}
    return None


def run_slack_side(
    side: SlackSide,
    folder: Path,
    document: Path,
    *,
    persons: int,
    senders: int,
    timing: Timing,
) -> PressRun:
    """Set the app up on a fresh fake, send the presses, follow them to the last card."""
    fake = PressFake("slack")
    fake.start()
    port = free_port()
    url = f"http://127.0.0.1:{port}/slack/events"
    bot: BotProcess | None = None
    try:
        bot = side.start(folder, fake.base_url, document, port)
        wait_listening(port, bot)
        stage = Stage(fake=fake, bot=bot, timing=timing, folder=folder, persons=persons)
        asyncio.run(send_all(url, _joins(persons), senders))
        stage.settle(lambda p: p.total(POST) >= 2 * persons)
        side.after_join(stage)
        cards = fake.ask("messages", [direct(person) for person in people(persons)])
        by_person = {person: cards[direct(person)] for person in people(persons)}
        run = _timed(stage, presses(by_person, 2), url, senders)
    finally:
        if bot is not None:
            bot.stop()
        fake.stop()
    return run.with_stored(side.name, side.stored(folder))


def _joins(persons: int) -> list[SignedRequest]:
    return [
        slash_command(SECRET, text="join bench", user_id=person, channel_id=direct(person))
        for person in people(persons)
    ]


def _timed(stage: Stage, queued: list[SignedRequest], url: str, senders: int) -> PressRun:
    start = before(stage.fake, stage.bot)
    sent_at = time.monotonic()
    sent = asyncio.run(send_all(url, queued, senders))
    progress, run = after(stage.fake, stage.bot, start, len(queued), _posted, stage.timing)
    seconds = progress.latest(POST, UPDATE) - sent_at
    return replace(run, seconds=seconds, acks_ms=sent.acks_ms, refused=sent.refused)


def _posted(progress: Progress) -> int:
    return progress.total(POST)
