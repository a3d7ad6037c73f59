"""Consultations: the submitted form that created each, so a redelivery creates nothing new.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07

`request_key` is NULL for every existing consultation; the unique index lets NULLs repeat.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column("consultations", sa.Column("request_key", sa.String(length=255), nullable=True))
    op.create_index(
        op.f("ix_consultations_request_key"), "consultations", ["request_key"], unique=True
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index(op.f("ix_consultations_request_key"), table_name="consultations")
    op.drop_column("consultations", "request_key")
