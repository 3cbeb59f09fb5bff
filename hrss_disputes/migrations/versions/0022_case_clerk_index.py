"""An index on dispute_case.clerk_id: "我承办的案件" includes the cases where I am the clerk (书记员),
and without it that part of the filter reads every case (issue 19.1)

Revision ID: 0022
Revises: 0021
Create Date: 2026-11-29 20:30:00
"""

from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_dispute_case_clerk_id", "dispute_case", ["clerk_id"])


def downgrade() -> None:
    op.drop_index("ix_dispute_case_clerk_id", table_name="dispute_case")
