"""The tables of the in-memory database and the transactions that read and write them.

Transactions mirror what the SQL backends guarantee: a reader sees the committed state (plus
its own writes); the first write takes the database's write lock and a private copy of the
committed tables, and commit publishes that copy. So concurrent units of work never lose each
other's writes, and nobody sees another's uncommitted changes.
"""

import asyncio
import dataclasses
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from core.amendments import Amendment, ParagraphVersion
from core.dashboards import DashboardState
from core.delivery import OutboxItem, Reminder
from core.digests import DigestPeriod, DigestSetting
from core.model import (
    Channel,
    Choice,
    CommentState,
    Consultation,
    Draft,
    Enrolment,
    Invitation,
    Paragraph,
    Participant,
    ParticipantRef,
    Section,
    Vote,
)
from core.moderation import LogEntry, Report
from core.opinions import OpinionGroups, ParticipantPoint

# SQLite's busy_timeout: a writer that cannot get the lock in this time fails instead of hanging.
LOCK_TIMEOUT_SECONDS = 5.0


def to_utc(moment: datetime) -> datetime:
    """The same instant in UTC; naive datetimes are refused, as the SQL column type does."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"naive datetime {moment.isoformat()} refused: store aware UTC")
    return moment.astimezone(UTC)


def to_minutes(offset: timedelta) -> int:
    """The offset in whole minutes, as the SQL backends store it; seconds are refused."""
    if offset % timedelta(minutes=1):
        raise ValueError(f"offset {offset} refused: store whole minutes")
    return offset // timedelta(minutes=1)


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredComment:
    """A comments row: author name and scores are joined in when it is read."""

    id: int
    consultation_id: int
    paragraph_id: int
    participant_id: int
    parent_id: int | None
    body: str
    created_at: datetime
    idempotency_key: str | None
    state: CommentState = CommentState.PUBLISHED


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredBroadcast:
    """A broadcasts row."""

    id: int
    consultation_id: int
    description: str
    created_at: datetime
    request_key: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredRelease:
    """A releases row: when a broadcast releases one paragraph, unless cancelled."""

    id: int
    broadcast_id: int
    consultation_id: int
    paragraph_id: int
    release_at: datetime
    cancelled_at: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredPost:
    """A channel_posts row: a paragraph card posted in a linked chat."""

    id: int
    channel_id: int
    paragraph_id: int
    message_ref: str
    posted_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredDelivery:
    """An outbox row: the delivery plus who holds it and when it was written and sent."""

    delivery: OutboxItem
    claimed_by: str | None = None
    claimed_until: datetime | None = None
    created_at: datetime
    sent_at: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredReminder:
    """A reminders row: the reminder plus its status and who holds it."""

    reminder: Reminder
    status: str = "pending"
    claimed_by: str | None = None
    claimed_until: datetime | None = None
    reason: str | None = None


@dataclass(slots=True)
class MemoryTables:
    """Every table, keyed like its primary or unique key; values are frozen."""

    consultations: dict[int, Consultation] = field(default_factory=dict)
    consultation_keys: dict[str, int] = field(default_factory=dict)  # the unique request_key
    sections: dict[int, Section] = field(default_factory=dict)
    paragraphs: dict[int, Paragraph] = field(default_factory=dict)
    participants: dict[int, Participant] = field(default_factory=dict)
    enrolments: dict[tuple[int, int], Enrolment] = field(default_factory=dict)
    votes: dict[tuple[int, int], Vote] = field(default_factory=dict)  # (paragraph, participant)
    vote_events: list[Vote] = field(default_factory=list)
    # (paragraph, participant): the comment given as the reason for that Disagree.
    vote_reasons: dict[tuple[int, int], int] = field(default_factory=dict)
    comments: dict[int, StoredComment] = field(default_factory=dict)
    comment_votes: dict[tuple[int, int], int] = field(default_factory=dict)
    invitations: dict[int, Invitation] = field(default_factory=dict)
    organisers: list[ParticipantRef] = field(default_factory=list)
    channels: dict[int, Channel] = field(default_factory=dict)
    drafts: dict[ParticipantRef, Draft] = field(default_factory=dict)
    broadcasts: dict[int, StoredBroadcast] = field(default_factory=dict)
    releases: dict[int, StoredRelease] = field(default_factory=dict)
    posts: dict[int, StoredPost] = field(default_factory=dict)
    outbox: dict[int, StoredDelivery] = field(default_factory=dict)
    outbox_keys: dict[str, int] = field(default_factory=dict)  # the unique index on key
    reminders: dict[int, StoredReminder] = field(default_factory=dict)
    # Moderation (core.moderation): settings, words, reports, moderators, blocks, log, notices.
    moderation_settings: dict[int, tuple[bool, int | None]] = field(default_factory=dict)
    moderation_words: set[tuple[int, str]] = field(default_factory=set)
    reports: dict[tuple[int, int], Report] = field(default_factory=dict)
    moderators: set[tuple[int, ParticipantRef]] = field(default_factory=set)
    blocks: set[tuple[int, int]] = field(default_factory=set)
    moderation_log: list[LogEntry] = field(default_factory=list)
    moderation_notices: dict[tuple[int, ParticipantRef], datetime] = field(default_factory=dict)
    # Digests (core.digests): settings by consultation, periods by (consultation, end), opt-ins.
    digest_settings: dict[int, DigestSetting] = field(default_factory=dict)
    digest_periods: dict[tuple[int, datetime], DigestPeriod] = field(default_factory=dict)
    digest_subscribers: set[tuple[int, int]] = field(default_factory=set)
    # The live dashboard (core.dashboards): each consultation's state; the server's secrets.
    dashboards: dict[int, DashboardState] = field(default_factory=dict)
    secrets: dict[str, str] = field(default_factory=dict)
    pseudonym_keys: dict[int, bytes] = field(default_factory=dict)  # by consultation
    # Amendments (core.amendments): stored without author name and votes (joined when read);
    # their idempotency keys; votes by (amendment, participant); prompts by participant;
    # versions by paragraph.
    amendments: dict[int, Amendment] = field(default_factory=dict)
    amendment_keys: dict[tuple[int, str], int] = field(default_factory=dict)
    amendment_votes: dict[tuple[int, int], tuple[Choice, datetime]] = field(default_factory=dict)
    wording_prompts: dict[int, tuple[int, int]] = field(default_factory=dict)
    paragraph_versions: dict[int, tuple[ParagraphVersion, ...]] = field(default_factory=dict)
    # Opinion groups (core.opinions): the latest result and its map, by consultation.
    opinions: dict[int, tuple[OpinionGroups, tuple[ParticipantPoint, ...]]] = field(
        default_factory=dict
    )
    last_ids: dict[str, int] = field(default_factory=dict)

    def copy(self) -> "MemoryTables":
        """A copy whose containers can change without touching this one."""
        return MemoryTables(
            **{
                table.name: type(getattr(self, table.name))(getattr(self, table.name))
                for table in dataclasses.fields(self)
            }
        )

    def next_id(self, table: str) -> int:
        """The next id of a table, like an autoincrement key."""
        self.last_ids[table] = self.last_ids.get(table, 0) + 1
        return self.last_ids[table]


class MemoryDatabase:
    """The committed state shared by every FakeUnitOfWork built on it."""

    def __init__(self) -> None:
        self.tables = MemoryTables()
        self.write_lock = asyncio.Lock()


class MemoryTransaction:
    """One unit of work's view of the database."""

    def __init__(self, database: MemoryDatabase) -> None:
        self._database = database
        self._working: MemoryTables | None = None

    async def reading(self) -> MemoryTables:
        """Own uncommitted writes if any, else the latest committed state."""
        return self._working if self._working is not None else self._database.tables

    async def writing(self) -> MemoryTables:
        """A private copy of the committed state, taken under the write lock."""
        if self._working is None:
            try:
                async with asyncio.timeout(LOCK_TIMEOUT_SECONDS):
                    await self._database.write_lock.acquire()
            except TimeoutError:
                raise TimeoutError("database is locked by another unit of work") from None
            self._working = self._database.tables.copy()
        return self._working

    def commit(self) -> None:
        """Publish the writes and release the lock."""
        if self._working is not None:
            self._database.tables = self._working
        self._release()

    def rollback(self) -> None:
        """Drop the writes and release the lock."""
        self._release()

    def _release(self) -> None:
        if self._working is not None:
            self._working = None
            self._database.write_lock.release()
