"""`townhall run` as a child process on the fake Bot API, to be killed mid-work and restarted.

The crash tests seed a consultation, queue presses (each a vote by one person on one paragraph,
on a card the fake holds), SIGKILL the child while it works, start it again and check that
every press was stored once and answered: by its toast, or, for a press whose answer window
passed meanwhile, by a message. Nothing here sleeps for a fixed time: the fake's call log wakes
the test after every call, and every wait has a deadline.
"""

import asyncio
import os
import signal
import socket
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import text

from bots.bootstrap import open_townhall
from bots.clock import SystemClock
from bots.config import DatabaseConfig
from bots.telegram.webhook import SECRET_HEADER
from core.callbacks import encode
from core.intents import CastVote
from core.model import Choice, NewConsultation, Privacy, ResultsVisibility, Status
from core.services.organising import create_consultation
from storage.engine import make_engine
from tests.bots.conftest import document
from tests.fakes.telegram import FakeBotApi
from tests.fakes.telegram_chats import Json
from tests.fakes.telegram_updates import callback_query

ROOT = Path(__file__).resolve().parents[3]
SECRET = "crash-test-secret_" + "x" * 24
WEBHOOK_URL = "https://townhall.example.invalid/telegram/webhook"
RETRY_PAUSE = 0.05  # Telegram waits before it sends an update again; so does Redelivery
DEADLINE = 180.0  # seconds for a child to handle every press; generous on a shared machine


@dataclass(frozen=True, slots=True, kw_only=True)
class Press:
    """One person's Agree on one paragraph's card, as Telegram sends it."""

    user_id: int
    label: str
    update: Json

    @property
    def query_id(self) -> str:
        query = self.update["callback_query"]
        assert isinstance(query, dict)
        return str(query["id"])


async def seed(url: str, paragraphs: int) -> tuple[int, list[int]]:
    """An open public consultation with `paragraphs` paragraphs; its id and paragraph ids."""
    now = datetime.now(UTC)
    new = NewConsultation(
        slug="plan",
        title="Plan",
        description="A plan for the city.",
        opens_at=now - timedelta(minutes=1),
        closes_at=now + timedelta(days=10),
        status=Status.OPEN,
        privacy=Privacy.PUBLIC,
        results_visibility=ResultsVisibility.LIVE,
    )
    content = document(("1. All", tuple(f"Paragraph {n}." for n in range(1, paragraphs + 1))))
    async with open_townhall(DatabaseConfig(url=url), SystemClock()) as townhall:
        consultation = await create_consultation(townhall.unit_of_work(), new, content, now)
    ids = await scalars(url, "SELECT id FROM paragraphs ORDER BY position")
    return consultation.id, ids


def queue_presses(
    fake: FakeBotApi, consultation_id: int, paragraph_ids: Sequence[int], people: Iterable[int]
) -> list[Press]:
    """Every person's Agree on every paragraph, each on a card the bot sent them, in turns."""
    presses = []
    everyone = list(people)
    for position, paragraph_id in enumerate(paragraph_ids, start=1):
        intent = CastVote(
            consultation_id=consultation_id, paragraph_id=paragraph_id, choice=Choice.AGREE
        )
        vote = encode(intent)
        for user_id in everyone:
            card = fake.chats.send_message({"chat_id": user_id, "text": f"P{position}"})
            update = callback_query(user_id, vote, card)
            presses.append(Press(user_id=user_id, label=f"P{position}", update=update))
    return presses


class Answers:
    """Which presses are answered: by a toast, or by a message ("… agree with P3.").

    Reads the fake's call log incrementally, so looking after every call stays cheap.
    """

    def __init__(self, fake: FakeBotApi, presses: Sequence[Press]) -> None:
        self._calls = fake.calls
        self._seen = 0
        self._by_query = {press.query_id: press for press in presses}
        self._by_words = {
            (press.user_id, f"agree with {press.label}."): press for press in presses
        }
        self._left = set(self._by_query)

    def left(self) -> int:
        """How many presses are not answered yet."""
        for call in self._calls[self._seen :]:
            self._read(call.method, call.status, call.params)
        self._seen = len(self._calls)
        return len(self._left)

    def _read(self, method: str, status: int, params: Mapping[str, object]) -> None:
        if status != 200:
            return
        if method == "answerCallbackQuery":
            self._left.discard(str(params.get("callback_query_id")))
        elif method == "sendMessage":
            said = str(params.get("text"))
            for (user_id, words), press in self._by_words.items():
                if user_id == params.get("chat_id") and words in said:
                    self._left.discard(press.query_id)


