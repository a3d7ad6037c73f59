"""The delivery tables: the outbox, broadcasts and their release times, and reminders."""

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.row_base import NAME, SHORT, Base, UtcDateTime, cascade

OUTBOX_STATUSES = "'pending', 'sending', 'sent', 'failed', 'unreachable', 'skipped'"
REMINDER_STATUSES = "'pending', 'sending', 'sent', 'skipped'"


class BroadcastRow(Base):
    """One release to many recipients, so its outbox rows can be reported on together."""

    __tablename__ = "broadcasts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    consultation_id: Mapped[int] = mapped_column(cascade("consultations.id"), index=True)
    description: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    # The platform request that asked for it, so a redelivered command opens nothing new.
    request_key: Mapped[str | None] = mapped_column(String(NAME), unique=True, index=True)


class ReleaseRow(Base):
    """When a broadcast releases one paragraph; until then (unless cancelled) it is held back."""

    __tablename__ = "releases"
    __table_args__ = (
        # What is held in a consultation: its releases grouped by paragraph.
        Index("ix_releases_consultation_id_paragraph_id", "consultation_id", "paragraph_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    broadcast_id: Mapped[int] = mapped_column(cascade("broadcasts.id"), index=True)
    consultation_id: Mapped[int] = mapped_column(cascade("consultations.id"))
    paragraph_id: Mapped[int] = mapped_column(cascade("paragraphs.id"), index=True)
    release_at: Mapped[datetime] = mapped_column(UtcDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class ChannelPostRow(Base):
    """A paragraph card posted in a linked group or channel, kept to refresh its tally."""

    __tablename__ = "channel_posts"
    __table_args__ = (UniqueConstraint("channel_id", "message_ref"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel_id: Mapped[int] = mapped_column(cascade("channels.id"))
    paragraph_id: Mapped[int] = mapped_column(cascade("paragraphs.id"), index=True)
    message_ref: Mapped[str] = mapped_column(String(NAME))
    posted_at: Mapped[datetime] = mapped_column(UtcDateTime())


class OutboxRow(Base):
    """A push waiting to be sent, being sent (claimed with a lease) or finished."""

    __tablename__ = "outbox"
    __table_args__ = (
        CheckConstraint(f"status IN ({OUTBOX_STATUSES})", name="status"),
        # The claim: pending rows in priority and due order, and sending ones by status.
        Index("ix_outbox_status_priority_due_at", "status", "priority", "due_at"),
        # Stopping every pending push to a recipient who blocked the bot.
        Index(
            "ix_outbox_platform_tenant_address_status", "platform", "tenant", "address", "status"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(NAME), unique=True)
    platform: Mapped[str] = mapped_column(String(SHORT))
    tenant: Mapped[str] = mapped_column(String(NAME))
    address: Mapped[str] = mapped_column(String(NAME))
    # The foreign keys are indexed so that deleting what they point to finds the rows quickly.
    participant_id: Mapped[int | None] = mapped_column(cascade("participants.id"), index=True)
    channel_id: Mapped[int | None] = mapped_column(cascade("channels.id"), index=True)
    kind: Mapped[str] = mapped_column(String(SHORT))
    consultation_id: Mapped[int] = mapped_column(cascade("consultations.id"), index=True)
    paragraph_id: Mapped[int | None] = mapped_column(cascade("paragraphs.id"), index=True)
    # The reply a REPLY push tells a comment's author about.
    comment_id: Mapped[int | None] = mapped_column(cascade("comments.id"), index=True)
    broadcast_id: Mapped[int | None] = mapped_column(cascade("broadcasts.id"), index=True)
    post_id: Mapped[int | None] = mapped_column(cascade("channel_posts.id"), index=True)
    priority: Mapped[int] = mapped_column(SmallInteger)
    status: Mapped[str] = mapped_column(String(SHORT))
    attempts: Mapped[int]
    due_at: Mapped[datetime] = mapped_column(UtcDateTime())
    claimed_by: Mapped[str | None] = mapped_column(String(NAME))
    claimed_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class ReminderRow(Base):
    """A reminder planned `offset_minutes` before a consultation closes, for one participant."""

    __tablename__ = "reminders"
    __table_args__ = (
        # Planning twice, or once per worker, leaves one row; it also serves per-consultation
        # lookups (move, pending) as a prefix.
        UniqueConstraint("consultation_id", "participant_id", "offset_minutes"),
        CheckConstraint(f"status IN ({REMINDER_STATUSES})", name="status"),
        Index("ix_reminders_status_due_at", "status", "due_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    consultation_id: Mapped[int] = mapped_column(cascade("consultations.id"))
    participant_id: Mapped[int] = mapped_column(cascade("participants.id"), index=True)
    offset_minutes: Mapped[int]
    due_at: Mapped[datetime] = mapped_column(UtcDateTime())
    status: Mapped[str] = mapped_column(String(SHORT))
    claimed_by: Mapped[str | None] = mapped_column(String(NAME))
    claimed_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # Why a skipped reminder was not sent (superseded, finished, muted, closed...).
    reason: Mapped[str | None] = mapped_column(Text)
