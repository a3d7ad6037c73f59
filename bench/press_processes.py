"""The processes the press benchmark runs: `townhall` from a checkout, and the bare bots.

Every bot runs as a real process of its own, and its CPU time is read from the kernel's
accounting of that process (/proc/PID/stat: user + system time of all its threads, what
getrusage reports once it has exited), before the presses are queued and after the last one is
done, so start-up and setup do not count.
"""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPOSITORY = BENCH.parent
SQL_COUNTER = BENCH / "sqlcount"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a running process has used so far (all its threads)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


@dataclass(frozen=True, slots=True, kw_only=True)
class Townhall:
    """A townhall checkout and the interpreter that runs it (its dependencies installed)."""

    path: Path
    python: str

    @classmethod
    def at(cls, path: Path | None, python: str | None) -> "Townhall":
        root = (path or REPOSITORY).resolve()
        if not (root / "bots" / "__main__.py").exists():
            raise SystemExit(f"{root} is not a townhall checkout (no bots/__main__.py)")
        return cls(path=root, python=python or sys.executable)

    def environment(self, extra: Mapping[str, str] = {}) -> dict[str, str]:
        # The checkout comes first on the path, before any installed (editable) townhall.
        paths = [str(self.path), str(SQL_COUNTER)]
        return {**os.environ, "PYTHONPATH": os.pathsep.join(paths), **extra}

    def command(self, config: Path, *arguments: str) -> list[str]:
        return [self.python, "-m", "bots", "--config", str(config), *arguments]

    def run(self, config: Path, *arguments: str, env: Mapping[str, str] = {}) -> str:
        """Run a townhall command to its end; returns its output, or stops with its error."""
        done = subprocess.run(
            self.command(config, *arguments),
            env=self.environment(env),
            cwd=config.parent,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"townhall {' '.join(arguments)} failed: {done.stderr.strip()}")
        return done.stdout

    def import_bench(self, config: Path, document: Path) -> None:
        """Import `document` as the open consultation `bench`, with live results."""
        self.run(
            config,
            "import",
            str(document),
            "--slug",
            "bench",
            "--title",
            "Bench",
            "--closes",
            "2099-12-31",
            "--results",
            "live",
        )

    def describe(self) -> str:
        """The commit of the checkout (and whether it has changes), and the module it loads."""
        git = ["git", "-C", str(self.path)]
        commit = _output([*git, "log", "-1", "--format=%h %s"]) or "not a git checkout"
        dirty = " (with uncommitted changes)" if _output([*git, "status", "--porcelain"]) else ""
        probe = [self.python, "-c", "import bots; print(bots.__file__)"]
        loaded = _output(probe, env=self.environment(), cwd="/")
        return f"{self.path} at {commit}{dirty}; runs {loaded}"


def _output(
    command: Sequence[str], env: Mapping[str, str] | None = None, cwd: str | None = None
) -> str:
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=env, cwd=cwd)
    return done.stdout.strip()


class BotProcess:
    """A bot started as a process; its log goes to a file, `stop()` ends it like Ctrl-C."""

    def __init__(
        self, command: Sequence[str], *, env: Mapping[str, str], cwd: Path, log: Path
    ) -> None:
        self.log = log
        with log.open("wb") as output:
            self._process = subprocess.Popen(
                command, env=dict(env), cwd=cwd, stdout=output, stderr=subprocess.STDOUT
            )
        self.counter = Path(env.get("TOWNHALL_BENCH_SQL_COUNT", "")) if env else None

    @property
    def pid(self) -> int:
        return self._process.pid

    def cpu_seconds(self) -> float:
        self.check()
        return cpu_seconds(self.pid)

    def check(self) -> None:
        """Stop the benchmark with the bot's log if the bot has died."""
        if self._process.poll() is not None:
            tail = self.log.read_text(errors="replace")[-3000:]
            raise RuntimeError(f"the bot exited ({self._process.returncode}):\n{tail}")

    def statements(self) -> int | None:
        """The SQL statements run so far (townhall, with bench/sqlcount on its path)."""
        if self.counter is None or not self.counter.name:
            return None
        self.counter.unlink(missing_ok=True)
        os.kill(self.pid, signal.SIGUSR1)
        deadline = time.monotonic() + 5
        while not self.counter.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        return int(self.counter.read_text()) if self.counter.exists() else None

    def stop(self) -> None:
        if self._process.poll() is None:
            self._process.send_signal(signal.SIGINT)
            try:
                self._process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
