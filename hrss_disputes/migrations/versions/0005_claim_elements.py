"""claim elements (要素) and proposals; the cities' average wages

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-21 21:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # nullable columns: a plain ADD COLUMN on every database, no table copy
    op.add_column("claim_item", sa.Column("elements", sa.Text(), nullable=True))
    op.add_column("claim_item", sa.Column("amount_proposed", sa.Numeric(precision=14, scale=2), nullable=True))
    op.create_table(
        "average_wage",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("region", sa.String(length=20), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("annual", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("region", "year", name="uq_average_wage_region_year"),
    )


def downgrade() -> None:
    op.drop_table("average_wage")
    with op.batch_alter_table("claim_item", schema=None) as batch_op:
        batch_op.drop_column("amount_proposed")
        batch_op.drop_column("elements")
