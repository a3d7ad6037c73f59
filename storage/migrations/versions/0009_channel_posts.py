"""Channel posts: paragraph cards posted in linked chats, and the outbox rows that edit them.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07

`outbox.post_id` and its foreign key are added in batch mode, which on SQLite copies the
table: safe for `outbox`, since no table refers to it (recreating `consultations` would not be,
see 0003).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "channel_posts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel_id", sa.Integer(), nullable=False),
        sa.Column("paragraph_id", sa.Integer(), nullable=False),
        sa.Column("message_ref", sa.String(length=255), nullable=False),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["channel_id"],
            ["channels.id"],
            name=op.f("fk_channel_posts_channel_id_channels"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["paragraph_id"],
            ["paragraphs.id"],
            name=op.f("fk_channel_posts_paragraph_id_paragraphs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_channel_posts")),
        sa.UniqueConstraint(
            "channel_id", "message_ref", name=op.f("uq_channel_posts_channel_id_message_ref")
        ),
    )
    op.create_index(op.f("ix_channel_posts_paragraph_id"), "channel_posts", ["paragraph_id"])
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("post_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_outbox_post_id_channel_posts"),
            "channel_posts",
            ["post_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch.create_index(op.f("ix_outbox_post_id"), ["post_id"])


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("outbox") as batch:
        batch.drop_index(op.f("ix_outbox_post_id"))
        batch.drop_constraint(op.f("fk_outbox_post_id_channel_posts"), type_="foreignkey")
        batch.drop_column("post_id")
    op.drop_index(op.f("ix_channel_posts_paragraph_id"), table_name="channel_posts")
    op.drop_table("channel_posts")
