"""Paragraph status: organisers mark a paragraph decided (its text final) or back to voting.

Revision ID: 0029
Revises: 0030
Create Date: 2026-12-08

Every existing paragraph is still put to the vote. `supported` is computed from the votes
and never stored.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0029"
down_revision: str | Sequence[str] | None = "0030"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column(
        "paragraphs",
        sa.Column("status", sa.String(length=16), server_default="voting", nullable=False),
    )


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("paragraphs") as batch:
        batch.drop_column("status")
