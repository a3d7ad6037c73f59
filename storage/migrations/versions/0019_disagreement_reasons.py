"""Reasons for disagreeing: the consultation's setting, the awaited reason, the vote's reason.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07

Existing consultations ask for reasons as optional ones (the default); no enrolment awaits a
reason and no vote has one.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | Sequence[str] | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column(
        "consultations",
        sa.Column("reasons", sa.String(length=16), server_default="optional", nullable=False),
    )
    op.add_column(
        "enrolments",
        sa.Column("awaiting_reason", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.add_column("votes", sa.Column("reason_comment_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    # In place (SQLite 3.35+ drops a plain column): recreating `consultations` in batch mode
    # would cascade-delete everything that refers to it.
    op.drop_column("votes", "reason_comment_id")
    op.drop_column("enrolments", "awaiting_reason")
    op.drop_column("consultations", "reasons")
