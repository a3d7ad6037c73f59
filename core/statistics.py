"""Consultation figures as Discuto shows them, built from per-paragraph tallies.

The database aggregates votes and comments per paragraph (one row per paragraph, however many
votes there are); this module turns those tallies into the figures and rankings organisers read.

Formulas:
    level of agreement  = agree / (agree + disagree), rounded half up to a whole percent
                          (447 agree, 16 disagree -> 96.54% -> "97%"); none without votes.
    controversy         = (agree + disagree) ** (min(agree, disagree) / max(agree, disagree))
                          The exponent is the balance of the vote (1 for an even split, 0 when
                          everybody agrees), the base its size: 50/50 of 100 votes scores 100,
                          5/5 scores 10, 90/10 scores 1.7, 100/0 scores 1. So an even split on
                          many votes ranks above an even split on few, and a lopsided vote
                          never looks controversial however large it is (Reddit's formula).
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

RANKING_SIZE = 5


@dataclass(frozen=True, slots=True, kw_only=True)
class ParagraphTally:
    """Vote and comment counts of one paragraph."""

    paragraph_id: int
    number: int
    position: int
    section: str | None
    agree: int
    disagree: int
    comments: int

    @property
    def label(self) -> str:
        return f"P{self.number}"

    @property
    def votes(self) -> int:
        return self.agree + self.disagree

    @property
    def agreement_pct(self) -> int | None:
        return agreement_pct(self.agree, self.disagree)

    @property
    def controversy(self) -> float:
        return controversy(self.agree, self.disagree)


@dataclass(frozen=True, slots=True, kw_only=True)
class LatestComment:
    """A recent comment, as listed under "latest comments"."""

    comment_id: int
    paragraph_number: int
    author_name: str
    body: str
    created_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class DisagreementReason:
    """What a participant who disagrees with a paragraph would change: their reason comment."""

    paragraph_id: int
    paragraph_number: int
    comment_id: int
    author_name: str
    body: str
    created_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class DailyActivity:
    """What happened in a consultation on one UTC day (see StatisticsRepository.activity_by_day).

    votes: paragraph votes first cast that day (a changed vote stays on the day it was first
    cast); comments: published comments and replies written that day; new_participants:
    people whose first vote in the consultation was that day.
    """

    day: date
    votes: int
    comments: int
    new_participants: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Totals:
    """The whole consultation's figures."""

    agree: int
    disagree: int
    comments: int
    contributors: int

    @property
    def votes(self) -> int:
        return self.agree + self.disagree

    @property
    def agreement_pct(self) -> int | None:
        return agreement_pct(self.agree, self.disagree)


@dataclass(frozen=True, slots=True, kw_only=True)
class StatusCounts:
    """How many paragraphs are in voting (not yet supported), supported and decided.

    `of_paragraph` names each paragraph's status by its id ("in voting", "supported",
    "decided"; core.paragraph_status).
    """

    voting: int
    supported: int
    decided: int
    of_paragraph: Mapping[int, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class ConsultationStatistics:
    """Totals, per-paragraph tallies in document order, rankings and latest comments."""

    totals: Totals
    paragraphs: tuple[ParagraphTally, ...]
    most_voted: tuple[ParagraphTally, ...]
    most_commented: tuple[ParagraphTally, ...]
    most_controversial: tuple[ParagraphTally, ...]
    latest_comments: tuple[LatestComment, ...]
    # Organisers' figures only: what disagreeing participants would change, by paragraph.
    reasons: tuple[DisagreementReason, ...] = ()
    # Organisers' figures only: participation per UTC day, days without activity omitted.
    activity: tuple[DailyActivity, ...] = ()
    # Paragraphs in voting, supported and decided (core.paragraph_status); None where the
    # reader of these figures does not show them.
    statuses: StatusCounts | None = None

    def reasons_on(self, paragraph_id: int) -> tuple[DisagreementReason, ...]:
        """The reasons given on one paragraph, oldest first."""
        return tuple(r for r in self.reasons if r.paragraph_id == paragraph_id)


def agreement_pct(agree: int, disagree: int) -> int | None:
    """Agree share of the votes as a whole percent, rounded half up; None without votes."""
    total = agree + disagree
    if total == 0:
        return None
    return (200 * agree + total) // (2 * total)


def controversy(agree: int, disagree: int) -> float:
    """How split and how large the vote is; see the module docstring."""
    total = agree + disagree
    if total == 0:
        return 0.0
    balance = min(agree, disagree) / max(agree, disagree)
    return float(total**balance)


def compile_statistics(
    tallies: list[ParagraphTally],
    *,
    contributors: int,
    latest_comments: list[LatestComment],
    reasons: list[DisagreementReason] | None = None,
    activity: list[DailyActivity] | None = None,
) -> ConsultationStatistics:
    """Sum the tallies and rank the paragraphs; ties go to the earlier paragraph."""
    ordered = sorted(tallies, key=lambda tally: tally.position)
    totals = Totals(
        agree=sum(t.agree for t in ordered),
        disagree=sum(t.disagree for t in ordered),
        comments=sum(t.comments for t in ordered),
        contributors=contributors,
    )
    return ConsultationStatistics(
        totals=totals,
        paragraphs=tuple(ordered),
        most_voted=_top(ordered, lambda t: t.votes),
        most_commented=_top(ordered, lambda t: t.comments),
        most_controversial=_top(
            [t for t in ordered if t.agree and t.disagree], lambda t: t.controversy
        ),
        latest_comments=tuple(latest_comments),
        reasons=tuple(reasons or ()),
        activity=tuple(activity or ()),
    )


def every_day(
    activity: Sequence[DailyActivity], *, until: date | None = None
) -> list[DailyActivity]:
    """The activity with the days it omits filled with zeros, from its first day to `until`.

    `until` (e.g. today) extends the series past the last active day; empty stays empty.
    """
    if not activity:
        return []
    known = {a.day: a for a in activity}
    last = max(activity[-1].day, until or activity[-1].day)
    days = (activity[0].day + timedelta(days=n) for n in range((last - activity[0].day).days + 1))
    return [
        known.get(day) or DailyActivity(day=day, votes=0, comments=0, new_participants=0)
        for day in days
    ]


def _top(
    tallies: list[ParagraphTally], key: Callable[[ParagraphTally], float]
) -> tuple[ParagraphTally, ...]:
    ranked = sorted((t for t in tallies if key(t) > 0), key=key, reverse=True)
    return tuple(ranked[:RANKING_SIZE])
