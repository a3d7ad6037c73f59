"""The live dashboard's tables: each consultation's dashboard, and the server's secrets."""

from sqlalchemy import Boolean, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column

from storage.row_base import NAME, Base, cascade


class DashboardRow(Base):
    """Published openly or not, and the generation every link is signed with (no row: 0)."""

    __tablename__ = "dashboards"

    consultation_id: Mapped[int] = mapped_column(cascade("consultations.id"), primary_key=True)
    published: Mapped[bool] = mapped_column(Boolean, server_default=false())
    generation: Mapped[int] = mapped_column(Integer, server_default="0")


class ServerSecretRow(Base):
    """A secret the server makes once and every process shares (the dashboard links' key)."""

    __tablename__ = "server_secrets"

    name: Mapped[str] = mapped_column(String(NAME), primary_key=True)
    value: Mapped[str] = mapped_column(String(128))
