"""Column widths PostgreSQL enforces and SQLite never did: the audit action holds the longest
step key (``elect_representatives`` is 21 characters, ``record_set_aside_outcome`` 24) (issue 20.4)

Revision ID: 0023
Revises: 0022
Create Date: 2026-11-29 23:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_entry") as batch:
        batch.alter_column("action", type_=sa.String(64), existing_type=sa.String(20),
                           existing_nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("audit_entry") as batch:
        batch.alter_column("action", type_=sa.String(20), existing_type=sa.String(64),
                           existing_nullable=False)
