"""The press benchmark's tables: one row per run, then each bot's totals and the ratios."""

import os
import statistics
from collections.abc import Sequence

from bench.press_waiting import PressRun

HEADER = (
    "| round | bot | presses | seconds | presses/s | CPU ms a press | fake's CPU ms a press "
    "| SQL statements a press | stored | calls a press |\n"
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
)
ACK_HEADER = (
    "| bot | acks | ack p50 ms | ack p99 ms | ack max ms |\n| --- | --- | --- | --- | --- |"
)


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min)"


def row(number: int, run: PressRun) -> str:
    statements = run.statements_per_press
    calls = ", ".join(
        f"{method} {count / run.presses:.2f}"
        for method, count in sorted(run.calls.items())
        if method != "getUpdates"
    )
    failed = sum(run.failed.values())
    if failed or run.refused:
        calls += f" (**{failed} failed, {run.refused} × 429**)"
    presses = f"{run.presses:,}"
    if run.completed < run.presses:
        presses = f"{run.presses:,}, **{run.presses - run.completed:,} never done**"
    return (
        f"| {number} | {run.side} | {presses} | {run.seconds:.2f} | {run.per_second:,.1f} "
        f"| {run.cpu_ms:.2f} | {run.fake_cpu_ms:.2f} "
        f"| {'' if statements is None else f'{statements:.1f}'} | {run.stored:,} | {calls} |"
    )


def totals(runs: Sequence[PressRun]) -> tuple[float, float]:
    """All presses over all seconds, and all CPU over all presses (ms)."""
    presses = sum(run.completed for run in runs)
    seconds = sum(run.seconds for run in runs)
    cpu = sum(run.cpu_seconds for run in runs)
    return presses / seconds, cpu * 1000 / presses


def comparison(ours: Sequence[PressRun], bare: Sequence[PressRun], target: float) -> list[str]:
    """Each side's totals, the ratio of their rates per round and overall, against the target."""
    ours_rate, ours_cpu = totals(ours)
    bare_rate, bare_cpu = totals(bare)
    ratios = [mine.per_second / theirs.per_second for mine, theirs in zip(ours, bare, strict=True)]
    ratio = ours_rate / bare_rate
    verdict = "met" if ratio >= target else "**not met**"
    return [
        f"- {ours[0].side}: {ours_rate:,.1f} presses/s, {ours_cpu:.2f} ms CPU a press "
        f"(all rounds)",
        f"- {bare[0].side}: {bare_rate:,.1f} presses/s, {bare_cpu:.2f} ms CPU a press",
        f"- ratio {ratio:.1%} (per round: {', '.join(f'{r:.1%}' for r in ratios)}; median "
        f"{statistics.median(ratios):.1%}); target ≥ {target:.0%}: {verdict}",
    ]


def acks(run: PressRun) -> str:
    durations = sorted(run.acks_ms)
    if not durations:
        return f"| {run.side} | 0 | | | |"
    p50 = statistics.median(durations)
    p99 = durations[min(len(durations) - 1, int(len(durations) * 0.99))]
    return f"| {run.side} | {len(durations):,} | {p50:.1f} | {p99:.1f} | {durations[-1]:.1f} |"
