"""Polis's statistics (stats.clj, repness.clj): proportion tests, repness, consensus, GAC.

Every figure is computed for all groups and paragraphs at once from two count matrices,
`agree[g, j]` and `disagree[g, j]` (votes of group g's members on paragraph j).
"""

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Floats = NDArray[np.float64]

# One-sided z at 90 %: Polis's threshold for a representative or consensus paragraph.
Z90 = 1.2816
REPRESENTATIVES = 5
CONSENSUS = 5


def smoothed_rate(count: Floats, seen: Floats) -> Floats:
    """Laplace-smoothed rate (count + 1) / (seen + 2): Polis's pa and pd."""
    return (count + 1.0) / (seen + 2.0)


def prop_test(count: Floats, seen: Floats) -> Floats:
    """Polis's one-proportion z: 2·√(n+1)·((s+1)/(n+1) − 0.5)."""
    return 2.0 * np.sqrt(seen + 1.0) * ((count + 1.0) / (seen + 1.0) - 0.5)


def two_prop_test(count: Floats, seen: Floats, rest_count: Floats, rest_seen: Floats) -> Floats:
    """Polis's pooled two-proportion z of a group against the rest, each count plus one."""
    s1, n1, s2, n2 = count + 1.0, seen + 1.0, rest_count + 1.0, rest_seen + 1.0
    pooled = (s1 + s2) / (n1 + n2)
    spread = np.sqrt(pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (s1 / n1 - s2 / n2) / spread
    return np.where(pooled >= 1.0, 0.0, z)


@dataclass(frozen=True, slots=True, kw_only=True)
class Direction:
    """Repness figures of every group and paragraph for one choice (agree or disagree)."""

    count: Floats
    seen: Floats
    rate: Floats
    rest_rate: Floats
    ratio: Floats
    rate_z: Floats
    ratio_z: Floats

    @property
    def significant(self) -> NDArray[np.bool_]:
        return (self.rate_z > Z90) & (self.ratio_z > Z90)

    @property
    def metric(self) -> Floats:
        """Polis's ranking of representative paragraphs: ra · rat · pa · pat."""
        return self.ratio * self.ratio_z * self.rate * self.rate_z


def direction(count: Floats, other: Floats) -> Direction:
    """Repness of `count` (one choice's votes per group) against the other choice's votes."""
    seen = count + other
    rest_count = count.sum(axis=0) - count
    rest_seen = seen.sum(axis=0) - seen
    rate = smoothed_rate(count, seen)
    rest_rate = smoothed_rate(rest_count, rest_seen)
    return Direction(
        count=count,
        seen=seen,
        rate=rate,
        rest_rate=rest_rate,
        ratio=rate / rest_rate,
        rate_z=prop_test(count, seen),
        ratio_z=two_prop_test(count, seen, rest_count, rest_seen),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Pick:
    """A representative paragraph of a group: its column, whether for agree, significant."""

    column: int
    agree: bool
    significant: bool


def representatives(agree: Direction, disagree: Direction, group: int) -> list[Pick]:
    """Group `group`'s representative paragraphs, as Polis's repness.clj selects them.

    Each paragraph counts in the direction with the larger two-proportion z; those significant
    in it are ranked by the metric, the top five kept, agrees before disagrees. If none is
    significant, the paragraph the group saw that is best by z, marked not significant.
    """
    for_agree = agree.ratio_z[group] >= disagree.ratio_z[group]
    significant = np.where(for_agree, agree.significant[group], disagree.significant[group])
    metric = np.where(for_agree, agree.metric[group], disagree.metric[group])
    chosen = [int(j) for j in np.flatnonzero(significant)]
    chosen.sort(key=lambda j: -metric[j])
    picks = [Pick(column=j, agree=bool(for_agree[j]), significant=True) for j in chosen]
    picks = picks[:REPRESENTATIVES]
    if not picks:
        z = np.where(for_agree, agree.ratio_z[group], disagree.ratio_z[group])
        z = np.where(agree.seen[group] > 0, z, -np.inf)
        if np.isfinite(z).any():
            best = int(np.argmax(z))
            picks = [Pick(column=best, agree=bool(for_agree[best]), significant=False)]
    return sorted(picks, key=lambda pick: not pick.agree)


def consensus(count: Floats, seen: Floats) -> list[int]:
    """Columns most people share `count`'s choice on, by pa · pat, the top five.

    `count` and `seen` are per group (rows). Polis's test is on the totals: pa > 0.5 and
    pat > Z90. Alone, it calls consensus a paragraph that a big group agrees with and a
    smaller one rejects; so here every group must lean the same way too (its own pa > 0.5).
    """
    total, total_seen = count.sum(axis=0), seen.sum(axis=0)
    rate = smoothed_rate(total, total_seen)
    z = prop_test(total, total_seen)
    shared = (smoothed_rate(count, seen) > 0.5).all(axis=0)
    chosen = [int(j) for j in np.flatnonzero((rate > 0.5) & (z > Z90) & shared)]
    chosen.sort(key=lambda j: -(rate[j] * z[j]))
    return chosen[:CONSENSUS]


def group_consensus(count: Floats, seen: Floats) -> Floats:
    """Group-informed consensus per paragraph: ∏ over groups (count_g + 1) / (seen_g + 2)."""
    product: Floats = np.prod(smoothed_rate(count, seen), axis=0)
    return product
