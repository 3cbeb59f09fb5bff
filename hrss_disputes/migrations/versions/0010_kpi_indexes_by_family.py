"""KPI indexes led by family: each family's date range is one index range

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-21 23:30:00
"""

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_case_kpi_closed", table_name="dispute_case")
    op.drop_index("ix_case_kpi_accepted", table_name="dispute_case")
    op.create_index("ix_case_kpi_closed", "dispute_case",
                    ["family", "closed_on", "status", "office_id", "accepted_on", "handler_id"])
    op.create_index("ix_case_kpi_accepted", "dispute_case", ["family", "accepted_on", "office_id", "handler_id"])


def downgrade() -> None:
    op.drop_index("ix_case_kpi_closed", table_name="dispute_case")
    op.drop_index("ix_case_kpi_accepted", table_name="dispute_case")
    op.create_index("ix_case_kpi_closed", "dispute_case",
                    ["closed_on", "family", "status", "office_id", "accepted_on", "handler_id"])
    op.create_index("ix_case_kpi_accepted", "dispute_case", ["accepted_on", "family", "office_id", "handler_id"])
