"""Companions of "most controversial" once opinion groups exist: divisive and bridging.

Group-informed consensus (Polis's GAC, README "Opinion groups") is the product over the
opinion groups of each group's smoothed agree rate, (A_g + 1) / (S_g + 2): high only when
every group agrees. From it:

- **most divisive between groups**: the lowest GAC first, among paragraphs with votes; some
  group rejects what another accepts, whatever the overall count says.
- **bridging**: the highest GAC first, among paragraphs whose overall vote is **split**: at
  least `SPLIT_MIN_VOTES` votes and the smaller side at least a third of them (a level of
  agreement from 34% to 66%). Such a paragraph looks contested in the totals, yet each group
  agrees with it more than the totals suggest: the disagreement does not follow the groups'
  lines, so it may be common ground to build on.

Ties go to the earlier paragraph in the document. Both lists are empty without groups.
"""

from collections.abc import Sequence
from typing import Protocol, TypeVar

SPLIT_MIN_VOTES = 4
SPLIT_MINORITY = 1 / 3  # the smaller side's least share of the votes
RANKED = 5


class GroupConsensus(Protocol):
    """A paragraph's overall votes and its group-informed consensus."""

    @property
    def paragraph_id(self) -> int: ...
    @property
    def agree(self) -> int: ...
    @property
    def disagree(self) -> int: ...
    @property
    def gac(self) -> float: ...


T = TypeVar("T", bound=GroupConsensus)


def is_split(agree: int, disagree: int) -> bool:
    """Whether an overall vote is split: enough votes, and no side with two thirds of them."""
    votes = agree + disagree
    return votes >= SPLIT_MIN_VOTES and min(agree, disagree) >= SPLIT_MINORITY * votes


def most_divisive(paragraphs: Sequence[T], limit: int = RANKED) -> list[T]:
    """The paragraphs with votes, lowest group-informed consensus first (document order)."""
    voted = [(index, p) for index, p in enumerate(paragraphs) if p.agree + p.disagree > 0]
    return [p for _, p in sorted(voted, key=lambda item: (item[1].gac, item[0]))][:limit]


def bridging(paragraphs: Sequence[T], limit: int = RANKED) -> list[T]:
    """The paragraphs with a split overall vote, highest group-informed consensus first."""
    split = [(index, p) for index, p in enumerate(paragraphs) if is_split(p.agree, p.disagree)]
    return [p for _, p in sorted(split, key=lambda item: (-item[1].gac, item[0]))][:limit]
