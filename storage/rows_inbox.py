"""The inbox table: every platform event as it arrived, until handled, then its key for 48 h."""

from datetime import datetime

from sqlalchemy import Index, Integer, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.row_base import NAME, SHORT, Base, UtcDateTime


class InboxEventRow(Base):
    """One incoming event: claimed until `claimed_until`, handled at `handled_at`."""

    __tablename__ = "inbox_events"
    __table_args__ = (
        # A redelivered event (same source and key) is dropped by the insert.
        UniqueConstraint("source", "event_key"),
        # Unhandled events (handled_at IS NULL) by source and lease for the sweep; handled ones
        # by age for the pruning: one index serves both.
        Index(
            "ix_inbox_events_handled_at_source_claimed_until",
            "handled_at",
            "source",
            "claimed_until",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(SHORT))
    event_key: Mapped[str] = mapped_column(String(NAME))
    # The event as the platform sent it; emptied once handled (people's text is not kept).
    body: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime())
    claimed_until: Mapped[datetime] = mapped_column(UtcDateTime())
    attempts: Mapped[int] = mapped_column(SmallInteger)
    handled_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
