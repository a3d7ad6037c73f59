"""What the command line and the worker ask about opinion groups, with what they get back.

Computing groups needs numpy, so it happens outside the core (bots/opinions): the caller
reads the inputs (`ReadOpinionInputs`), then the votes page by page (`ReadOpinionVotes`, each
page its own short unit of work), computes, and stores the result (`SaveOpinionGroups`).
`DueOpinionGroups` tells the worker which open consultations gained enough votes since their
last computation. Organisers read the stored result with `ReadOpinionGroups`.
"""

from dataclasses import dataclass

from core.model import Consultation, Paragraph
from core.open_data import PAGE_SIZE, VoteRecord
from core.opinions import OpinionGroups, OpinionStamp, ParticipantPoint
from core.orders import Order

# The worker recomputes once this many votes were cast since the last computation, and at
# least this share of the votes it was computed on (so a big consultation is not recomputed
# every few votes): see `[opinions]` in config.example.toml.
DEFAULT_EVERY_VOTES = 50
DEFAULT_EVERY_SHARE = 0.05


@dataclass(frozen=True, slots=True, kw_only=True)
class OpinionInputs:
    """What a computation needs besides the votes: the paragraphs in order, the vote count."""

    consultation: Consultation
    paragraph_ids: tuple[int, ...]
    vote_count: int
    stamp: OpinionStamp | None

    @property
    def up_to_date(self) -> bool:
        """The stored result was computed on as many votes as there are now."""
        return self.stamp is not None and self.stamp.vote_count == self.vote_count


@dataclass(frozen=True, slots=True, kw_only=True)
class ReadOpinionInputs(Order[OpinionInputs]):
    """The inputs of a computation for the consultation `slug`."""

    slug: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ReadOpinionVotes(Order[tuple[VoteRecord, ...]]):
    """Current votes after (`after_participant`, `after_id`), by participant then id."""

    consultation_id: int
    after_participant: int = 0
    after_id: int = 0
    limit: int = PAGE_SIZE


@dataclass(frozen=True, slots=True, kw_only=True)
class SaveOpinionGroups(Order[None]):
    """Store `result` as its consultation's latest, with the participants' map."""

    result: OpinionGroups
    points: tuple[ParticipantPoint, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class OpinionReport:
    """The latest opinion groups (None: never computed), with the paragraphs they name.

    `vote_count`: the votes now, to say how many were cast since the computation.
    """

    consultation: Consultation
    groups: OpinionGroups | None
    paragraphs: tuple[Paragraph, ...]
    vote_count: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ReadOpinionGroups(Order[OpinionReport]):
    """The consultation's latest opinion groups; organisers only."""

    slug: str


@dataclass(frozen=True, slots=True, kw_only=True)
class DueOpinionGroups(Order[list[str]]):
    """Slugs of the open consultations due a recompute (the worker's sweep; system only).

    Due: at least `every_votes` votes, and at least that many and `every_share` of the
    previous count cast since the last computation (or never computed).
    """

    every_votes: int = DEFAULT_EVERY_VOTES
    every_share: float = DEFAULT_EVERY_SHARE
