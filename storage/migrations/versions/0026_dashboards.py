"""The live dashboard: each consultation's publication and link generation; server secrets.

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-07

`dashboards` holds a row only for a consultation whose dashboard was published or whose links
were revoked (no row: not published, generation 0). `server_secrets` holds the secret that
signs dashboard links, made on first use and shared by every process.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0026"
down_revision: str | Sequence[str] | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "dashboards",
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("published", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("generation", sa.Integer(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_dashboards_consultation_id_consultations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("consultation_id", name=op.f("pk_dashboards")),
    )
    op.create_table(
        "server_secrets",
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("value", sa.String(length=128), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_server_secrets")),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("server_secrets")
    op.drop_table("dashboards")
