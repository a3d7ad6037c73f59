"""Telegram's side of the crash tests: presses, their answers, redelivery, the child's config.

The child process, the seeding and the database reads are tests/bots/townhall_process.py's.
The crash tests seed a consultation, queue presses (each a vote by one person on one paragraph,
on a card the fake holds), SIGKILL the child while it works, start it again and check that
every press was stored once and answered: by its toast, or, for a press whose answer window
passed meanwhile, by a message. Nothing here sleeps for a fixed time: the fake's call log wakes
the test after every call, and every wait has a deadline.
"""

import asyncio
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx

from bots.telegram.webhook import SECRET_HEADER
from core.callbacks import encode
from core.intents import CastVote
from core.model import Choice
from tests.bots.townhall_process import child_environment
from tests.fakes.telegram import FakeBotApi
from tests.fakes.telegram_chats import Json
from tests.fakes.telegram_updates import callback_query

SECRET = "crash-test-secret_" + "x" * 24
WEBHOOK_URL = "https://townhall.example.invalid/telegram/webhook"
RETRY_PAUSE = 0.05  # Telegram waits before it sends an update again; so does Redelivery


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


def telegram_environment(token: str) -> dict[str, str]:
    """The child's environment: the fake's token and the webhook's secret."""
    return child_environment(
        {"TELEGRAM_BOT_TOKEN": token, "TELEGRAM_WEBHOOK_SECRET": SECRET, "PTB_TIMEDELTA": "true"}
    )
