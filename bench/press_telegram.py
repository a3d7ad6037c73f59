"""The Telegram press run: one bot, its own fake Bot API, the same presses for every bot.

Setup (not timed): people send `/start bench`; townhall's also get paragraph 2 by a broadcast
(`townhall broadcast`), the bare bot sends both cards on /start; so each person has two cards.
Then one press per card, on the button labelled "Agree", from the cards the bot really sent
(its own callback data): all first presses, then all second presses, queued on the fake in one
go. The run ends when every press is answered and the fake has been quiet for a moment; its
time is from the queueing to the last answer, edit or message of the presses.
"""

import json
import os
import re
import sqlite3
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol

from bench.press_fake import Json, PressFake, Progress
from bench.press_processes import REPOSITORY, BotProcess, Townhall
from bench.press_waiting import PressRun, Stage, Timing, await_presses, settle
from tests.fakes.telegram_updates import callback_query, private_message

TOKEN = "123456:TEST-token"
FIRST_PERSON = 7_000_000
ANSWER, EDIT, SEND = "answerCallbackQuery", "editMessageText", "sendMessage"
PRESS_CALLS = (ANSWER, EDIT, SEND)
AGREE = re.compile(r"(?<!dis)agree", re.IGNORECASE)


class TelegramSide(Protocol):
    """A bot under test: set up in a folder, started against a fake, asked what it stored."""

    name: str

    def start(self, folder: Path, base_url: str, document: Path, paced: bool) -> BotProcess: ...

    def after_join(self, stage: Stage) -> None:
        """Give everyone (who has joined) two cards."""
        ...

    def stored(self, folder: Path) -> int: ...


class TownhallSide:
    """`townhall run` from a checkout, on an SQLite file with townhall's own settings."""

    def __init__(self, townhall: Townhall, card_flow: str | None = None) -> None:
        self.townhall = townhall
        self.card_flow = card_flow
        self.name = "townhall" + (f" ({card_flow})" if card_flow else "")

    def start(self, folder: Path, base_url: str, document: Path, paced: bool) -> BotProcess:
        config = folder / "townhall.toml"
        config.write_text(self._config(folder, base_url, paced))
        self.townhall.import_bench(config, document)
        env = {"TELEGRAM_BOT_TOKEN": TOKEN, "TOWNHALL_BENCH_SQL_COUNT": str(folder / "sql")}
        return BotProcess(
            self.townhall.command(config, "run"),
            env=self.townhall.environment(env),
            cwd=folder,
            log=folder / "bot.log",
        )

    def _config(self, folder: Path, base_url: str, paced: bool) -> str:
        lines = [
            "[database]",
            f'url = "sqlite+aiosqlite:///{folder / "townhall.db"}"',
            "[telegram]",
            f'base_url = "{base_url}"',
        ]
        if self.card_flow:
            lines.append(f'card_flow = "{self.card_flow}"')
        if not paced:
            lines += ["[delivery]", "telegram_rate = 1000000", "telegram_chat_interval = 0.0"]
        return "\n".join(lines) + "\n"

    def after_join(self, stage: Stage) -> None:
        """Press the welcome's Start (the first card comes), then broadcast paragraph 2."""
        welcomes = stage.fake.ask("messages", people(stage.persons))
        starts = [
            callback_query(person, _first_button(sent[-1]), sent[-1])
            for person, sent in welcomes.items()
        ]
        stage.fake.push(starts)
        stage.settle(lambda p: p.total(ANSWER) >= stage.persons)
        sent = stage.fake.look().total(SEND)
        config = stage.folder / "townhall.toml"
        self.townhall.run(config, "broadcast", "bench", "--paragraphs", "2", "--detach")
        stage.settle(lambda p: p.total(SEND) >= sent + stage.persons)

    def stored(self, folder: Path) -> int:
        report = json.loads(
            self.townhall.run(folder / "townhall.toml", "stats", "bench", "--json")
        )
        votes: int = report["totals"]["votes"]
        return votes


