"""Smart order's arithmetic: how likely each unvoted paragraph is to be shown next.

It is Polis's choice of the next statement (polis-maths.md, "Which statement next"):

    importance = (1 − p) · (E + 1) · a        a = (A + 1) / (S + 2)   p = (P + 1) / (S + 2)
    priority   = (importance · (1 + 8 · 2^(−S / 5)))²

where S is how many people voted on the paragraph, A how many agreed, P how many passed and
E the paragraph's extremity on the latest opinion map (0 before there is one). townhall has no
"pass", so p = 0 unless a count of passes is given. The boost 1 + 8 · 2^(−S/5) is 9 for a
paragraph nobody has voted on and fades by half every five votes: new paragraphs get their
first votes quickly, then the agreed-with and the divisive ones come first. The next paragraph
is drawn with a probability proportional to its priority, from a `Chance` the caller supplies,
so that a test can fix the draw.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

NEW_BOOST = 8.0  # a paragraph nobody voted on is boosted 1 + 8 = 9 times
BOOST_HALF_LIFE = 5.0  # votes after which the boost is half as large


class Chance(Protocol):
    """A source of uniform numbers in [0, 1): `random.Random` is one."""

    def random(self) -> float: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class Standing:
    """What smart order knows of one paragraph: its votes and its extremity."""

    paragraph_id: int
    agree: int
    disagree: int
    extremity: float = 0.0
    # None: the platform has no pass (townhall), so the pass rate is 0, not a smoothed 1/(S+2).
    passes: int | None = None


def importance(standing: Standing) -> float:
    """(1 − p) · (E + 1) · a with Laplace-smoothed agree and pass rates."""
    seen = standing.agree + standing.disagree + (standing.passes or 0)
    agree_rate = (standing.agree + 1) / (seen + 2)
    pass_rate = 0.0 if standing.passes is None else (standing.passes + 1) / (seen + 2)
    return (1 - pass_rate) * (standing.extremity + 1) * agree_rate


def priority(standing: Standing) -> float:
    """(importance · (1 + 8 · 2^(−S/5)))²: the weight of the paragraph in the draw."""
    seen = standing.agree + standing.disagree + (standing.passes or 0)
    boost = 1 + NEW_BOOST * 2 ** (-seen / BOOST_HALF_LIFE)
    return (importance(standing) * boost) ** 2


def draw(standings: Sequence[Standing], chance: Chance) -> Standing | None:
    """One of `standings`, each with a probability proportional to its priority.

    None when there is none to draw from. The standings are taken in the order given, so the
    same order and the same number from `chance` draw the same paragraph.
    """
    weights = [priority(standing) for standing in standings]
    total = sum(weights)
    if not standings or total <= 0:
        return standings[0] if standings else None
    point = chance.random() * total
    for standing, weight in zip(standings, weights, strict=True):
        point -= weight
        if point < 0:
            return standing
    return standings[-1]  # rounding left the point at the very end
