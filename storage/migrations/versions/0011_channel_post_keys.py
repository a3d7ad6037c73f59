"""Channels: the platform request that posted the last paragraph, so a redelivery reposts it.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07

`last_post_key` is NULL for every existing channel. The column is added and dropped in place.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column("channels", sa.Column("last_post_key", sa.String(length=255), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_column("channels", "last_post_key")
