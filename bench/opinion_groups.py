"""Opinion groups on 100,000 participants × 50 paragraphs: townhall against the bare library.

    python -m bench.opinion_groups [--participants 100000] [--paragraphs 50]

Synthetic votes with planted camps (three camps, each disagreeing with its own third of the
paragraphs; 60 % of cells seen, 10 % of votes flipped), generated per participant, seeded. Each
variant runs as its own child process, measured by resource.getrusage of the children (peak
RSS, CPU seconds) and the wall clock:

- `bare`: numpy and scikit-learn alone on the same matrix, as a user of those libraries would
  write it: mean-fill, PCA (2 components), KMeans for k = 2..5 on every participant, each scored
  by silhouette on a sample of 10,000 (the whole silhouette is quadratic);
- `townhall`: the votes fed one by one into bots.opinions.matrix.VoteMatrix (as pages of votes
  arrive from storage), then bots.opinions.analysis.analyse: Polis's placement, PCA and
  projection, base clusters, groups, the permutation test, repness, consensus, GAC.

The issue's bar: under 60 s and bounded memory. Figures: bench/README.md.
"""

import argparse
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime

import numpy as np

from core.model import Choice

SEED = 11


def codes(participants: int, paragraphs: int) -> Iterator[np.ndarray]:
    """Rows of vote codes (0 unseen, 1 agree, 2 disagree), a thousand participants at a time."""
    generator = np.random.default_rng(SEED)
    columns = np.arange(paragraphs)
    for start in range(0, participants, 1000):
        size = min(1000, participants - start)
        camp = (start + np.arange(size)) % 3
        disagrees = (columns[None, :] % 3) == camp[:, None]
        disagrees ^= generator.random((size, paragraphs)) < 0.1
        seen = generator.random((size, paragraphs)) < 0.6
        yield np.where(seen, np.where(disagrees, 2, 1), 0).astype(np.uint8)


def run_bare(participants: int, paragraphs: int) -> str:
    from sklearn.cluster import KMeans
    from sklearn.decomposition import PCA
    from sklearn.metrics import silhouette_score

    matrix = np.vstack(list(codes(participants, paragraphs)))
    values = np.where(matrix == 1, -1.0, np.where(matrix == 2, 1.0, np.nan))
    filled = np.where(np.isnan(values), np.nanmean(values, axis=0), values)
    points = PCA(n_components=2).fit_transform(filled)
    scores = {}
    for k in range(2, 6):
        labels = KMeans(n_clusters=k, n_init=10, random_state=0).fit_predict(points)
        scores[k] = silhouette_score(points, labels, sample_size=10_000, random_state=0)
    best = max(scores, key=lambda k: scores[k])
    return f"k={best} silhouette {scores[best]:.2f}"


def run_townhall(participants: int, paragraphs: int) -> str:
    from bots.opinions.analysis import analyse
    from bots.opinions.matrix import VoteMatrix

    matrix = VoteMatrix(list(range(1, paragraphs + 1)))
    choices = (None, Choice.AGREE, Choice.DISAGREE)
    person = 0
    for block in codes(participants, paragraphs):
        for row in block.tolist():
            person += 1
            for column, code in enumerate(row):
                if code:
                    matrix.add(person, column + 1, choices[code])  # type: ignore[arg-type]
    filled = time.perf_counter()
    result, _ = analyse(matrix, consultation_id=1, computed_at=datetime.now(UTC))
    sizes = [group.size for group in result.groups]
    return (
        f"{result.verdict.value} {sizes} silhouette {result.silhouette or 0:.2f}, "
        f"{matrix.votes:,} votes, analysis {time.perf_counter() - filled:.1f} s"
    )


def measure(variant: str, participants: int, paragraphs: int) -> None:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.opinion_groups",
            "--variant",
            variant,
            "--participants",
            str(participants),
            "--paragraphs",
            str(paragraphs),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    peak = after.ru_maxrss / 1024
    print(f"| {variant} | {wall:.1f} s | {cpu:.1f} s | {peak:.0f} MB | {done.stdout.strip()} |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=100_000)
    parser.add_argument("--paragraphs", type=int, default=50)
    parser.add_argument("--variant", choices=("bare", "townhall"))
    args = parser.parse_args()
    if args.variant == "bare":
        print(run_bare(args.participants, args.paragraphs))
    elif args.variant == "townhall":
        print(run_townhall(args.participants, args.paragraphs))
    else:
        print(f"{args.participants:,} participants × {args.paragraphs} paragraphs")
        print("| variant | wall | CPU | peak RSS | result |\n|---|---|---|---|---|")
        for variant in ("bare", "townhall"):
            measure(variant, args.participants, args.paragraphs)


if __name__ == "__main__":
    main()
