"""The amendment tables (core.amendments): wordings, their votes, prompts, paragraph versions."""

from datetime import datetime

from sqlalchemy import CheckConstraint, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.row_base import NAME, SHORT, Base, UtcDateTime, cascade


class AmendmentRow(Base):
    """A proposed wording of a paragraph; the idempotency key makes a redelivery harmless."""

    __tablename__ = "amendments"
    __table_args__ = (
        # NULL keys never collide, so wordings without a key are always stored.
        UniqueConstraint("participant_id", "idempotency_key"),
        Index("ix_amendments_paragraph_id_state", "paragraph_id", "state"),
        Index("ix_amendments_consultation_id", "consultation_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    consultation_id: Mapped[int] = mapped_column(cascade("consultations.id"))
    paragraph_id: Mapped[int] = mapped_column(cascade("paragraphs.id"))
    participant_id: Mapped[int] = mapped_column(cascade("participants.id"))
    base_version: Mapped[int]
    base_text: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    # core.amendments.AmendmentState
    state: Mapped[str] = mapped_column(String(SHORT))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    idempotency_key: Mapped[str | None] = mapped_column(String(NAME))


class AmendmentVoteRow(Base):
    """A participant's current agree / disagree on an amendment."""

    __tablename__ = "amendment_votes"
    __table_args__ = (CheckConstraint("choice IN ('agree', 'disagree')", name="choice"),)

    amendment_id: Mapped[int] = mapped_column(cascade("amendments.id"), primary_key=True)
    participant_id: Mapped[int] = mapped_column(cascade("participants.id"), primary_key=True)
    choice: Mapped[str] = mapped_column(String(SHORT))
    cast_at: Mapped[datetime] = mapped_column(UtcDateTime())


class WordingPromptRow(Base):
    """A person asked for a wording: their next message is that paragraph's new text."""

    __tablename__ = "wording_prompts"

    participant_id: Mapped[int] = mapped_column(cascade("participants.id"), primary_key=True)
    consultation_id: Mapped[int] = mapped_column(cascade("consultations.id"))
    paragraph_id: Mapped[int] = mapped_column(cascade("paragraphs.id"))


class ParagraphVersionRow(Base):
    """One wording a paragraph had, with the tally it had when the next one replaced it."""

    __tablename__ = "paragraph_versions"

    paragraph_id: Mapped[int] = mapped_column(cascade("paragraphs.id"), primary_key=True)
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    # No foreign key: an accepted amendment is never deleted while its paragraph lives.
    amendment_id: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    agree: Mapped[int] = mapped_column(Integer, server_default="0")
    disagree: Mapped[int] = mapped_column(Integer, server_default="0")
