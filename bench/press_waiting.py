"""Following a press run at the fake: waiting for quiet, timing the presses, what a run gives.

A run's time is from the moment the presses were queued (or the first was sent) to the arrival
at the fake of the last call that completes a press; the fake stamps arrivals with
time.monotonic(), which is one clock for every process on the machine.
"""

import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from bench.press_fake import PressFake, Progress
from bench.press_processes import BotProcess

Done = Callable[[Progress], int]


@dataclass(frozen=True, slots=True, kw_only=True)
class Timing:
    """How long the fake must stay quiet for a phase to be over, and the longest wait."""

    quiet: float = 1.5
    timeout: float = 900.0
    stall: float = 30.0  # presses still missing after this long a quiet spell are lost
    poll: float = 0.1


@dataclass(frozen=True, slots=True, kw_only=True)
class PressRun:
    """What one bot did with the presses: time, CPU, calls, and what it stored."""

    side: str = ""
    presses: int
    completed: int  # the presses seen done at the fake; fewer than `presses` means some lost
    seconds: float
    cpu_seconds: float
    fake_cpu_seconds: float
    calls: Counter[str]
    failed: Counter[str]
    refused: int = 0
    statements: int | None = None
    stored: int = 0
    acks_ms: tuple[float, ...] = ()

    @property
    def per_second(self) -> float:
        return self.completed / self.seconds

    @property
    def cpu_ms(self) -> float:
        return self.cpu_seconds * 1000 / self.presses

    @property
    def fake_cpu_ms(self) -> float:
        return self.fake_cpu_seconds * 1000 / self.presses

    @property
    def statements_per_press(self) -> float | None:
        return None if self.statements is None else self.statements / self.presses

    def with_stored(self, side: str, stored: int) -> "PressRun":
        return replace(self, side=side, stored=stored)


def settle(
    fake: PressFake,
    bot: BotProcess,
    timing: Timing,
    *,
    least: Callable[[Progress], bool],
    give_up: float | None = None,
) -> Progress:
    """Wait until `least` holds and no call but long polls has arrived for `timing.quiet` s.

    With `give_up`, a quiet spell that long ends the wait even though `least` does not hold.
    """
    deadline = time.monotonic() + timing.timeout
    busy, since, shown = -1, time.monotonic(), time.monotonic()
    while time.monotonic() < deadline:
        progress = fake.look()
        if time.monotonic() - shown > 10:
            print(f"  … {dict(progress.counts)}", file=sys.stderr, flush=True)
            shown = time.monotonic()
        if progress.busy() != busy:
            busy, since = progress.busy(), time.monotonic()
        elif time.monotonic() - since >= (timing.quiet if least(progress) else give_up or 1e9):
            return progress
        bot.check()
        time.sleep(timing.poll)
    raise TimeoutError(f"the fake did not settle within {timing.timeout:.0f} s: {fake.look()}")


@dataclass(frozen=True, slots=True, kw_only=True)
class Stage:
    """A bot being set up: its fake, its process, its folder, the people who joined."""

    fake: PressFake
    bot: BotProcess
    timing: Timing
    folder: Path
    persons: int

    def settle(self, least: Callable[[Progress], bool]) -> None:
        settle(self.fake, self.bot, self.timing, least=least)


@dataclass(frozen=True, slots=True)
class Start:
    """The counters when the presses were queued: the fake's, the bot's, the fake's CPU."""

    progress: Progress
    cpu_seconds: float
    fake_cpu_seconds: float
    statements: int | None


def before(fake: PressFake, bot: BotProcess) -> Start:
    statements = bot.statements()
    return Start(fake.look(), bot.cpu_seconds(), fake.cpu_seconds(), statements)


def after(
    fake: PressFake, bot: BotProcess, start: Start, presses: int, done: Done, timing: Timing
) -> tuple[Progress, "PressRun"]:
    """Wait for every press to be done and the fake quiet; the run's counters, untimed yet."""
    wanted = done(start.progress) + presses
    progress = settle(
        fake, bot, timing, least=lambda now: done(now) >= wanted, give_up=timing.stall
    )
    statements = bot.statements()
    run = PressRun(
        presses=presses,
        completed=min(presses, done(progress) - done(start.progress)),
        seconds=0.0,
        cpu_seconds=bot.cpu_seconds() - start.cpu_seconds,
        fake_cpu_seconds=fake.cpu_seconds() - start.fake_cpu_seconds,
        calls=progress.counts - start.progress.counts,
        failed=progress.failed - start.progress.failed,
        refused=progress.refused - start.progress.refused,
        statements=None if statements is None else statements - (start.statements or 0),
    )
    return progress, run


def await_presses(
    fake: PressFake,
    bot: BotProcess,
    queued: list[dict[str, object]],
    timing: Timing,
    completing: tuple[str, ...],
    *,
    answered: Done,
) -> PressRun:
    """Queue the presses on the fake at once and follow them to the last completing call."""
    start = before(fake, bot)
    queued_at = fake.push(queued)
    progress, run = after(fake, bot, start, len(queued), answered, timing)
    return replace(run, seconds=progress.latest(*completing) - queued_at)
