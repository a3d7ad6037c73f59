"""Content revisions: a name for each consultation's paragraphs and sections, to cache them by.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07

Every existing consultation gets a random revision of its own. The column is added with a
server default instead of in batch mode, which on SQLite would recreate `consultations` and
with foreign keys on cascade-delete everything that belongs to them (see 0003).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | Sequence[str] | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RANDOM = {
    "sqlite": "lower(hex(randomblob(16)))",
    "postgresql": "md5(random()::text || clock_timestamp()::text || id::text)",
}


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column(
        "consultations",
        sa.Column("content_revision", sa.String(length=32), server_default="", nullable=False),
    )
    random = RANDOM[op.get_bind().dialect.name]
    op.execute(f"UPDATE consultations SET content_revision = {random}")


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_column("consultations", "content_revision")
