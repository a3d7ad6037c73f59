"""Pseudonym keys: each consultation's secret for the participant ids its exports show.

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-07

A consultation gets its key at its first open-data export (core.open_data), so existing
consultations need none now.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0027"
down_revision: str | Sequence[str] | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "pseudonym_keys",
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_pseudonym_keys_consultation_id_consultations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("consultation_id", name=op.f("pk_pseudonym_keys")),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("pseudonym_keys")
