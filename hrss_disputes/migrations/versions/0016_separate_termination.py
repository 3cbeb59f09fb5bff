"""claim_item.separate_termination: the tribunal's finding that an 经济补偿 or 赔偿金 item concerns
another termination than the case's other one (劳动合同法实施条例第二十五条)

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-29 16:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a plain ADD COLUMN with a default: no table copy
    op.add_column("claim_item", sa.Column("separate_termination", sa.Boolean(), nullable=False,
                                          server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("claim_item", schema=None) as batch_op:
        batch_op.drop_column("separate_termination")
