"""The press benchmark's fake chat server: a child process the benchmark steers through a pipe.

The fake Bot API or the fake Slack Web API (tests/fakes) runs in a process of its own, as in
bench/fake_process.py, but stays steerable while it runs: the benchmark queues updates, reads
the cards a bot sent (to press their buttons), and follows what arrives, without ever scanning
the whole call log twice (`progress` reads only the calls since its last look).
"""

import asyncio
import multiprocessing
import os
from collections import Counter
from collections.abc import Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any, Literal

from tests.fakes.slack import FakeSlackApi
from tests.fakes.telegram import FakeBotApi
from tests.fakes.telegram_limits import FloodControl

Kind = Literal["telegram", "slack"]
Json = dict[str, object]
POLLING = "getUpdates"


@dataclass(slots=True)
class Progress:
    """Calls answered since the fake started, by method, and the latest arrival of each."""

    counts: Counter[str] = field(default_factory=Counter)
    failed: Counter[str] = field(default_factory=Counter)
    last: dict[str, float] = field(default_factory=dict)
    refused: int = 0  # 429s from the fake's flood control, when it enforces Telegram's limits

    def total(self, *methods: str) -> int:
        return sum(self.counts[method] for method in methods)

    def busy(self) -> int:
        """Every call except the long polls a bot keeps open while idle."""
        return sum(count for method, count in self.counts.items() if method != POLLING)

    def latest(self, *methods: str) -> float:
        return max((self.last.get(method, 0.0) for method in methods), default=0.0)


class _Child:
    """What runs in the child: the fake, and the operations the benchmark may ask for."""

    def __init__(self, kind: Kind, enforce: bool) -> None:
        self.fake: FakeBotApi | FakeSlackApi = (
            FakeBotApi() if kind == "telegram" else FakeSlackApi()
        )
        if enforce and isinstance(self.fake, FakeBotApi):
            self.fake.flood = FloodControl()
        self.progress = Progress()
        self._seen = 0

    async def push(self, updates: Sequence[Json]) -> float:
        """Queue Telegram updates all at once; returns the monotonic time they were queued."""
        assert isinstance(self.fake, FakeBotApi)
        for update in updates:
            await self.fake.push_update(update)
        return asyncio.get_running_loop().time()

    async def messages(self, chats: Sequence[int | str]) -> dict[int | str, list[Json]]:
        fake = self.fake
        if isinstance(fake, FakeBotApi):
            return {chat: fake.messages(int(chat)) for chat in chats}
        return {chat: fake.messages(str(chat)) for chat in chats}

    async def channels(self, users: Sequence[str]) -> dict[str, str]:
        """Slack: the DM channel conversations.open gave each person."""
        assert isinstance(self.fake, FakeSlackApi)
        opened = self.fake.calls_to("conversations.open")
        found: dict[str, str] = {}
        for call in opened:
            channel = call.response.get("channel")
            if isinstance(channel, Mapping) and isinstance(call.params.get("users"), str):
                found[str(call.params["users"])] = str(channel.get("id"))
        return {user: found[user] for user in users if user in found}

    async def look(self) -> Progress:
        calls = self.fake.calls
        for call in calls[self._seen :]:
            self.progress.counts[call.method] += 1
            if call.status != 200 or getattr(call, "ok", True) is False:
                self.progress.failed[call.method] += 1
            self.progress.last[call.method] = max(self.progress.last.get(call.method, 0), call.at)
        self._seen = len(calls)
        flood = self.fake.flood if isinstance(self.fake, FakeBotApi) else None
        self.progress.refused = flood.refused if flood else 0
        return self.progress

    async def cpu_seconds(self) -> float:
        times = os.times()
        return times.user + times.system


Operation = Callable[..., Coroutine[Any, Any, object]]


def serve(connection: Connection, kind: Kind, enforce: bool) -> None:
    asyncio.run(_serve(connection, kind, enforce))


async def _serve(connection: Connection, kind: Kind, enforce: bool) -> None:
    child = _Child(kind, enforce)
    operations: dict[str, Operation] = {
        "push": child.push,
        "messages": child.messages,
        "channels": child.channels,
        "look": child.look,
        "cpu": child.cpu_seconds,
    }
    loop = asyncio.get_running_loop()
    async with child.fake:
        connection.send((child.fake.base_url, getattr(child.fake, "root_url", "")))
        while True:
            name, arguments = await loop.run_in_executor(None, connection.recv)
            if name == "stop":
                break
            connection.send(await operations[name](*arguments))
    connection.send(None)


class PressFake:
    """The fake in its child process: `start()`, then ask it things, then `stop()`."""

    def __init__(self, kind: Kind, *, enforce: bool = False) -> None:
        self.kind = kind
        self._connection, child = multiprocessing.Pipe()
        self._process = multiprocessing.Process(
            target=serve, args=(child, kind, enforce), daemon=True
        )
        self.base_url = self.root_url = ""

    @property
    def pid(self) -> int:
        return self._process.pid or 0

    def start(self) -> str:
        self._process.start()
        self.base_url, self.root_url = self._connection.recv()
        return self.base_url

    def ask(self, name: str, *arguments: object) -> Any:
        self._connection.send((name, arguments))
        return self._connection.recv()

    def push(self, updates: Sequence[Json]) -> float:
        queued: float = self.ask("push", list(updates))
        return queued

    def look(self) -> Progress:
        progress: Progress = self.ask("look")
        return progress

    def cpu_seconds(self) -> float:
        seconds: float = self.ask("cpu")
        return seconds

    def stop(self) -> None:
        if self._process.is_alive():
            self._connection.send(("stop", ()))
            self._connection.recv()
        self._process.join()
