"""The opinion-groups table: each consultation's latest computed groups, as JSON documents."""

from datetime import datetime

from sqlalchemy import Float, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.row_base import Base, UtcDateTime, cascade


class OpinionGroupsRow(Base):
    """The latest result (core.opinions.OpinionGroups) and its participants' map.

    The stamp is in columns (read on its own, cheaply); `result` and `map` are JSON documents
    read only by those who need them (storage/opinion_documents.py).
    """

    __tablename__ = "opinion_groups"

    consultation_id: Mapped[int] = mapped_column(cascade("consultations.id"), primary_key=True)
    computed_at: Mapped[datetime] = mapped_column(UtcDateTime())
    vote_count: Mapped[int] = mapped_column(Integer)
    duration_seconds: Mapped[float] = mapped_column(Float)
    result: Mapped[str] = mapped_column(Text)
    map: Mapped[str] = mapped_column(Text)
