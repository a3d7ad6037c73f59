"""Enrolments: no index on `last_seen_at`, so the update every press makes touches no index.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-07

Every press writes its enrolment's `last_seen_at`. With that column in
`ix_enrolments_participant_id_last_seen_at`, each of those writes also rewrote an index
entry: on SQLite a delete and an insert in the index's b-tree, on PostgreSQL a new entry in
both of the table's indexes and never a HOT update (0 of 4,000 measured, bench/README.md).
The index's readers (a person's latest active enrolment, the one awaiting a comment) look up
one person's few enrolments, which an index on `participant_id` alone serves; the rows are
sorted after. On PostgreSQL the table also keeps a fifth of each page free (fillfactor 80)
so that the new version of a row fits on its page, which a HOT update needs. SQLite has no
such setting. Existing pages keep their layout until rewritten (VACUUM FULL is not run: it
would lock the table).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0023"
down_revision: str | Sequence[str] | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_index("ix_enrolments_participant_id", "enrolments", ["participant_id"])
    op.drop_index("ix_enrolments_participant_id_last_seen_at", table_name="enrolments")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE enrolments SET (fillfactor = 80)")


def downgrade() -> None:
    """Downgrade schema."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE enrolments RESET (fillfactor)")
    op.create_index(
        "ix_enrolments_participant_id_last_seen_at",
        "enrolments",
        ["participant_id", "last_seen_at"],
    )
    op.drop_index("ix_enrolments_participant_id", table_name="enrolments")
