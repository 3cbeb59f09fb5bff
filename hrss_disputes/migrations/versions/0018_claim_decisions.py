"""claim_item.decision and decision_reason: what the tribunal decided on each claim item
(支持 / 部分支持 / 驳回 with its reason); an award is issued only when every item has one

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-29 17:00:01
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("claim_item", sa.Column("decision", sa.String(length=20), nullable=True))
    op.add_column("claim_item", sa.Column("decision_reason", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("claim_item", schema=None) as batch_op:
        batch_op.drop_column("decision_reason")
        batch_op.drop_column("decision")
