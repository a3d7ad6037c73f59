"""Paragraph tallies: each paragraph's agree, disagree and comment counts as counters.

Revision ID: 0014
Revises: 0012
Create Date: 2026-12-07

Votes and comments update their paragraph's row in their own transaction from now on, so a
card reads one row instead of counting the paragraph's votes. The rows are filled here from
the votes and comments already stored (every paragraph gets one, zeros included).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BACKFILL = """
INSERT INTO paragraph_tallies (paragraph_id, agree, disagree, comments)
SELECT p.id,
       (SELECT count(*) FROM votes v WHERE v.paragraph_id = p.id AND v.choice = 'agree'),
       (SELECT count(*) FROM votes v WHERE v.paragraph_id = p.id AND v.choice = 'disagree'),
       (SELECT count(*) FROM comments c WHERE c.paragraph_id = p.id)
FROM paragraphs p
"""


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "paragraph_tallies",
        sa.Column("paragraph_id", sa.Integer(), nullable=False),
        sa.Column("agree", sa.Integer(), server_default="0", nullable=False),
        sa.Column("disagree", sa.Integer(), server_default="0", nullable=False),
        sa.Column("comments", sa.Integer(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["paragraph_id"],
            ["paragraphs.id"],
            name=op.f("fk_paragraph_tallies_paragraph_id_paragraphs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("paragraph_id", name=op.f("pk_paragraph_tallies")),
    )
    op.execute(BACKFILL)


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("paragraph_tallies")
