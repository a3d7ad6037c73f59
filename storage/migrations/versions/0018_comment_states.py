"""Comments: a state (published, held, hidden, deleted, removed) for moderation.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07

Every existing comment is published, so the paragraph tallies' comment counters, which count
published comments from now on, stay right as they are.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | Sequence[str] | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column(
        "comments",
        sa.Column("state", sa.String(length=16), server_default="published", nullable=False),
    )


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("comments") as batch:
        batch.drop_column("state")
