"""Reminders: why a skipped reminder was not sent.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07

A nullable `reason` on `reminders` (superseded by a later reminder due at the same time, the
person finished or muted, the consultation closed...). Existing rows keep none. Added and
dropped in place, as in 0003.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column("reminders", sa.Column("reason", sa.Text(), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_column("reminders", "reason")
