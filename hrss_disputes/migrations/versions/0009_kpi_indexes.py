"""covering indexes for the KPI counts (closed_on and accepted_on ranges)

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-21 22:00:00
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_case_closed", table_name="dispute_case")
    op.create_index("ix_case_kpi_closed", "dispute_case",
                    ["closed_on", "family", "status", "office_id", "accepted_on", "handler_id"])
    op.create_index("ix_case_kpi_accepted", "dispute_case", ["accepted_on", "family", "office_id", "handler_id"])


def downgrade() -> None:
    op.drop_index("ix_case_kpi_accepted", table_name="dispute_case")
    op.drop_index("ix_case_kpi_closed", table_name="dispute_case")
    op.create_index("ix_case_closed", "dispute_case", ["closed_on"])
