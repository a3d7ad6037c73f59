"""Consultations: whether they hold simulated votes and comments (`townhall demo-votes`).

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-07

Every existing consultation holds real data. The column is dropped without batch mode, which
on SQLite would recreate `consultations` and with foreign keys on cascade-delete everything
that belongs to them (see 0003, 0016, 0020).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | Sequence[str] | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column(
        "consultations",
        sa.Column("simulated", sa.Boolean(), server_default=sa.false(), nullable=False),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_column("consultations", "simulated")
