"""Opinion groups: each consultation's latest computed groups (core.opinions).

Revision ID: 0030
Revises: 0028
Create Date: 2026-12-08

One row per consultation, replaced at each computation; nothing to fill for existing ones
(the first recompute or `townhall groups` writes it).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0030"
down_revision: str | Sequence[str] | None = "0028"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "opinion_groups",
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("vote_count", sa.Integer(), nullable=False),
        sa.Column("duration_seconds", sa.Float(), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("map", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_opinion_groups_consultation_id_consultations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("consultation_id", name=op.f("pk_opinion_groups")),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("opinion_groups")
