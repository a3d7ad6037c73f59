"""Channels linked to consultations, and organisers' drafts of consultations made in chat.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03

Both tables cascade from consultations: deleting a consultation unlinks its channels and
discards the draft it belonged to.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "channels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("tenant", sa.String(length=255), nullable=False),
        sa.Column("chat_id", sa.String(length=255), nullable=False),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("cursor", sa.Integer(), nullable=False),
        sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_channels_consultation_id_consultations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_channels")),
        sa.UniqueConstraint(
            "platform", "tenant", "chat_id", name=op.f("uq_channels_platform_tenant_chat_id")
        ),
    )
    op.create_index(
        op.f("ix_channels_consultation_id"), "channels", ["consultation_id"], unique=False
    )
    op.create_table(
        "drafts",
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("tenant", sa.String(length=255), nullable=False),
        sa.Column("external_id", sa.String(length=255), nullable=False),
        sa.Column("step", sa.String(length=16), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_drafts_consultation_id_consultations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("platform", "tenant", "external_id", name=op.f("pk_drafts")),
    )
    op.create_index(op.f("ix_drafts_consultation_id"), "drafts", ["consultation_id"], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index(op.f("ix_drafts_consultation_id"), table_name="drafts")
    op.drop_table("drafts")
    op.drop_index(op.f("ix_channels_consultation_id"), table_name="channels")
    op.drop_table("channels")
