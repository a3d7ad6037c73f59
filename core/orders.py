"""What the organiser's command line asks of the core, each with the result it gets back.

An order goes through the same door as a chat intent, `ConsultationApp.handle(actor, order)`,
in one unit of work, run by a use case of the same shape, `verb(uow, actor, order, now)`. It
differs in what comes back: the command line prints its own lines and exits with its own
codes, so it needs data (the consultation it opened, the broadcast it queued), not a screen
that a chat renders; and a refusal (a ConsultationError) is raised to it instead of being
turned into a notice, so that it can exit non-zero. `Order[R]` says that result type R, and
`handle` returns it typed.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Generic, TypeVar

from core.amendments import Amendment, ParagraphVersion
from core.delivery import DeliveryReport, Recipient
from core.digests import DigestEvery, DigestSetting
from core.documents import Document
from core.model import (
    Comment,
    Consultation,
    Invitation,
    NewConsultation,
    Paragraph,
    ParagraphOrder,
    ParticipantRef,
    Platform,
    Section,
)
from core.moderation import LogEntry
from core.statistics import ConsultationStatistics

R = TypeVar("R", covariant=True)


class Order(Generic[R]):
    """Something the command line asks for, answered with an R."""

    __slots__ = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class BroadcastPlan:
    """What a broadcast queued: its id, for the delivery report, and its size."""

    broadcast_id: int
    consultation: Consultation
    paragraphs: tuple[Paragraph, ...]
    recipients: int
    deliveries: int
    last_due: datetime
    repeated: bool = False
    # Whom it reaches (the command line times the broadcast at each platform's limits).
    audience: tuple[Recipient, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Cancellation:
    """What cancelling a broadcast stopped: the releases still ahead and their messages."""

    broadcast_id: int
    paragraphs: tuple[Paragraph, ...]
    messages: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Closing:
    """A consultation closed now, and whether this order closed it (False: it already was)."""

    consultation: Consultation
    changed: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class ConsultationOverview:
    """A consultation with its headline numbers, for `townhall list` and `show`."""

    consultation: Consultation
    phase: str
    paragraphs: int
    participants: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ConsultationDetail:
    """One consultation in detail, for `townhall show`."""

    overview: ConsultationOverview
    sections: tuple[Section, ...]
    statistics: ConsultationStatistics


@dataclass(frozen=True, slots=True, kw_only=True)
class ConsultationExport:
    """Everything an export file holds: the document, the figures and the comments."""

    consultation: Consultation
    sections: tuple[Section, ...]
    paragraphs: tuple[Paragraph, ...]
    statistics: ConsultationStatistics
    comments: tuple[Comment, ...]
    exported_at: datetime
    # The organiser's export: every comment in its state, and the moderation audit log.
    organiser: bool = False
    log: tuple[LogEntry, ...] = ()
    # Every published amendment (the public export leaves out those hidden by moderation),
    # and each amended paragraph's versions by paragraph id, oldest first (core.amendments).
    amendments: tuple[Amendment, ...] = ()
    versions: Mapping[int, tuple[ParagraphVersion, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class AddConsultation(Order[Consultation]):
    """Store a consultation with its document, after checking every field."""

    consultation: NewConsultation
    document: Document
    # Moderation (core.moderation): hold every new comment for approval; hide at N reports.
    # None: the configured default ([moderation] hide_after_reports), now and after a change.
    premoderate: bool = False
    hide_after: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class OpenNow(Order[Consultation]):
    """Open a consultation now."""

    slug: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CloseNow(Order[Closing]):
    """Close a consultation now; closing it again changes nothing."""

    slug: str


@dataclass(frozen=True, slots=True, kw_only=True)
class MoveDeadline(Order[Consultation]):
    """Move a consultation's closing time; the reminders not sent yet move with it."""

    slug: str
    closes_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ChangeOrder(Order[Consultation]):
    """Choose which unvoted paragraph a consultation's participants are shown next."""

    slug: str
    order: ParagraphOrder


@dataclass(frozen=True, slots=True, kw_only=True)
class AddInvitation(Order[tuple[Consultation, Invitation]]):
    """A new invitation token admitting `uses` people (None: unlimited)."""

    slug: str
    uses: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AddOrganiser(Order[bool]):
    """Let this identity run organiser commands from chat; False if it already could."""

    ref: ParticipantRef


@dataclass(frozen=True, slots=True, kw_only=True)
class QueueBroadcast(Order[BroadcastPlan]):
    """Release paragraphs: `numbers` (None: all, or from `first` on), on some platforms.

    `key` names the platform request a chat broadcast came in (see BroadcastParagraphs).
    """

    slug: str
    numbers: tuple[int, ...] | None = None
    first: int | None = None
    platforms: frozenset[Platform] | None = None
    every: timedelta | None = None
    key: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class StopBroadcast(Order[Cancellation]):
    """Cancel the releases of a broadcast still ahead; their paragraphs open at once."""

    broadcast_id: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ReadDeliveryReport(Order[DeliveryReport]):
    """Sent, pending, unreachable and failed counts of one broadcast."""

    broadcast_id: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ListOverviews(Order[list[ConsultationOverview]]):
    """Every consultation with its headline numbers, by opening time."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DescribeConsultation(Order[ConsultationDetail]):
    """One consultation in detail."""

    slug: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ReadStatistics(Order[tuple[Consultation, ConsultationStatistics]]):
    """The consultation named by `slug` and its figures."""

    slug: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CollectExport(Order[ConsultationExport]):
    """The consultation's document, figures and comments, read in one transaction.

    What anyone may see (core.visibility), unless `organiser`: then every comment, marked with
    its state, and the moderation audit log.
    """

    slug: str
    organiser: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class SimulationSummary:
    """What `demo-votes` stored, and where the opening moved to make room for it (or None)."""

    consultation: Consultation
    people: int
    votes: int
    comments: int
    replies: int
    comment_votes: int
    moved_opening: datetime | None


@dataclass(frozen=True, slots=True, kw_only=True)
class SimulateVotes(Order[SimulationSummary]):
    """Fill a consultation nobody has voted on with simulated participation (core.simulation).

    The activity spans at least `days` days up to now: the opening moves back if it is later.
    """

    slug: str
    people: int
    seed: int
    days: int


@dataclass(frozen=True, slots=True, kw_only=True)
class SetDigest(Order[DigestSetting | None]):
    """Turn the consultation's digest on at this interval, or off (None)."""

    slug: str
    every: DigestEvery | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ReadDigest(Order[tuple[Consultation, DigestSetting | None]]):
    """The consultation and its digest setting (None: off)."""

    slug: str
