"""Consultations: whether their comments show no author's name (import --anonymous-comments).

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07

Every existing consultation keeps showing names, as it did. The column is dropped without
batch mode, which on SQLite would recreate `consultations` and with foreign keys on
cascade-delete everything that belongs to them (see 0003, 0016).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | Sequence[str] | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column(
        "consultations",
        sa.Column(
            "anonymous_comments", sa.Boolean(), server_default=sa.false(), nullable=False
        ),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_column("consultations", "anonymous_comments")
