"""Consultations: whether an opening on the calendar has been announced to the linked chats.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07

`opening_announced` is true for every existing consultation except those still waiting for
their opening time (open, with `opens_at` ahead): those are announced when it comes. The column
is added and dropped in place, as in 0003, never by recreating `consultations`.
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column(
        "consultations",
        sa.Column("opening_announced", sa.Boolean(), server_default=sa.true(), nullable=False),
    )
    consultations = sa.table(
        "consultations",
        sa.column("status", sa.String()),
        sa.column("opens_at", sa.DateTime(timezone=True)),
        sa.column("opening_announced", sa.Boolean()),
    )
    op.execute(
        consultations.update()
        .where(consultations.c.status == "open", consultations.c.opens_at > datetime.now(UTC))
        .values(opening_announced=False)
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_column("consultations", "opening_announced")
