"""Releases: when each paragraph of a broadcast is released, so a drip holds the rest back.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07

Broadcasts queued before this revision have no release rows, so they hold nothing back, as
before.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _cascade(column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{target}.id"],
        name=op.f(f"fk_releases_{column}_{target}"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "releases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("broadcast_id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("paragraph_id", sa.Integer(), nullable=False),
        sa.Column("release_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        _cascade("broadcast_id", "broadcasts"),
        _cascade("consultation_id", "consultations"),
        _cascade("paragraph_id", "paragraphs"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_releases")),
    )
    op.create_index(op.f("ix_releases_broadcast_id"), "releases", ["broadcast_id"])
    op.create_index(op.f("ix_releases_paragraph_id"), "releases", ["paragraph_id"])
    op.create_index(
        "ix_releases_consultation_id_paragraph_id",
        "releases",
        ["consultation_id", "paragraph_id"],
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index("ix_releases_consultation_id_paragraph_id", table_name="releases")
    op.drop_index(op.f("ix_releases_paragraph_id"), table_name="releases")
    op.drop_index(op.f("ix_releases_broadcast_id"), table_name="releases")
    op.drop_table("releases")
