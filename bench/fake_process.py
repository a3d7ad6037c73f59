"""A fake chat server (Telegram's or Slack's) in a child process, so it has a core of its own.

The benchmarks time our senders; the fake must not compete with them for the same CPU. Once
stopped, the child sends back when each accepted message arrived and how many it refused with
a 429 (when it enforces the platform's limits).
"""

import asyncio
import multiprocessing
import os
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Literal

from tests.fakes.slack import FakeSlackApi
from tests.fakes.slack_limits import PostingLimits
from tests.fakes.telegram import FakeBotApi
from tests.fakes.telegram_limits import FloodControl

Kind = Literal["telegram", "slack"]
# The method that carries a message on each platform.
POSTING = {"telegram": "sendMessage", "slack": "chat.postMessage"}


@dataclass(frozen=True, slots=True, kw_only=True)
class Arrivals:
    """What the fake saw: accepted message arrival times (sorted) and the 429s it answered."""

    accepted: tuple[float, ...]
    refused: int

    @property
    def per_second(self) -> float:
        span = self.accepted[-1] - self.accepted[0] if len(self.accepted) > 1 else 0.0
        return (len(self.accepted) - 1) / span if span else float("nan")


def serve(connection: Connection, kind: Kind, enforce: bool) -> None:
    """Run the fake until told to stop, then send back what it saw."""
    asyncio.run(_serve(connection, kind, enforce))


async def _serve(connection: Connection, kind: Kind, enforce: bool) -> None:
    fake = FakeBotApi() if kind == "telegram" else FakeSlackApi()
    limits = _limits(fake, enforce)
    async with fake:
        connection.send(fake.base_url)
        await asyncio.get_running_loop().run_in_executor(None, connection.recv)
        calls = fake.calls_to(POSTING[kind])
        accepted = tuple(sorted(call.at for call in calls if call.status == 200))
        connection.send(Arrivals(accepted=accepted, refused=limits.refused if limits else 0))


def _limits(fake: FakeBotApi | FakeSlackApi, enforce: bool) -> FloodControl | PostingLimits | None:
    if not enforce:
        return None
    if isinstance(fake, FakeBotApi):
        fake.flood = FloodControl()
        return fake.flood
    fake.limits = PostingLimits()
    return fake.limits


class FakeProcess:
    """A fake chat server in a child process: `start` gives its base URL, `stop` its arrivals."""

    def __init__(self, kind: Kind, *, enforce: bool) -> None:
        self._connection, child = multiprocessing.Pipe()
        self._process = multiprocessing.Process(target=serve, args=(child, kind, enforce))

    def start(self) -> str:
        self._process.start()
        base_url: str = self._connection.recv()
        return base_url

    def cpu_seconds(self) -> float:
        """The child's CPU time so far (user and system), from /proc; NaN where there is none."""
        try:
            fields = Path(f"/proc/{self._process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return float("nan")
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> Arrivals:
        self._connection.send("stop")
        arrivals: Arrivals = self._connection.recv()
        self._process.join()
        return arrivals
