"""A vote matrix in, core.opinions values out: the whole computation of opinion groups."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from threadpoolctl import threadpool_limits

from bots.opinions import maths, repness
from bots.opinions.matrix import VoteMatrix
from core.model import Choice
from core.opinions import (
    MIN_PLACED,
    Consensus,
    GroupVotes,
    OpinionGroup,
    OpinionGroups,
    OpinionStamp,
    ParagraphOpinion,
    ParticipantPoint,
    Representative,
    Verdict,
)


def analyse(
    matrix: VoteMatrix, *, consultation_id: int, computed_at: datetime, duration: float = 0.0
) -> tuple[OpinionGroups, list[ParticipantPoint]]:
    """The opinion groups of the votes in `matrix`, and every placed participant's point.

    BLAS and OpenMP run on one thread: the computation shares the machine with the bots, and
    on a busy machine scikit-learn's spinning threads cost far more than they bring.
    """
    with threadpool_limits(limits=1):
        return _analyse(matrix, consultation_id, computed_at, duration)


def _analyse(
    matrix: VoteMatrix, consultation_id: int, computed_at: datetime, duration: float
) -> tuple[OpinionGroups, list[ParticipantPoint]]:
    codes, participants = matrix.codes(), matrix.participants()
    stamp = OpinionStamp(
        consultation_id=consultation_id,
        computed_at=computed_at,
        vote_count=matrix.votes,
        duration_seconds=duration,
    )
    voters = int(np.count_nonzero(codes.any(axis=1))) if codes.size else 0
    rows = maths.placed_rows(codes) if codes.size else np.zeros(0, dtype=np.intp)
    if len(rows) < MIN_PLACED or codes.shape[1] < 2:
        return _too_few(stamp, voters, len(rows)), []
    placed = codes[rows]
    projection = maths.project(placed)
    grouping = maths.group(placed, projection.points)
    counts = _counts(placed, grouping, matrix.paragraph_ids)
    result = OpinionGroups(
        stamp=stamp,
        verdict=Verdict.GROUPS if grouping.count > 1 else Verdict.ONE_CAMP,
        voters=voters,
        clustered=len(rows),
        silhouette=grouping.silhouette,
        groups=_groups(counts, grouping),
        consensus=_consensus_all(counts),
        paragraphs=_paragraphs(counts, projection),
    )
    labels = grouping.labels.tolist()
    points = [
        ParticipantPoint(participant_id=participants[row], x=float(x), y=float(y), group=g + 1)
        for row, (x, y), g in zip(rows.tolist(), projection.points.tolist(), labels, strict=True)
    ]
    return result, points


def _too_few(stamp: OpinionStamp, voters: int, placed: int) -> OpinionGroups:
    return OpinionGroups(
        stamp=stamp,
        verdict=Verdict.TOO_FEW_VOTERS,
        voters=voters,
        clustered=placed,
        silhouette=None,
        groups=(),
        consensus=(),
        paragraphs=(),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class _Counts:
    """Votes of the placed participants per group (rows) and paragraph (columns)."""

    agree: maths.Floats
    disagree: maths.Floats
    paragraph_ids: Sequence[int]

    @property
    def seen(self) -> maths.Floats:
        return self.agree + self.disagree


def _counts(
    placed: maths.Codes, grouping: maths.Grouping, paragraph_ids: Sequence[int]
) -> _Counts:
    onehot = np.eye(grouping.count)[grouping.labels]
    return _Counts(
        agree=onehot.T @ (placed == maths.AGREE).astype(np.float64),
        disagree=onehot.T @ (placed == maths.DISAGREE).astype(np.float64),
        paragraph_ids=paragraph_ids,
    )


def _groups(counts: _Counts, grouping: maths.Grouping) -> tuple[OpinionGroup, ...]:
    """Each group with its size and representative paragraphs (Polis's repness)."""
    for_agree = repness.direction(counts.agree, counts.disagree)
    for_disagree = repness.direction(counts.disagree, counts.agree)
    sizes = np.bincount(grouping.labels, minlength=grouping.count)
    return tuple(
        OpinionGroup(
            number=g + 1,
            size=int(sizes[g]),
            representatives=tuple(
                _representative(pick, for_agree if pick.agree else for_disagree, g, counts)
                for pick in repness.representatives(for_agree, for_disagree, g)
            ),
        )
        for g in range(grouping.count)
    )


def _consensus_all(counts: _Counts) -> tuple[Consensus, ...]:
    """The top agreed and the top disagreed paragraphs over everyone placed."""
    seen = counts.seen.sum(axis=0)
    return tuple(
        _consensus(j, choice, by_group.sum(axis=0), seen, counts.paragraph_ids)
        for choice, by_group in ((Choice.AGREE, counts.agree), (Choice.DISAGREE, counts.disagree))
        for j in repness.consensus(by_group, counts.seen)
    )


def _paragraphs(counts: _Counts, projection: maths.Projection) -> tuple[ParagraphOpinion, ...]:
    """Per paragraph: votes per group, GAC both ways, extremity and point."""
    gac = repness.group_consensus(counts.agree, counts.seen)
    gac_disagree = repness.group_consensus(counts.disagree, counts.seen)
    extremity = projection.extremity
    return tuple(
        ParagraphOpinion(
            paragraph_id=paragraph_id,
            agree=int(counts.agree[:, j].sum()),
            disagree=int(counts.disagree[:, j].sum()),
            groups=tuple(
                GroupVotes(
                    group=g + 1, agree=int(counts.agree[g, j]), disagree=int(counts.disagree[g, j])
                )
                for g in range(counts.agree.shape[0])
            ),
            gac=float(gac[j]),
            gac_disagree=float(gac_disagree[j]),
            extremity=float(extremity[j]),
            x=float(projection.paragraph_points[j, 0]),
            y=float(projection.paragraph_points[j, 1]),
        )
        for j, paragraph_id in enumerate(counts.paragraph_ids)
    )


def _representative(
    pick: repness.Pick, figures: repness.Direction, g: int, counts: _Counts
) -> Representative:
    j = pick.column
    return Representative(
        paragraph_id=counts.paragraph_ids[j],
        choice=Choice.AGREE if pick.agree else Choice.DISAGREE,
        count=int(figures.count[g, j]),
        seen=int(figures.seen[g, j]),
        rate=float(figures.rate[g, j]),
        rest_rate=float(figures.rest_rate[g, j]),
        ratio=float(figures.ratio[g, j]),
        rate_z=float(figures.rate_z[g, j]),
        ratio_z=float(figures.ratio_z[g, j]),
        significant=pick.significant,
    )


def _consensus(
    j: int, choice: Choice, count: maths.Floats, seen: maths.Floats, paragraph_ids: Sequence[int]
) -> Consensus:
    return Consensus(
        paragraph_id=paragraph_ids[j],
        choice=choice,
        count=int(count[j]),
        seen=int(seen[j]),
        rate=float(repness.smoothed_rate(count, seen)[j]),
        rate_z=float(repness.prop_test(count, seen)[j]),
    )