async def scalars(url: str, query: str) -> list[int]:
    engine = make_engine(url)
    try:
        async with engine.connect() as connection:
            return [int(row[0]) for row in await connection.execute(text(query))]
    finally:
        await engine.dispose()


def write_config(
    path: Path,
    *,
    database_url: str,
    fake: FakeBotApi,
    lease: float,
    webhook_port: int | None = None,
) -> Path:
    """A configuration for the child: the fake's URL, no pacing, a short inbox lease."""
    mode = "polling" if webhook_port is None else "webhook"
    server = f'[server]\nhost = "127.0.0.1"\nport = {webhook_port}\n' if webhook_port else ""
    path.write_text(
        f'[database]\nurl = "{database_url}"\n'
        f'[telegram]\nmode = "{mode}"\nbase_url = "{fake.base_url}"\n'
        f'webhook_url = "{WEBHOOK_URL}"\n{server}'
        "[delivery]\ntelegram_rate = 100000\ntelegram_chat_interval = 0\n"
        f"[inbox]\nlease = {lease}\nsweep_interval = 0.5\n",
        encoding="utf-8",
    )
    return path


class ChildTownhall:
    """`python -m bots --config FILE run` with the fake's token; its output goes to `log`."""

    def __init__(self, config: Path, log: Path, token: str) -> None:
        self._arguments = [sys.executable, "-m", "bots", "--config", str(config), "run"]
        self._log = log
        self._environment = _environment(token)
        self._process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        with self._log.open("a", encoding="utf-8") as log:
            self._process = await asyncio.create_subprocess_exec(
                *self._arguments,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                cwd=ROOT,
                env=self._environment,
            )

    async def kill(self) -> None:
        """SIGKILL: no cleanup, no last commit, as a power cut or the OOM killer."""
        process = self._running()
        process.send_signal(signal.SIGKILL)
        await asyncio.wait_for(process.wait(), DEADLINE)

    async def stop(self) -> int:
        """SIGTERM, as a service manager stops it; returns the exit code."""
        process = self._running()
        process.send_signal(signal.SIGTERM)
        return await asyncio.wait_for(process.wait(), DEADLINE)

    def output(self) -> str:
        return self._log.read_text(encoding="utf-8")

    def _running(self) -> asyncio.subprocess.Process:
        if self._process is None:
            raise RuntimeError("the child was never started")
        return self._process

    async def close(self) -> None:
        """Kill the child if it still runs (a failed test must not leave it behind)."""
        if self._process is not None and self._process.returncode is None:
            await self.kill()


class Redelivery:
    """Telegram's side of webhook mode: posts each update until it is answered 200.

    Up to `parallel` requests at once (Telegram's max_connections), spread over the URLs in
    turn as a load balancer would; a request refused or not answered (the process is down) is
    sent again, to the next URL, after a short pause.
    """

    def __init__(self, urls: Sequence[str], updates: Sequence[Json], parallel: int = 8) -> None:
        self._urls = list(urls)
        self._waiting = list(reversed(updates))
        self._parallel = parallel
        self._turn = 0

    async def run(self) -> None:
        async with httpx.AsyncClient(timeout=30.0) as client:
            await asyncio.gather(*(self._deliver(client) for _ in range(self._parallel)))

    async def _deliver(self, client: httpx.AsyncClient) -> None:
        while self._waiting:
            update, delivered = self._waiting.pop(), False
            while not delivered:
                delivered = await self._post(client, update)
                if not delivered:
                    await asyncio.sleep(RETRY_PAUSE)

    async def _post(self, client: httpx.AsyncClient, update: Json) -> bool:
        self._turn += 1
        url = self._urls[self._turn % len(self._urls)]
        try:
            response = await client.post(url, json=update, headers={SECRET_HEADER: SECRET})
        except httpx.TransportError:
            return False
        return response.status_code == 200


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _environment(token: str) -> dict[str, str]:
    kept = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("TELEGRAM_", "SLACK_", "TOWNHALL_"))
    }
    return kept | {
        "TELEGRAM_BOT_TOKEN": token,
        "TELEGRAM_WEBHOOK_SECRET": SECRET,
        "PTB_TIMEDELTA": "true",
        "NO_PROXY": "127.0.0.1,localhost",
        "no_proxy": "127.0.0.1,localhost",
    }
