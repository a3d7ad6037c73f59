"""Digests: each consultation's setting, the periods claimed, and the participants opted in.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-07

Empty tables: every consultation's digest starts off, and nobody has asked for one.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025"
down_revision: str | Sequence[str] | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _consultation(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["consultation_id"],
        ["consultations.id"],
        name=op.f(f"fk_{table}_consultation_id_consultations"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "digest_settings",
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("every", sa.String(length=16), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        _consultation("digest_settings"),
        sa.PrimaryKeyConstraint("consultation_id", name=op.f("pk_digest_settings")),
    )
    op.create_table(
        "digest_periods",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("every", sa.String(length=16), nullable=False),
        sa.Column("period_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("period_end", sa.DateTime(timezone=True), nullable=False),
        sa.Column("votes", sa.Integer(), nullable=False),
        sa.Column("comments", sa.Integer(), nullable=False),
        sa.Column("participants", sa.Integer(), nullable=False),
        sa.Column("controversial", sa.Integer(), nullable=True),
        sa.Column("agreement", sa.Integer(), nullable=True),
        _consultation("digest_periods"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_digest_periods")),
        sa.UniqueConstraint(
            "consultation_id", "period_end", name=op.f("uq_digest_periods_consultation_id_period_end")
        ),
    )
    op.create_table(
        "digest_subscribers",
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        _consultation("digest_subscribers"),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_digest_subscribers_participant_id_participants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "consultation_id", "participant_id", name=op.f("pk_digest_subscribers")
        ),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("digest_subscribers")
    op.drop_table("digest_periods")
    op.drop_table("digest_settings")
