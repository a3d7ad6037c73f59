"""A paragraph's status, as Discuto shows it: in voting, supported, or decided.

Organisers set `decided` (core.model.ParagraphStatus): the text is final, the card says so and
shows no vote buttons, and a vote on it is refused; the votes it had are kept and reported.
`supported` is never stored: a paragraph in voting is supported while it has at least
`min_votes` votes and a level of agreement (core.statistics, the rounded percent people see)
at or above `threshold_pct`, the `[consultation] support_min_votes` and `support_threshold`
settings. A decided paragraph counts as decided whatever its votes say.
"""

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass

from core.content import ConsultationContent
from core.model import Consultation, Paragraph, ParagraphStatus
from core.orders import Order
from core.statistics import ParagraphTally, StatusCounts

DEFAULT_SUPPORT_MIN_VOTES = 10
DEFAULT_SUPPORT_THRESHOLD = 75
# On the card of a decided paragraph, and in the toast of a vote refused on it.
DECIDED_NOTE = "Decided: this text is final and no longer put to the vote."
_LABEL = re.compile(r"[Pp]?(\d{1,9})")


class ShownStatus(enum.StrEnum):
    """The status a paragraph is shown with: set by organisers, or computed (supported)."""

    VOTING = "in voting"
    SUPPORTED = "supported"
    DECIDED = "decided"


@dataclass(frozen=True, slots=True, kw_only=True)
class SupportRule:
    """When a paragraph in voting counts as supported."""

    min_votes: int = DEFAULT_SUPPORT_MIN_VOTES
    threshold_pct: int = DEFAULT_SUPPORT_THRESHOLD

    def supports(self, tally: ParagraphTally | None) -> bool:
        if tally is None or tally.votes < self.min_votes:
            return False
        pct = tally.agreement_pct
        return pct is not None and pct >= self.threshold_pct


def shown_status(
    paragraph: Paragraph, tally: ParagraphTally | None, rule: SupportRule
) -> ShownStatus:
    if paragraph.decided:
        return ShownStatus.DECIDED
    return ShownStatus.SUPPORTED if rule.supports(tally) else ShownStatus.VOTING


def count_statuses(
    content: ConsultationContent, tallies: Iterable[ParagraphTally], rule: SupportRule
) -> StatusCounts:
    """The count per status of every paragraph of `content` (no tally: no votes)."""
    by_id = {tally.paragraph_id: tally for tally in tallies}
    found = {p.id: shown_status(p, by_id.get(p.id), rule) for p in content.paragraphs}
    statuses = list(found.values())
    return StatusCounts(
        voting=statuses.count(ShownStatus.VOTING),
        supported=statuses.count(ShownStatus.SUPPORTED),
        decided=statuses.count(ShownStatus.DECIDED),
        of_paragraph={pid: status.value for pid, status in found.items()},
    )


def decided_ids(content: ConsultationContent) -> frozenset[int]:
    """The paragraphs nobody can vote on any more: never served as someone's next one."""
    return frozenset(p.id for p in content.paragraphs if p.decided)


def paragraph_number(label: str) -> int | None:
    """The number in `P7`, `p7` or `7`; None for anything else."""
    found = _LABEL.fullmatch(label.strip())
    return None if found is None else int(found.group(1))


@dataclass(frozen=True, slots=True, kw_only=True)
class StatusChange:
    """A paragraph after `SetParagraphStatus`; `changed` is False if it had that status."""

    consultation: Consultation
    paragraph: Paragraph
    changed: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class SetParagraphStatus(Order[StatusChange]):
    """Mark a paragraph decided, or put it back to the vote (`townhall paragraph`)."""

    slug: str
    paragraph: str  # "P7" or "7"
    status: ParagraphStatus


def describe_statuses(counts: StatusCounts) -> str:
    """`5 in voting · 2 supported · 1 decided`, as the figures show it."""
    return f"{counts.voting} in voting · {counts.supported} supported · {counts.decided} decided"
