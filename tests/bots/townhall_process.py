"""`townhall run` as a child process: started from a config file, waited on, measured, killed.

    child = ChildTownhall(config_file, log_file, child_environment({"SLACK_BOT_TOKEN": ...}))
    children.append(child)        # the `children` fixture kills what a failed test left running
    await child.start()
    await child.serving(port)     # GET /healthz answers
    await child.kill()            # SIGKILL: no cleanup, no last commit
    await child.start()           # the same command again, on the same database

The crash tests (tests/bots/telegram/test_crashes.py, tests/bots/slack/test_crashes.py) seed a
consultation (`seed`) and read the database (`scalars`) around it. Waiting is on conditions with
a deadline (`wait_until`), never a fixed sleep. Memory is read from /proc: the resident set now
and its peak since the last reset.
"""

import asyncio
import os
import signal
import socket
import sys
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import text

from bots.runtime.bootstrap import open_townhall
from bots.runtime.clock import SystemClock
from bots.runtime.config import DatabaseConfig
from core.model import NewConsultation, Privacy, ResultsVisibility, Status
from storage.engine import make_engine
from tests.bots.conftest import document
from tests.organiser import create_consultation

ROOT = Path(__file__).resolve().parents[2]
DEADLINE = 180.0  # seconds a wait gives a slow, shared machine before it fails the test
POLL = 0.02  # seconds between two looks at a condition outside this process
# What the test run's own environment must not pass on (a token there would win).
PRIVATE_PREFIXES = ("TOWNHALL_", "SLACK_", "TELEGRAM_")


async def wait_until(
    condition: Callable[[], Awaitable[bool]], what: str, deadline: float = DEADLINE
) -> None:
    """Look at `condition` until it holds; TimeoutError naming `what` after `deadline`."""
    try:
        async with asyncio.timeout(deadline):
            while True:  # the condition is outside this process: nothing to be notified by
                if await condition():
                    return
                await asyncio.sleep(POLL)
    except TimeoutError:
        raise TimeoutError(f"not within {deadline}s: {what}") from None


def child_environment(extra: Mapping[str, str]) -> dict[str, str]:
    """This environment without townhall's variables and tokens, plus `extra`."""
    kept = {k: v for k, v in os.environ.items() if not k.startswith(PRIVATE_PREFIXES)}
    local = {"NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"}
    return kept | local | dict(extra)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class ChildTownhall:
    """`python -m bots --config FILE run`; its output (stdout and stderr) goes to `log`."""

    def __init__(self, config: Path, log: Path, environment: Mapping[str, str]) -> None:
        self._arguments = [sys.executable, "-m", "bots", "--config", str(config), "run"]
        self._log = log
        self._environment = dict(environment)
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

    async def close(self) -> None:
        """Kill the child if it still runs (a failed test must not leave it behind)."""
        if self._process is not None and self._process.returncode is None:
            await self.kill()

    def output(self) -> str:
        return self._log.read_text(encoding="utf-8", errors="replace")

    async def serving(self, port: int) -> None:
        """Wait until `GET /healthz` answers on the port (or fail with the child's output)."""

        async def healthy() -> bool:
            if self._running().returncode is not None:
                raise AssertionError(f"townhall exited:\n{self.output()}")
            try:
                async with httpx.AsyncClient() as client:
                    answer = await client.get(f"http://127.0.0.1:{port}/healthz")
                return answer.status_code == 200
            except httpx.TransportError:
                return False

        await wait_until(healthy, f"townhall serving on port {port}")

    def resident_bytes(self) -> int:
        return self._status_kilobytes("VmRSS") * 1024

    def peak_resident_bytes(self) -> int:
        """The most memory resident at once since the start or `reset_peak_memory`."""
        return self._status_kilobytes("VmHWM") * 1024

    def reset_peak_memory(self) -> None:
        """Start the peak over from what is resident now (Linux: clear_refs 5)."""
        Path(f"/proc/{self._running().pid}/clear_refs").write_text("5", encoding="ascii")

    def _status_kilobytes(self, field: str) -> int:
        status = Path(f"/proc/{self._running().pid}/status").read_text(encoding="ascii")
        for line in status.splitlines():
            name, _, value = line.partition(":")
            if name == field:
                return int(value.split()[0])
        raise LookupError(field)

    def _running(self) -> asyncio.subprocess.Process:
        if self._process is None:
            raise RuntimeError("the child was never started")
        return self._process


async def seed(url: str, paragraphs: int) -> tuple[int, list[int]]:
    """An open public consultation "plan" with `paragraphs` paragraphs; its id, paragraph ids."""
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


async def scalars(url: str, query: str) -> list[int]:
    """The first column of the query's rows, as integers."""
    engine = make_engine(url)
    try:
        async with engine.connect() as connection:
            return [int(row[0]) for row in await connection.execute(text(query))]
    finally:
        await engine.dispose()


async def assert_each_press_stored_once(url: str, presses: int) -> None:
    """Every press (an Agree each) is one inbox event, handled, one vote, counted once."""
    assert await scalars(url, "SELECT count(*) FROM votes") == [presses]
    assert await scalars(url, "SELECT count(*) FROM vote_events") == [presses]
    assert await scalars(url, "SELECT sum(agree) FROM paragraph_tallies") == [presses]
    assert await scalars(url, "SELECT count(*) FROM inbox_events") == [presses]
    assert await scalars(url, "SELECT count(*) FROM inbox_events WHERE handled_at IS NULL") == [0]
