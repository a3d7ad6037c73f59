"""Polis's opinion maths on a vote matrix: who is placed, PCA, opinion groups by k-means.

Implementation: numpy and scikit-learn directly, not red-dwarf (PyPI `red-dwarf` 0.4.0,
MPL-2.0), which reimplements the same pipeline on pandas DataFrames: it brings pandas,
pydantic, requests, requests-cache, requests-ratelimiter and fake-useragent (its Polis
downloader) for a few dozen lines of scikit-learn calls, and leaves out Polis's tier of base
clusters, without which its k-means and silhouette run on every participant (quadratic
silhouette: hours at 100,000 people). Here, as in Polis (clusters.clj), k-means first
gathers the participants into at most 100 base clusters; the groups are chosen over those
centres, weighted by their members, so 100,000 × 50 takes seconds (bench/opinion_groups.py).

Codes in the matrix: 0 unseen, 1 agree, 2 disagree; in Polis's values agree is −1 and
disagree +1 (the sign only mirrors the map). Missing votes are filled with the column mean
for the PCA; a participant's point sums (vote − centre)·component over what they voted on,
scaled by √(paragraphs / their votes) (Polis's sparsity-aware projection). A paragraph's point
is that of someone who agreed with it alone; its length is the paragraph's extremity.

One camp: k-means always finds k groups, even where opinion has no camps (one camp with a few
dissenters scattered at random makes clumps of identical points that k-means happily splits,
with silhouettes of 0.6 and more). So a split is kept only if its silhouette beats, by
NULL_MARGIN, the best silhouette of the same computation on NULL_RUNS copies of the matrix with
each paragraph's votes shuffled among the participants (same rates per paragraph, no camps:
a permutation test, as the gap statistic does), and reaches SILHOUETTE_FLOOR (0.25: below it,
Kaufman and Rousseeuw's "no substantial structure"). Otherwise everyone is one group. Polis
also smooths k over four runs in a row; a stored result here is recomputed on a vote
threshold, not every few seconds, so the best k of the run is taken as it is.
"""

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA

from core.opinions import MIN_VOTES

AGREE = 1
DISAGREE = 2
SEED = 0
TOP_UP = 15
BASE_CLUSTERS = 100
MAX_GROUPS = 5
SILHOUETTE_FLOOR = 0.25
NULL_RUNS = 3
NULL_MARGIN = 0.05
# The shuffled copies hold at most this many participants (drawn at random): enough for a
# silhouette, cheap at any size.
NULL_SAMPLE = 5_000

Codes = NDArray[np.uint8]
Floats = NDArray[np.float64]
Indices = NDArray[np.intp]


@dataclass(frozen=True, slots=True, kw_only=True)
class Projection:
    """Points of the placed participants and of the paragraphs in the PCA plane."""

    points: Floats
    paragraph_points: Floats

    @property
    def extremity(self) -> Floats:
        lengths: Floats = np.linalg.norm(self.paragraph_points, axis=1)
        return lengths


@dataclass(frozen=True, slots=True, kw_only=True)
class Grouping:
    """Each placed participant's group (0..k-1, biggest first) and the chosen split's score."""

    labels: Indices
    silhouette: float | None

    @property
    def count(self) -> int:
        return int(self.labels.max()) + 1 if len(self.labels) else 0


def placed_rows(codes: Codes) -> Indices:
    """The participants placed: min(7, paragraphs) votes, topped up to 15 by the most active."""
    votes = np.count_nonzero(codes, axis=1)
    chosen = np.flatnonzero(votes >= min(MIN_VOTES, codes.shape[1]))
    if len(chosen) < TOP_UP:
        others = np.flatnonzero((votes > 0) & (votes < min(MIN_VOTES, codes.shape[1])))
        others = others[np.argsort(-votes[others], kind="stable")]
        chosen = np.sort(np.concatenate([chosen, others[: TOP_UP - len(chosen)]]))
    return chosen


def project(codes: Codes) -> Projection:
    """PCA (two components) of the mean-filled matrix, sparsity-aware projection."""
    seen = codes != 0
    values = np.where(codes == AGREE, -1.0, np.where(codes == DISAGREE, 1.0, 0.0))
    counts = seen.sum(axis=0)
    centre = values.sum(axis=0) / np.maximum(counts, 1)
    components = _components(np.where(seen, values, centre))
    deviations = np.where(seen, values - centre, 0.0)
    paragraphs = codes.shape[1]
    scale = np.sqrt(paragraphs / np.maximum(seen.sum(axis=1), 1))
    points = (deviations @ components.T) * scale[:, None]
    paragraph_points = ((-1.0 - centre)[:, None] * components.T) * np.sqrt(paragraphs)
    return Projection(points=points, paragraph_points=paragraph_points)


