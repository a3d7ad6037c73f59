"""Delivery: reminder offsets per consultation, the outbox, broadcasts and planned reminders.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-10

Existing consultations get the default offsets (7 days, 1 day, 2 hours, in minutes). The
column is added and dropped in place, never by SQLite batch mode: recreating `consultations`
with foreign keys on would cascade-delete everything that belongs to a consultation.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OUTBOX_STATUSES = "'pending', 'sending', 'sent', 'failed', 'unreachable', 'skipped'"
REMINDER_STATUSES = "'pending', 'sending', 'sent', 'skipped'"


def _cascade(column: str, table: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"), ondelete="CASCADE"
    )


def _index(table: str, *columns: str) -> None:
    op.create_index(op.f(f"ix_{table}_{'_'.join(columns)}"), table, list(columns), unique=False)


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column(
        "consultations",
        sa.Column(
            "reminder_offsets",
            sa.String(length=255),
            server_default="10080,1440,120",
            nullable=False,
        ),
    )
    op.create_table(
        "broadcasts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _cascade("consultation_id", "broadcasts", "consultations"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_broadcasts")),
    )
    _index("broadcasts", "consultation_id")
    _create_outbox()
    _create_reminders()


def _create_outbox() -> None:
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("tenant", sa.String(length=255), nullable=False),
        sa.Column("address", sa.String(length=255), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=True),
        sa.Column("channel_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("paragraph_id", sa.Integer(), nullable=True),
        sa.Column("broadcast_id", sa.Integer(), nullable=True),
        sa.Column("priority", sa.SmallInteger(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_by", sa.String(length=255), nullable=True),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(f"status IN ({OUTBOX_STATUSES})", name=op.f("ck_outbox_status")),
        _cascade("participant_id", "outbox", "participants"),
        _cascade("channel_id", "outbox", "channels"),
        _cascade("consultation_id", "outbox", "consultations"),
        _cascade("paragraph_id", "outbox", "paragraphs"),
        _cascade("broadcast_id", "outbox", "broadcasts"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("key", name=op.f("uq_outbox_key")),
    )
    _index("outbox", "status", "priority", "due_at")
    _index("outbox", "platform", "tenant", "address", "status")
    for column in ("participant_id", "channel_id", "consultation_id", "paragraph_id"):
        _index("outbox", column)
    _index("outbox", "broadcast_id")


def _create_reminders() -> None:
    op.create_table(
        "reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("offset_minutes", sa.Integer(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("claimed_by", sa.String(length=255), nullable=True),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(f"status IN ({REMINDER_STATUSES})", name=op.f("ck_reminders_status")),
        _cascade("consultation_id", "reminders", "consultations"),
        _cascade("participant_id", "reminders", "participants"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminders")),
        sa.UniqueConstraint(
            "consultation_id",
            "participant_id",
            "offset_minutes",
            name=op.f("uq_reminders_consultation_id_participant_id_offset_minutes"),
        ),
    )
    _index("reminders", "participant_id")
    _index("reminders", "status", "due_at")


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("reminders")
    op.drop_table("outbox")
    op.drop_table("broadcasts")
    op.drop_column("consultations", "reminder_offsets")
