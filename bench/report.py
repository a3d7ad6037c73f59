"""The benchmark's results as rows of one Markdown table."""

from dataclasses import dataclass

from bench.timing import Latencies, RepeatedTiming

HEADER = ("database", "measurement", "result", "p50 ms", "p99 ms", "checked")


@dataclass(frozen=True, slots=True, kw_only=True)
class Figure:
    """One line of the results table."""

    database: str
    measurement: str
    result: str
    p50_ms: str = ""
    p99_ms: str = ""
    checked: str = ""


def throughput_figure(
    database: str, measurement: str, latencies: Latencies, checked: str
) -> Figure:
    return Figure(
        database=database,
        measurement=measurement,
        result=f"{latencies.per_second:,.0f} votes/s",
        p50_ms=f"{latencies.p50_ms:.1f}",
        p99_ms=f"{latencies.p99_ms:.1f}",
        checked=checked,
    )


def query_figure(database: str, measurement: str, timing: RepeatedTiming, checked: str) -> Figure:
    runs = len(timing.durations)
    return Figure(
        database=database,
        measurement=measurement,
        result=f"{timing.median_ms:,.1f} ms median of {runs} "
        f"(min {timing.min_ms:,.1f}, max {timing.max_ms:,.1f})",
        checked=checked,
    )


def render_table(figures: list[Figure]) -> str:
    """A Markdown table, ready to paste into bench/README.md."""
    rows = [HEADER, tuple("---" for _ in HEADER)]
    rows += [(f.database, f.measurement, f.result, f.p50_ms, f.p99_ms, f.checked) for f in figures]
    return "\n".join("| " + " | ".join(row) + " |" for row in rows)
