"""Column widths PostgreSQL enforces and SQLite never did: the audit action holds the longest
step key (``elect_representatives`` is 21 characters, ``record_set_aside_outcome`` 24); a
hearing's place as the notice names it holds a place's name (60) and its address (200) in
brackets; an office's own KPI targets are named by the office (its name is 100) (issue 20.4)

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


# (table, column, old width, new width); no other table references these (a SQLite batch copy
# of a referenced table would trip its foreign keys)
WIDENED = (("audit_entry", "action", 20, 64), ("hearing", "place_text", 200, 300),
           ("kpi_target", "profile", 50, 100))


def upgrade() -> None:
    for table, column, old, new in WIDENED:
        with op.batch_alter_table(table) as batch:
            batch.alter_column(column, type_=sa.String(new), existing_type=sa.String(old),
                               existing_nullable=False)


def downgrade() -> None:
    for table, column, old, new in WIDENED:
        with op.batch_alter_table(table) as batch:
            batch.alter_column(column, type_=sa.String(old), existing_type=sa.String(new),
                               existing_nullable=False)
