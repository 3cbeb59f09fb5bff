"""case_deadline.clock widened: a clock counted from one party's receipt is cached once per party
as ``<clock>@<party id hex>`` (开庭通知 per party, LDMAF 35; receipts per party, LDMAF 48–50)

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-29 17:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("case_deadline", schema=None) as batch_op:
        batch_op.alter_column("clock", existing_type=sa.String(length=30), type_=sa.String(length=80),
                              existing_nullable=False)


def downgrade() -> None:
    op.execute("DELETE FROM case_deadline WHERE clock LIKE '%@%'")
    with op.batch_alter_table("case_deadline", schema=None) as batch_op:
        batch_op.alter_column("clock", existing_type=sa.String(length=80), type_=sa.String(length=30),
                              existing_nullable=False)
