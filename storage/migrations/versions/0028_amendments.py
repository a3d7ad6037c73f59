"""Amendments: proposed wordings of paragraphs, their votes, wording prompts, paragraph versions.

Revision ID: 0028
Revises: 0031
Create Date: 2026-12-08

`paragraph_versions` holds rows only for paragraphs that were amended: version 1 is the
imported text, kept with the tally it had when the first accepted amendment replaced it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0028"
down_revision: str | Sequence[str] | None = "0031"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _cascade(column: str, table: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{target}.id"],
        name=op.f(f"fk_{table}_{column}_{target}"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "amendments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("paragraph_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("base_text", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("idempotency_key", sa.String(length=255), nullable=True),
        _cascade("consultation_id", "amendments", "consultations"),
        _cascade("paragraph_id", "amendments", "paragraphs"),
        _cascade("participant_id", "amendments", "participants"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_amendments")),
        sa.UniqueConstraint(
            "participant_id",
            "idempotency_key",
            name=op.f("uq_amendments_participant_id_idempotency_key"),
        ),
    )
    op.create_index(
        "ix_amendments_paragraph_id_state", "amendments", ["paragraph_id", "state"]
    )
    op.create_index("ix_amendments_consultation_id", "amendments", ["consultation_id"])
    op.create_table(
        "amendment_votes",
        sa.Column("amendment_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("choice", sa.String(length=16), nullable=False),
        sa.Column("cast_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "choice IN ('agree', 'disagree')", name=op.f("ck_amendment_votes_choice")
        ),
        _cascade("amendment_id", "amendment_votes", "amendments"),
        _cascade("participant_id", "amendment_votes", "participants"),
        sa.PrimaryKeyConstraint(
            "amendment_id", "participant_id", name=op.f("pk_amendment_votes")
        ),
    )
    op.create_table(
        "wording_prompts",
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("paragraph_id", sa.Integer(), nullable=False),
        _cascade("participant_id", "wording_prompts", "participants"),
        _cascade("consultation_id", "wording_prompts", "consultations"),
        _cascade("paragraph_id", "wording_prompts", "paragraphs"),
        sa.PrimaryKeyConstraint("participant_id", name=op.f("pk_wording_prompts")),
    )
    op.create_table(
        "paragraph_versions",
        sa.Column("paragraph_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("amendment_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("agree", sa.Integer(), server_default="0", nullable=False),
        sa.Column("disagree", sa.Integer(), server_default="0", nullable=False),
        _cascade("paragraph_id", "paragraph_versions", "paragraphs"),
        sa.PrimaryKeyConstraint("paragraph_id", "number", name=op.f("pk_paragraph_versions")),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("paragraph_versions")
    op.drop_table("wording_prompts")
    op.drop_table("amendment_votes")
    op.drop_index("ix_amendments_consultation_id", table_name="amendments")
    op.drop_index("ix_amendments_paragraph_id_state", table_name="amendments")
    op.drop_table("amendments")
