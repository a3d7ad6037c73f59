"""`townhall run` as a real subprocess: started from a config file, waited on, measured, killed.

    async with townhall_process(tmp_path, config_toml, {"SLACK_BOT_TOKEN": ...}) as townhall:
        await townhall.serving(port)
        townhall.reset_peak_memory()
        ...
        townhall.kill()                              # SIGKILL: no cleanup runs

Waiting is on conditions with a deadline (`wait_until`), never a fixed sleep. Memory is read
from /proc: the resident set now and its peak since the last reset.
"""

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

DEADLINE = 60.0  # seconds a wait gives a slow, shared machine before it fails the test
POLL = 0.02  # seconds between two looks at a condition
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


@dataclass
class TownhallProcess:
    """One `townhall run`; its output (stdout and stderr) goes to `log`."""

    process: asyncio.subprocess.Process
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    async def serving(self, port: int) -> None:
        """Wait until `GET /healthz` answers on the port (or fail with the process's output)."""

        async def healthy() -> bool:
            if self.process.returncode is not None:
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
        Path(f"/proc/{self.pid}/clear_refs").write_text("5", encoding="ascii")

    def kill(self) -> None:
        """SIGKILL: the process gets no chance to finish anything."""
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGKILL)

    def _status_kilobytes(self, field: str) -> int:
        for line in Path(f"/proc/{self.pid}/status").read_text(encoding="ascii").splitlines():
            name, _, value = line.partition(":")
            if name == field:
                return int(value.split()[0])
        raise LookupError(field)


def child_environment(extra: Mapping[str, str]) -> dict[str, str]:
    """This environment without townhall's variables and tokens, plus `extra`."""
    kept = {k: v for k, v in os.environ.items() if not k.startswith(PRIVATE_PREFIXES)}
    local = {"NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"}
    return kept | local | dict(extra)


@asynccontextmanager
async def townhall_process(
    folder: Path, config: str, environ: Mapping[str, str], *, name: str = "townhall"
) -> AsyncIterator[TownhallProcess]:
    """Run `townhall --config FILE run` in `folder` until the block ends (then SIGKILL)."""
    config_file = folder / f"{name}.toml"
    config_file.write_text(config, encoding="utf-8")
    log = folder / f"{name}.log"
    with log.open("ab") as output:
        process = await asyncio.create_subprocess_exec(
            *(sys.executable, "-m", "bots", "--config", str(config_file), "run"),
            cwd=folder,
            env=child_environment(environ),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=output,
            stderr=output,
        )
    running = TownhallProcess(process=process, log=log)
    try:
        yield running
    finally:
        running.kill()
        await process.wait()
