"""Broadcasts: the platform request that asked for each, so a redelivery opens nothing new.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07

`request_key` is NULL for every existing broadcast (and for those the CLI queues); a unique
index lets many NULLs coexist on SQLite and PostgreSQL alike.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column("broadcasts", sa.Column("request_key", sa.String(length=255), nullable=True))
    op.create_index(
        op.f("ix_broadcasts_request_key"), "broadcasts", ["request_key"], unique=True
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index(op.f("ix_broadcasts_request_key"), table_name="broadcasts")
    op.drop_column("broadcasts", "request_key")
