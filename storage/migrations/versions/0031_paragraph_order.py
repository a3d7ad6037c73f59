"""Consultations: which unvoted paragraph a participant is shown next (import --order).

Revision ID: 0031
Revises: 0027
Create Date: 2026-12-08

Every existing consultation keeps the document order it had. The column is dropped without
batch mode, which on SQLite would recreate `consultations` and with foreign keys on
cascade-delete everything that belongs to them (see 0003, 0016).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0031"
down_revision: str | Sequence[str] | None = "0027"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column(
        "consultations",
        sa.Column(
            "paragraph_order", sa.String(length=16), server_default="document", nullable=False
        ),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_column("consultations", "paragraph_order")