def _components(filled: Floats) -> Floats:
    """The two principal axes (2 × paragraphs); zero where the votes do not vary."""
    if np.ptp(filled, axis=0).max(initial=0.0) == 0.0:
        return np.zeros((2, filled.shape[1]))
    pca = PCA(n_components=2, svd_solver="full").fit(filled)
    components: Floats = pca.components_
    return components


def group(codes: Codes, points: Floats) -> Grouping:
    """Opinion groups of the participants at `points` (their votes: `codes`), or one group."""
    best = best_split(points)
    if best is None or best.silhouette is None:
        return Grouping(labels=np.zeros(len(points), dtype=np.intp), silhouette=None)
    if best.silhouette < max(SILHOUETTE_FLOOR, null_silhouette(codes) + NULL_MARGIN):
        return Grouping(labels=np.zeros(len(points), dtype=np.intp), silhouette=best.silhouette)
    return best


def null_silhouette(codes: Codes) -> float:
    """The best silhouette of the same votes with each paragraph's shuffled among people."""
    generator = np.random.default_rng(SEED)
    scores = [0.0]
    for _ in range(NULL_RUNS):
        sample = codes
        if len(codes) > NULL_SAMPLE:
            sample = codes[generator.choice(len(codes), NULL_SAMPLE, replace=False)]
        shuffled = generator.permuted(sample, axis=0)
        split = best_split(project(shuffled).points)
        scores.append(split.silhouette if split is not None and split.silhouette else 0.0)
    return max(scores)


def best_split(points: Floats) -> Grouping | None:
    """K = 2..5 groups over the base clusters, the k with the best silhouette; None if none."""
    centres, weights, members = _base_clusters(points)
    best: tuple[float, Indices] | None = None
    for k in range(2, min(MAX_GROUPS, 2 + len(centres) // 12) + 1):
        if k > len(centres):
            break
        model = KMeans(n_clusters=k, n_init=10, random_state=SEED)
        labels: Indices = model.fit(centres, sample_weight=weights).labels_
        score = weighted_silhouette(centres, labels, weights)
        if best is None or score > best[0]:
            best = (score, labels)
    if best is None:
        return None
    return Grouping(labels=_by_size(best[1][members]), silhouette=best[0])


def _base_clusters(points: Floats) -> tuple[Floats, Floats, Indices]:
    """Base clusters: the distinct points themselves if few, else 100 k-means centres."""
    distinct, members, counts = np.unique(
        points.round(9), axis=0, return_inverse=True, return_counts=True
    )
    if len(distinct) <= BASE_CLUSTERS:
        return distinct, counts.astype(np.float64), members.reshape(-1)
    model = KMeans(n_clusters=BASE_CLUSTERS, n_init=1, random_state=SEED).fit(points)
    labels: Indices = model.labels_
    weights = np.bincount(labels, minlength=BASE_CLUSTERS).astype(np.float64)
    centres: Floats = model.cluster_centers_
    return centres, weights, labels


def _by_size(labels: Indices) -> Indices:
    """Renumber groups 0..k-1 from the biggest (ties: the lower old number first)."""
    sizes = np.bincount(labels)
    order = np.argsort(-sizes, kind="stable")
    renumbered = np.empty_like(order)
    renumbered[order] = np.arange(len(order))
    result: Indices = renumbered[labels]
    return result


def weighted_silhouette(centres: Floats, labels: Indices, weights: Floats) -> float:
    """The silhouette of the participants, each placed at their base cluster's centre."""
    distances = np.linalg.norm(centres[:, None, :] - centres[None, :, :], axis=2)
    k = int(labels.max()) + 1
    onehot = np.eye(k)[labels] * weights[:, None]
    totals = onehot.sum(axis=0)
    sums = distances @ onehot
    own = totals[labels] - 1.0
    inside = np.where(own > 0, sums[np.arange(len(labels)), labels] / np.maximum(own, 1.0), 0.0)
    outside = np.where(np.eye(k, dtype=bool)[labels], np.inf, sums / totals)
    nearest = outside.min(axis=1)
    widest = np.maximum(inside, nearest)
    with np.errstate(invalid="ignore", divide="ignore"):
        scores = np.where((own > 0) & (widest > 0), (nearest - inside) / widest, 0.0)
    return float((scores * weights).sum() / weights.sum())