class BareSide:
    """bench/bare_telegram.py: python-telegram-bot and one durable SQLite upsert a press."""

    name = "bare PTB bot"

    def start(self, folder: Path, base_url: str, document: Path, paced: bool) -> BotProcess:
        command = [
            sys.executable,
            "-m",
            "bench.bare_telegram",
            "--base-url",
            base_url,
            "--database",
            str(folder / "bare.db"),
            "--document",
            str(document),
        ]
        env = {**_environment(), "PYTHONPATH": str(REPOSITORY)}
        return BotProcess(command, env=env, cwd=REPOSITORY, log=folder / "bot.log")

    def after_join(self, stage: Stage) -> None:
        return  # its /start sent both cards

    def stored(self, folder: Path) -> int:
        with sqlite3.connect(folder / "bare.db") as connection:
            (count,) = connection.execute("SELECT count(*) FROM votes").fetchone()
        return int(count)


class RawSide:
    """bench/raw_telegram.py: no bot, raw HTTP calls; what the fake alone can take."""

    name = "no bot (raw HTTP): the fake's ceiling"

    def start(self, folder: Path, base_url: str, document: Path, paced: bool) -> BotProcess:
        command = [sys.executable, "-m", "bench.raw_telegram", "--base-url", base_url]
        env = {**_environment(), "PYTHONPATH": str(REPOSITORY)}
        return BotProcess(command, env=env, cwd=REPOSITORY, log=folder / "bot.log")

    def after_join(self, stage: Stage) -> None:
        return

    def stored(self, folder: Path) -> int:
        return 0  # stores nothing


def _environment() -> dict[str, str]:
    return dict(os.environ)


def people(count: int) -> list[int]:
    return list(range(FIRST_PERSON, FIRST_PERSON + count))


def presses(cards: Mapping[int, Sequence[Json]], per_person: int) -> list[Json]:
    """One press on "Agree" of each person's first cards: every first press, then the next.

    Built in the order they are queued, so that update ids grow as Telegram's do (a getUpdates
    offset confirms every update below it).
    """
    chosen: dict[int, list[tuple[Json, str]]] = {}
    for person, messages in cards.items():
        found = [(message, data) for message in messages if (data := _agree(message))]
        if len(found) < per_person:
            raise RuntimeError(f"person {person} has {len(found)} cards, not {per_person}")
        chosen[person] = found[:per_person]
    return [
        callback_query(person, data, message)
        for number in range(per_person)
        for person, found in chosen.items()
        for message, data in (found[number],)
    ]


def _agree(message: Json) -> str | None:
    markup = message.get("reply_markup")
    rows = markup.get("inline_keyboard", []) if isinstance(markup, Mapping) else []
    for button in (button for row in rows for button in row):
        if AGREE.search(str(button.get("text", ""))) and button.get("callback_data"):
            return str(button["callback_data"])
    return None


def run_side(
    side: TelegramSide,
    folder: Path,
    document: Path,
    *,
    persons: int,
    per_person: int,
    paced: bool,
    timing: Timing,
) -> PressRun:
    """Set the bot up on a fresh fake, queue the presses, follow them to the end."""
    fake = PressFake("telegram", enforce=paced)
    fake.start()
    bot: BotProcess | None = None
    try:
        bot = side.start(folder, fake.base_url, document, paced)
        settle(fake, bot, timing, least=lambda p: p.counts["getUpdates"] > 0)
        joining = [private_message(person, "/start bench") for person in people(persons)]
        fake.push(joining)
        stage = Stage(fake=fake, bot=bot, timing=timing, folder=folder, persons=persons)
        stage.settle(lambda p: p.total(SEND) >= persons)
        side.after_join(stage)
        queued = presses(fake.ask("messages", people(persons)), per_person)
        run = await_presses(fake, bot, queued, timing, PRESS_CALLS, answered=_answered)
    finally:
        if bot is not None:
            bot.stop()
        fake.stop()
    return run.with_stored(side.name, side.stored(folder))


def _first_button(message: Json) -> str:
    markup = message.get("reply_markup")
    rows = markup.get("inline_keyboard", []) if isinstance(markup, Mapping) else []
    return str(rows[0][0]["callback_data"]) if rows else ""


def _answered(progress: Progress) -> int:
    return progress.total(ANSWER)
