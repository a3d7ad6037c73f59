"""Durations collected by a benchmark and the figures reported from them."""

import math
import statistics
from dataclasses import dataclass

MILLISECONDS = 1000.0


@dataclass(frozen=True, slots=True, kw_only=True)
class Latencies:
    """Seconds taken by each of a series of operations, and the wall time of the whole series."""

    durations: tuple[float, ...]
    wall_seconds: float

    @property
    def per_second(self) -> float:
        return len(self.durations) / self.wall_seconds

    @property
    def p50_ms(self) -> float:
        return percentile(self.durations, 50) * MILLISECONDS

    @property
    def p99_ms(self) -> float:
        return percentile(self.durations, 99) * MILLISECONDS


def percentile(durations: tuple[float, ...], rank: int) -> float:
    """The `rank`-th percentile (1..99), interpolated between the two nearest samples."""
    if not durations:
        return math.nan
    if len(durations) == 1:
        return durations[0]
    return statistics.quantiles(durations, n=100, method="inclusive")[rank - 1]


@dataclass(frozen=True, slots=True, kw_only=True)
class RepeatedTiming:
    """Seconds taken by repeated runs of the same query (after a warm-up run)."""

    durations: tuple[float, ...]

    @property
    def median_ms(self) -> float:
        return statistics.median(self.durations) * MILLISECONDS

    @property
    def min_ms(self) -> float:
        return min(self.durations) * MILLISECONDS

    @property
    def max_ms(self) -> float:
        return max(self.durations) * MILLISECONDS
