"""The open-data table: each consultation's secret key for the pseudonyms its exports show."""

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from storage.row_base import Base, cascade


class PseudonymKeyRow(Base):
    """A random key, made at a consultation's first export (core.open_data.pseudonym)."""

    __tablename__ = "pseudonym_keys"

    consultation_id: Mapped[int] = mapped_column(cascade("consultations.id"), primary_key=True)
    key: Mapped[str] = mapped_column(String(64))  # 32 random bytes, as hex
