"""仲裁时效 facts on the case: the day the rights were known infringed, the end of employment,
interruptions and suspensions

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-21 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # nullable columns: a plain ADD COLUMN on every database, no table copy
    op.add_column("dispute_case", sa.Column("rights_known_on", sa.Date(), nullable=True))
    op.add_column("dispute_case", sa.Column("employment_ended_on", sa.Date(), nullable=True))
    op.add_column("dispute_case", sa.Column("limitation_events", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("dispute_case", schema=None) as batch_op:
        batch_op.drop_column("limitation_events")
        batch_op.drop_column("employment_ended_on")
        batch_op.drop_column("rights_known_on")
