"""The digest tables (core.digests): each consultation's setting, its claimed periods, opt-ins."""

from datetime import datetime

from sqlalchemy import Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.row_base import SHORT, Base, UtcDateTime, cascade


class DigestSettingRow(Base):
    """A consultation whose digest is on: how often (`1d`, `1w`) and since when."""

    __tablename__ = "digest_settings"

    consultation_id: Mapped[int] = mapped_column(cascade("consultations.id"), primary_key=True)
    every: Mapped[str] = mapped_column(String(SHORT))
    since: Mapped[datetime] = mapped_column(UtcDateTime())


class DigestPeriodRow(Base):
    """A digest period claimed by a worker: the unique end makes a second claim a no-op."""

    __tablename__ = "digest_periods"
    __table_args__ = (UniqueConstraint("consultation_id", "period_end"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    consultation_id: Mapped[int] = mapped_column(cascade("consultations.id"))
    every: Mapped[str] = mapped_column(String(SHORT))
    period_start: Mapped[datetime] = mapped_column(UtcDateTime())
    period_end: Mapped[datetime] = mapped_column(UtcDateTime())
    votes: Mapped[int]
    comments: Mapped[int]
    participants: Mapped[int]
    controversial: Mapped[int | None]
    agreement: Mapped[int | None]


class DigestSubscriberRow(Base):
    """A participant who asked for a consultation's digests."""

    __tablename__ = "digest_subscribers"

    consultation_id: Mapped[int] = mapped_column(cascade("consultations.id"), primary_key=True)
    participant_id: Mapped[int] = mapped_column(cascade("participants.id"), primary_key=True)
