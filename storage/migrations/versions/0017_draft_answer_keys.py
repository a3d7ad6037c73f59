"""Drafts: the request key of the last answer each took, so a redelivered answer acts once.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07

`answer_key` is NULL for every existing draft: its next answer is taken as before.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | Sequence[str] | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column("drafts", sa.Column("answer_key", sa.String(length=255), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_column("drafts", "answer_key")
