"""The database tables as SQLAlchemy declarative rows; they never leave storage/."""

from datetime import datetime, timedelta

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    false,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column

from core.model import DEFAULT_REMINDER_OFFSETS
from storage.row_base import NAME, SHORT, MinuteOffsets, UtcDateTime, cascade, to_minutes
from storage.row_base import Base as Base  # re-exported: its metadata holds every table

# The delivery tables live in their own module; importing them here puts them in Base.metadata
# for everything that reads the whole schema (migrations, tests that truncate every table).
from storage.rows_amendments import AmendmentRow as AmendmentRow
from storage.rows_amendments import AmendmentVoteRow as AmendmentVoteRow
from storage.rows_amendments import ParagraphVersionRow as ParagraphVersionRow
from storage.rows_amendments import WordingPromptRow as WordingPromptRow
from storage.rows_dashboards import DashboardRow as DashboardRow
from storage.rows_dashboards import ServerSecretRow as ServerSecretRow
from storage.rows_delivery import BroadcastRow as BroadcastRow
from storage.rows_delivery import ChannelPostRow as ChannelPostRow
from storage.rows_delivery import OutboxRow as OutboxRow
from storage.rows_delivery import ReleaseRow as ReleaseRow
from storage.rows_delivery import ReminderRow as ReminderRow
from storage.rows_digests import DigestPeriodRow as DigestPeriodRow
from storage.rows_digests import DigestSettingRow as DigestSettingRow
from storage.rows_digests import DigestSubscriberRow as DigestSubscriberRow
from storage.rows_inbox import InboxEventRow as InboxEventRow
from storage.rows_moderation import BlockRow as BlockRow
from storage.rows_moderation import CommentReportRow as CommentReportRow
from storage.rows_moderation import ModerationLogRow as ModerationLogRow
from storage.rows_moderation import ModerationNoticeRow as ModerationNoticeRow
from storage.rows_moderation import ModerationSettingsRow as ModerationSettingsRow
from storage.rows_moderation import ModerationWordRow as ModerationWordRow
from storage.rows_moderation import ModeratorRow as ModeratorRow
from storage.rows_open_data import PseudonymKeyRow as PseudonymKeyRow
from storage.rows_opinions import OpinionGroupsRow as OpinionGroupsRow

# The core's default offsets as stored ("10080,1440,120"); migration 0003 gave it to the
# consultations that existed before reminder offsets did.
DEFAULT_REMINDER_MINUTES = ",".join(str(to_minutes(o)) for o in DEFAULT_REMINDER_OFFSETS)


class ConsultationRow(Base):
    """A consultation and its calendar."""

    __tablename__ = "consultations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    request_key: Mapped[str | None] = mapped_column(String(NAME), unique=True, index=True)
    title: Mapped[str] = mapped_column(String(NAME))
    description: Mapped[str] = mapped_column(Text)
    opens_at: Mapped[datetime] = mapped_column(UtcDateTime())
    closes_at: Mapped[datetime] = mapped_column(UtcDateTime())
    status: Mapped[str] = mapped_column(String(SHORT))
    privacy: Mapped[str] = mapped_column(String(SHORT))
    results_visibility: Mapped[str] = mapped_column(String(SHORT))
    reminder_offsets: Mapped[tuple[timedelta, ...]] = mapped_column(
        MinuteOffsets(), server_default=DEFAULT_REMINDER_MINUTES
    )
    # False while an opening on the calendar is still to be announced to the linked chats.
    opening_announced: Mapped[bool] = mapped_column(Boolean, server_default=true())
    # Names the paragraphs and sections (core.content), so processes may cache them by it.
    content_revision: Mapped[str] = mapped_column(String(32), server_default="")
    # core.model.Reasons: whether a Disagree asks for a reason, and waits for it.
    reasons: Mapped[str] = mapped_column(String(SHORT), server_default="optional")
    # Comments show no author's name anywhere (core.model.Consultation.anonymous_comments).
    anonymous_comments: Mapped[bool] = mapped_column(Boolean, server_default=false())
    # Holds simulated votes and comments (core.model.Consultation.simulated).
    simulated: Mapped[bool] = mapped_column(Boolean, server_default=false())
    # core.model.ParagraphOrder: which unvoted paragraph a participant is shown next.
    paragraph_order: Mapped[str] = mapped_column(String(SHORT), server_default="document")


