"""Outbox: the reply a push tells a comment's author about.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07

A nullable `comment_id` on `outbox`, pointing at the reply (deleted with it), indexed like the
outbox's other foreign keys. Existing rows keep none. SQLite cannot add a foreign key in
place, so there the outbox is copied into a new table (batch mode): nothing refers to the
outbox, so unlike `consultations` in 0003 this cascades nowhere.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "ix_outbox_comment_id"
FOREIGN_KEY = "fk_outbox_comment_id_comments"


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("comment_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(FOREIGN_KEY, "comments", ["comment_id"], ["id"], ondelete="CASCADE")
        batch.create_index(INDEX, ["comment_id"], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("outbox") as batch:
        batch.drop_index(INDEX)
        batch.drop_constraint(FOREIGN_KEY, type_="foreignkey")
        batch.drop_column("comment_id")
