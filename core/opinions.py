"""Opinion groups as Polis finds them: the values a computation produces, and the port to them.

The computation (PCA, k-means, repness) needs numpy and scikit-learn, so it lives outside the
core (bots/opinions/); what it produces is plain data, defined here so that the core (smart
order, statistics) and every report can read it. Figures follow Polis's names (see
README "Opinion groups"): for each group g and paragraph, `agree`/`disagree` count the
group's votes, `seen` all of them; rates are Laplace-smoothed, (count + 1) / (seen + 2).

A result is stored whole per consultation (the latest one replaces the previous one):
`OpinionRepository.latest` reads it without the participants' map, `stamp` reads only when and
on how many votes it was computed (cheap enough to check on every vote and cache by it), `map`
reads each participant's point.
"""

import builtins
import enum
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from core.model import Choice

# A participant is placed on the map (and in a group) after voting on this many paragraphs,
# or on all of them if there are fewer; groups need at least MIN_PLACED people placed.
MIN_VOTES = 7
MIN_PLACED = 4


class Verdict(enum.StrEnum):
    """What came of a computation: groups, one camp only, or too little to go on."""

    # Two to five groups were found.
    GROUPS = "groups"
    # Enough voters, but no split clear enough (best silhouette below the floor): one group.
    ONE_CAMP = "one-camp"
    # Fewer voters or paragraphs than a computation needs; nothing but counts is reported.
    TOO_FEW_VOTERS = "too-few-voters"


@dataclass(frozen=True, slots=True, kw_only=True)
class GroupVotes:
    """One group's votes on one paragraph."""

    group: int
    agree: int
    disagree: int

    @property
    def seen(self) -> int:
        return self.agree + self.disagree


@dataclass(frozen=True, slots=True, kw_only=True)
class Representative:
    """A paragraph that sets a group apart (Polis's repness), in the direction `choice`.

    `rate` is the group's smoothed rate of `choice`, `rest_rate` everyone else's; `ratio` is
    rate / rest_rate (Polis's ra), `rate_z` the one-proportion z (pat), `ratio_z` the
    two-proportion z against the rest (rat). `significant`: both z above 1.2816 (90 %); a group
    with no significant paragraph gets its best one by z, with `significant` False.
    """

    paragraph_id: int
    choice: Choice
    count: int
    seen: int
    rate: float
    rest_rate: float
    ratio: float
    rate_z: float
    ratio_z: float
    significant: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class OpinionGroup:
    """One group: its number (1..k, biggest first), its size and what sets it apart."""

    number: int
    size: int
    representatives: tuple[Representative, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Consensus:
    """A paragraph most people share a view on: `rate` of `choice` over all votes, its z."""

    paragraph_id: int
    choice: Choice
    count: int
    seen: int
    rate: float
    rate_z: float


@dataclass(frozen=True, slots=True, kw_only=True)
class ParagraphOpinion:
    """One paragraph's figures: votes per group, group-informed consensus, extremity.

    `gac` = product over groups of (agree_g + 1) / (seen_g + 2): high when every group agrees.
    `gac_disagree` the same with disagree counts. `extremity`: the length of the paragraph's
    point in the PCA plane (Polis's E), 0 for a paragraph that does not separate anybody.
    """

    paragraph_id: int
    agree: int
    disagree: int
    groups: tuple[GroupVotes, ...]
    gac: float
    gac_disagree: float
    extremity: float
    x: float = 0.0
    y: float = 0.0


@dataclass(frozen=True, slots=True, kw_only=True)
class ParticipantPoint:
    """A clustered participant's place on the map (PCA projection) and group (1..k)."""

    participant_id: int
    x: float
    y: float
    group: int


@dataclass(frozen=True, slots=True, kw_only=True)
class OpinionStamp:
    """When a result was computed, on how many current votes, and how long it took."""

    consultation_id: int
    computed_at: datetime
    vote_count: int
    duration_seconds: float


@dataclass(frozen=True, slots=True, kw_only=True)
class OpinionGroups:
    """The latest computation for a consultation (without the participants' map).

    `voters`: participants with at least one vote; `clustered`: those who voted enough to be
    placed (min(7, paragraphs) votes, topped up to 15 by the most active). `silhouette` of the
    chosen k (None with fewer than two groups). `paragraphs` in document order.
    """

    stamp: OpinionStamp
    verdict: Verdict
    voters: int
    clustered: int
    silhouette: float | None
    groups: tuple[OpinionGroup, ...]
    consensus: tuple[Consensus, ...]
    paragraphs: tuple[ParagraphOpinion, ...]

    def paragraph(self, paragraph_id: int) -> ParagraphOpinion | None:
        """The figures of one paragraph (None if it was not in the computation)."""
        for opinion in self.paragraphs:
            if opinion.paragraph_id == paragraph_id:
                return opinion
        return None


class OpinionRepository(Protocol):
    """The latest opinion groups of each consultation; `save` replaces the previous result."""

    async def save(self, result: OpinionGroups, points: builtins.list[ParticipantPoint]) -> None:
        """Store `result` and its map as the consultation's latest, replacing any earlier one."""
        ...

    async def stamp(self, consultation_id: int) -> OpinionStamp | None:
        """When the latest result was computed (None: never); reads no figures."""
        ...

    async def latest(self, consultation_id: int) -> OpinionGroups | None: ...

    async def map(self, consultation_id: int) -> builtins.list[ParticipantPoint]:
        """The latest result's participant points (empty if none), by participant id."""
        ...