class SectionRow(Base):
    """A heading of a consultation's document."""

    __tablename__ = "sections"
    __table_args__ = (UniqueConstraint("consultation_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    consultation_id: Mapped[int] = mapped_column(cascade("consultations.id"))
    position: Mapped[int]
    heading: Mapped[str] = mapped_column(Text)


class ParagraphRow(Base):
    """A numbered paragraph; the unique (consultation, position) index serves every lookup."""

    __tablename__ = "paragraphs"
    __table_args__ = (UniqueConstraint("consultation_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    consultation_id: Mapped[int] = mapped_column(cascade("consultations.id"))
    section_id: Mapped[int | None] = mapped_column(cascade("sections.id"), index=True)
    position: Mapped[int]
    number: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    # core.model.ParagraphStatus: "voting", or "decided" (its text final, no more votes).
    status: Mapped[str] = mapped_column(String(SHORT), server_default="voting")


class ParagraphTallyRow(Base):
    """A paragraph's vote and comment counts, kept up to date by every vote and comment.

    Updated in the same transaction as the vote or comment it counts, so a card reads its
    tally from one row however many votes the paragraph has. A paragraph nobody voted on or
    commented yet may have no row: its counts are zero.
    """

    __tablename__ = "paragraph_tallies"

    paragraph_id: Mapped[int] = mapped_column(cascade("paragraphs.id"), primary_key=True)
    agree: Mapped[int] = mapped_column(Integer, server_default="0")
    disagree: Mapped[int] = mapped_column(Integer, server_default="0")
    comments: Mapped[int] = mapped_column(Integer, server_default="0")


class ParticipantRow(Base):
    """A person on one platform."""

    __tablename__ = "participants"
    __table_args__ = (UniqueConstraint("platform", "tenant", "external_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(SHORT))
    tenant: Mapped[str] = mapped_column(String(NAME))
    external_id: Mapped[str] = mapped_column(String(NAME))
    display_name: Mapped[str] = mapped_column(String(NAME))
    reachable: Mapped[bool] = mapped_column(Boolean)


class CommentRow(Base):
    """A comment or reply; the idempotency key makes a retried submission harmless."""

    __tablename__ = "comments"
    __table_args__ = (
        # NULL keys never collide, so comments without a key are always stored.
        UniqueConstraint("participant_id", "idempotency_key"),
        Index("ix_comments_paragraph_id_parent_id", "paragraph_id", "parent_id"),
        Index("ix_comments_consultation_id_created_at", "consultation_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    consultation_id: Mapped[int] = mapped_column(cascade("consultations.id"))
    paragraph_id: Mapped[int] = mapped_column(cascade("paragraphs.id"))
    participant_id: Mapped[int] = mapped_column(cascade("participants.id"))
    parent_id: Mapped[int | None] = mapped_column(cascade("comments.id"), index=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    idempotency_key: Mapped[str | None] = mapped_column(String(NAME))
    # core.model.CommentState: only published comments are counted and shown to the public.
    state: Mapped[str] = mapped_column(String(SHORT), server_default="published")


class EnrolmentRow(Base):
    """A participant's cursor and conversation state in one consultation."""

    __tablename__ = "enrolments"
    # Every press changes `last_seen_at`: no index holds it, so the press's update changes no
    # index entry (on PostgreSQL a HOT update, room for it kept by the fillfactor; migration
    # 0023). A person's few enrolments are sorted by it when read, not indexed.
    __table_args__ = (
        Index("ix_enrolments_participant_id", "participant_id"),
        {"postgresql_with": {"fillfactor": 80}},
    )

    consultation_id: Mapped[int] = mapped_column(cascade("consultations.id"), primary_key=True)
    participant_id: Mapped[int] = mapped_column(cascade("participants.id"), primary_key=True)
    cursor: Mapped[int]
    awaiting_paragraph_id: Mapped[int | None] = mapped_column(
        ForeignKey("paragraphs.id", ondelete="SET NULL")
    )
    awaiting_reply_to: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="SET NULL")
    )
    muted: Mapped[bool] = mapped_column(Boolean)
    active: Mapped[bool] = mapped_column(Boolean)
    joined_at: Mapped[datetime] = mapped_column(UtcDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(UtcDateTime())
    # The awaited comment is the reason for a Disagree on `awaiting_paragraph_id`.
    awaiting_reason: Mapped[bool] = mapped_column(Boolean, server_default=false())


class VoteRow(Base):
    """The current vote of a participant on a paragraph."""

    __tablename__ = "votes"
    __table_args__ = (
        UniqueConstraint("paragraph_id", "participant_id"),
        CheckConstraint("choice IN ('agree', 'disagree')", name="choice"),
        # The statistics GROUP BY paragraph and choice reads this index only.
        Index(
            "ix_votes_consultation_id_paragraph_id_choice",
            "consultation_id",
            "paragraph_id",
            "choice",
        ),
        # Per-person counts, "which paragraphs have I voted on" and the unvoted reminders.
        Index("ix_votes_consultation_id_participant_id", "consultation_id", "participant_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    consultation_id: Mapped[int] = mapped_column(cascade("consultations.id"))
    paragraph_id: Mapped[int] = mapped_column(cascade("paragraphs.id"))
    participant_id: Mapped[int] = mapped_column(cascade("participants.id"))
    choice: Mapped[str] = mapped_column(String(SHORT))
    cast_at: Mapped[datetime] = mapped_column(UtcDateTime())
    # The comment the person gave as the reason for this Disagree; a changed vote drops it.
    # No foreign key: SQLite cannot add one to an existing table without rebuilding it.
    reason_comment_id: Mapped[int | None] = mapped_column(Integer)


class VoteEventRow(Base):
    """Every vote ever cast, append-only."""

    __tablename__ = "vote_events"
    __table_args__ = (
        CheckConstraint("choice IN ('agree', 'disagree')", name="choice"),
        Index("ix_vote_events_paragraph_id_participant_id", "paragraph_id", "participant_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    consultation_id: Mapped[int] = mapped_column(cascade("consultations.id"), index=True)
    paragraph_id: Mapped[int] = mapped_column(cascade("paragraphs.id"))
    participant_id: Mapped[int] = mapped_column(cascade("participants.id"))
    choice: Mapped[str] = mapped_column(String(SHORT))
    cast_at: Mapped[datetime] = mapped_column(UtcDateTime())


class CommentVoteRow(Base):
    """A participant's +1 or -1 on a comment."""

    __tablename__ = "comment_votes"
    __table_args__ = (CheckConstraint("value IN (-1, 1)", name="value"),)

    comment_id: Mapped[int] = mapped_column(cascade("comments.id"), primary_key=True)
    participant_id: Mapped[int] = mapped_column(cascade("participants.id"), primary_key=True)
    value: Mapped[int] = mapped_column(SmallInteger)


class InvitationRow(Base):
    """An invitation token; NULL uses_left means unlimited."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    consultation_id: Mapped[int] = mapped_column(cascade("consultations.id"), index=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    uses_left: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class OrganiserRow(Base):
    """A platform identity allowed to run organiser commands."""

    __tablename__ = "organisers"
    __table_args__ = (UniqueConstraint("platform", "tenant", "external_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(SHORT))
    tenant: Mapped[str] = mapped_column(String(NAME))
    external_id: Mapped[str] = mapped_column(String(NAME))


class ChannelRow(Base):
    """A group or channel following a consultation; a chat follows one at a time."""

    __tablename__ = "channels"
    __table_args__ = (UniqueConstraint("platform", "tenant", "chat_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(SHORT))
    tenant: Mapped[str] = mapped_column(String(NAME))
    chat_id: Mapped[str] = mapped_column(String(NAME))
    title: Mapped[str] = mapped_column(String(NAME))
    consultation_id: Mapped[int] = mapped_column(cascade("consultations.id"), index=True)
    cursor: Mapped[int]
    linked_at: Mapped[datetime] = mapped_column(UtcDateTime())
    last_post_key: Mapped[str | None] = mapped_column(String(NAME))


class DraftRow(Base):
    """An organiser's consultation being created from chat, one per organiser identity."""

    __tablename__ = "drafts"

    platform: Mapped[str] = mapped_column(String(SHORT), primary_key=True)
    tenant: Mapped[str] = mapped_column(String(NAME), primary_key=True)
    external_id: Mapped[str] = mapped_column(String(NAME), primary_key=True)
    step: Mapped[str] = mapped_column(String(SHORT))
    # Discarding the draft consultation discards the draft with it.
    consultation_id: Mapped[int | None] = mapped_column(cascade("consultations.id"), index=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    answer_key: Mapped[str | None] = mapped_column(String(NAME))
