"""The moderation tables: settings, filtered words, reports, moderators, blocks, audit log."""

from datetime import datetime

from sqlalchemy import Boolean, Index, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from storage.row_base import NAME, SHORT, Base, UtcDateTime, cascade


class ModerationSettingsRow(Base):
    """A consultation's pre-moderation and report threshold (no row, or NULL: the defaults)."""

    __tablename__ = "moderation_settings"

    consultation_id: Mapped[int] = mapped_column(cascade("consultations.id"), primary_key=True)
    premoderate: Mapped[bool] = mapped_column(Boolean, server_default=false())
    hide_after: Mapped[int | None] = mapped_column(Integer)


class ModerationWordRow(Base):
    """A word whose comments are held for review; stored folded (core.moderation.fold)."""

    __tablename__ = "moderation_words"

    consultation_id: Mapped[int] = mapped_column(cascade("consultations.id"), primary_key=True)
    word: Mapped[str] = mapped_column(String(NAME), primary_key=True)


class CommentReportRow(Base):
    """One participant's report of one comment: the primary key makes a second one a no-op."""

    __tablename__ = "comment_reports"

    comment_id: Mapped[int] = mapped_column(cascade("comments.id"), primary_key=True)
    participant_id: Mapped[int] = mapped_column(cascade("participants.id"), primary_key=True)
    consultation_id: Mapped[int] = mapped_column(cascade("consultations.id"), index=True)
    reason: Mapped[str] = mapped_column(String(SHORT))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ModeratorRow(Base):
    """Someone who moderates one consultation without being an organiser."""

    __tablename__ = "moderators"

    consultation_id: Mapped[int] = mapped_column(cascade("consultations.id"), primary_key=True)
    platform: Mapped[str] = mapped_column(String(SHORT), primary_key=True)
    tenant: Mapped[str] = mapped_column(String(NAME), primary_key=True)
    external_id: Mapped[str] = mapped_column(String(NAME), primary_key=True)


class ModerationNoticeRow(Base):
    """When a moderator (organisers too) was last told about the queue: one push per 10 min."""

    __tablename__ = "moderation_notices"

    consultation_id: Mapped[int] = mapped_column(cascade("consultations.id"), primary_key=True)
    platform: Mapped[str] = mapped_column(String(SHORT), primary_key=True)
    tenant: Mapped[str] = mapped_column(String(NAME), primary_key=True)
    external_id: Mapped[str] = mapped_column(String(NAME), primary_key=True)
    notified_at: Mapped[datetime] = mapped_column(UtcDateTime())


class BlockRow(Base):
    """A participant blocked from commenting in one consultation (they may still vote)."""

    __tablename__ = "blocks"

    consultation_id: Mapped[int] = mapped_column(cascade("consultations.id"), primary_key=True)
    participant_id: Mapped[int] = mapped_column(cascade("participants.id"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ModerationLogRow(Base):
    """An audit log entry: every report, hide, restore, approval, block and unblock."""

    __tablename__ = "moderation_log"
    __table_args__ = (Index("ix_moderation_log_consultation_id_id", "consultation_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    consultation_id: Mapped[int] = mapped_column(cascade("consultations.id"))
    action: Mapped[str] = mapped_column(String(SHORT))
    actor: Mapped[str] = mapped_column(String(NAME))
    # Plain ids, no foreign keys: the log outlives what it names (a comment erased by /forget).
    comment_id: Mapped[int | None] = mapped_column(Integer)
    participant_id: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
