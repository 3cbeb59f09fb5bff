"""case-number patterns per office and number type; yearly sequences

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-21 12:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "number_pattern",
        sa.Column("office_id", sa.Uuid(), sa.ForeignKey("office.id"), nullable=False),
        sa.Column("number_type", sa.String(length=10), nullable=False),
        sa.Column("pattern", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("office_id", "number_type"),
    )
    op.create_table(
        "number_sequence",
        sa.Column("office_id", sa.Uuid(), sa.ForeignKey("office.id"), nullable=False),
        sa.Column("number_type", sa.String(length=10), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("office_id", "number_type", "year"),
    )


def downgrade() -> None:
    op.drop_table("number_sequence")
    op.drop_table("number_pattern")
