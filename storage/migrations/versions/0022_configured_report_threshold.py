"""Moderation settings: no report threshold of its own means the configured one.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07

`moderation_settings.hide_after` becomes nullable: NULL follows `[moderation]
hide_after_reports`, now and after it changes. Until now a consultation stored 3 only as the
default (the import configured a threshold only when it differed from 3 or pre-moderation was
on), so the 3s become NULL. Batch mode recreates only this table, which nothing references.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | Sequence[str] | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SETTINGS = sa.table("moderation_settings", sa.column("hide_after", sa.Integer()))


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("moderation_settings") as batch:
        batch.alter_column(
            "hide_after", existing_type=sa.Integer(), nullable=True, server_default=None
        )
    op.execute(_SETTINGS.update().where(_SETTINGS.c.hide_after == 3).values(hide_after=None))


def downgrade() -> None:
    """Downgrade schema."""
    op.execute(_SETTINGS.update().where(_SETTINGS.c.hide_after.is_(None)).values(hide_after=3))
    with op.batch_alter_table("moderation_settings") as batch:
        batch.alter_column(
            "hide_after", existing_type=sa.Integer(), nullable=False, server_default="3"
        )
